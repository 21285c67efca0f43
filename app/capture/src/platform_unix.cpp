// Linux and the BSDs: X11 through Xlib, Wayland through the xdg-desktop-portal.
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "backends.h"

namespace scelle::capture::detail {

namespace {

bool set(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

}  // namespace

Result<std::unique_ptr<Backend>> open_native_backend(std::string_view name) {
    if (name == "x11")
        return open_x11_backend();
    if (name == "portal")
        return open_portal_backend();
    return make_error(Errc::usage, std::string(name),
                      "no such capture backend here (this build has: x11, portal, fake)");
}

Result<std::string> default_backend_name() {
    // Under Wayland, X11 clients (XWayland) read black pixels: only the portal sees the
    // screen. XDG_SESSION_TYPE is set by the login manager; a bare compositor may only set
    // WAYLAND_DISPLAY.
    const char* session = std::getenv("XDG_SESSION_TYPE");
    if ((session && std::string_view(session) == "wayland") ||
        (set("WAYLAND_DISPLAY") && !set("DISPLAY")))
        return std::string("portal");
    if (set("DISPLAY"))
        return std::string("x11");
    return make_error(Errc::capture_unavailable, "capture",
                      "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
}

std::string os_description() {
    utsname u{};
    if (uname(&u) != 0)
        return "unknown";
    return fmt::format("{} {} {}", u.sysname, u.release, u.machine);
}

}  // namespace scelle::capture::detail
