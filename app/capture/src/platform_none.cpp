// Platforms without a capture backend: only the fake one, so that the rest still builds.
#include <string>

#include "backends.h"

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_native_backend(std::string_view name) {
    return make_error(Errc::usage, std::string(name),
                      "no such capture backend here (this build has: fake)");
}

Result<std::string> default_backend_name() {
    return make_error(Errc::capture_unavailable, "capture",
                      "screen capture is not supported on this system");
}

std::string os_description() {
    return "unknown";
}

void prepare_large_buffer(void*, std::size_t) {}

}  // namespace scelle::capture::detail
