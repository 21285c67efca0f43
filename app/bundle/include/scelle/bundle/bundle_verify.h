// Reading and checking an evidence bundle (docs/bundle-format.md, the reader's side, section 9
// above all): `verify` in the command line, and the writer's check after export.
//
// verify_bundle() trusts nothing in the zip. It opens it with libzip's consistency checks,
// refuses hostile structure (unsafe names, duplicates, links, zip bombs, too many entries)
// before reading any content, then reads every entry once in bounded chunks, hashing as it
// goes; only the small tag files, case.json, the custody log and the tokens are kept in memory,
// each under a cap. Nothing is ever written to disk. The outcome is data, not an error
// (CONVENTIONS rule 4): a verdict, every problem found with the path concerned, the checks run,
// and what each time-stamp token covers and whether it verifies up to a trusted anchor.
//
// Problem kinds are stable snake_case names (they appear in `verify --json`); details are
// English and may change. The functions are thread-safe; the structures are plain values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scelle/base/secret.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsp.h"

namespace scelle::core {

enum class BundleVerdict {
    intact_and_sealed,  // every check holds and the manifest token verifies to a trusted anchor
    intact_unsealed,    // every check holds, but there is no manifest token, or a token (the
                        // manifest's or a log prefix's) does not chain to a trusted anchor
    altered,            // content, manifests, case.json, log or tokens disagree (section 9)
    unsafe,             // hostile structure: nothing was read past the zip's directory
    unreadable,         // not a zip, empty, truncated, wrong passphrase; or an unknown version
                        // when no version-independent check found anything altered
};
const char* to_string(BundleVerdict verdict);  // "intact_and_sealed", "altered", ...

// Which verdict a problem leads to.
enum class ProblemClass { altered, unsafe, unreadable };

struct BundleProblem {
    ProblemClass cls = ProblemClass::altered;
    std::string kind;    // stable name: "hash_mismatch", "unsafe_name", "wrong_passphrase"...
    std::string path;    // the entry concerned, relative to the bundle folder when it is inside
                         // it (the full entry name otherwise); empty for the whole file
    std::string detail;  // English, for logs and --json
};

// One time-stamp token found in the bundle.
struct BundleToken {
    std::string path;                    // "timestamps/custody-log-3.tsr", ...
    std::optional<std::int64_t> covers;  // K for a log-prefix token; nullopt for the manifest's
    std::string gen_time;                // from the token, when it parsed
    std::string tsa;                     // the TSA name, else the signer's subject
    std::string serial;                  // hex
    bool intact = false;                 // granted, covers its data, signature and EKU valid
    bool trusted = false;  // intact, and the signer chains to a trusted anchor at genTime
    // Intact but not trusted because the chain stops for want of an anchor (naming the TSA's
    // CA would help), rather than because a certificate is invalid (expired, revoked...).
    bool anchor_missing = false;
    std::string detail;  // the first failed check, in English; empty when trusted
};

// When one item was sealed: the first and the last token in the bundle that cover it (the
// last is the manifest's token when the bundle is sealed). A bundle re-sealed long after the
// facts shows it here: its items' first seal is the early log token, or there is none.
struct SealTime {
    std::string token;     // path of the token
    std::string gen_time;  // the token's genTime (UTC)
    std::string tsa;
    bool trusted = false;
};
struct ItemSeal {
    std::int64_t seq = 0;
    std::string kind;
    std::string recorded_at;        // when Scellé recorded it (the custody line's time)
    std::optional<SealTime> first;  // nullopt: no token covers it
    std::optional<SealTime> last;
};

// One check of the list docs/bundle-format.md section 9 makes ("entry_names", "manifest"...).
struct BundleCheck {
    std::string name;
    crypto::CheckOutcome outcome = crypto::CheckOutcome::not_run;
};

struct BundleReport {
    BundleVerdict verdict = BundleVerdict::unreadable;
    std::vector<BundleProblem> problems;  // empty exactly when intact
    std::int64_t problems_omitted = 0;    // beyond the first kMaxProblems
    std::vector<BundleCheck> checks;
    std::vector<BundleToken> tokens;  // the manifest's token first, then by K
    // Findings that do not change the verdict but that the person checking must read (a
    // report no custody line records, times that disagree). Their `cls` has no meaning.
    std::vector<BundleProblem> notes;
    std::vector<ItemSeal> item_seals;  // by seq, when the log could be read
    std::string case_id;               // from the bundle folder's name, when found
    bool encrypted = false;
    std::int64_t entries = 0;        // zip entries, folders included
    std::int64_t payload_files = 0;  // files under data/
    std::uint64_t payload_bytes = 0;
    std::int64_t items = 0;  // items in case.json
    std::int64_t evidence_files = 0;
    std::int64_t log_lines = 0;

    bool intact() const {
        return verdict == BundleVerdict::intact_and_sealed ||
               verdict == BundleVerdict::intact_unsealed;
    }
    bool sealed() const { return verdict == BundleVerdict::intact_and_sealed; }
    // The manifest's token, when the bundle has one.
    const BundleToken* manifest_token() const;
};

// Reports beyond this many problems only count the rest (a hostile zip of 100,000 bad names
// gets a readable report).
inline constexpr std::size_t kMaxProblems = 200;

struct VerifyOptions {
    // The anchors tokens are checked against; null means none (tokens can then be intact but
    // never trusted, and the verdict is at best intact_unsealed). Not owned; must outlive the
    // call.
    const crypto::TrustStore* trust = nullptr;
    // For an encrypted bundle (WinZip AES-256).
    std::optional<SecretString> passphrase;
};

// Checks the bundle in the zip file at `zip`. Never fails: a file that cannot be read is a
// report with verdict unreadable.
BundleReport verify_bundle(const std::filesystem::path& zip, const VerifyOptions& options);
// The same for a zip held in memory (the fuzz target; the bytes must outlive the call).
BundleReport verify_bundle_bytes(std::span<const std::uint8_t> zip, const VerifyOptions& options);

}  // namespace scelle::core
