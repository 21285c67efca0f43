// The application's language: loads the "scelle" catalog for French or English from
// <program folder>/../share/locale, which is <build>/share/locale in the build tree and
// <prefix>/share/locale once installed, so one rule works in both.
// GUI thread only; call before the first window is made.
#pragma once

#include <filesystem>
#include <string>

namespace scelle::gui {

// The folder holding <lang>/LC_MESSAGES/scelle.mo, found from the running program.
std::filesystem::path locale_dir();

// Makes the C library's character set UTF-8 when the system's is not (LANG=C, POSIX):
// wx converts the UTF-8 strings of the source with it, and an accented letter would otherwise
// turn a whole label empty. Call first.
void use_utf8_locale();

// Installs the catalogs for `code` ("fr" or "en") from `dir` as wx's translations, and makes
// the sentences of the jobs library (scelle/jobs/sentences.h) speak the same language. Returns
// false when the catalog was not found (the interface then stays in English, its source
// language).
bool setup_translations(const std::string& code, const std::filesystem::path& dir = locale_dir());

}  // namespace scelle::gui
