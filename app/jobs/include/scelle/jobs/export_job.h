// The export job: a bundle with its report inside, its manifest time-stamped by the TSAs of
// the settings, for `scelle-cli export` and the desktop application's Export dialog. The
// bundle library (scelle_bundle) writes zips and knows nothing of PDF; the report library
// (scelle_report) draws PDFs and knows nothing of zips; this is the one place that joins them,
// for both front ends. Also the report job alone (make_case_report).
//
// Thread-safety: as export_bundle() and make_report(): one job per CaseStore at a time, the
// Reporter and the callbacks on the calling thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "scelle/base/env.h"
#include "scelle/base/secret.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/jobs/reporter.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/report/report.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

struct ExportInput {
    std::filesystem::path out;               // the zip to write: must not exist
    std::optional<SecretString> passphrase;  // AES-256 when set; wiped when the job ends
    bool include_report = true;              // data/report.pdf (--no-report: false)
    std::string report_lang = "en";          // fr or en
    // The TSAs and anchors for the manifest's token; null: offline (the bundle is unsealed).
    // A setup that names no TSA asks nothing either (ExportResult::no_tsa).
    const SealSetup* seal = nullptr;
};

struct ExportResult {
    core::ExportOutcome outcome;
    bool no_tsa = false;  // a setup was given but names no TSA: the reason it is not sealed
};

// Writes the bundle of `cs` at `in.out` (core::export_bundle), the report inside made by
// report_maker(), the manifest sealed through core::tsa_manifest_sealer. Progress: the
// fraction of the zip written, as per mille ("bundle"). A cancellation at any step is
// cancelled_error()'s kind (Errc::output_failed, ECANCELED) and leaves nothing at `in.out`.
// Errors: core::export_bundle()'s and the report's.
Result<ExportResult> export_case(core::CaseStore& cs, ExportInput in,
                                 Reporter& reporter = no_reporter(),
                                 core::Env& env = core::Env::posix());

struct ReportInput {
    std::filesystem::path out;               // the PDF to write: must not exist
    std::optional<std::string> destination;  // pharos, 3018, police, platform; nullopt: the case's
    std::string lang = "en";                 // fr or en
    bool transcripts = false;                // the machine transcripts as an annex
};

// True for the destinations a report has a template for (core::kReportDestinations).
bool known_report_destination(std::string_view name);

// The case's PDF report at `in.out`, recorded in the custody log (core::make_report).
// Progress: the fraction of pages written, as per mille ("report"). A cancellation leaves
// nothing at `in.out` (Errc::output_failed, ECANCELED). Errors: core::make_report()'s.
Result<core::ReportOutcome> make_case_report(core::CaseStore& cs, const ReportInput& in,
                                             Reporter& reporter = no_reporter(),
                                             core::Env& env = core::Env::posix());

// A ReportMaker over make_report(): the report made with `options` (destination, language,
// data paths, cancellation), at the path and under the bundle name the writer gives, recorded
// in the custody log. `cs` and `env` must outlive the maker. Its errors are make_report()'s;
// a report made but not recorded is an error here (the bundle would not vouch for it).
core::ReportMaker report_maker(core::CaseStore& cs, core::ReportOptions options,
                               core::Env& env = core::Env::posix());

}  // namespace scelle::jobs
