// The report's text as data: loading and checking one language's Markdown sections and layout
// labels, and filling {{placeholders}}. find_data_paths() lives in report_data_paths.cpp.
#include "scelle/report/report_templates.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include "scelle/base/text.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 25> kPlaceholders = {
    "case_reference", "case_title",    "report_date",  "destination",
    "platforms",      "item_count",    "sealed_count", "pending_count",
    "first_recorded", "last_recorded", "fingerprint",  "fingerprint_lines",
    "bundle_folder",  "bundle_file",   "item_seq",     "page",
    "pages",          "part",          "parts",        "first_happened",
    "last_happened",  "facts_period",  "bundle_how",   "delay",
    "utc_offset",
};

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";
// A placeholder's name is short and on one line; anything longer between braces is text.
constexpr std::size_t kMaxNameLength = 64;

struct Found {
    std::size_t begin = 0;  // offset of "{{"
    std::size_t end = 0;    // offset just past "}}"
    std::string_view name;  // what is between the braces, as written
};

// The first {{name}} at or after `from`. The name is whatever stands between the braces, as
// long as it is non-empty, on one line and holds no brace: "{{ case_title }}" is found with
// its spaces, so that a misspelt placeholder is reported as unknown instead of being printed.
std::optional<Found> next_placeholder(std::string_view text, std::size_t from) {
    while (from < text.size()) {
        const std::size_t open = text.find(kOpen, from);
        if (open == std::string_view::npos)
            return std::nullopt;
        const std::size_t start = open + kOpen.size();
        const std::size_t close = text.find(kClose, start);
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string_view name = text.substr(start, close - start);
        const bool usable = !name.empty() && name.size() <= kMaxNameLength &&
                            name.find_first_of("{}\r\n") == std::string_view::npos;
        if (usable)
            return Found{open, close + kClose.size(), name};
        // "{{{x}}}" and the like: try again one character further.
        from = open + 1;
    }
    return std::nullopt;
}

bool is_known_placeholder(std::string_view name) {
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), name) != kPlaceholders.end();
}

Error bad_template(const fs::path& path, std::string detail) {
    return make_error(Errc::bad_settings, path.string(), std::move(detail));
}

Result<std::string> read_text_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return bad_template(path, "missing");
    if (!fs::is_regular_file(path, ec))
        return bad_template(path, "not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return bad_template(path, std::string("cannot be read: ") + std::strerror(errno));
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return bad_template(path, "cannot be read: I/O error");
    if (!is_valid_utf8(content))
        return bad_template(path, "not valid UTF-8");
    return content;
}

// Every placeholder of `text` must be one the builder fills. `where` says which label, if any.
Result<void> check_placeholders(const fs::path& path, std::string_view text,
                                std::string_view where) {
    for (const std::string& name : placeholders_in(text)) {
        if (!is_known_placeholder(name)) {
            std::string detail = "unknown placeholder {{" + name + "}}";
            if (!where.empty())
                detail += " in \"" + std::string(where) + "\"";
            return bad_template(path, std::move(detail));
        }
    }
    return {};
}

Result<std::map<std::string, std::string>> load_labels(const fs::path& path) {
    SCELLE_ASSIGN_OR_RETURN(std::string content, read_text_file(path));
    const json doc = json::parse(content, nullptr, false);
    if (doc.is_discarded())
        return bad_template(path, "not valid JSON");
    if (!doc.is_object())
        return bad_template(path, "not a JSON object of key -> text");
    std::map<std::string, std::string> labels;
    for (const auto& [key, value] : doc.items()) {
        if (!value.is_string())
            return bad_template(path, "the value of \"" + key + "\" is not a text");
        std::string text = value.get<std::string>();
        SCELLE_TRY(check_placeholders(path, text, key));
        labels.emplace(key, std::move(text));
    }
    return labels;
}

}  // namespace

std::span<const std::string_view> report_placeholders() {
    return kPlaceholders;
}

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (auto found = next_placeholder(text, pos)) {
        if (std::find(names.begin(), names.end(), found->name) == names.end())
            names.emplace_back(found->name);
        pos = found->end;
    }
    return names;
}

std::string fill_placeholders(std::string_view text,
                              const std::map<std::string, std::string>& values) {
    // One pass over the template: a value is copied as it is and never scanned again, so a
    // value holding "{{x}}" or Markdown stays literal text.
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (auto found = next_placeholder(text, pos)) {
        const auto value = values.find(std::string(found->name));
        if (value == values.end()) {
            out.append(text.substr(pos, found->end - pos));
        } else {
            out.append(text.substr(pos, found->begin - pos));
            out.append(value->second);
        }
        pos = found->end;
    }
    out.append(text.substr(pos));
    return out;
}

Result<ReportTemplates> load_report_templates(const fs::path& dir, std::string_view lang) {
    const fs::path lang_dir = dir / std::string(lang);
    const bool known = std::find(std::begin(kReportLanguages), std::end(kReportLanguages), lang) !=
                       std::end(kReportLanguages);
    if (!known)
        return bad_template(lang_dir, "unknown report language \"" + to_valid_utf8(lang) + "\"");
    std::error_code ec;
    if (!fs::is_directory(lang_dir, ec))
        return bad_template(lang_dir, "missing language folder");

    ReportTemplates t;
    t.lang = std::string(lang);
    auto load_section = [&](std::string_view name) -> Result<void> {
        const fs::path path = lang_dir / (std::string(name) + ".md");
        SCELLE_ASSIGN_OR_RETURN(std::string content, read_text_file(path));
        SCELLE_TRY(check_placeholders(path, content, {}));
        t.sections.emplace(std::string(name), std::move(content));
        return {};
    };
    for (std::string_view name : kReportDestinations)
        SCELLE_TRY(load_section(name));
    for (std::string_view name : kReportSharedSections)
        SCELLE_TRY(load_section(name));
    SCELLE_ASSIGN_OR_RETURN(t.labels, load_labels(lang_dir / "labels.json"));
    return t;
}

}  // namespace scelle::core
