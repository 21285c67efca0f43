// The platform-independent part of scelle_capture: rectangles, the fake backend, cropping,
// and the choice of a backend.
#include <gtest/gtest.h>

#include "backends.h"
#include "env_guard.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {
namespace {

// Every pixel of `frame` is fake_pixel() at its place on the virtual screen.
void expect_fake_pixels(const Frame& frame) {
    ASSERT_EQ(frame.rgb.size(), std::size_t{frame.width} * frame.height * 3);
    std::size_t wrong = 0;
    const std::uint8_t* p = frame.rgb.data();
    for (std::uint32_t y = 0; y < frame.height; ++y)
        for (std::uint32_t x = 0; x < frame.width; ++x, p += 3) {
            const auto want = fake_pixel(frame.bounds.x + static_cast<std::int32_t>(x),
                                         frame.bounds.y + static_cast<std::int32_t>(y));
            if (p[0] != want[0] || p[1] != want[1] || p[2] != want[2])
                ++wrong;
        }
    EXPECT_EQ(wrong, 0u);
}

Frame grab_fake(const Request& request) {
    auto backend = make_fake_backend();
    auto frame = backend->grab(request);
    EXPECT_TRUE(frame.ok()) << (frame.ok() ? "" : frame.error().detail);
    return frame.ok() ? std::move(frame).value() : Frame{};
}

TEST(Rect, ContainsAndIntersect) {
    const Rect screen{0, 0, 1920, 1080};
    EXPECT_TRUE(screen.contains(Rect{0, 0, 1920, 1080}));
    EXPECT_TRUE(screen.contains(Rect{1919, 1079, 1, 1}));
    EXPECT_FALSE(screen.contains(Rect{1919, 1079, 2, 1}));
    EXPECT_FALSE(screen.contains(Rect{-1, 0, 10, 10}));
    EXPECT_FALSE(screen.contains(Rect{10, 10, 0, 5}));
    // x + width overflows 32 bits: still refused, not wrapped around.
    EXPECT_FALSE(screen.contains(Rect{10, 10, 2147483647, 5}));
    EXPECT_EQ(screen.intersect(Rect{1800, 1000, 300, 300}), (Rect{1800, 1000, 120, 80}));
    EXPECT_EQ(screen.intersect(Rect{-50, -20, 100, 100}), (Rect{0, 0, 50, 80}));
    EXPECT_TRUE(screen.intersect(Rect{1920, 0, 10, 10}).empty());
    EXPECT_TRUE((Rect{-10, -10, 5, 5}).intersect(screen).empty());
}

TEST(MonitorAt, ThePointersMonitorElseTheFirst) {
    const std::vector<Monitor> two{Monitor{0, "A", Rect{0, 0, 1280, 1024}, true},
                                   Monitor{1, "B", Rect{1280, 0, 800, 600}, false}};
    EXPECT_EQ(monitor_at(two, Point{0, 0}), 0);
    EXPECT_EQ(monitor_at(two, Point{1279, 1023}), 0);
    EXPECT_EQ(monitor_at(two, Point{1280, 0}), 1);
    EXPECT_EQ(monitor_at(two, Point{2079, 599}), 1);
    // Below the shorter monitor, on no monitor at all: the first (the primary).
    EXPECT_EQ(monitor_at(two, Point{1500, 800}), 0);
    EXPECT_EQ(monitor_at({}, Point{0, 0}), -1);
}

TEST(FakeBackend, ThePointerIsOnTheSecondScreen) {
    auto backend = make_fake_backend();
    auto at = backend->pointer();
    ASSERT_TRUE(at.ok() && at->has_value());
    auto monitors = backend->monitors();
    ASSERT_TRUE(monitors.ok());
    EXPECT_EQ(monitor_at(*monitors, **at), 1);
}

TEST(FakeBackend, ScreensHaveTheFakePixels) {
    auto backend = make_fake_backend();
    EXPECT_EQ(backend->name(), "fake");
    EXPECT_FALSE(backend->asks_the_user());
    auto monitors = backend->monitors();
    ASSERT_TRUE(monitors.ok());
    ASSERT_EQ(monitors->size(), 2u);
    EXPECT_TRUE((*monitors)[0].primary);
    EXPECT_EQ((*monitors)[1].bounds, (Rect{1280, 0, 800, 600}));

    Request first;
    const Frame a = grab_fake(first);
    EXPECT_EQ(a.width, 1280u);
    EXPECT_EQ(a.height, 720u);
    expect_fake_pixels(a);

    Request second;
    second.screen = 1;
    const Frame b = grab_fake(second);
    EXPECT_EQ(b.bounds, (Rect{1280, 0, 800, 600}));
    expect_fake_pixels(b);

    Request all;
    all.target = Target::all_screens;
    const Frame c = grab_fake(all);
    EXPECT_EQ(c.bounds, (Rect{0, 0, 2080, 720}));
    expect_fake_pixels(c);
}

TEST(FakeBackend, PixelsDifferFromTheirNeighbours) {
    // A shifted or channel-swapped frame must not pass expect_fake_pixels() by accident.
    EXPECT_NE(fake_pixel(10, 10), fake_pixel(11, 10));
    EXPECT_NE(fake_pixel(10, 10), fake_pixel(10, 11));
    const auto p = fake_pixel(37, 91);
    EXPECT_FALSE(p[0] == p[1] && p[1] == p[2]);
}

TEST(FakeBackend, WindowAndErrors) {
    Request active;
    active.target = Target::window;
    const Frame w = grab_fake(active);
    ASSERT_TRUE(w.window.has_value());
    EXPECT_EQ(w.window->title, "Discord — #général");
    EXPECT_EQ(w.window->application, "discord");
    EXPECT_EQ(w.bounds, (Rect{100, 80, 1024, 600}));
    expect_fake_pixels(w);

    Request by_id = active;
    by_id.window = w.window->id;
    EXPECT_TRUE(make_fake_backend()->grab(by_id).ok());

    auto backend = make_fake_backend();
    Request unknown = active;
    unknown.window = "0x999";
    auto r = backend->grab(unknown);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);

    Request screen3;
    screen3.screen = 2;
    r = backend->grab(screen3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_NE(r.error().detail.find("screen 3"), std::string::npos) << r.error().detail;

    Request off;
    off.target = Target::region;
    off.region = Rect{2000, 700, 200, 150};
    r = backend->grab(off);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
}

TEST(Crop, KeepsExactBoundsAndPixels) {
    Request all;
    all.target = Target::all_screens;
    const Frame full = grab_fake(all);
    auto cropped = crop(full, Rect{10, 20, 200, 150});
    ASSERT_TRUE(cropped.ok()) << cropped.error().detail;
    EXPECT_EQ(cropped->width, 200u);
    EXPECT_EQ(cropped->height, 150u);
    EXPECT_EQ(cropped->bounds, (Rect{10, 20, 200, 150}));
    EXPECT_EQ(cropped->monitors.size(), 2u);
    EXPECT_TRUE(cropped->active_window.has_value());
    expect_fake_pixels(*cropped);

    // The right and bottom edges of the frame are included, not one past them.
    auto corner = crop(full, Rect{2079, 719, 1, 1});
    ASSERT_TRUE(corner.ok());
    expect_fake_pixels(*corner);

    // A crop of a crop is relative to the virtual screen too.
    auto inner = crop(*cropped, Rect{50, 60, 20, 10});
    ASSERT_TRUE(inner.ok());
    expect_fake_pixels(*inner);
}

TEST(Crop, RefusesAreasOutsideTheFrame) {
    Request first;
    const Frame screen = grab_fake(first);  // 1280×720 at 0,0
    for (const Rect& area : {Rect{1200, 700, 200, 150}, Rect{-1, 0, 10, 10}, Rect{1280, 0, 1, 1},
                             Rect{10, 10, 0, 10}}) {
        auto r = crop(screen, area);
        ASSERT_FALSE(r.ok()) << area.x << "," << area.y;
        EXPECT_EQ(r.error().code, Errc::usage);
    }
    Frame encoded_only;
    encoded_only.png = std::vector<std::byte>(10);
    encoded_only.bounds = Rect{0, 0, 100, 100};
    auto r = crop(encoded_only, Rect{0, 0, 10, 10});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
}

TEST(OpenBackend, ByName) {
    auto fake = open_backend("fake");
    ASSERT_TRUE(fake.ok());
    EXPECT_EQ((*fake)->name(), "fake");
    auto nope = open_backend("nope");
    ASSERT_FALSE(nope.ok());
    EXPECT_EQ(nope.error().code, Errc::usage);
    EXPECT_NE(nope.error().detail.find("fake"), std::string::npos) << "the detail lists names";
}

TEST(OpenBackend, VariableChoosesFirst) {
    test::EnvGuard env;
    env.set(detail::kBackendVariable, "fake");
    auto fake = open_platform_backend();
    ASSERT_TRUE(fake.ok());
    EXPECT_EQ((*fake)->name(), "fake");
    env.set(detail::kBackendVariable, "nope");
    auto nope = open_platform_backend();
    ASSERT_FALSE(nope.ok());
    EXPECT_EQ(nope.error().code, Errc::usage);
}

#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
TEST(OpenBackend, SessionChoosesX11OrPortal) {
    test::EnvGuard env;
    env.unset(detail::kBackendVariable);
    env.set("DISPLAY", ":0");
    env.unset("WAYLAND_DISPLAY");
    env.set("XDG_SESSION_TYPE", "x11");
    EXPECT_EQ(detail::default_backend_name().value(), "x11");
    env.set("XDG_SESSION_TYPE", "wayland");
    EXPECT_EQ(detail::default_backend_name().value(), "portal");
    env.unset("XDG_SESSION_TYPE");
    env.set("WAYLAND_DISPLAY", "wayland-0");
    EXPECT_EQ(detail::default_backend_name().value(), "x11") << "XWayland with DISPLAY set";
    env.unset("DISPLAY");
    EXPECT_EQ(detail::default_backend_name().value(), "portal");
    env.unset("WAYLAND_DISPLAY");
    auto none = detail::default_backend_name();
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, Errc::capture_unavailable);
    auto open = open_platform_backend();
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().code, Errc::capture_unavailable);
}
#endif

}  // namespace
}  // namespace scelle::capture
