// The custody log: an append-only list of canonical JSON lines, each carrying the SHA-256 of
// the line before it, so that changing, removing or reordering any line breaks the chain.
//
// A line is one JSON object, UTF-8, keys sorted by byte value, no insignificant space, holding
// only strings, integers, booleans, arrays and objects. Every line has "v" (the line format,
// 1), "seq" (1, 2, 3...), "prev" (the SHA-256 hex of the previous line's bytes without its
// newline; 64 zeros for line 1), "at" (UTC RFC 3339) and "action". The log file is the lines
// each followed by "\n", so that `head -n K` gives the exact prefix a timestamp covers.
// docs/architecture.md lists the actions and their fields. Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scelle::core::custody {

inline constexpr int kLineFormat = 1;
inline constexpr std::string_view kGenesisPrev =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical serialisation of a JSON value (see above). Strings must be valid UTF-8.
std::string canonical(const nlohmann::json& value);

// Builds line `seq`: `fields` (which must hold "action" and "at") plus "v", "seq", "prev".
std::string make_line(std::int64_t seq, std::string_view prev_sha256_hex, nlohmann::json fields);

// SHA-256 hex of a line's bytes (without newline): the "prev" of the next line.
std::string line_hash(std::string_view line);

struct ChainIssue {
    enum class Kind {
        not_json,        // the line is not a JSON object
        not_canonical,   // it is JSON, but not in the canonical form
        bad_seq,         // its "seq" is not its position
        chain_broken,    // its "prev" is not the previous line's hash
        missing_fields,  // it has no "action" or no "at"
    };
    Kind kind;
    std::int64_t line;  // 1-based line number in the log
};

// Checks every line: canonical JSON object, "seq" equal to its position, "prev" equal to the
// previous line's hash. Returns every problem found (empty = the chain holds).
std::vector<ChainIssue> check_chain(std::span<const std::string> lines);

}  // namespace scelle::core::custody
