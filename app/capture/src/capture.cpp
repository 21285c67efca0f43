// The platform-independent half of scelle_capture: cropping, and the choice of a backend by
// name or by session (rectangle arithmetic: rect.cpp).
#include "scelle/capture/capture.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "backends.h"

namespace scelle::capture {

int monitor_at(const std::vector<Monitor>& monitors, Point at) {
    for (std::size_t i = 0; i < monitors.size(); ++i)
        if (monitors[i].bounds.contains(Rect{at.x, at.y, 1, 1}))
            return static_cast<int>(i);
    return monitors.empty() ? -1 : 0;
}

Result<Frame> crop(const Frame& frame, const Rect& area) {
    if (frame.rgb.empty())
        return make_error(Errc::usage, "capture",
                          frame.png ? "a frame that holds only the platform's PNG cannot be "
                                      "cropped (its bytes are kept as they are)"
                                    : "the frame holds no pixels");
    if (frame.rgb.size() != std::size_t{frame.width} * frame.height * 3)
        return make_error(Errc::internal, "capture", "the frame's pixel buffer has the wrong size");
    if (!frame.bounds.contains(area))
        return make_error(Errc::usage, "capture",
                          fmt::format("the area {}×{} at {},{} is not inside the captured {}×{} "
                                      "at {},{}",
                                      area.width, area.height, area.x, area.y, frame.bounds.width,
                                      frame.bounds.height, frame.bounds.x, frame.bounds.y));
    Frame out;
    out.width = static_cast<std::uint32_t>(area.width);
    out.height = static_cast<std::uint32_t>(area.height);
    out.bounds = area;
    out.monitors = frame.monitors;
    out.active_window = frame.active_window;
    out.window = frame.window;
    out.backend = frame.backend;
    out.rgb.resize(std::size_t{out.width} * out.height * 3);
    const std::size_t src_stride = std::size_t{frame.width} * 3;
    const std::size_t dst_stride = std::size_t{out.width} * 3;
    const std::size_t dx = static_cast<std::size_t>(area.x - frame.bounds.x);
    const std::size_t dy = static_cast<std::size_t>(area.y - frame.bounds.y);
    for (std::size_t row = 0; row < out.height; ++row)
        std::memcpy(out.rgb.data() + row * dst_stride,
                    frame.rgb.data() + (dy + row) * src_stride + dx * 3, dst_stride);
    return out;
}

Result<std::unique_ptr<Backend>> open_backend(std::string_view name) {
    if (name == "fake")
        return make_fake_backend();
    return detail::open_native_backend(name);
}

Result<std::unique_ptr<Backend>> open_platform_backend() {
    // The variable comes first so that a user (or a test) can force a backend when the
    // session's own signs are wrong, as under XWayland where X11 grabs come out black.
    if (const char* forced = std::getenv(detail::kBackendVariable); forced && *forced)
        return open_backend(forced);
    SCELLE_ASSIGN_OR_RETURN(const std::string name, detail::default_backend_name());
    return open_backend(name);
}

}  // namespace scelle::capture
