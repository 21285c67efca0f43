// The words of the verification dialog: the verdict (its colour, headline and explanation),
// one plain sentence per problem kind, the time-stamps and the checks. The sentences are the
// ones scelle-cli's `verify` prints (scelle/jobs/sentences.h: describe_verdict, describe_token,
// describe_problem), with the desktop's advice and local times.
//
// The colours map the command line's exit codes exactly: green = 0 (intact and sealed by a
// trusted TSA), orange = 3 (intact, not sealed by a trusted TSA), red = 1 (altered, incomplete
// or unsafe), grey = 2 (could not be read at all: not a zip, wrong passphrase...).
//
// Pure functions over core::BundleReport values; GUI thread (they translate).
#pragma once

#include <string>

#include <wx/colour.h>
#include <wx/string.h>

#include "scelle/bundle/bundle_verify.h"

namespace scelle::gui::dlg {

enum class VerdictTone { green, orange, red, grey };

// scelle-cli verify's exit code for the verdict: 0, 3, 1 or 2.
int verdict_exit_code(core::BundleVerdict v);
VerdictTone verdict_tone(core::BundleVerdict v);
// The banner's background; its text is white on each of them.
wxColour tone_colour(VerdictTone tone);

// "Intact and sealed", "Altered or incomplete"... and the sentence under it.
wxString verdict_headline(const core::BundleReport& r);
wxString verdict_explanation(const core::BundleReport& r);

// Whether the bundle asks for a passphrase, or the one given was wrong.
enum class PassphraseState { not_needed, needed, wrong };
PassphraseState passphrase_state(const core::BundleReport& r);

// What one problem means, in a plain sentence ("changed: its SHA-256 is not the manifest's").
wxString problem_message(const core::BundleProblem& p);
// "(the file)" when the problem is about the whole zip, else the path in the bundle.
wxString problem_path(const core::BundleProblem& p);

// "Time-stamp of the manifest: TSA, time - verified, trusted authority".
wxString token_line(const core::BundleToken& t);
// What a check looked at ("evidence hashes (manifest)").
wxString check_label(const std::string& name);

}  // namespace scelle::gui::dlg
