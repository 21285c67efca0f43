// The report's text as data (report-templates/, see its README.md): per language a folder
// (fr/, en/) holding
//   - one Markdown file per destination: pharos.md, 3018.md, police.md, platform.md;
//   - the shared sections: safety.md (what to do now: do not answer, do not pay, do not
//     delete, block after saving, talk to an adult; emergency numbers), sensitive.md (never
//     capture or keep sexual images of a minor: record the link instead, and why) and
//     verify.md (how to verify the bundle with standard tools);
//   - labels.json: the short texts of the report's layout (headings, column names, footer),
//     an object of key -> string.
// Markdown may use {{placeholder}} in its text (never inside a link's address); the builder
// replaces each with a value after parsing, so a value is never read as Markdown.
//
// Stateless and thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/base/template.h"  // placeholders_in, fill_placeholders

namespace scelle::core {

inline constexpr std::string_view kReportLanguages[] = {"fr", "en"};
inline constexpr std::string_view kReportDestinations[] = {"pharos", "3018", "police", "platform"};
inline constexpr std::string_view kReportSharedSections[] = {"safety", "sensitive", "verify"};

// Every placeholder the builder fills, without braces.
std::span<const std::string_view> report_placeholders();

struct ReportTemplates {
    std::string lang;
    std::map<std::string, std::string> sections;  // "pharos", ..., "safety", ...: Markdown
    std::map<std::string, std::string> labels;    // labels.json
};

// Loads and checks one language's templates from `dir` (the report-templates folder).
// Errors (Errc::bad_settings, subject = the file concerned, detail = why): an unknown language
// or a missing language folder, a missing or unreadable file, a file that is not UTF-8, a
// placeholder not in report_placeholders(), labels.json that is not an object of strings.
// The files are read through `env`.
Result<ReportTemplates> load_report_templates(const std::filesystem::path& dir,
                                              std::string_view lang, Env& env = Env::system());

// Where the report templates and fonts are: the installed data folder next to the executable
// (<bin>/../share/scelle), then the build tree's copy, then the compiled-in install prefix.
// Fonts fall back to the system's DejaVu (/usr/share/fonts/truetype/dejavu). The fallback faces
// (Symbola: mathematical letters, emoji, symbols; WenQuanYi Micro Hei: Chinese, Japanese kanji)
// are searched in the same data folders, then in the Debian packages' folders, and are optional.
struct DataPaths {
    std::filesystem::path templates;  // the report-templates folder
    std::filesystem::path font_sans, font_sans_bold, font_mono;
    std::filesystem::path font_sans_italic;                  // empty when missing
    std::vector<std::filesystem::path> font_fallbacks = {};  // in the order they are tried
};
// Errc::bad_settings naming what is missing.
Result<DataPaths> find_data_paths();

}  // namespace scelle::core
