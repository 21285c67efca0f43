// Test helper: says which window is active on an X display without a window manager.
#pragma once

#include <wx/window.h>

namespace scelle::gui::test {

// Sets _NET_ACTIVE_WINDOW on the root window to `window` (nullptr removes it). False where
// this is not wxGTK on X11.
bool set_active_window(wxWindow* window);

}  // namespace scelle::gui::test
