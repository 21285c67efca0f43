#include "translations.h"

#include "art.h"
#include "scelle/base/text.h"
#include "scelle/jobs/i18n.h"

#include <wx/intl.h>

#include <clocale>
#include <cstring>
#if defined(__unix__) || defined(__APPLE__)
#include <langinfo.h>
#endif
#include <wx/stdpaths.h>
#include <wx/strconv.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

namespace scelle::gui {

std::filesystem::path locale_dir() {
    return share_dir() / "locale";
}

void use_utf8_locale() {
    std::setlocale(LC_ALL, "");
#if defined(__unix__) || defined(__APPLE__)
    const char* codeset = nl_langinfo(CODESET);
    if (!codeset || std::strcmp(codeset, "UTF-8") != 0)
        std::setlocale(LC_CTYPE, "C.UTF-8");
#elif defined(__WXMSW__)
    // wxWidgets reads a narrow string (a literal in _(), a core text) with wxConvLibc, which on
    // Windows is the ANSI code page: "Scellé" would show as "ScellÃ©". Scellé's narrow strings
    // are UTF-8 everywhere, and the C library of MinGW has no UTF-8 locale: wx is told directly.
    wxConvLibcPtr = &wxConvUTF8;
#endif
}

bool setup_translations(const std::string& code, const std::filesystem::path& dir) {
    // Dates and numbers on screen follow the system's conventions.
    wxUILocale::UseDefault();
    use_utf8_locale();
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(
        wxString::FromUTF8(core::path_to_utf8(dir)));
    auto* t = new wxTranslations;  // wxTranslations::Set takes ownership
    t->SetLanguage(code == "fr" ? wxLANGUAGE_FRENCH : wxLANGUAGE_ENGLISH_US);
    wxTranslations::Set(t);
    // The sentences made in the jobs library (scelle/jobs/sentences.h) come from the same
    // catalogue through the C library's gettext: the same language for them.
    jobs::use_language(code == "fr" ? jobs::Language::fr : jobs::Language::en, dir);
    // wx's own strings (stock buttons), when the system has them; ours cover the wizard's.
    t->AddStdCatalog();
    return t->AddCatalog(wxT("scelle"), wxLANGUAGE_ENGLISH_US);
}

}  // namespace scelle::gui
