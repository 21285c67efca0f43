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
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scelle/crypto/sha256.h"

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

// The SHA-256 of the log's first lines as the log file holds them, each followed by "\n" (what
// `head -n K custody-log.jsonl | sha256sum` gives): what a time-stamp token and the report's
// fingerprint cover. Lines are fed one at a time, so the log need not be in memory; the
// digest can be read after any number of lines and more fed afterwards. Not thread-safe.
class LogHasher {
  public:
    void add(std::string_view line);
    std::int64_t lines() const { return m_lines; }
    // The digest of the lines added so far (of nothing when none was).
    crypto::Digest digest() const { return m_hash.digest_so_far(); }

  private:
    crypto::Sha256 m_hash;
    std::int64_t m_lines = 0;
};

// The digests of the first K lines for every K of `ks` with 1 <= K <= lines.size(), in one
// pass over the lines (the cost is that of hashing the longest prefix, whatever the number of
// Ks). A K out of that range has no entry in the map.
std::map<std::int64_t, crypto::Digest> prefix_digests(std::span<const std::string> lines,
                                                      const std::set<std::int64_t>& ks);
// The digest of all the lines (the log file's SHA-256).
crypto::Digest log_digest(std::span<const std::string> lines);

// Checks every line: canonical JSON object, "seq" equal to its position, "prev" equal to the
// previous line's hash. Returns every problem found (empty = the chain holds).
std::vector<ChainIssue> check_chain(std::span<const std::string> lines);

}  // namespace scelle::core::custody
