// The bundle writer: turns a case into the evidence bundle of docs/bundle-format.md (version 1),
// one zip file that `unzip`, `sha256sum -c` and `openssl ts -verify` are enough to check.
//
// export_bundle() reads the case once (a consistent snapshot, no transaction held afterwards),
// builds the tag and payload texts in memory, asks for a time-stamp token over
// manifest-sha256.txt through a caller-given ManifestSealer (the only place the network is
// used, with no database transaction open), writes the zip into a private temporary folder
// beside the target, syncs it, re-opens it and checks every entry against what it meant to
// write (check_written_bundle), then moves it to the target without ever replacing a file
// (renameat2 RENAME_NOREPLACE, else link + unlink), syncs the folder, and only then appends the
// custody line `bundle.exported`. A failure or a cancellation at any step leaves nothing at the
// target path and removes the temporary folder; a crash (SIGKILL) leaves at most a hidden
// temporary folder `.<name>.tmp-<pid>-<random>/` beside the target, never a partial target.
//
// Ownership: the caller owns the CaseStore (opened read-write) and the callbacks; the writer
// keeps nothing after it returns. Thread-safety: one export per CaseStore at a time (a
// CaseStore is not thread-safe); the callbacks are called on the calling thread. Once the zip
// is closed, `env.sync_file` runs on a second thread (while no other Env function runs) and the
// whole-file SHA-256 on a third, while the calling thread verifies the zip; the rename waits
// for all three.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/base/secret.h"
#include "scelle/crypto/sha256.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsa_client.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

// Asks for a token over the SHA-256 of manifest-sha256.txt. Returns the first verified token
// (TsaOutcome::success) or the failures; an empty list of failures without success means "no
// TSA configured". Called at most once per export, with no database transaction open.
using ManifestSealer = std::function<crypto::TsaOutcome(const crypto::Digest& manifest_digest)>;

// A sealer over the TSAs in `urls`, in order, with the same rate limits as seal_pending():
// a TSA asked less than tsa_min_interval() ago by this case is skipped (rate_limited), and
// each TSA asked is noted in the case. `cs` and `trust` must outlive the sealer.
ManifestSealer tsa_manifest_sealer(CaseStore& cs, std::vector<std::string> urls,
                                   const crypto::TrustStore& trust,
                                   crypto::TsaClientOptions options);

// What the writer needs to know of the report it puts in the bundle as data/report.pdf.
struct BundledReport {
    std::string sha256;  // of the PDF file
    std::uint64_t size = 0;
    std::string destination;             // pharos, 3018, police or platform
    std::string lang;                    // fr or en
    std::int64_t fingerprint_lines = 0;  // the K of the report's fingerprint
    int pages = 0;
};
// Makes the report at `out` (a path in the writer's private temporary folder, which does not
// exist yet), naming the bundle file `bundle_file`, and records it in the custody log
// (report.made, with its SHA-256) before returning, so that the log in the bundle vouches for
// the report in the bundle (bundle-format.md 6.1). Called at most once per export, on the
// calling thread, before the case is read. The bundle library does not draw reports: the
// export job gives a maker over make_report() (scelle/jobs/export_job.h).
using ReportMaker = std::function<Result<BundledReport>(const std::filesystem::path& out,
                                                        const std::string& bundle_file)>;

struct ExportOptions {
    std::filesystem::path out;  // the zip file to write; must not exist; its folder must
    // When set, every entry is encrypted with WinZip AES-256 under this passphrase.
    std::optional<SecretString> passphrase;
    // Obtains the manifest's token; empty = offline (the bundle is marked unsealed).
    ManifestSealer seal;
    // Polled between steps and while the zip is written; true stops the export (nothing is
    // left at the target). May be empty.
    std::function<bool()> cancelled;
    // Called while the zip is written with the fraction done (0..1). May be empty.
    std::function<void(double)> progress;
    // Makes data/report.pdf; empty leaves it out (--no-report). See ReportMaker.
    ReportMaker report;
};

struct ManifestTokenInfo {
    std::string tsa;       // the TSA's name (from the token), else its URL
    std::string tsa_url;   // the URL that gave it
    std::string gen_time;  // UTC RFC 3339, the TSA's time
    std::string serial;    // hex
};

struct ExportOutcome {
    std::filesystem::path bundle;  // the target path
    std::string sha256;            // of the whole zip file
    std::uint64_t size = 0;        // bytes of the zip file
    std::int64_t evidence_files = 0;
    std::int64_t log_lines = 0;   // lines of data/custody-log.jsonl
    std::int64_t log_tokens = 0;  // timestamps/custody-log-K.tsr files
    std::string manifest_sha256;  // of manifest-sha256.txt
    bool sealed = false;          // timestamps/manifest-sha256.txt.tsr is present
    bool encrypted = false;
    std::optional<BundledReport> report;  // data/report.pdf, when included
    std::optional<ManifestTokenInfo> manifest_token;
    std::vector<crypto::TsaFailure> failures;  // each TSA that gave no token, when unsealed
    std::vector<std::string> entries;          // entry names, in archive order
    // The custody line `bundle.exported`, or why it could not be appended (the bundle is
    // written and checked all the same).
    std::int64_t log_seq = 0;
    std::optional<Error> log_error;
};

// Writes the bundle of `cs` (see above). Errors: the target's (check_export_target), the
// store's, Errc::output_failed for the zip (sys_errno ENOSPC when the disk is full, ECANCELED
// when cancelled), Errc::store_corrupt when an original no longer matches its SHA-256.
Result<ExportOutcome> export_bundle(CaseStore& cs, const ExportOptions& options,
                                    Env& env = Env::posix());

// What one entry of a written bundle must hold.
struct ExpectedEntry {
    std::string sha256;  // of the uncompressed content
    std::uint64_t size = 0;
    bool stored = false;  // compression method 0, else 8 (deflate)
};

// The writer's own check of what it just wrote, until the full verifier replaces it: the zip
// opens with consistency checks (ZIP_RDONLY | ZIP_CHECKCONS), holds exactly the entries of
// `expected` (full names), each with the expected size, compression method, encryption
// (AES-256 exactly when `passphrase` is set) and SHA-256 of its content re-read from the zip.
// Errc::output_failed naming the first entry that differs.
// With `hash_content` false only the entries' metadata are compared (the export then hashes
// every entry through verify_bundle, which reads the zip once more anyway).
Result<void> check_written_bundle(const std::filesystem::path& zip_path,
                                  const std::map<std::string, ExpectedEntry>& expected,
                                  const std::optional<SecretString>& passphrase,
                                  bool hash_content = true);

}  // namespace scelle::core
