// Marks a window as the active one, as a window manager would (_NET_ACTIVE_WINDOW on the root
// window): there is no window manager under Xvfb. Kept apart from the tests because Xlib's
// macros (None, Status…) clash with GoogleTest's names.
#include "x11_active.h"

#ifdef __WXGTK3__
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xrandr.h>
#include <gdk/gdkx.h>
#include <gtk/gtk.h>

#include <cstdio>
#include <string>
#endif

namespace scelle::gui::test {

bool set_active_window(wxWindow* window) {
#ifdef __WXGTK3__
    GdkWindow* gw = window ? gtk_widget_get_window(window->GetHandle()) : nullptr;
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return false;
    const Atom active = XInternAtom(dpy, "_NET_ACTIVE_WINDOW", False);
    if (gw != nullptr) {
        const unsigned long xid = GDK_WINDOW_XID(gw);
        XChangeProperty(dpy, DefaultRootWindow(dpy), active, XA_WINDOW, 32, PropModeReplace,
                        reinterpret_cast<const unsigned char*>(&xid), 1);
    } else {
        XDeleteProperty(dpy, DefaultRootWindow(dpy), active);
    }
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return true;
#else
    (void)window;
    return false;
#endif
}

#ifdef __WXGTK3__
namespace {

bool has_randr_15(Display* dpy) {
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    return XRRQueryExtension(dpy, &event_base, &error_base) &&
           XRRQueryVersion(dpy, &major, &minor) && (major > 1 || (major == 1 && minor >= 5));
}

}  // namespace
#endif

bool set_monitors(const std::vector<wxRect>& monitors) {
#ifdef __WXGTK3__
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return false;
    if (!has_randr_15(dpy)) {
        XCloseDisplay(dpy);
        return false;
    }
    const Window root = DefaultRootWindow(dpy);
    // Remove the ones an earlier call defined.
    for (int i = 1; i <= 8; ++i) {
        const std::string name = "SCELLE-" + std::to_string(i);
        const Atom atom = XInternAtom(dpy, name.c_str(), True);
        if (atom != 0L)
            XRRDeleteMonitor(dpy, root, atom);
    }
    XSync(dpy, False);
    // The first monitor takes the server's output, so that the output's own monitor (the
    // whole screen) is not listed beside them.
    RROutput output = 0;
    if (XRRScreenResources* res = XRRGetScreenResources(dpy, root)) {
        if (res->noutput > 0)
            output = res->outputs[0];
        XRRFreeScreenResources(res);
    }
    for (std::size_t i = 0; i < monitors.size(); ++i) {
        const std::string name = "SCELLE-" + std::to_string(i + 1);
        const bool takes_output = i == 0 && output != 0;
        XRRMonitorInfo* m = XRRAllocateMonitor(dpy, takes_output ? 1 : 0);
        if (takes_output)
            m->outputs[0] = output;
        m->name = XInternAtom(dpy, name.c_str(), False);
        m->primary = i == 0 ? True : False;
        m->automatic = False;
        m->x = monitors[i].x;
        m->y = monitors[i].y;
        m->width = monitors[i].width;
        m->height = monitors[i].height;
        m->mwidth = monitors[i].width / 4;  // about 100 dpi
        m->mheight = monitors[i].height / 4;
        XRRSetMonitor(dpy, root, m);
        XRRFreeMonitors(m);
    }
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return true;
#else
    (void)monitors;
    return false;
#endif
}

bool warp_pointer(wxPoint at) {
#ifdef __WXGTK3__
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return false;
    XWarpPointer(dpy, 0L, DefaultRootWindow(dpy), 0, 0, 0, 0, at.x, at.y);
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return true;
#else
    (void)at;
    return false;
#endif
}

bool press_keys(const std::vector<std::string>& keysyms) {
#ifdef __WXGTK3__
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return false;
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    std::vector<KeyCode> codes;
    bool ok = XTestQueryExtension(dpy, &event_base, &error_base, &major, &minor) != 0;
    for (const std::string& name : keysyms) {
        const KeySym sym = XStringToKeysym(name.c_str());
        const KeyCode code = sym == NoSymbol ? 0 : XKeysymToKeycode(dpy, sym);
        if (code == 0)
            ok = false;
        codes.push_back(code);
    }
    if (ok) {
        for (KeyCode c : codes)
            XTestFakeKeyEvent(dpy, c, True, CurrentTime);
        for (auto c = codes.rbegin(); c != codes.rend(); ++c)
            XTestFakeKeyEvent(dpy, *c, False, CurrentTime);
    }
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return ok;
#else
    (void)keysyms;
    return false;
#endif
}

#ifdef __WXGTK3__
namespace {

unsigned long xid_of(wxWindow* w) {
    if (w == nullptr || w->GetHandle() == nullptr)
        return 0;
    GdkWindow* gw = gtk_widget_get_window(w->GetHandle());
    return gw != nullptr ? GDK_WINDOW_XID(gw) : 0;
}

}  // namespace
#endif

std::string keyboard_focus(wxWindow* w) {
#ifdef __WXGTK3__
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return "no display";
    Window focus = 0;
    int revert = 0;
    XGetInputFocus(dpy, &focus, &revert);
    XCloseDisplay(dpy);
    if (focus == PointerRoot)
        return "pointer root";
    if (focus == 0L)
        return "none";
    char text[64];
    std::snprintf(text, sizeof text, "window 0x%lx", static_cast<unsigned long>(focus));
    std::string out = text;
    if (w != nullptr && focus == xid_of(w))
        out += " = " + w->GetName().utf8_string();
    return out;
#else
    (void)w;
    return "not X11";
#endif
}

bool has_keyboard_focus(wxWindow* w) {
#ifdef __WXGTK3__
    const unsigned long xid = xid_of(w);
    if (xid == 0)
        return false;
    Display* dpy = XOpenDisplay(nullptr);
    if (dpy == nullptr)
        return false;
    Window focus = 0;
    int revert = 0;
    XGetInputFocus(dpy, &focus, &revert);
    // The window itself, or one inside it: under a window manager GTK gives the keyboard to a
    // small window of its own inside the top-level one (WM_TAKE_FOCUS).
    bool inside = false;
    const Window root = DefaultRootWindow(dpy);
    for (Window at = focus; at != 0L && at != PointerRoot && at != root && !inside;) {
        inside = at == xid;
        Window r = 0, parent = 0;
        Window* kids = nullptr;
        unsigned int n = 0;
        if (XQueryTree(dpy, at, &r, &parent, &kids, &n) == 0)
            break;
        if (kids != nullptr)
            XFree(kids);
        at = parent;
    }
    XCloseDisplay(dpy);
    return inside;
#else
    (void)w;
    return false;
#endif
}

std::vector<std::string> window_names() {
    std::vector<std::string> names;
#ifdef __WXGTK3__
    Display* d = XOpenDisplay(nullptr);
    if (d == nullptr)
        return names;
    const Atom net_wm_name = XInternAtom(d, "_NET_WM_NAME", False);
    const Atom utf8 = XInternAtom(d, "UTF8_STRING", False);
    std::vector<Window> to_visit{DefaultRootWindow(d)};  // depth first, from the root
    while (!to_visit.empty()) {
        const Window w = to_visit.back();
        to_visit.pop_back();
        Atom type = 0;
        int format = 0;
        unsigned long count = 0, after = 0;
        unsigned char* data = nullptr;
        if (XGetWindowProperty(d, w, net_wm_name, 0, 1024, False, utf8, &type, &format, &count,
                               &after, &data) == Success &&
            data != nullptr) {
            names.emplace_back(reinterpret_cast<char*>(data), count);
            XFree(data);
        }
        Window root = 0, parent = 0;
        Window* children = nullptr;
        unsigned int n = 0;
        if (XQueryTree(d, w, &root, &parent, &children, &n) != 0 && children != nullptr) {
            to_visit.insert(to_visit.end(), children, children + n);
            XFree(children);
        }
    }
    XCloseDisplay(d);
#endif
    return names;
}

}  // namespace scelle::gui::test
