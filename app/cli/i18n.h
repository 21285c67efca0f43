// The command line's sentences come from the gettext domain "scelle" (scelle/jobs/i18n.h), the
// desktop application's catalogues. `_("English")` marks and translates a sentence; `N_()` marks
// one translated later; `P_(singular, plural, n)` picks the form for a number. Sentences with
// fmt's `{}` placeholders keep them in the msgid (the catalogue's translation keeps them too).
// xgettext finds them with --keyword=_ --keyword=N_ --keyword=P_:1,2 (po/README.md).
#pragma once

#include "scelle/jobs/i18n.h"

#define _(s) ::scelle::jobs::translate(s)
#define N_(s) s
#define P_(s, p, n) ::scelle::jobs::translate_plural(s, p, n)
