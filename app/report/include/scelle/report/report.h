// The PDF report (DESIGN.md "The report"): what a parent prints and brings to the police, what
// a volunteer reads first. A4, French or English, fonts embedded, every page footed with the
// case reference and "page X / Y".
//
// Content, in order: the cover (title, case reference, date, destination, the case fingerprint
// and its QR code, how much is sealed), what happened (incident types, summary, dates, counts),
// the accounts, the timeline (every item: time recorded, TSA time or "pending", source,
// description, full SHA-256), one page per image item with the original embedded losslessly,
// the links, the sensitive items (hash and description, never drawn), the destination's
// guidance and the shared safety sections (report-templates/), the verification appendix
// (tokens), and the custody log.
//
// The fingerprint is the SHA-256 of the custody log's first K lines (K = the lines when the
// report is made): it covers every item's SHA-256 and can be checked in a bundle with
// `head -n K data/custody-log.jsonl | sha256sum`. The report cannot carry the bundle's own
// hash, since the bundle contains the report.
//
// make_report() reads the case once (a consistent snapshot), lays out every page, then writes
// the PDF into a temporary file beside the target, syncs it and moves it to the target without
// replacing a file; a failure or a cancellation leaves nothing at the target. With `record`, a
// custody line `report.made` (the report's SHA-256, size, destination, language, pages, K) is
// appended afterwards.
//
// Thread-safety: one report per CaseStore at a time; callbacks run on the calling thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/report/report_templates.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

struct ReportOptions {
    std::filesystem::path out;  // must not exist; its folder must exist
    // pharos, 3018, police or platform; default: the case's destination, else police.
    std::optional<std::string> destination;
    std::string lang = "fr";  // fr or en
    // The bundle's file name the report names (default "scelle-<case id>.zip").
    std::optional<std::string> bundle_file;
    // Templates and fonts; default find_data_paths().
    std::optional<DataPaths> data;
    bool record = true;  // append the custody line `report.made`
    // The machine transcripts of the image items shown, as an annex marked "to check against
    // the image" (never evidence; sensitive items have none).
    bool transcripts = false;
    std::function<bool()> cancelled;
    std::function<void(double)> progress;  // fraction of pages written (0..1)
};

struct ReportOutcome {
    std::filesystem::path file;
    std::string sha256;
    std::uint64_t size = 0;
    int pages = 0;
    int images_shown = 0;
    int images_not_shown = 0;  // image items that could not be drawn (damaged, unsupported)
    std::string destination;
    std::string lang;
    std::int64_t fingerprint_lines = 0;
    std::string fingerprint;   // SHA-256 hex of the log's first fingerprint_lines lines
    std::int64_t log_seq = 0;  // the custody line `report.made` (0 when not recorded)
    std::optional<Error> log_error;
};

// Errors: Errc::usage for an unknown destination or language (subject = the value),
// Errc::bad_settings for missing or broken templates or fonts, Errc::target_exists,
// Errc::output_failed (sys_errno ENOSPC for a full disk, ECANCELED when cancelled), the
// store's errors.
Result<ReportOutcome> make_report(CaseStore& cs, const ReportOptions& options,
                                  Env& env = Env::posix());

}  // namespace scelle::core
