// macOS: ScreenCaptureKit.
#include <sys/sysctl.h>
#include <sys/utsname.h>

#include <string>

#include <fmt/format.h>

#include "backends.h"

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_native_backend(std::string_view name) {
    if (name == "macos")
        return open_macos_backend();
    return make_error(Errc::usage, std::string(name),
                      "no such capture backend here (this build has: macos, fake)");
}

Result<std::string> default_backend_name() {
    return std::string("macos");
}

std::string os_description() {
    // "macOS 14.4.1 (Darwin 23.4.0) arm64": the product version is what users know.
    char product[64] = {};
    std::size_t size = sizeof product;
    const bool has_product = sysctlbyname("kern.osproductversion", product, &size, nullptr, 0) == 0;
    utsname u{};
    if (uname(&u) != 0)
        return has_product ? fmt::format("macOS {}", product) : "macOS";
    if (has_product)
        return fmt::format("macOS {} ({} {}) {}", product, u.sysname, u.release, u.machine);
    return fmt::format("{} {} {}", u.sysname, u.release, u.machine);
}

// macOS gives large allocations their own mappings; nothing to advise.
void prepare_large_buffer(void*, std::size_t) {}

}  // namespace scelle::capture::detail
