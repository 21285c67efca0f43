// The verification dialog's words: see verify_text.h.
#include "verify_text.h"

#include <wx/intl.h>

#include "dialog_support.h"
#include "scelle/base/text.h"
#include "scelle/jobs/sentences.h"

namespace scelle::gui::dlg {

using core::BundleVerdict;

int verdict_exit_code(BundleVerdict v) {
    switch (v) {
        case BundleVerdict::intact_and_sealed:
            return 0;
        case BundleVerdict::intact_unsealed:
            return 3;
        case BundleVerdict::unreadable:
            return 2;
        case BundleVerdict::altered:
        case BundleVerdict::unsafe:
            break;
    }
    return 1;
}

VerdictTone verdict_tone(BundleVerdict v) {
    switch (verdict_exit_code(v)) {
        case 0:
            return VerdictTone::green;
        case 3:
            return VerdictTone::orange;
        case 2:
            return VerdictTone::grey;
        default:
            return VerdictTone::red;
    }
}

wxColour tone_colour(VerdictTone tone) {
    // Dark enough for white text (contrast ratio above 4.5:1 for each).
    switch (tone) {
        case VerdictTone::green:
            return wxColour(0x1b, 0x6e, 0x2e);
        case VerdictTone::orange:
            return wxColour(0xa8, 0x4b, 0x00);
        case VerdictTone::red:
            return wxColour(0xb0, 0x1c, 0x1c);
        case VerdictTone::grey:
            break;
    }
    return wxColour(0x4a, 0x4a, 0x4a);
}

PassphraseState passphrase_state(const core::BundleReport& r) {
    for (const auto& p : r.problems) {
        if (p.kind == "passphrase_needed")
            return PassphraseState::needed;
        if (p.kind == "wrong_passphrase")
            return PassphraseState::wrong;
    }
    return PassphraseState::not_needed;
}

wxString verdict_headline(const core::BundleReport& r) {
    switch (r.verdict) {
        case BundleVerdict::intact_and_sealed:
            return _("Intact and sealed");
        case BundleVerdict::intact_unsealed:
            return _("Intact, but not sealed");
        case BundleVerdict::altered:
            return _("Altered or incomplete");
        case BundleVerdict::unsafe:
            return _("Dangerous file, refused");
        case BundleVerdict::unreadable:
            break;
    }
    switch (passphrase_state(r)) {
        case PassphraseState::needed:
            return _("Encrypted: passphrase needed");
        case PassphraseState::wrong:
            return _("Wrong passphrase");
        case PassphraseState::not_needed:
            break;
    }
    return _("Cannot be checked");
}

wxString verdict_explanation(const core::BundleReport& r) {
    const core::BundleToken* mt = r.manifest_token();
    switch (r.verdict) {
        case BundleVerdict::intact_and_sealed:
            // TRANSLATORS: %s is the time-stamp authority's name, then a date and time.
            return wxString::Format(_("Nothing in it was changed since %s sealed it on %s "
                                      "(the authority's time)."),
                                    shown(mt->tsa), local_time(mt->gen_time));
        case BundleVerdict::intact_unsealed:
            if (mt != nullptr && mt->trusted) {
                wxString which;
                for (const auto& t : r.tokens)
                    if (!t.trusted)
                        which << (which.empty() ? wxString() : wxString(wxS(", "))) << shown(t.path)
                              << wxS(" (") << shown(t.tsa.empty() ? "?" : t.tsa) << wxS(")");
                // TRANSLATORS: %s lists the time-stamps (file and authority) not trusted.
                return wxString::Format(_("Every file matches, but not every seal comes from an "
                                          "authority you trust: %s. The items these time-stamps "
                                          "cover are not proven to have existed at their time."),
                                        which);
            }
            if (mt == nullptr)
                return _(
                    "Every file matches, but no time-stamp authority sealed it: nothing "
                    "proves when it was made.");
            if (!mt->anchor_missing)
                // TRANSLATORS: the authority's name, a date and time, then OpenSSL's reason.
                return wxString::Format(_("Every file matches, but the certificate of the seal "
                                          "of %s on %s is not valid (%s)."),
                                        shown(mt->tsa.empty() ? std::string("?") : mt->tsa),
                                        local_time(mt->gen_time), shown(mt->detail));
            // TRANSLATORS: %s is the time-stamp authority's name, then a date and time.
            return wxString::Format(_("Every file matches, but the seal of %s on %s comes from "
                                      "an authority you do not trust. If you know it, add its "
                                      "certificate in Settings (trust anchors)."),
                                    shown(mt->tsa.empty() ? std::string("?") : mt->tsa),
                                    local_time(mt->gen_time));
        case BundleVerdict::altered: {
            const auto n = static_cast<unsigned long>(r.problems.size()) +
                           static_cast<unsigned long>(r.problems_omitted);
            // TRANSLATORS: %lu is a number of problems.
            return wxString::Format(wxPLURAL("%lu problem found: the file below was changed, "
                                             "added or removed after the bundle was made.",
                                             "%lu problems found: the files below were changed, "
                                             "added or removed after the bundle was made.",
                                             static_cast<unsigned>(n)),
                                    n);
        }
        case BundleVerdict::unsafe:
            return _(
                "Its structure is hostile (dangerous names, links or sizes): nothing was "
                "extracted from it.");
        case BundleVerdict::unreadable:
            break;
    }
    if (r.problems.empty())
        return _("This file cannot be read.");
    const core::BundleProblem& p = r.problems.front();
    if (p.kind == "not_a_zip" || p.kind == "empty_file" || p.kind == "empty_zip")
        // TRANSLATORS: %s is the program's name.
        return wxString::Format(_("This file is not a %s bundle (not a zip)."), app_name());
    if (p.kind == "passphrase_needed")
        return _("This bundle is encrypted: type its passphrase, then click Verify.");
    if (p.kind == "wrong_passphrase")
        return _("The passphrase is wrong: type it again. Nothing else can open this bundle.");
    if (p.kind == "not_found")
        return _("This file does not exist.");
    // The problem's phrase as a sentence.
    return utf8(jobs::capitalized(jobs::describe_problem(p) + "."));
}

wxString problem_message(const core::BundleProblem& p) {
    // The sentence scelle-cli says (scelle/jobs/sentences.h).
    return utf8(jobs::describe_problem(p));
}

wxString problem_path(const core::BundleProblem& p) {
    if (p.path.empty())
        return _("(the file)");
    // Entry names come escaped from the reader (printable_name); a manifest's line does not.
    return core::is_terminal_safe(p.path) ? utf8(p.path) : shown(p.path);
}

wxString token_line(const core::BundleToken& t) {
    const wxString what = t.covers
                              // TRANSLATORS: %lld is a line number of the custody log.
                              ? wxString::Format(_("Time-stamp of custody log lines 1 to %lld"),
                                                 static_cast<long long>(*t.covers))
                              : _("Time-stamp of the manifest");
    const wxString state = t.trusted  ? _("verified, trusted authority")
                           : t.intact ? _("valid, but not from an authority you trust")
                                      : _("NOT valid");
    // TRANSLATORS: a time-stamp in the details: what it covers, the authority, when, and its
    // state ("verified, trusted authority"...).
    return wxString::Format(_("%s: %s, %s - %s"), what, shown(t.tsa.empty() ? "?" : t.tsa),
                            t.gen_time.empty() ? wxString("?") : local_time(t.gen_time), state);
}

wxString check_label(const std::string& name) {
    // The words scelle-cli says (scelle/jobs/sentences.h).
    return utf8(jobs::describe_check(name));
}

}  // namespace scelle::gui::dlg
