// The evidence bundle's names and rules, shared by the writer (export) and the reader
// (verify). docs/bundle-format.md is the normative text; this header is its vocabulary.
// Plain functions and constants; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scelle::core::bundle {

inline constexpr int kBundleVersion = 1;   // bag-info.txt Scelle-Bundle-Version
inline constexpr int kCaseJsonSchema = 3;  // case.json scelle_case_schema, as written
// The oldest case.json schema a reader still reads (1: without "happened", "recorded_by" and
// "platform_id"; 2: without items' "derived").
inline constexpr int kOldestCaseJsonSchema = 1;

// Paths inside the bundle folder.
inline constexpr std::string_view kBagitTxt = "bagit.txt";
inline constexpr std::string_view kBagInfoTxt = "bag-info.txt";
inline constexpr std::string_view kManifest = "manifest-sha256.txt";
inline constexpr std::string_view kTagManifest = "tagmanifest-sha256.txt";
inline constexpr std::string_view kCaseJson = "data/case.json";
inline constexpr std::string_view kCustodyLog = "data/custody-log.jsonl";
inline constexpr std::string_view kReportPdf = "data/report.pdf";
inline constexpr std::string_view kEvidenceDir = "data/evidence/";
inline constexpr std::string_view kManifestToken = "timestamps/manifest-sha256.txt.tsr";
inline constexpr std::string_view kTsaCerts = "timestamps/tsa-certs.pem";
inline constexpr std::string_view kVerifyFr = "VERIFY-fr.txt";
inline constexpr std::string_view kVerifyEn = "VERIFY-en.txt";

// The exact content of bagit.txt.
inline constexpr std::string_view kBagitContent =
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

// The zip archive comment (section 8): none for a plain bundle; for an encrypted one, this
// fixed note, the only text anyone can read before opening it. Plain ASCII, because a zip
// comment has no declared encoding (unzip and 7-Zip show its bytes as they are). No hash
// covers it, so it is a constant that a reader recomputes and compares.
std::string_view archive_comment(bool encrypted);

// Reader limits (docs/bundle-format.md section 9).
inline constexpr std::uint64_t kMaxEntries = 100000;
inline constexpr std::uint64_t kMaxEntrySize = 8ull << 30;   // 8 GiB uncompressed
inline constexpr std::uint64_t kMaxTotalSize = 64ull << 30;  // 64 GiB uncompressed
inline constexpr std::uint64_t kMaxRatio = 1000;             // uncompressed / compressed

// "scelle-<case id>": the single top-level folder.
std::string folder_name(std::string_view case_id);

// "data/evidence/0007-screenshot.png": the file of item `seq` of `kind`, the extension from
// the media type (bin when unknown).
std::string evidence_path(std::int64_t seq, std::string_view kind,
                          const std::optional<std::string>& media_type);
std::string_view extension_for(const std::optional<std::string>& media_type);

// "timestamps/custody-log-<K>.tsr".
std::string log_token_path(std::int64_t covers);
// K from a log token path, or nullopt when `path` is not one.
std::optional<std::int64_t> log_token_covers(std::string_view path);

// True for media stored without compression (already compressed formats).
bool store_uncompressed(const std::optional<std::string>& media_type);

// Why an entry name (the full name, with the bundle folder) is not acceptable, or nullopt when
// it is: empty, absolute, backslash, colon, control or non-ASCII characters, characters outside
// [A-Za-z0-9._-/], empty, "." or ".." segments.
std::optional<std::string> unsafe_name_reason(std::string_view name);

// One "<sha256>  <path>" line of a manifest.
struct ManifestLine {
    std::string sha256;
    std::string path;
};
// Parses a whole manifest; nullopt with `bad_line` (1-based) when a line is malformed (not
// 64 lowercase hex digits, two spaces, a path, LF).
std::optional<std::vector<ManifestLine>> parse_manifest(std::string_view text,
                                                        std::size_t& bad_line);
// Writes lines sorted by path in byte order, each ending in LF.
std::string format_manifest(std::vector<ManifestLine> lines);

}  // namespace scelle::core::bundle
