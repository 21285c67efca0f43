// The export job: a bundle with its report inside. The bundle library (scelle_bundle) writes
// zips and knows nothing of PDF; the report library (scelle_report) draws PDFs and knows
// nothing of zips; this is the one place that joins them, for both front ends.
//
// Thread-safety: as export_bundle() and make_report(): one job per CaseStore at a time, the
// callbacks on the calling thread.
#pragma once

#include "scelle/base/env.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/report/report.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

// A ReportMaker over make_report(): the report made with `options` (destination, language,
// data paths, cancellation), at the path and under the bundle name the writer gives, recorded
// in the custody log. `cs` and `env` must outlive the maker. Its errors are make_report()'s;
// a report made but not recorded is an error here (the bundle would not vouch for it).
core::ReportMaker report_maker(core::CaseStore& cs, core::ReportOptions options,
                               core::Env& env = core::Env::posix());

}  // namespace scelle::jobs
