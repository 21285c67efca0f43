// Private to the X11 backend: owners for Xlib's resources and a trap for X protocol errors.
//
// Xlib reports protocol errors (a window that vanished between two requests, BadMatch from
// XGetImage) through one process-wide handler whose default prints and exits. ErrorTrap
// installs a handler for the lifetime of one scope, records the errors of its own Display and
// passes those of other connections (GTK's) to the handler that was there before.
#pragma once

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xrandr.h>

#include <memory>
#include <string>

#include "scelle/base/handle.h"

namespace scelle::capture::x11 {

using DisplayPtr = Handle<Display, XCloseDisplay>;

// XDestroyImage is a macro: a named function stands for it.
inline void destroy_image(XImage* image) {
    XDestroyImage(image);
}
using ImagePtr = Handle<XImage, destroy_image>;

// Memory that Xlib allocated and that is freed with XFree (properties, window lists).
template <typename T>
using XPtr = Handle<T, XFree>;

using StringListPtr = Handle<char*, XFreeStringList>;

using MonitorsPtr = Handle<XRRMonitorInfo, XRRFreeMonitors>;

class ErrorTrap {
  public:
    // Flushes the requests made before the trap, so that their errors are not counted here.
    explicit ErrorTrap(Display* display);
    ~ErrorTrap();
    ErrorTrap(const ErrorTrap&) = delete;
    ErrorTrap& operator=(const ErrorTrap&) = delete;

    // Waits for the server to answer every request made so far, then tells whether any of
    // them failed since the trap began (or since the last clear()).
    bool failed();
    // The first error's text, as Xlib words it ("BadWindow (invalid Window parameter)").
    std::string message() const;
    void clear();

  private:
    Display* m_display;
    XErrorHandler m_previous;
};

// A shared-memory segment attached to the X server (MIT-SHM), so that the server writes the
// pixels straight into this process's memory instead of sending them through the socket.
// Owns the XImage, the segment and the server's attachment. It holds a strip of rows, not the
// whole screen: the screen is read strip by strip into the same small segment, so that the
// server and this process each touch a few hundred KiB of new memory instead of 8 MiB.
class ShmImage {
  public:
    // nullptr when MIT-SHM cannot be used here (remote display, no extension, the server
    // cannot reach the segment as in some containers): the caller then uses XGetImage.
    static std::unique_ptr<ShmImage> create(Display* display, Visual* visual, int depth,
                                            unsigned width, unsigned height);
    ~ShmImage();
    ShmImage(const ShmImage&) = delete;
    ShmImage& operator=(const ShmImage&) = delete;

    XImage* image() const { return m_image; }
    unsigned width() const { return m_width; }
    unsigned height() const { return m_height; }

  private:
    ShmImage() = default;
    Display* m_display = nullptr;
    XImage* m_image = nullptr;
    XShmSegmentInfo m_info{};
    bool m_attached = false;
    unsigned m_width = 0;
    unsigned m_height = 0;
};

}  // namespace scelle::capture::x11
