// Test bundles: a spec-conformant bundle made from a real case (docs/bundle-format.md), by the
// tests themselves, so that the verifier can be tested before and independently of `export`;
// and a hand-written zip writer for the hostile archives libzip refuses to make (duplicate
// names, symbolic links, names that are not UTF-8, sizes that lie).
//
// A bundle is held as its files (path relative to the bundle folder → bytes), so a test can
// change one, recompute a manifest or not, and write the zip again. Not thread-safe objects;
// the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_tsa.h"

namespace scelle::test {

struct BundleFiles {
    std::string case_id;
    std::map<std::string, std::string> files;  // relative to "scelle-<case id>/"
    std::string folder() const { return "scelle-" + case_id; }
};

struct FixtureOptions {
    bool seal_manifest = true;  // add timestamps/manifest-sha256.txt.tsr
    bool pending_item = true;   // one item imported after the last log token
};

// A case made in `store_dir` (a new store): two files, a link and an account, sealed by `tsa`
// (whose CA `trust` trusts), then turned into a bundle as section 2 lays it out. Fails the
// current test (ADD_FAILURE) and returns an empty bundle when something does not work.
BundleFiles make_valid_bundle(const std::filesystem::path& store_dir, TestTsa& tsa,
                              const FixtureOptions& options = {});

// Recomputes manifest-sha256.txt from the payload files present.
void rewrite_manifest(BundleFiles& b);
// Recomputes tagmanifest-sha256.txt from the tag files present.
void rewrite_tagmanifest(BundleFiles& b);
// Recomputes Payload-Oxum in bag-info.txt from the payload files present.
void rewrite_payload_oxum(BundleFiles& b);
// Recomputes timestamps/tsa-certs.pem from the tokens present, as docs/bundle-format.md section
// 7 says: every certificate the tokens carry, once, in the order met (log tokens by K, then the
// manifest's); the file is absent when there is none.
void rewrite_tsa_certs(BundleFiles& b);

struct ZipOptions {
    std::optional<std::string> password;  // WinZip AES-256 on every file
    bool folder_entries = true;           // add "scelle-<id>/" and sub-folder entries
    // The archive comment; by default the one the format gives (a note when encrypted).
    std::optional<std::string> comment;
};
// Writes the bundle with libzip (stored media, deflated text), as export would.
void write_bundle_zip(const BundleFiles& b, const std::filesystem::path& zip,
                      const ZipOptions& options = {});

// A zip with one deflated entry of `size` zero bytes, streamed by libzip from a source that
// makes zeros (nothing that size is ever in memory or on disk).
void write_zero_bomb(const std::filesystem::path& zip, const std::string& entry_name,
                     std::uint64_t size);

// One entry of a hand-written zip.
struct RawEntry {
    RawEntry(std::string n, std::string d, std::uint32_t mode = 0100644, bool def = false,
             std::optional<std::uint32_t> declared = std::nullopt)
        : name(std::move(n)),
          data(std::move(d)),
          unix_mode(mode),
          deflate(def),
          declared_size(declared) {}
    std::string name;  // raw bytes, written as is
    std::string data;
    std::uint32_t unix_mode = 0100644;  // S_IFLNK | 0777 for a link
    bool deflate = false;
    std::optional<std::uint32_t> declared_size;  // a size that lies (the real one otherwise)
};
// A zip archive (no zip64) of `entries` in order, with Unix external attributes.
std::string raw_zip(const std::vector<RawEntry>& entries);
// The bundle's files as raw entries under its folder.
std::vector<RawEntry> raw_entries(const BundleFiles& b);

}  // namespace scelle::test
