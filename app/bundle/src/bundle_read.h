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

#include "scelle/bundle/bundle_verify.h"
#include "scelle/bundle/zip_ptr.h"
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
    zip_uint64_t index = 0;              // the entry's index in the archive
};

// The state of one verification: the report being filled and what the pass read.
struct Verification {
    // The archive stays open after the reading pass, for the checks that read an evidence
    // file again (bundle_verify_derived.cpp); the source is released after the archive.
    ZipSourcePtr archive_source;
    ZipArchive archive;
    BundleReport report;
    const VerifyOptions* options = nullptr;
    std::string folder;                      // "scelle-<id>"
    std::map<std::string, FileData> files;   // by relative path; folders excluded
    std::optional<nlohmann::json> case_doc;  // case.json, once it passed its schema

    // Problems that say "made by a newer version" wait until every version-independent check
    // has run: they become the verdict only when nothing was found altered (a forger cannot
    // hide an altered file behind an unknown version number).
    std::vector<BundleProblem> deferred_unsupported;

    void problem(ProblemClass cls, std::string kind, std::string path, std::string detail);
    void defer_unsupported(std::string kind, std::string path, std::string detail);
    // A finding that does not change the verdict, for the person checking to read.
    void note(std::string kind, std::string path, std::string detail);
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
// bundle_verify_schema.cpp: case.json's schema, and a bounded parse into `doc` (false when the
// text is not JSON, with `too_big` when it is too large or too deep to be a case; `doc` is then
// left as it was).
bool parse_json_within_bounds(const std::string& text, nlohmann::json& doc, bool& too_big);
bool validate_case_schema(Verification& v, const nlohmann::json& doc);

struct LogView {
    bool readable = false;
    std::vector<std::string> lines;  // without their LF
};
LogView check_log(Verification& v);

// bundle_verify_replay.cpp: the case as the custody log alone tells it.
struct LoggedRecord {
    std::int64_t line = 0;  // the custody line that recorded it (1-based)
    nlohmann::json fields;  // as case.json writes them (items: all but "file" and "timestamp")
};
struct LoggedToken {
    std::int64_t line = 0;  // the timestamp.obtained line
    std::int64_t covers = 0;
    std::string token_sha256;
    nlohmann::json fields;  // as case.json's "timestamps" entries
};
struct LoggedCase {
    std::optional<nlohmann::json> case_fields;
    std::int64_t case_line = 0;
    std::map<std::int64_t, LoggedRecord> accounts;              // by account id
    std::map<std::int64_t, LoggedRecord> items;                 // by item seq
    std::vector<LoggedToken> tokens;                            // in log order
    std::vector<std::pair<std::int64_t, std::string>> reports;  // (line, the report's SHA-256)
    std::vector<std::pair<std::int64_t, std::string>> issues;   // lines that cannot be applied
    std::vector<std::pair<std::int64_t, std::string>> unknown_actions;
};
LoggedCase replay_log(const std::vector<std::string>& lines);
// The log line that recorded the token over `covers` lines whose file has `file_sha256`.
const LoggedToken* bound_token(const LoggedCase& logged, std::int64_t covers,
                               const std::string& file_sha256);
// case.json against the replayed log: every field, both ways.
void compare_with_log(Verification& v, const nlohmann::json& doc, const LoggedCase& logged);
// Every log token file is one a timestamp.obtained line recorded, and every such line's token
// is present.
void check_tokens_recorded(Verification& v, const LoggedCase& logged);

// case.json parsed apart from its checks, so that the parse can run on another thread while
// the log is checked and replayed (docs/performance.md, "Verify and export of small files").
struct ParsedCaseJson {
    bool read = false;     // case.json was read whole
    bool ok = false;       // valid JSON, within the bounds
    bool too_big = false;  // not ok: larger or deeper than a case can be
    nlohmann::json doc;    // when ok
};
// Reads `text` only (case.json's kept content, or null): safe on another thread while the
// Verification is used elsewhere, as long as `text` is not changed.
ParsedCaseJson parse_case_json(const std::string* text);

// `logged` is null when the log could not be read.
void check_case_json(Verification& v, ParsedCaseJson parsed, const LogView& log,
                     const LoggedCase* logged);
void check_tokens(Verification& v, const LogView& log, const LoggedCase* logged);
// The report in the bundle against the report.made lines; item seals for the person checking.
void check_report(Verification& v, const LoggedCase* logged);
// bundle_verify_derived.cpp: each picture the log says Scellé joined from screens ("derived",
// a scrolling capture) is made again from those screens' files, following its recipe, and
// compared pixel for pixel.
void check_derivations(Verification& v, const LoggedCase* logged);
void describe_seals(Verification& v, const LoggedCase* logged);

}  // namespace scelle::core::bundle_detail
