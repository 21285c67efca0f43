// The desktop's sentences for errors: the shared sentence of scelle/jobs/sentences.h (the same
// words scelle-cli prints), with a capital letter, followed by the desktop's own advice ("choose
// another folder in Settings") where the shared module names one. For a failed export or
// report: what happened, that nothing was left at the target (the core guarantees it), and
// what to do.
//
// Pure functions over core::Error values; GUI thread (they translate with the current catalog).
#pragma once

#include <filesystem>

#include <wx/string.h>

#include "scelle/base/result.h"
#include "scelle/jobs/sentences.h"

namespace scelle::gui::dlg {

using jobs::OutputKind;

// The desktop's words for an advice of the shared sentences ("" for none), and a shared
// sentence (UTF-8) as the desktop shows it: a capital first, then the advice.
wxString advice_text(jobs::Advice advice);
wxString on_screen(const std::string& sentence, jobs::Advice advice);

// The sentence for any error (jobs::describe_error) with the desktop's advice.
wxString plain_error_sentence(const Error& e);

// The sentence for an error of export_bundle(), make_report() or check_export_target().
wxString output_error_sentence(const Error& e, const std::filesystem::path& target,
                               OutputKind kind);

// The sentence for settings that cannot be used (the core's settings file, a variable, a
// trust anchor file), naming them and saying where to fix them.
wxString settings_error_sentence(const Error& e);

// The sentence for the case's store failing to open (unknown case, store unreadable, ...).
wxString store_error_sentence(const Error& e);

}  // namespace scelle::gui::dlg
