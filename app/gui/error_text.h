// One clear sentence for an error from the core or the capture layer, saying what happened
// and what to do, in the user's language. The detail (the system's own words) follows in
// parentheses when there is one, so that a volunteer helping by phone can read it out.
#pragma once

#include <wx/string.h>

#include "scelle/result.h"

namespace scelle::gui {

wxString error_sentence(const Error& e);

// The same text as UTF-8 wxString from a UTF-8 std::string (core strings are UTF-8).
wxString from_utf8(const std::string& s);

}  // namespace scelle::gui
