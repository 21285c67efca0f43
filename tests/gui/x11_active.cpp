// Marks a window as the active one, as a window manager would (_NET_ACTIVE_WINDOW on the root
// window): there is no window manager under Xvfb. Kept apart from the tests because Xlib's
// macros (None, Status…) clash with GoogleTest's names.
#include "x11_active.h"

#ifdef __WXGTK3__
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <gdk/gdkx.h>
#include <gtk/gtk.h>
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

}  // namespace scelle::gui::test
