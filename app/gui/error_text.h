// One clear sentence for an error from the core or the capture layer, saying what happened
// and what to do, in the user's language: the shared sentence of scelle/jobs/sentences.h (what
// scelle-cli says) with the desktop's advice. The detail (the system's own words) follows in
// parentheses when there is one, so that a volunteer helping by phone can read it out.
#pragma once

#include <wx/string.h>

#include "scelle/base/result.h"

namespace scelle::gui {

wxString error_sentence(const Error& e);

// The same text as UTF-8 wxString from a UTF-8 std::string (core strings are UTF-8).
wxString from_utf8(const std::string& s);

// Text that came from outside (a file name, a handle, a URL, a title, a description, a TSA's
// name, the subject of an error) for a place of one line: controls, bidirectional overrides
// and invalid bytes shown as visible escapes ("\n", "\x1b", "\u{202E}"), as the command
// line shows them (core::terminal_safe). Set it with SetLabelText, never SetLabel (which
// takes "&" for a mnemonic) nor markup. Not for a box the user edits.
wxString shown_text(const std::string& s);

}  // namespace scelle::gui
