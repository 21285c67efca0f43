// RegionOverlay: "Capture region". A borderless full-screen window that shows the grab of the
// whole screen taken just before, on which the user drags a rectangle, or places one with the
// keyboard: the arrows show a rectangle and move it (Shift+arrows change its size, Ctrl makes
// the steps bigger), Enter keeps it. Esc (or a right click) cancels. Showing the grab rather than a
// see-through window needs no compositor, and what the user selects is exactly the pixels that will
// be sealed.
//
// The rectangle is built from its origin and size (never from two corners, which would add
// one pixel each way) and mapped from window to screen pixels. The overlay destroys itself
// and calls `done` once, with the rectangle on the virtual screen or nullopt when cancelled.
// GUI thread only.
#pragma once

#include <functional>
#include <optional>

#include <wx/bitmap.h>
#include <wx/frame.h>

#include "scelle/capture/capture.h"

namespace scelle::gui {

class RegionOverlay : public wxFrame {
  public:
    using Done = std::function<void(std::optional<capture::Rect>)>;
    // `grab` is the whole virtual screen (its bounds say where the pixels are).
    RegionOverlay(const capture::Frame& grab, Done done);
    // Where the instructions were last drawn (window pixels), for tests.
    wxRect help_box() const { return m_help_box; }

  private:
    void on_paint(wxPaintEvent&);
    void on_down(wxMouseEvent& e);
    void on_motion(wxMouseEvent& e);
    void on_up(wxMouseEvent& e);
    void on_key(wxKeyEvent& e);
    void on_lost_capture(wxMouseCaptureLostEvent&);
    void finish(std::optional<capture::Rect> r);
    wxRect selection() const;
    // The arrows: move (or with Shift, resize) the keyboard's rectangle; false for other keys.
    bool on_arrow(const wxKeyEvent& e);
    // Maps `r` (window pixels) to the virtual screen and ends the overlay with it.
    void keep(const wxRect& r);
    void grab_keyboard();
    void release_keyboard();

    wxWindow* m_canvas = nullptr;  // owned by the frame (a child window)
    wxBitmap m_shot;
    wxBitmap m_dimmed;       // m_shot darkened, drawn outside the selection
    capture::Rect m_bounds;  // the grab's place on the virtual screen
    Done m_done;
    bool m_dragging = false;
    bool m_finished = false;
    bool m_focused = false;
    bool m_keyboard_grabbed = false;
    bool m_by_keyboard = false;  // m_keyboard_rect is the selection
    wxRect m_keyboard_rect;
    wxPoint m_start;
    wxPoint m_end;
    wxRect m_help_box;
};

}  // namespace scelle::gui
