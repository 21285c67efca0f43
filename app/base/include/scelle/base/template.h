// A small text template language for prose kept as data (report-templates/): the report's
// Markdown sections fill {{name}} placeholders, and the bundle's VERIFY-*.txt texts also use
// blocks. Text in, text out: no file access, no escaping (a value is copied as it is and never
// read as template text). The format is documented in report-templates/README.md.
//
//   {{name}}                          the text value `name`
//   {{#if name}}...{{else}}...{{/if}} the first part when the flag `name` is true (or the list
//                                     `name` is not empty), else the part after {{else}},
//                                     which may be left out
//   {{#each name}}...{{/each}}        the part once per element of the list `name`; inside it,
//                                     names are looked up in the element first, then outside
//
// A block tag ({{#if}}, {{else}}, {{/if}}, {{#each}}, {{/each}}) that begins a line and is
// directly followed by a line end stands alone: the tag and that line end print nothing, so
// that a block can take whole lines. Anywhere else a tag is inline and only the tag vanishes.
//
// Stateless and thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/result.h"

namespace scelle::core {

// The {{names}} used in `text`, in order of first use, without braces. A block tag is listed as
// written ("#if sealed", "/if"), so a caller that allows none sees it as an unknown name.
std::vector<std::string> placeholders_in(std::string_view text);

// Replaces each {{name}} by values.at(name) in one pass; unknown names are left as they are.
// No blocks: this is the report's Markdown filling.
std::string fill_placeholders(std::string_view text,
                              const std::map<std::string, std::string>& values);

// What render_template() may use. A name belongs to one of the three maps.
struct TemplateValues {
    std::map<std::string, std::string> text;
    std::map<std::string, bool> flags;
    std::map<std::string, std::vector<TemplateValues>> lists;
};

// Renders `tmpl` with `values`. Errc::internal, subject "template", a detail naming the line, when
// the template uses a name `values` does not hold in the right map (in the branch rendered), or
// when its blocks are not well nested: a template is part of the program, and a wrong one is a
// bug to report, never a text to print half-filled.
Result<std::string> render_template(std::string_view tmpl, const TemplateValues& values);

}  // namespace scelle::core
