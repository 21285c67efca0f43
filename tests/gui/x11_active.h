// Test helpers for an X display without a window manager: which window is active, how the
// screen is split into monitors, where the mouse pointer is.
#pragma once

#include <wx/gdicmn.h>
#include <wx/window.h>

#include <string>
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

// One key press on the real keyboard, through XTest: the keys named by their X keysym names
// ("Return", "Alt_L", "s", "Control_L"…) pressed in this order and released in the reverse
// order, so that {"Alt_L", "s"} is the chord Alt+S. False when a name is unknown or there is no
// XTest.
bool press_keys(const std::vector<std::string>& keysyms);

// Where the X server sends the keyboard now: "window 0x…" (with " = `w`" when it is `w`'s own
// X window), "pointer root" or "none"; for the messages of failing tests.
std::string keyboard_focus(wxWindow* w = nullptr);
// True when the X keyboard focus is on `w`'s X window (a top-level window).
bool has_keyboard_focus(wxWindow* w);

// The _NET_WM_NAME of every window on the X display, for a program started as another process
// (empty where this is not X11).
std::vector<std::string> window_names();

}  // namespace scelle::gui::test
