// The X11 backend: plain Xlib on $DISPLAY. Pixels come from the root window (through MIT-SHM
// when the server shares memory with us, else XGetImage), so a window is captured as it is
// seen on the screen, with whatever covers it.
#include <X11/Xatom.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "backend_modules.h"
#include "backends.h"
#include "x11_display.h"
#include "x11_pixels.h"

namespace scelle::capture::x11 {

namespace {

std::string window_id_text(Window w) {
    return fmt::format("{:#x}", w);
}

// Parses "0x3a00007" or "60817415"; 0 when the text is not a window id.
Window parse_window_id(std::string_view text) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc() || end != text.data() + text.size())
        return 0;
    return value;
}

// ISO 8859-1 (the STRING type of old WM_NAME values) to UTF-8.
std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out.push_back(c);
        } else {
            out.push_back(static_cast<char>(0xC0 | (u >> 6)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        }
    }
    return out;
}

class X11Backend final : public Backend {
  public:
    explicit X11Backend(DisplayPtr display) : m_display(std::move(display)) {
        Display* d = m_display.get();
        m_root = DefaultRootWindow(d);
        m_screen =
            Rect{0, 0, DisplayWidth(d, DefaultScreen(d)), DisplayHeight(d, DefaultScreen(d))};
        m_utf8_string = XInternAtom(d, "UTF8_STRING", False);
        m_net_wm_name = XInternAtom(d, "_NET_WM_NAME", False);
        m_net_active_window = XInternAtom(d, "_NET_ACTIVE_WINDOW", False);
        m_wm_state = XInternAtom(d, "WM_STATE", False);
        // A switch for tests and for servers whose MIT-SHM is broken in a way that only
        // shows in the pixels.
        const char* no_shm = std::getenv("SCELLE_X11_NO_SHM");
        m_try_shm = !(no_shm && *no_shm && std::string_view(no_shm) != "0");
    }

    std::string_view name() const override { return "x11"; }

    Result<std::vector<Monitor>> monitors() override;
    Result<std::optional<WindowInfo>> active_window() override;
    Result<std::optional<Point>> pointer() override;
    Result<Frame> grab(const Request& request) override;
    Result<void> scroll(Point at, ScrollDirection direction, int clicks) override;
    Result<void> move_pointer(Point at) override;
    bool escape_held() override;

  private:
    Result<void> need_xtest();
    Result<std::vector<std::uint8_t>> read_root(const Rect& r);
    Result<WindowInfo> window_info(Window w);
    std::optional<std::string> text_property(Window w, Atom property);
    Window client_window(Window w);
    Window top_level(Window w);

    DisplayPtr m_display;
    Window m_root = 0;
    Rect m_screen;
    Atom m_utf8_string = 0;
    Atom m_net_wm_name = 0;
    Atom m_net_active_window = 0;
    Atom m_wm_state = 0;
    bool m_try_shm = true;
    std::unique_ptr<ShmImage> m_shm;
};

Result<std::vector<Monitor>> X11Backend::monitors() {
    Display* d = m_display.get();
    std::vector<Monitor> out;
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    // XRRGetMonitors needs RandR 1.5; older servers are described as one screen.
    if (XRRQueryExtension(d, &event_base, &error_base) && XRRQueryVersion(d, &major, &minor) &&
        (major > 1 || (major == 1 && minor >= 5))) {
        int count = 0;
        MonitorsPtr list(XRRGetMonitors(d, m_root, True, &count));
        for (int i = 0; list && i < count; ++i) {
            const XRRMonitorInfo& m = list.get()[i];
            Monitor mon;
            mon.primary = m.primary != 0;
            mon.bounds = Rect{m.x, m.y, m.width, m.height};
            if (m.name != None) {
                XPtr<char> atom_name(XGetAtomName(d, m.name));
                if (atom_name)
                    mon.name = atom_name.get();
            }
            // The primary monitor comes first, the others keep the server's order.
            if (mon.primary)
                out.insert(out.begin(), std::move(mon));
            else
                out.push_back(std::move(mon));
        }
    }
    if (out.empty())
        out.push_back(Monitor{0, "", m_screen, true});
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].index = static_cast<int>(i);
    return out;
}

Result<std::optional<Point>> X11Backend::pointer() {
    Window root = 0, child = 0;
    int root_x = 0, root_y = 0, win_x = 0, win_y = 0;
    unsigned mask = 0;
    // False when the pointer is on another X screen of this display: then it is on none of
    // this screen's monitors.
    if (!XQueryPointer(m_display.get(), m_root, &root, &child, &root_x, &root_y, &win_x, &win_y,
                       &mask))
        return std::optional<Point>();
    return std::optional<Point>(Point{root_x, root_y});
}

std::optional<std::string> X11Backend::text_property(Window w, Atom property) {
    XTextProperty prop{};
    if (!XGetTextProperty(m_display.get(), w, &prop, property) || !prop.value)
        return std::nullopt;
    XPtr<unsigned char> value(prop.value);
    const std::string_view raw(reinterpret_cast<const char*>(prop.value), prop.nitems);
    if (prop.encoding == m_utf8_string)
        return std::string(raw);
    if (prop.encoding == XA_STRING)
        return latin1_to_utf8(raw);
    // COMPOUND_TEXT and the like: Xlib converts them.
    char** list = nullptr;
    int count = 0;
    const int converted = Xutf8TextPropertyToTextList(m_display.get(), &prop, &list, &count);
    StringListPtr owned_list(list);
    if (converted >= Success && list && count > 0 && list[0])
        return std::string(list[0]);
    return std::string(raw);
}

// A window manager puts each application's window (the client, which has WM_STATE and the
// title) inside a frame of its own; the frame is what XGetInputFocus's walk up finds.
Window X11Backend::client_window(Window w) {
    Display* d = m_display.get();
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* data = nullptr;
    if (XGetWindowProperty(d, w, m_wm_state, 0, 0, False, AnyPropertyType, &type, &format, &count,
                           &after, &data) == Success) {
        XPtr<unsigned char> owned(data);
        if (type != None)
            return w;
    }
    Window root = 0, parent = 0;
    Window* children = nullptr;
    unsigned n = 0;
    if (!XQueryTree(d, w, &root, &parent, &children, &n))
        return w;
    XPtr<Window> owned_children(children);
    for (unsigned i = 0; i < n; ++i) {
        if (XGetWindowProperty(d, children[i], m_wm_state, 0, 0, False, AnyPropertyType, &type,
                               &format, &count, &after, &data) == Success) {
            XPtr<unsigned char> owned(data);
            if (type != None)
                return children[i];
        }
    }
    return w;
}

// The ancestor of `w` that is a child of the root window.
Window X11Backend::top_level(Window w) {
    Display* d = m_display.get();
    for (int depth = 0; depth < 64 && w != 0 && w != m_root; ++depth) {
        Window root = 0, parent = 0;
        Window* children = nullptr;
        unsigned n = 0;
        if (!XQueryTree(d, w, &root, &parent, &children, &n))
            return 0;
        XPtr<Window> owned(children);
        if (parent == root)
            return w;
        w = parent;
    }
    return 0;
}

Result<WindowInfo> X11Backend::window_info(Window w) {
    Display* d = m_display.get();
    ErrorTrap trap(d);
    XWindowAttributes attrs{};
    if (!XGetWindowAttributes(d, w, &attrs) || trap.failed())
        return make_error(Errc::usage, window_id_text(w), "no window has this id");
    int x = 0, y = 0;
    Window child = 0;
    if (!XTranslateCoordinates(d, w, m_root, 0, 0, &x, &y, &child) || trap.failed())
        return make_error(Errc::usage, window_id_text(w), "the window closed");
    WindowInfo info;
    info.id = window_id_text(w);
    info.bounds = Rect{x, y, attrs.width, attrs.height};
    const Window client = client_window(w);
    if (auto title = text_property(client, m_net_wm_name))
        info.title = std::move(*title);
    else if (auto wm_name = text_property(client, XA_WM_NAME))
        info.title = std::move(*wm_name);
    XClassHint hint{};
    if (XGetClassHint(d, client, &hint)) {
        XPtr<char> res_name(hint.res_name);
        XPtr<char> res_class(hint.res_class);
        if (hint.res_class)
            info.application = hint.res_class;
    }
    // A window that vanished half-way is reported, not described with half its facts.
    if (trap.failed())
        return make_error(Errc::usage, window_id_text(w),
                          fmt::format("the window closed while it was read: {}", trap.message()));
    if (attrs.map_state != IsViewable)
        return make_error(Errc::usage, window_id_text(w), "the window is not shown on the screen");
    return info;
}

Result<std::optional<WindowInfo>> X11Backend::active_window() {
    Display* d = m_display.get();
    Window active = 0;
    {
        ErrorTrap trap(d);
        Atom type = None;
        int format = 0;
        unsigned long count = 0, after = 0;
        unsigned char* data = nullptr;
        if (XGetWindowProperty(d, m_root, m_net_active_window, 0, 1, False, XA_WINDOW, &type,
                               &format, &count, &after, &data) == Success) {
            XPtr<unsigned char> owned(data);
            // Format-32 properties come back as an array of long, whatever long's size is.
            if (type == XA_WINDOW && format == 32 && count == 1 && data)
                active = static_cast<Window>(reinterpret_cast<const long*>(data)[0]);
        }
        if (trap.failed())
            active = 0;
    }
    if (active == 0) {
        // No EWMH window manager (or none active): the keyboard focus, raised to its
        // top-level window.
        Window focus = 0;
        int revert = 0;
        XGetInputFocus(d, &focus, &revert);
        if (focus == None || focus == PointerRoot || focus == m_root)
            return std::optional<WindowInfo>();
        ErrorTrap trap(d);
        active = top_level(focus);
        if (trap.failed() || active == 0)
            return std::optional<WindowInfo>();
    }
    auto info = window_info(active);
    if (!info)
        return std::optional<WindowInfo>();
    return std::optional<WindowInfo>(std::move(info).value());
}

Result<std::vector<std::uint8_t>> X11Backend::read_root(const Rect& r) {
    Display* d = m_display.get();
    const int screen = DefaultScreen(d);
    Visual* visual = DefaultVisual(d, screen);
    const auto w = static_cast<std::uint32_t>(r.width);
    const auto h = static_cast<std::uint32_t>(r.height);
    const std::size_t out_stride = std::size_t{w} * 3;
    std::vector<std::uint8_t> rgb;
    rgb.reserve(out_stride * h);
    detail::prepare_large_buffer(rgb.data(), out_stride * h);
    rgb.resize(out_stride * h);
    // Strips of about 512 KiB: few enough round trips (17 for 1920×1080), little new memory.
    const std::uint32_t rows = std::max<std::uint32_t>(1, (512u * 1024u) / (w * 4u));

    if (m_try_shm) {
        if (!m_shm || m_shm->width() != w || m_shm->height() != rows) {
            m_shm.reset();
            m_shm = ShmImage::create(d, visual, DefaultDepth(d, screen), w, rows);
        }
        if (m_shm) {
            XImage* image = m_shm->image();
            bool ok = true;
            {
                ErrorTrap trap(d);
                for (std::uint32_t y = 0; y < h && ok; y += rows) {
                    const std::uint32_t n = std::min(rows, h - y);
                    // The request reads image->height rows; the last strip may be shorter.
                    image->height = static_cast<int>(n);
                    ok =
                        XShmGetImage(d, m_root, image, r.x, r.y + static_cast<int>(y), AllPlanes) &&
                        !trap.failed();
                    image->height = static_cast<int>(rows);
                    if (ok)
                        SCELLE_TRY(to_rgb(*image, *visual, w, n, rgb.data() + y * out_stride));
                }
            }
            if (ok)
                return rgb;
        }
        // Not usable here: XGetImage from now on.
        m_shm.reset();
        m_try_shm = false;
    }
    ErrorTrap trap(d);
    for (std::uint32_t y = 0; y < h; y += rows) {
        const std::uint32_t n = std::min(rows, h - y);
        ImagePtr image(
            XGetImage(d, m_root, r.x, r.y + static_cast<int>(y), w, n, AllPlanes, ZPixmap));
        if (!image || trap.failed())
            return make_error(
                Errc::capture_unavailable, "x11",
                fmt::format("the X server gave no pixels: {}",
                            trap.message().empty() ? "XGetImage failed" : trap.message()));
        SCELLE_TRY(to_rgb(*image, *visual, w, n, rgb.data() + y * out_stride));
    }
    return rgb;
}

Result<Frame> X11Backend::grab(const Request& request) {
    // The root window follows the screen's size, which RandR may have changed since the
    // backend was opened (a monitor plugged in); Xlib's cached size does not.
    {
        Window root = 0;
        int x = 0, y = 0;
        unsigned width = 0, height = 0, border = 0, depth = 0;
        if (XGetGeometry(m_display.get(), m_root, &root, &x, &y, &width, &height, &border, &depth))
            m_screen =
                Rect{0, 0, static_cast<std::int32_t>(width), static_cast<std::int32_t>(height)};
    }
    Frame frame;
    frame.backend = "x11";
    SCELLE_ASSIGN_OR_RETURN(frame.monitors, monitors());
    SCELLE_ASSIGN_OR_RETURN(frame.active_window, active_window());
    switch (request.target) {
        case Target::screen:
            if (request.screen < 0 ||
                static_cast<std::size_t>(request.screen) >= frame.monitors.size())
                return make_error(Errc::usage, "capture",
                                  fmt::format("there is no screen {} (screens: 1 to {})",
                                              request.screen + 1, frame.monitors.size()));
            // A monitor may reach past the root window while the server resizes it.
            frame.bounds =
                frame.monitors[static_cast<std::size_t>(request.screen)].bounds.intersect(m_screen);
            break;
        case Target::all_screens:
            frame.bounds = m_screen;
            break;
        case Target::region:
            if (!m_screen.contains(request.region))
                return make_error(
                    Errc::usage, "capture",
                    fmt::format("the region {}×{} at {},{} is not inside the "
                                "screen ({}×{} at 0,0)",
                                request.region.width, request.region.height, request.region.x,
                                request.region.y, m_screen.width, m_screen.height));
            frame.bounds = request.region;
            break;
        case Target::window: {
            if (request.window == "active") {
                if (!frame.active_window)
                    return make_error(Errc::usage, "capture", "no window is active");
                frame.window = frame.active_window;
            } else {
                const Window id = parse_window_id(request.window);
                if (id == 0)
                    return make_error(Errc::usage, request.window,
                                      "not a window id (write it as 0x3a00007 or 60817415)");
                SCELLE_ASSIGN_OR_RETURN(WindowInfo info, window_info(id));
                frame.window = std::move(info);
            }
            frame.bounds = frame.window->bounds.intersect(m_screen);
            if (frame.bounds.empty())
                return make_error(Errc::usage, frame.window->id, "the window is off the screen");
            break;
        }
    }
    if (frame.bounds.empty())
        return make_error(Errc::usage, "capture", "the area to capture is empty");
    SCELLE_ASSIGN_OR_RETURN(frame.rgb, read_root(frame.bounds));
    frame.width = static_cast<std::uint32_t>(frame.bounds.width);
    frame.height = static_cast<std::uint32_t>(frame.bounds.height);
    return frame;
}

Result<void> X11Backend::need_xtest() {
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    if (!XTestQueryExtension(m_display.get(), &event_base, &error_base, &major, &minor))
        return make_error(Errc::capture_unavailable, "x11",
                          "the X server has no XTEST extension: it cannot be asked to scroll");
    return {};
}

bool X11Backend::escape_held() {
    Display* d = m_display.get();
    const KeyCode esc = XKeysymToKeycode(d, XK_Escape);
    char keys[32] = {};
    XQueryKeymap(d, keys);
    return esc != 0 && (keys[esc / 8] & (1 << (esc % 8))) != 0;
}

Result<void> X11Backend::move_pointer(Point at) {
    SCELLE_TRY(need_xtest());
    Display* d = m_display.get();
    ErrorTrap trap(d);
    XTestFakeMotionEvent(d, DefaultScreen(d), at.x, at.y, CurrentTime);
    if (trap.failed())
        return make_error(Errc::capture_unavailable, "x11", trap.message());
    return {};
}

// The wheel is buttons 4 (up) and 5 (down) in X11; each click is a press and a release, as a
// real wheel sends them, delivered to the window under the pointer.
Result<void> X11Backend::scroll(Point at, ScrollDirection direction, int clicks) {
    SCELLE_TRY(move_pointer(at));
    Display* d = m_display.get();
    const unsigned button = direction == ScrollDirection::down ? 5 : 4;
    ErrorTrap trap(d);
    for (int i = 0; i < clicks; ++i) {
        XTestFakeButtonEvent(d, button, True, CurrentTime);
        XTestFakeButtonEvent(d, button, False, CurrentTime);
    }
    if (trap.failed())
        return make_error(Errc::capture_unavailable, "x11", trap.message());
    return {};
}

}  // namespace

}  // namespace scelle::capture::x11

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_xlib_backend() {
    const char* name = std::getenv("DISPLAY");
    if (!name || !*name)
        return make_error(Errc::capture_unavailable, "x11", "no X display (DISPLAY is not set)");
    x11::DisplayPtr display(XOpenDisplay(name));
    if (!display)
        return make_error(Errc::capture_unavailable, "x11",
                          fmt::format("cannot open the X display {}", name));
    return std::unique_ptr<Backend>(std::make_unique<x11::X11Backend>(std::move(display)));
}

}  // namespace scelle::capture::detail
