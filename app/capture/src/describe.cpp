// What a capture records about itself: the custody log's JSON (describe()) and the item's
// one-line source (source_text()). Both are machine-stable: never translated.
#include <string>

#include <fmt/format.h>

#include "backends.h"
#include "scelle/base/version.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {

namespace {

// Only integers go into the JSON: the custody log's canonical form has no floats.
nlohmann::json rect_json(const Rect& r) {
    return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
}

nlohmann::json window_json(const WindowInfo& w) {
    nlohmann::json j = rect_json(w.bounds);
    j["id"] = w.id;
    j["title"] = w.title;
    j["application"] = w.application;
    return j;
}

// The monitor holding the rectangle's top-left corner, or nullptr.
const Monitor* monitor_at(const Frame& frame, const Rect& r) {
    for (const Monitor& m : frame.monitors)
        if (m.bounds.contains(Rect{r.x, r.y, 1, 1}))
            return &m;
    return nullptr;
}

std::string window_text(const WindowInfo& w) {
    std::string text =
        w.title.empty() ? fmt::format("Window {}", w.id) : fmt::format("“{}”", w.title);
    if (!w.application.empty())
        text += fmt::format(" ({})", w.application);
    return text;
}

}  // namespace

nlohmann::json describe(const Frame& frame) {
    nlohmann::json j = nlohmann::json::object();
    j["backend"] = frame.backend;
    j["bounds"] = rect_json(frame.bounds);
    j["width"] = frame.width;
    j["height"] = frame.height;
    nlohmann::json monitors = nlohmann::json::array();
    for (const Monitor& m : frame.monitors) {
        nlohmann::json mj = rect_json(m.bounds);
        mj["index"] = m.index;
        mj["name"] = m.name;
        mj["primary"] = m.primary;
        monitors.push_back(std::move(mj));
    }
    j["monitors"] = std::move(monitors);
    if (frame.active_window)
        j["active_window"] = window_json(*frame.active_window);
    if (frame.window)
        j["window"] = window_json(*frame.window);
    j["encoded_by_platform"] = frame.png.has_value();
    j["app"] = fmt::format("Scellé {}", scelle::kVersion);
    j["os"] = detail::os_description();
    return j;
}

std::string source_text(const Frame& frame, const Request& request) {
    const std::string size = fmt::format("{}×{}", frame.width, frame.height);
    // The portal's dialog chooses the area itself: what was asked is not what was taken.
    if (frame.png && (request.target == Target::region || request.target == Target::window))
        return fmt::format("Area chosen in the system's screenshot dialog ({})", size);
    switch (request.target) {
        case Target::window:
            if (frame.window)
                return window_text(*frame.window);
            return fmt::format("Window ({})", size);
        case Target::screen:
            if (frame.monitors.size() > 1)
                return fmt::format("Screen {} of {} ({})", request.screen + 1,
                                   frame.monitors.size(), size);
            return fmt::format("Screen {} ({})", request.screen + 1, size);
        case Target::all_screens:
            return fmt::format("All screens ({})", size);
        case Target::region: {
            // Coordinates are given from the monitor's corner, as the user sees them there;
            // the log keeps the virtual-screen bounds.
            const Rect& r = frame.bounds;
            if (const Monitor* m = monitor_at(frame, r))
                return fmt::format("Region {} at {},{} of screen {}", size, r.x - m->bounds.x,
                                   r.y - m->bounds.y, m->index + 1);
            return fmt::format("Region {} at {},{}", size, r.x, r.y);
        }
    }
    return fmt::format("Screen capture ({})", size);
}

}  // namespace scelle::capture
