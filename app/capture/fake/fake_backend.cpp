// The fake backend: a drawn screen that never changes, so that tests and demos can capture
// without a display and compare every pixel.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "scelle/capture/capture.h"

namespace scelle::capture {

namespace {

constexpr const char* kActiveId = "0x2a00007";

std::vector<Monitor> fake_monitors() {
    return {
        Monitor{0, "FAKE-1", Rect{0, 0, 1280, 720}, true},
        Monitor{1, "FAKE-2", Rect{1280, 0, 800, 600}, false},
    };
}

// The bounding box of the monitors, as X11's root window and Windows' virtual screen are.
Rect virtual_screen(const std::vector<Monitor>& monitors) {
    std::int32_t left = 0, top = 0, right = 0, bottom = 0;
    for (const Monitor& m : monitors) {
        left = std::min(left, m.bounds.x);
        top = std::min(top, m.bounds.y);
        right = std::max(right, m.bounds.x + m.bounds.width);
        bottom = std::max(bottom, m.bounds.y + m.bounds.height);
    }
    return Rect{left, top, right - left, bottom - top};
}

WindowInfo fake_active_window() {
    return WindowInfo{kActiveId, "Discord — #général", "discord", Rect{100, 80, 1024, 600}};
}

class FakeBackend final : public Backend {
  public:
    std::string_view name() const override { return "fake"; }

    Result<std::vector<Monitor>> monitors() override { return fake_monitors(); }

    Result<std::optional<WindowInfo>> active_window() override {
        return std::optional<WindowInfo>(fake_active_window());
    }

    Result<std::optional<Point>> pointer() override {
        return std::optional<Point>(Point{1400, 300});
    }

    Result<Frame> grab(const Request& request) override {
        Frame frame;
        frame.backend = "fake";
        frame.monitors = fake_monitors();
        frame.active_window = fake_active_window();
        const Rect screen = virtual_screen(frame.monitors);
        switch (request.target) {
            case Target::screen:
                if (request.screen < 0 ||
                    static_cast<std::size_t>(request.screen) >= frame.monitors.size())
                    return make_error(Errc::usage, "capture",
                                      fmt::format("there is no screen {} (screens: 1 to {})",
                                                  request.screen + 1, frame.monitors.size()));
                frame.bounds = frame.monitors[static_cast<std::size_t>(request.screen)].bounds;
                break;
            case Target::all_screens:
                frame.bounds = screen;
                break;
            case Target::region:
                if (!screen.contains(request.region))
                    return make_error(
                        Errc::usage, "capture",
                        fmt::format("the region {}×{} at {},{} is not inside the screen {}×{}",
                                    request.region.width, request.region.height, request.region.x,
                                    request.region.y, screen.width, screen.height));
                frame.bounds = request.region;
                break;
            case Target::window:
                if (request.window != "active" && request.window != kActiveId)
                    return make_error(Errc::usage, "capture",
                                      fmt::format("no window has the id {}", request.window));
                frame.window = fake_active_window();
                frame.bounds = frame.window->bounds.intersect(screen);
                break;
        }
        paint(frame);
        return frame;
    }

  private:
    static void paint(Frame& frame) {
        frame.width = static_cast<std::uint32_t>(frame.bounds.width);
        frame.height = static_cast<std::uint32_t>(frame.bounds.height);
        frame.rgb.resize(std::size_t{frame.width} * frame.height * 3);
        std::uint8_t* p = frame.rgb.data();
        for (std::int32_t y = 0; y < frame.bounds.height; ++y)
            for (std::int32_t x = 0; x < frame.bounds.width; ++x) {
                const auto px = fake_pixel(frame.bounds.x + x, frame.bounds.y + y);
                *p++ = px[0];
                *p++ = px[1];
                *p++ = px[2];
            }
    }
};

}  // namespace

std::unique_ptr<Backend> make_fake_backend() {
    return std::make_unique<FakeBackend>();
}

std::array<std::uint8_t, 3> fake_pixel(std::int32_t x, std::int32_t y) {
    // Every channel depends on both coordinates differently, so that a frame shifted by one
    // pixel in any direction, or with channels swapped, never matches.
    const auto ux = static_cast<std::uint32_t>(x);
    const auto uy = static_cast<std::uint32_t>(y);
    return {static_cast<std::uint8_t>(ux * 3 + uy), static_cast<std::uint8_t>(ux ^ (uy * 5)),
            static_cast<std::uint8_t>((ux * 7 + uy * 11) >> 2)};
}

}  // namespace scelle::capture
