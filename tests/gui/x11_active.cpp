// Marks a window as the active one, as a window manager would (_NET_ACTIVE_WINDOW on the root
// window): there is no window manager under Xvfb. Kept apart from the tests because Xlib's
// macros (None, Status…) clash with GoogleTest's names.
#include "x11_active.h"

#ifdef __WXGTK3__
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xrandr.h>
#include <gdk/gdkx.h>
#include <gtk/gtk.h>

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

}  // namespace scelle::gui::test
