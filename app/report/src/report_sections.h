// The report's sections laid out into pages (cover, summary, accounts, timeline, item pages,
// files, links, sensitive items, guidance, verification, custody log); make_report() then
// writes them. Private to scelle_report; one call per report.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "report_layout.h"
#include "scelle/report/report_templates.h"
#include "scelle/store/case_store.h"
#include "scelle/store/snapshot.h"

namespace scelle::core::report {

// An image the pages draw (ImageOp::image is its index).
struct ImageRef {
    std::filesystem::path file;
    std::string media_type;
};

struct LaidOutReport {
    std::vector<Page> pages;
    std::vector<ImageRef> images;
    int images_not_shown = 0;  // image items whose file cannot be shown (probe failed)
};

// Lays out the whole report. `values` are the placeholders' values; first_recorded and
// last_recorded are added to them here.
LaidOutReport lay_out_report(CaseStore& cs, const Snapshot& snap, const ReportTemplates& templates,
                             Metrics& metrics, const std::string& destination,
                             std::map<std::string, std::string>& values, bool transcripts = false);

}  // namespace scelle::core::report
