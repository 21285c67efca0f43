// GuiSettings: the desktop application's preferences in gui.ini (wxFileConfig), beside the
// core's settings.json. See gui_settings.h.
#include "gui_settings.h"

#include <cstdlib>

#include <wx/fileconf.h>
#include <wx/intl.h>
#include <wx/log.h>
#include <wx/uilocale.h>

#include "dialog_support.h"
#include "scelle/base/program.h"
#include "scelle/store/store.h"

namespace scelle::gui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLanguageKey = "/language";
constexpr const char* kStoreKey = "/store";
constexpr const char* kReadPicturesKey = "/read_pictures";

const char* language_name(UiLanguage l) {
    switch (l) {
        case UiLanguage::fr:
            return "fr";
        case UiLanguage::en:
            return "en";
        case UiLanguage::system:
            break;
    }
    return "system";
}

UiLanguage parse_language(const wxString& s) {
    if (s == wxS("fr"))
        return UiLanguage::fr;
    if (s == wxS("en"))
        return UiLanguage::en;
    return UiLanguage::system;
}

}  // namespace

fs::path gui_settings_path() {
    // The same folder as the core's settings.json when neither is redirected: XDG first, so
    // that tests (and users who move their configuration) are respected.
    if (fs::path dir = core::user_config_dir(); !dir.empty())
        return dir / "gui.ini";
    return fs::path(".config") / "scelle" / "gui.ini";
}

fs::path GuiSettings::store_root() const {
    return store.empty() ? core::Store::default_root() : store;
}

std::string GuiSettings::language_code() const {
    switch (language) {
        case UiLanguage::fr:
            return "fr";
        case UiLanguage::en:
            return "en";
        case UiLanguage::system:
            break;
    }
    const int system = wxUILocale::GetSystemLanguage();
    if (system == wxLANGUAGE_UNKNOWN || system == wxLANGUAGE_DEFAULT)
        return "en";
    const wxString name = wxUILocale::GetLanguageCanonicalName(system);
    return name.StartsWith(wxS("fr")) ? "fr" : "en";
}

GuiSettings GuiSettings::load() {
    GuiSettings s;
    const fs::path file = gui_settings_path();
    std::error_code ec;
    if (!fs::exists(file, ec))
        return s;
    // A damaged file gives the defaults, without a pop-up before any window exists.
    wxLogNull quiet;
    wxFileConfig config(wxEmptyString, wxEmptyString, dlg::path_text(file), wxEmptyString,
                        wxCONFIG_USE_LOCAL_FILE);
    s.language = parse_language(config.Read(kLanguageKey, wxS("system")));
    const wxString store = config.Read(kStoreKey, wxEmptyString);
    if (!store.empty())
        s.store = dlg::to_path(store);
    s.read_pictures = config.ReadBool(kReadPicturesKey, true);
    return s;
}

bool GuiSettings::save() const {
    const fs::path file = gui_settings_path();
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec)
        return false;
    fs::permissions(file.parent_path(), fs::perms::owner_all, ec);
    // wxFileConfig writes through a temporary file renamed over the old one (wxTempFile). A
    // failure is the caller's to say (false), not a log pop-up.
    wxLogNull quiet;
    wxFileConfig config(wxEmptyString, wxEmptyString, dlg::path_text(file), wxEmptyString,
                        wxCONFIG_USE_LOCAL_FILE);
    bool ok = config.Write(kLanguageKey, wxString(language_name(language)));
    ok = config.Write(kReadPicturesKey, read_pictures) && ok;
    if (store.empty())
        config.DeleteEntry(kStoreKey, false);
    else
        ok = config.Write(kStoreKey, dlg::path_text(store)) && ok;
    return config.Flush() && ok;
}

}  // namespace scelle::gui
