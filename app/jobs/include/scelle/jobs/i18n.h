// The one gettext domain ("scelle") every sentence a person reads comes from, for both front
// ends: the command line and the desktop application read the same compiled catalogues
// (po/*.po, made into <prefix>/share/locale/<lang>/LC_MESSAGES/scelle.mo by
// po/translations.cmake). This is the C library's gettext (libintl), never wx: the command line
// does not link wx, and the sentences made in the jobs library are shared.
//
// One language per process, chosen once at start (use_language) before any thread starts;
// `EnglishScope` makes this thread speak English for a while (the --json output keeps its
// English sentences whatever the language). translate() may be called from any thread.
//
// The `_()` and `N_()` macros are not defined here (wx defines its own `_`): each front end or
// source file that marks strings defines them over translate() (app/cli/i18n.h).
#pragma once

#include <filesystem>
#include <string>

namespace scelle::jobs {

inline constexpr const char* kTextDomain = "scelle";

// The languages the catalogues hold; English is the source language (msgids).
enum class Language { en, fr };

// <folder of the program>/../share/locale: the build tree and the installed tree alike
// (<build>/bin next to <build>/share, <prefix>/bin next to <prefix>/share).
std::filesystem::path locale_dir_beside_program();

// Binds the domain to `locale_dir` with UTF-8 output and makes `lang` the language of this
// process's sentences. For French, the LC_MESSAGES locale becomes C.UTF-8 and LANGUAGE "fr":
// glibc ignores LANGUAGE under the "C" locale, and a French locale (fr_FR.UTF-8) is often not
// installed, while C.UTF-8 always is (glibc 2.35 and later build it in) and is not "C" to
// gettext. The other categories (numbers, dates) are left as they are. A missing catalogue is
// not an error: the sentences stay in English.
void use_language(Language lang, const std::filesystem::path& locale_dir);

// The language use_language chose (English before it is called).
Language language();

// True when translate() returns the English msgids on this thread now (English chosen, or an
// EnglishScope or ScopedLanguage(en) alive).
bool speaks_english();

// The translation of `msgid` in the current language (this thread's EnglishScope aside);
// `msgid` itself in English or when the catalogue lacks it.
const char* translate(const char* msgid);
// The form for `n` of a sentence with a singular and a plural (dngettext).
const char* translate_plural(const char* singular, const char* plural, unsigned long n);

// While it lives, translate() on this thread returns the English msgids.
class EnglishScope {
  public:
    EnglishScope();
    ~EnglishScope();
    EnglishScope(const EnglishScope&) = delete;
    EnglishScope& operator=(const EnglishScope&) = delete;

  private:
    bool m_was_english;
};

// English on this thread while it lives when `lang` is English; otherwise nothing changes.
// For the functions that take a language: `describe_error(e, Language::en)` for --json.
class ScopedLanguage {
  public:
    explicit ScopedLanguage(Language lang);
    ~ScopedLanguage();
    ScopedLanguage(const ScopedLanguage&) = delete;
    ScopedLanguage& operator=(const ScopedLanguage&) = delete;

  private:
    bool m_was_english;
};

}  // namespace scelle::jobs
