// The verification dialog's words: see verify_text.h.
#include "verify_text.h"

#include <wx/intl.h>

#include "dialog_support.h"
#include "output_errors.h"
#include "scelle/base/text.h"
#include "scelle/jobs/sentences.h"
#include "scelle/jobs/verify_job.h"

namespace scelle::gui::dlg {

using core::BundleVerdict;

int verdict_exit_code(BundleVerdict v) {
    return jobs::exit_code(v);
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
    // The colours of every outcome (dialog_support.h), dark enough for white text (contrast
    // ratio above 4.5:1 for each).
    switch (tone) {
        case VerdictTone::green:
            return tone_text_colour(Tone::success);
        case VerdictTone::orange:
            return tone_text_colour(Tone::caution);
        case VerdictTone::red:
            return tone_text_colour(Tone::failure);
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

namespace {

jobs::VerdictWords verdict_words(const core::BundleReport& r) {
    return jobs::describe_verdict(r,
                                  [](const std::string& t) { return local_time(t).utf8_string(); });
}

}  // namespace

wxString verdict_headline(const core::BundleReport& r) {
    return utf8(verdict_words(r).headline);
}

wxString verdict_explanation(const core::BundleReport& r) {
    const jobs::VerdictWords w = verdict_words(r);
    return on_screen(w.explanation, w.advice);
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
    return utf8(
        jobs::describe_token(t, [](const std::string& g) { return local_time(g).utf8_string(); }));
}

wxString check_label(const std::string& name) {
    // The words scelle-cli says (scelle/jobs/sentences.h).
    return utf8(jobs::describe_check(name));
}

}  // namespace scelle::gui::dlg
