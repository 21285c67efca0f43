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

void prepare_large_buffer(void* data, std::size_t size) {
#ifdef MADV_HUGEPAGE
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    if (!data || size < kHugePage)
        return;
    const long page_size = sysconf(_SC_PAGESIZE);
    const auto page = static_cast<std::uintptr_t>(page_size > 0 ? page_size : 4096);
    // Widened to whole pages: the advice is about memory, and a neighbouring allocation that
    // shares the first or last page only gets the same harmless advice.
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + size + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)size;
#endif
}

}  // namespace scelle::capture::detail
