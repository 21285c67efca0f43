// Test helpers for an X display without a window manager: which window is active, how the
// screen is split into monitors, where the mouse pointer is.
#pragma once

#include <wx/gdicmn.h>
#include <wx/window.h>

#include <vector>

namespace scelle::gui::test {

// Sets _NET_ACTIVE_WINDOW on the root window to `window` (nullptr removes it). False where
// this is not wxGTK on X11.
bool set_active_window(wxWindow* window);

// Splits the X screen into RandR 1.5 monitors SCELLE-1, SCELLE-2… with these bounds (the
// first is the primary), as two physical screens side by side would; an empty list removes
// them again. False where this is not X11 with RandR 1.5.
bool set_monitors(const std::vector<wxRect>& monitors);

// Moves the mouse pointer to `at` on the X screen.
bool warp_pointer(wxPoint at);

}  // namespace scelle::gui::test
