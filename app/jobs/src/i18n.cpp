#include "scelle/jobs/i18n.h"

#include <libintl.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <system_error>

#include "scelle/base/program.h"

namespace scelle::jobs {

namespace {

std::atomic<Language> g_language{Language::en};
thread_local bool t_english = false;

}  // namespace

bool speaks_english() {
    return t_english || g_language.load(std::memory_order_relaxed) == Language::en;
}

std::filesystem::path locale_dir_beside_program() {
    const std::filesystem::path dir = program_dir();
    if (dir.empty())
        return "share/locale";
    return dir.parent_path() / "share" / "locale";
}

void use_language(Language lang, const std::filesystem::path& locale_dir) {
#ifdef _WIN32
    // A char* folder would be in the ANSI code page, where a user's folder name may not fit
    // (an install under C:\\Users\\Zoë): GNU gettext 0.21 and later (MSYS2's) take it wide.
    wbindtextdomain(kTextDomain, locale_dir.c_str());
#else
    bindtextdomain(kTextDomain, locale_dir.c_str());
#endif
    bind_textdomain_codeset(kTextDomain, "UTF-8");
    if (lang == Language::fr) {
        // Unqualified: libintl.h may define setlocale as a macro (libintl_setlocale, Windows).
        setlocale(LC_MESSAGES, "C.UTF-8");
        core::set_env_var("LANGUAGE", "fr");
    }
    g_language.store(lang, std::memory_order_relaxed);
}

Language language() {
    return g_language.load(std::memory_order_relaxed);
}

const char* translate(const char* msgid) {
    if (speaks_english())
        return msgid;
    return dgettext(kTextDomain, msgid);
}

const char* translate_plural(const char* singular, const char* plural, unsigned long n) {
    if (speaks_english())
        return n == 1 ? singular : plural;
    return dngettext(kTextDomain, singular, plural, n);
}

EnglishScope::EnglishScope() : m_was_english(t_english) {
    t_english = true;
}

EnglishScope::~EnglishScope() {
    t_english = m_was_english;
}

ScopedLanguage::ScopedLanguage(Language lang) : m_was_english(t_english) {
    if (lang == Language::en)
        t_english = true;
}

ScopedLanguage::~ScopedLanguage() {
    t_english = m_was_english;
}

}  // namespace scelle::jobs
