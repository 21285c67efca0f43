// The report's text as data: loading and checking one language's Markdown sections and layout
// labels. Filling {{placeholders}} is scelle/base/template.h; find_data_paths() lives in
// report_data_paths.cpp.
#include "scelle/report/report_templates.h"

#include <algorithm>
#include <array>
#include <cerrno>

#include <nlohmann/json.hpp>

#include "scelle/base/read_file.h"
#include "scelle/base/text.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 31> kPlaceholders = {
    "case_reference", "case_title",    "report_date",  "destination",
    "platforms",      "item_count",    "sealed_count", "pending_count",
    "first_recorded", "last_recorded", "fingerprint",  "fingerprint_lines",
    "bundle_folder",  "bundle_file",   "item_seq",     "page",
    "pages",          "part",          "parts",        "first_happened",
    "last_happened",  "facts_period",  "bundle_how",   "delay",
    "utc_offset",     "first_item",    "last_item",    "frame_count",
    "engine",         "languages",     "confidence",
};

bool is_known_placeholder(std::string_view name) {
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), name) != kPlaceholders.end();
}

Error bad_template(const fs::path& path, std::string detail) {
    return make_error(Errc::bad_settings, path.string(), std::move(detail));
}

Result<std::string> read_text_file(const fs::path& path, Env& env) {
    auto info = env.stat(path);
    if (!info.ok()) {
        const int err = info.error().sys_errno;
        if (err == ENOENT || err == ENOTDIR)
            return bad_template(path, "missing");
        return bad_template(path, "cannot be read: " + info.error().detail);
    }
    if (info->type != FileInfo::Type::file)
        return bad_template(path, "not a regular file");
    auto content = read_file(env, path);
    if (!content.ok())
        return bad_template(path, "cannot be read: " + content.error().detail);
    if (!is_valid_utf8(*content))
        return bad_template(path, "not valid UTF-8");
    return std::move(content).value();
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

Result<std::map<std::string, std::string>> load_labels(const fs::path& path, Env& env) {
    SCELLE_ASSIGN_OR_RETURN(std::string content, read_text_file(path, env));
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

Result<ReportTemplates> load_report_templates(const fs::path& dir, std::string_view lang,
                                              Env& env) {
    const fs::path lang_dir = dir / std::string(lang);
    const bool known = std::find(std::begin(kReportLanguages), std::end(kReportLanguages), lang) !=
                       std::end(kReportLanguages);
    if (!known)
        return bad_template(lang_dir, "unknown report language \"" + to_valid_utf8(lang) + "\"");
    if (auto d = env.stat(lang_dir); !d.ok() || d->type != FileInfo::Type::directory)
        return bad_template(lang_dir, "missing language folder");

    ReportTemplates t;
    t.lang = std::string(lang);
    auto load_section = [&](std::string_view name) -> Result<void> {
        const fs::path path = lang_dir / (std::string(name) + ".md");
        SCELLE_ASSIGN_OR_RETURN(std::string content, read_text_file(path, env));
        SCELLE_TRY(check_placeholders(path, content, {}));
        t.sections.emplace(std::string(name), std::move(content));
        return {};
    };
    for (std::string_view name : kReportDestinations)
        SCELLE_TRY(load_section(name));
    for (std::string_view name : kReportSharedSections)
        SCELLE_TRY(load_section(name));
    SCELLE_ASSIGN_OR_RETURN(t.labels, load_labels(lang_dir / "labels.json", env));
    return t;
}

}  // namespace scelle::core
