// Lays out one Markdown section of report-templates/ into the report's flow (see
// report_markdown.cpp). Private to scelle_report.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "report_layout.h"

namespace scelle::core::report {

// Headings (# becomes a level-2 heading of the report), paragraphs, lists, code blocks, bold,
// emphasis, inline code and links (clickable). Placeholders in the text are filled from
// `values`. `size`: the body text size in points.
void layout_markdown(Flow& flow, std::string_view markdown,
                     const std::map<std::string, std::string>& values, double size = 10);

}  // namespace scelle::core::report
