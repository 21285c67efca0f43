// One sentence for a failed export or report, in the user's language: what happened, that
// nothing was left at the target (the core guarantees it), and what to do — the same cases as
// scelle-cli's wording (target exists, folder missing or not writable, disk full, cancelled),
// written with _() for the desktop.
//
// Pure functions over core::Error values; GUI thread (they translate with the current catalog).
#pragma once

#include <filesystem>

#include <wx/string.h>

#include "scelle/base/result.h"

namespace scelle::gui::dlg {

enum class OutputKind { bundle, report };

// The sentence for an error of export_bundle(), make_report() or check_export_target().
wxString output_error_sentence(const Error& e, const std::filesystem::path& target,
                               OutputKind kind);

// The sentence for settings that cannot be used (the core's settings file, a variable, a
// trust anchor file), naming them and saying where to fix them.
wxString settings_error_sentence(const Error& e);

// The sentence for the case's store failing to open (unknown case, store unreadable, ...).
wxString store_error_sentence(const Error& e);

}  // namespace scelle::gui::dlg
