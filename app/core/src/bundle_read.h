// Private to the bundle verifier: the pieces shared by its reading pass (bundle_read.cpp), its
// structure and tag-file checks (bundle_verify_tags.cpp) and its content checks
// (bundle_verify_case.cpp). Not thread-safe objects; one Verification per call.
#pragma once

#include <zip.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scelle/core/bundle_verify.h"
#include "scelle/crypto/sha256.h"

namespace scelle::core::bundle_detail {

// Caps on what is kept in memory (a bundle that needs more is refused as "too_large").
inline constexpr std::uint64_t kMaxSmallTagFile = 64 * 1024;  // bagit.txt, bag-info.txt
inline constexpr std::uint64_t kMaxManifest = 16ull << 20;
inline constexpr std::uint64_t kMaxCaseJson = 16ull << 20;
inline constexpr std::uint64_t kMaxLog = 32ull << 20;
inline constexpr std::uint64_t kMaxToken = 1ull << 20;  // the TSA client's own reply cap
inline constexpr std::uint64_t kMaxKeptTotal = 96ull << 20;
inline constexpr std::size_t kMaxLogLine = 1u << 20;

// One file of the bundle, after the reading pass.
struct FileData {
    std::string path;                    // relative to the bundle folder
    std::uint64_t size = 0;              // bytes actually read
    std::string sha256;                  // hex, empty when the entry could not be read whole
    std::optional<std::string> content;  // kept for tag files, case.json, log, tokens
};

// The state of one verification: the report being filled and what the pass read.
struct Verification {
    BundleReport report;
    const VerifyOptions* options = nullptr;
    std::string folder;                     // "scelle-<id>"
    std::map<std::string, FileData> files;  // by relative path; folders excluded

    void problem(ProblemClass cls, std::string kind, std::string path, std::string detail);
    void check(std::string name, bool passed);
    bool has(ProblemClass cls) const;
    const FileData* file(std::string_view path) const;
    // The content of a kept file, or nullptr (absent, or not read whole).
    const std::string* content(std::string_view path) const;
};

// Printable form of a raw entry name: non-printable and non-ASCII bytes as \xNN.
std::string printable_name(std::string_view raw);

// Opens `source` (always taking it) and runs the structure checks and the reading pass.
// Returns false when the bundle cannot be read further (the report says why).
bool read_bundle(zip_source_t* source, std::string_view head, Verification& v);

// bundle_verify_tags.cpp: layout (required and allowed files), bagit.txt, bag-info.txt,
// manifests.
void check_layout(Verification& v);
void check_bagit(Verification& v);
void check_bag_info(Verification& v, std::int64_t log_lines);
void check_manifests(Verification& v);

// bundle_verify_case.cpp: the custody log, case.json, and the tokens.
// bundle_verify_schema.cpp: case.json's schema, and a bounded pre-parse (false when the text is
// not JSON, with `too_big` when it is too large or too deep to be a case).
bool json_within_bounds(const std::string& text, bool& too_big);
bool validate_case_schema(Verification& v, const nlohmann::json& doc);

struct LogView {
    bool readable = false;
    std::vector<std::string> lines;  // without their LF
};
LogView check_log(Verification& v);
void check_case_json(Verification& v, const LogView& log);
void check_tokens(Verification& v, const LogView& log);

}  // namespace scelle::core::bundle_detail
