// Where the report's data is: find_data_paths() (see report_templates.h).
#include <array>
#include <system_error>

#include "scelle/base/program.h"
#include "scelle/report/report_templates.h"

namespace scelle::core {

namespace fs = std::filesystem;

namespace {

// The running program's folder; empty when it cannot say.
fs::path executable_dir() {
    return program_path().parent_path();
}

bool is_templates_dir(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "fr" / "labels.json", ec) &&
           fs::is_regular_file(dir / "en" / "labels.json", ec);
}

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

}  // namespace

Result<DataPaths> find_data_paths() {
    std::vector<fs::path> data_dirs;
    if (const fs::path exe = executable_dir(); !exe.empty())
        data_dirs.push_back(exe.parent_path() / "share" / "scelle");
    data_dirs.emplace_back(SCELLE_INSTALL_DATADIR);

    DataPaths out;
    for (const fs::path& d : data_dirs) {
        if (is_templates_dir(d / "report-templates")) {
            out.templates = d / "report-templates";
            break;
        }
    }
    if (out.templates.empty() && is_templates_dir(SCELLE_SOURCE_TEMPLATES))
        out.templates = SCELLE_SOURCE_TEMPLATES;
    if (out.templates.empty())
        return make_error(Errc::bad_settings, "report-templates",
                          "the report templates were not found next to the program");

    // Fonts: shipped with Scellé where the system has none (Windows, macOS), else the system's.
    std::vector<fs::path> font_dirs;
    for (const fs::path& d : data_dirs)
        font_dirs.push_back(d / "fonts");
    font_dirs.emplace_back("/usr/share/fonts/truetype/dejavu");
    const std::array<std::pair<const char*, fs::path*>, 3> wanted{{
        {"DejaVuSans.ttf", &out.font_sans},
        {"DejaVuSans-Bold.ttf", &out.font_sans_bold},
        {"DejaVuSansMono.ttf", &out.font_mono},
    }};
    for (const auto& [name, slot] : wanted) {
        for (const fs::path& d : font_dirs) {
            if (is_file(d / name)) {
                *slot = d / name;
                break;
            }
        }
        if (slot->empty())
            return make_error(Errc::bad_settings, name,
                              "the font was not found (on Debian: apt-get install "
                              "fonts-dejavu-core)");
    }
    // Optional faces: the italic (drawn upright without it) and the fallback chain, each in
    // Scellé's folders first, then where its Debian package puts it.
    auto find = [&](const char* name, const char* system_dir) {
        for (const fs::path& d : font_dirs)
            if (is_file(d / name))
                return d / name;
        const fs::path p = fs::path(system_dir) / name;
        return is_file(p) ? p : fs::path();
    };
    out.font_sans_italic = find("DejaVuSans-Oblique.ttf", "/usr/share/fonts/truetype/dejavu");
    // fonts-symbola: mathematical alphanumeric letters (U+1D400), emoji in outline, symbols.
    // fonts-wqy-microhei: Chinese (simplified and traditional), kanji, Hangul.
    const std::array<std::pair<const char*, const char*>, 2> fallbacks{{
        {"Symbola_hint.ttf", "/usr/share/fonts/truetype/ancient-scripts"},
        {"wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy"},
    }};
    for (const auto& [name, dir] : fallbacks)
        if (fs::path p = find(name, dir); !p.empty())
            out.font_fallbacks.push_back(std::move(p));
    return out;
}

}  // namespace scelle::core
