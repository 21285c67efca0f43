#include "region_overlay.h"

#include <wx/dcbuffer.h>
#include <wx/image.h>
#include <wx/intl.h>

#ifdef __WXGTK3__
#include <gtk/gtk.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "display_text.h"

namespace scelle::gui {

namespace {

wxBitmap bitmap_of(const capture::Frame& f) {
    const std::size_t n = std::size_t{f.width} * f.height * 3;
    if (f.rgb.size() < n || n == 0)
        return wxBitmap();
    // wxImage takes ownership of a malloc'ed buffer.
    auto* data = static_cast<unsigned char*>(malloc(n));
    std::memcpy(data, f.rgb.data(), n);
    wxImage img(static_cast<int>(f.width), static_cast<int>(f.height), data);
    return wxBitmap(img, 24);
}

// The grab darkened: what lies outside the selection, as screenshot tools show it, so that the
// user sees at once that the screen is "frozen" and which part will be kept.
wxBitmap dimmed(const wxBitmap& shot) {
    if (!shot.IsOk())
        return wxBitmap();
    wxImage img = shot.ConvertToImage();
    unsigned char* px = img.GetData();
    const std::size_t n = std::size_t(img.GetWidth()) * std::size_t(img.GetHeight()) * 3;
    for (std::size_t i = 0; i < n; ++i)
        px[i] = static_cast<unsigned char>(px[i] * 2 / 5);
    return wxBitmap(img, 24);
}

}  // namespace

RegionOverlay::RegionOverlay(const capture::Frame& grab, Done done)
    : wxFrame(nullptr, wxID_ANY, _("Capture region"), wxPoint(grab.bounds.x, grab.bounds.y),
              wxSize(grab.bounds.width, grab.bounds.height),
              wxBORDER_NONE | wxSTAY_ON_TOP | wxFRAME_NO_TASKBAR),
      m_shot(bitmap_of(grab)),
      m_dimmed(dimmed(m_shot)),
      m_bounds(grab.bounds),
      m_done(std::move(done)) {
    SetName(wxT("region-overlay"));
    // A child window that takes the keyboard focus: GTK sends keys to a focused widget.
    m_canvas = new wxWindow(this, wxID_ANY, wxPoint(0, 0), GetClientSize(), wxWANTS_CHARS);
    m_canvas->SetBackgroundStyle(wxBG_STYLE_PAINT);
    m_canvas->SetCursor(wxCursor(wxCURSOR_CROSS));
    m_canvas->Bind(wxEVT_PAINT, &RegionOverlay::on_paint, this);
    m_canvas->Bind(wxEVT_LEFT_DOWN, &RegionOverlay::on_down, this);
    m_canvas->Bind(wxEVT_MOTION, &RegionOverlay::on_motion, this);
    m_canvas->Bind(wxEVT_LEFT_UP, &RegionOverlay::on_up, this);
    m_canvas->Bind(wxEVT_RIGHT_UP, [this](wxMouseEvent&) { finish(std::nullopt); });
    m_canvas->Bind(wxEVT_KEY_DOWN, &RegionOverlay::on_key, this);
    Bind(wxEVT_CHAR_HOOK, &RegionOverlay::on_key, this);
    m_canvas->Bind(wxEVT_MOUSE_CAPTURE_LOST, &RegionOverlay::on_lost_capture, this);
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { finish(std::nullopt); });
    SetPosition(wxPoint(m_bounds.x, m_bounds.y));
    SetSize(wxSize(m_bounds.width, m_bounds.height));
    m_canvas->SetSize(GetClientSize());
}

wxRect RegionOverlay::selection() const {
    if (m_by_keyboard)
        return m_keyboard_rect;
    // Origin and size: a drag from (x, y) to (x + 200, y + 150) is 200 × 150 pixels.
    const int x = std::min(m_start.x, m_end.x);
    const int y = std::min(m_start.y, m_end.y);
    return wxRect(x, y, std::abs(m_end.x - m_start.x), std::abs(m_end.y - m_start.y));
}

void RegionOverlay::on_paint(wxPaintEvent&) {
    if (!m_focused) {
        // Once the window is really on screen: take the keyboard so that Esc reaches it
        // (asking before it is mapped does nothing on X11 without a window manager).
        m_focused = true;
        CallAfter([this] {
            Raise();
            m_canvas->SetFocus();
            grab_keyboard();
        });
    }
    wxAutoBufferedPaintDC dc(m_canvas);
    if (m_dimmed.IsOk())
        dc.DrawBitmap(m_dimmed, 0, 0);
    else
        dc.Clear();
    // The instructions sit on the picture; they are not part of what gets sealed, which is
    // cut from the grab itself.
    const wxString help =
        _("Drag a rectangle around what you want to keep, or use the arrow keys (Shift: size, "
          "Ctrl: bigger steps) and Enter. Esc cancels.");
    dc.SetFont(GetFont().Larger().Larger().Bold());
    const int pad = FromDIP(10);
    // In lines that fit the screen: on one line the French text ran off a 1280-pixel screen,
    // "Échap pour annuler" with it.
    const wxString lines = fit_lines(
        help, std::min(FromDIP(900), GetClientSize().x - 6 * pad),
        [&dc](const wxString& s) { return dc.GetTextExtent(s).x; }, wxString());
    const wxSize ts = dc.GetMultiLineTextExtent(lines);
    const wxRect box(std::max(0, (GetClientSize().x - ts.x) / 2 - pad), FromDIP(24), ts.x + 2 * pad,
                     ts.y + 2 * pad);
    m_help_box = box;
    dc.SetBrush(wxBrush(wxColour(20, 20, 20)));
    dc.SetPen(wxPen(wxColour(255, 210, 0), FromDIP(2)));
    dc.DrawRectangle(box);
    dc.SetTextForeground(*wxWHITE);
    dc.DrawText(lines, box.x + pad, box.y + pad);
    if (m_dragging || m_by_keyboard) {
        const wxRect r = selection();
        // The selection in full brightness, exactly the pixels that will be kept.
        if (m_shot.IsOk() && r.width > 0 && r.height > 0)
            dc.DrawBitmap(m_shot.GetSubBitmap(r.Intersect(wxRect(m_shot.GetSize()))), r.x, r.y);
        dc.SetBrush(*wxTRANSPARENT_BRUSH);
        // Outlines outside the selection, so they cover none of its pixels: black, then a
        // bright yellow, visible on light and dark pictures alike.
        dc.SetPen(wxPen(*wxBLACK, 1));
        dc.DrawRectangle(wxRect(r).Inflate(3));
        dc.SetPen(wxPen(wxColour(255, 210, 0), 2));
        dc.DrawRectangle(wxRect(r).Inflate(2));
        // The size in pixels, under the rectangle (above it near the bottom of the screen).
        const wxString size = wxString::Format(wxT("%d \u00d7 %d"), r.width, r.height);
        dc.SetFont(GetFont().Bold());
        const wxSize ss = dc.GetTextExtent(size);
        const int below = r.GetBottom() + FromDIP(8);
        const int y =
            below + ss.y + pad > GetClientSize().y ? r.y - ss.y - pad - FromDIP(8) : below;
        const wxRect label(r.x, y, ss.x + pad, ss.y + pad / 2);
        dc.SetBrush(wxBrush(wxColour(20, 20, 20)));
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.DrawRectangle(label);
        dc.SetTextForeground(wxColour(255, 210, 0));
        dc.DrawText(size, label.x + pad / 2, label.y + pad / 4);
    }
}

void RegionOverlay::grab_keyboard() {
#ifdef __WXGTK3__
    // Like every screenshot tool: the keyboard belongs to the overlay while it is up, so that
    // Esc cancels even where no window manager gives it the focus.
    if (GdkWindow* w = gtk_widget_get_window(GetHandle())) {
        GdkSeat* seat = gdk_display_get_default_seat(gdk_window_get_display(w));
        m_keyboard_grabbed = gdk_seat_grab(seat, w, GDK_SEAT_CAPABILITY_KEYBOARD, FALSE, nullptr,
                                           nullptr, nullptr, nullptr) == GDK_GRAB_SUCCESS;
    }
#endif
}

void RegionOverlay::release_keyboard() {
#ifdef __WXGTK3__
    if (!m_keyboard_grabbed)
        return;
    m_keyboard_grabbed = false;
    if (GdkWindow* w = gtk_widget_get_window(GetHandle()))
        gdk_seat_ungrab(gdk_display_get_default_seat(gdk_window_get_display(w)));
#endif
}

void RegionOverlay::on_down(wxMouseEvent& e) {
    m_by_keyboard = false;
    m_dragging = true;
    m_start = m_end = e.GetPosition();
    if (!m_canvas->HasCapture())
        m_canvas->CaptureMouse();
    Refresh();
}

void RegionOverlay::on_motion(wxMouseEvent& e) {
    if (!m_dragging)
        return;
    m_end = e.GetPosition();
    Refresh();
}

void RegionOverlay::on_up(wxMouseEvent& e) {
    if (!m_dragging)
        return;
    m_end = e.GetPosition();
    m_dragging = false;
    if (m_canvas->HasCapture())
        m_canvas->ReleaseMouse();
    const wxRect r = selection();
    if (r.width < 2 || r.height < 2) {
        // A click without a drag: keep waiting for a real rectangle.
        Refresh();
        return;
    }
    keep(r);
}

void RegionOverlay::keep(const wxRect& r) {
    // Window pixels to screen pixels: equal on most screens; on a scaled display the grab
    // has more pixels than the window has logical ones.
    const wxSize client = GetClientSize();
    const double sx = client.x > 0 ? static_cast<double>(m_bounds.width) / client.x : 1.0;
    const double sy = client.y > 0 ? static_cast<double>(m_bounds.height) / client.y : 1.0;
    capture::Rect out;
    out.x = m_bounds.x + static_cast<std::int32_t>(r.x * sx + 0.5);
    out.y = m_bounds.y + static_cast<std::int32_t>(r.y * sy + 0.5);
    out.width = static_cast<std::int32_t>(r.width * sx + 0.5);
    out.height = static_cast<std::int32_t>(r.height * sy + 0.5);
    finish(m_bounds.intersect(out));
}

void RegionOverlay::on_key(wxKeyEvent& e) {
    switch (e.GetKeyCode()) {
        case WXK_ESCAPE:
            finish(std::nullopt);
            return;
        case WXK_RETURN:
        case WXK_NUMPAD_ENTER:
            if (m_by_keyboard && !m_dragging) {
                keep(m_keyboard_rect);
                return;
            }
            break;
        default:
            if (!m_dragging && on_arrow(e))
                return;
            break;
    }
    e.Skip();
}

bool RegionOverlay::on_arrow(const wxKeyEvent& e) {
    int dx = 0;
    int dy = 0;
    switch (e.GetKeyCode()) {
        case WXK_LEFT:
        case WXK_NUMPAD_LEFT:
            dx = -1;
            break;
        case WXK_RIGHT:
        case WXK_NUMPAD_RIGHT:
            dx = 1;
            break;
        case WXK_UP:
        case WXK_NUMPAD_UP:
            dy = -1;
            break;
        case WXK_DOWN:
        case WXK_NUMPAD_DOWN:
            dy = 1;
            break;
        default:
            return false;
    }
    const wxSize client = m_canvas->GetClientSize();
    if (!m_by_keyboard) {
        // The first arrow shows a rectangle in the middle of the screen; the key itself
        // only shows it, so that its place is predictable.
        const wxSize size(std::min(FromDIP(400), client.x), std::min(FromDIP(300), client.y));
        m_keyboard_rect = wxRect(wxPoint((client.x - size.x) / 2, (client.y - size.y) / 2), size);
        m_by_keyboard = true;
        Refresh();
        return true;
    }
    const int step = e.ControlDown() ? FromDIP(50) : FromDIP(10);
    wxRect& r = m_keyboard_rect;
    if (e.ShiftDown()) {
        // Right and Down make it bigger, Left and Up smaller; never under 2 pixels.
        r.width = std::clamp(r.width + dx * step, 2, std::max(2, client.x - r.x));
        r.height = std::clamp(r.height + dy * step, 2, std::max(2, client.y - r.y));
    } else {
        r.x = std::clamp(r.x + dx * step, 0, std::max(0, client.x - r.width));
        r.y = std::clamp(r.y + dy * step, 0, std::max(0, client.y - r.height));
    }
    Refresh();
    return true;
}

void RegionOverlay::on_lost_capture(wxMouseCaptureLostEvent&) {
    m_dragging = false;
    Refresh();
}

void RegionOverlay::finish(std::optional<capture::Rect> r) {
    if (m_finished)
        return;
    m_finished = true;
    if (m_canvas->HasCapture())
        m_canvas->ReleaseMouse();
    release_keyboard();
    Hide();
    // The callback may start work that outlives this window; call it, then go away.
    Done done = std::move(m_done);
    Destroy();
    if (done)
        done(r && !r->empty() ? r : std::nullopt);
}

}  // namespace scelle::gui
