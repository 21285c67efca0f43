// The X11 backend against a real X server (Xvfb in CI): windows showing a known pattern are
// captured and every pixel is compared. Skipped when DISPLAY is not set.
//
// Each test draws at its own place on the screen, so that tests run in parallel on one
// display never cover each other's pixels.
// gtest first: Xlib's macros (None, Bool, Status) would break its templates.
#include <gtest/gtest.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "env_guard.h"
#include "scelle/capture/capture.h"
#include "x11/x11_display.h"

namespace scelle::capture {
namespace {

std::array<std::uint8_t, 3> pattern_pixel(std::int32_t x, std::int32_t y) {
    const auto ux = static_cast<std::uint32_t>(x);
    const auto uy = static_cast<std::uint32_t>(y);
    return {static_cast<std::uint8_t>(ux * 5 + uy * 3 + 17),
            static_cast<std::uint8_t>((ux ^ uy) * 7), static_cast<std::uint8_t>(uy * 9 - ux)};
}

constexpr std::int32_t kWidth = 241;
constexpr std::int32_t kHeight = 133;
constexpr const char* kTitle = "Preuve — tést ✓";
constexpr const char* kClass = "ScelleTest";

class X11Capture : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* name = std::getenv("DISPLAY");
        if (!name || !*name)
            GTEST_SKIP() << "DISPLAY is not set (CI runs these under xvfb-run)";
        m_display.reset(XOpenDisplay(nullptr));
        ASSERT_TRUE(m_display) << "cannot open " << name;
        Display* d = m_display.get();
        m_visual = DefaultVisual(d, DefaultScreen(d));
        if (m_visual->c_class != TrueColor || m_visual->bits_per_rgb != 8)
            GTEST_SKIP() << "the tests draw on a 24-bit TrueColor screen";
        auto backend = open_backend("x11");
        ASSERT_TRUE(backend.ok()) << backend.error().detail;
        m_backend = std::move(backend).value();
    }

    void TearDown() override {
        if (!m_display)
            return;
        for (const Window w : m_windows)
            XDestroyWindow(m_display.get(), w);
        for (const Pixmap p : m_pixmaps)
            XFreePixmap(m_display.get(), p);
        XSync(m_display.get(), False);
    }

    unsigned long pixel_value(const std::array<std::uint8_t, 3>& rgb) const {
        const auto place = [](unsigned long mask, std::uint8_t v) {
            return (static_cast<unsigned long>(v) << std::countr_zero(mask)) & mask;
        };
        return place(m_visual->red_mask, rgb[0]) | place(m_visual->green_mask, rgb[1]) |
               place(m_visual->blue_mask, rgb[2]);
    }

    // An override-redirect window (no window manager moves it) at `at`, painted with the
    // pattern by the server itself (its background pixmap), mapped and drawn on return.
    Window show_pattern(const Rect& at) {
        Display* d = m_display.get();
        const int screen = DefaultScreen(d);
        const Window root = RootWindow(d, screen);
        const auto depth = static_cast<unsigned>(DefaultDepth(d, screen));
        const Pixmap pixmap = XCreatePixmap(d, root, kWidth, kHeight, depth);
        m_pixmaps.push_back(pixmap);
        auto* data = static_cast<char*>(std::malloc(std::size_t{kWidth} * kHeight * 4));
        x11::ImagePtr image(
            XCreateImage(d, m_visual, depth, ZPixmap, 0, data, kWidth, kHeight, 32, 0));
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x)
                XPutPixel(image.get(), x, y, pixel_value(pattern_pixel(x, y)));
        XPutImage(d, pixmap, DefaultGC(d, screen), image.get(), 0, 0, 0, 0, kWidth, kHeight);

        XSetWindowAttributes attrs{};
        attrs.override_redirect = True;
        attrs.background_pixmap = pixmap;
        attrs.event_mask = StructureNotifyMask;
        const Window w = XCreateWindow(d, root, at.x, at.y, kWidth, kHeight, 0,
                                       static_cast<int>(depth), InputOutput, m_visual,
                                       CWOverrideRedirect | CWBackPixmap | CWEventMask, &attrs);
        m_windows.push_back(w);
        const Atom utf8 = XInternAtom(d, "UTF8_STRING", False);
        XChangeProperty(d, w, XInternAtom(d, "_NET_WM_NAME", False), utf8, 8, PropModeReplace,
                        reinterpret_cast<const unsigned char*>(kTitle),
                        static_cast<int>(std::strlen(kTitle)));
        std::string res_name = "scelle-test", res_class = kClass;
        XClassHint hint{res_name.data(), res_class.data()};
        XSetClassHint(d, w, &hint);
        XMapRaised(d, w);
        XEvent event;
        do
            XWindowEvent(d, w, StructureNotifyMask, &event);
        while (event.type != MapNotify);
        XClearWindow(d, w);
        XSync(d, False);
        return w;
    }

    // Every pixel of the pattern drawn at `at` that lies inside `frame` must be exact.
    static void expect_pattern(const Frame& frame, const Rect& at) {
        const Rect visible = frame.bounds.intersect(Rect{at.x, at.y, kWidth, kHeight});
        ASSERT_FALSE(visible.empty());
        ASSERT_EQ(frame.rgb.size(), std::size_t{frame.width} * frame.height * 3);
        std::size_t wrong = 0;
        std::string first;
        for (std::int32_t y = visible.y; y < visible.y + visible.height; ++y)
            for (std::int32_t x = visible.x; x < visible.x + visible.width; ++x) {
                const std::size_t at_frame =
                    (static_cast<std::size_t>(y - frame.bounds.y) * frame.width +
                     static_cast<std::size_t>(x - frame.bounds.x)) *
                    3;
                const auto want = pattern_pixel(x - at.x, y - at.y);
                const std::uint8_t* got = frame.rgb.data() + at_frame;
                if (got[0] != want[0] || got[1] != want[1] || got[2] != want[2]) {
                    if (wrong++ == 0)
                        first = fmt::format("at {},{}: got {},{},{} want {},{},{}", x, y, got[0],
                                            got[1], got[2], want[0], want[1], want[2]);
                }
            }
        EXPECT_EQ(wrong, 0u) << first;
    }

    Result<Frame> grab(const Request& request) { return m_backend->grab(request); }

    x11::DisplayPtr m_display;
    Visual* m_visual = nullptr;
    std::unique_ptr<Backend> m_backend;
    std::vector<Window> m_windows;
    std::vector<Pixmap> m_pixmaps;
};

TEST_F(X11Capture, MonitorsCoverTheScreen) {
    Display* d = m_display.get();
    auto monitors = m_backend->monitors();
    ASSERT_TRUE(monitors.ok());
    ASSERT_FALSE(monitors->empty());
    const Monitor& first = monitors->front();
    EXPECT_EQ(first.index, 0);
    EXPECT_EQ(first.bounds.x, 0);
    EXPECT_EQ(first.bounds.y, 0);
    // Xvfb has one monitor as large as its screen: 1920×1080 under the CI's xvfb-run.
    EXPECT_EQ(first.bounds.width, DisplayWidth(d, DefaultScreen(d)));
    EXPECT_EQ(first.bounds.height, DisplayHeight(d, DefaultScreen(d)));
    if (const char* ci = std::getenv("SCELLE_EXPECT_SCREEN"); ci && *ci) {
        EXPECT_EQ(fmt::format("{}x{}", first.bounds.width, first.bounds.height), ci);
    }
}

TEST_F(X11Capture, PointerIsWhereItWasMoved) {
    Display* d = m_display.get();
    XWarpPointer(d, 0L, DefaultRootWindow(d), 0, 0, 0, 0, 123, 45);
    XSync(d, False);
    auto at = m_backend->pointer();
    ASSERT_TRUE(at.ok() && at->has_value());
    EXPECT_EQ((*at)->x, 123);
    EXPECT_EQ((*at)->y, 45);
}

TEST_F(X11Capture, ScreenShowsThePatternExactly) {
    const Rect at{37, 41, kWidth, kHeight};
    show_pattern(at);
    auto frame = grab(Request{});
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    EXPECT_EQ(frame->backend, "x11");
    EXPECT_EQ(static_cast<int>(frame->width), DisplayWidth(m_display.get(), 0));
    EXPECT_EQ(static_cast<int>(frame->height), DisplayHeight(m_display.get(), 0));
    expect_pattern(*frame, at);

    Request all;
    all.target = Target::all_screens;
    auto everything = grab(all);
    ASSERT_TRUE(everything.ok());
    expect_pattern(*everything, at);
    // The encoded PNG holds the same pixels.
    auto capture = encode(std::move(everything).value());
    ASSERT_TRUE(capture.ok());
    EXPECT_GT(capture->png.size(), 1000u);
}

TEST_F(X11Capture, RegionIsExact) {
    const Rect at{400, 60, kWidth, kHeight};
    show_pattern(at);
    Request request;
    request.target = Target::region;
    request.region = Rect{at.x, at.y, kWidth, kHeight};
    auto frame = grab(request);
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    EXPECT_EQ(frame->width, static_cast<std::uint32_t>(kWidth));
    EXPECT_EQ(frame->height, static_cast<std::uint32_t>(kHeight));
    expect_pattern(*frame, at);

    // A 200×150 region stays 200×150 (its corner inside the pattern, the rest beside it).
    request.region = Rect{at.x + 20, at.y + 10, 200, 150};
    auto part = grab(request);
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(part->width, 200u);
    EXPECT_EQ(part->height, 150u);
    EXPECT_EQ(part->bounds, request.region);
    expect_pattern(*part, at);
}

TEST_F(X11Capture, WindowByIdHasItsPixelsTitleAndApplication) {
    const Rect at{800, 90, kWidth, kHeight};
    const Window w = show_pattern(at);
    for (const std::string& id : {fmt::format("{:#x}", w), std::to_string(w)}) {
        Request request;
        request.target = Target::window;
        request.window = id;
        auto frame = grab(request);
        ASSERT_TRUE(frame.ok()) << id << ": " << frame.error().detail;
        ASSERT_TRUE(frame->window.has_value());
        EXPECT_EQ(frame->window->id, fmt::format("{:#x}", w));
        EXPECT_EQ(frame->window->title, kTitle);
        EXPECT_EQ(frame->window->application, kClass);
        EXPECT_EQ(frame->window->bounds, at);
        EXPECT_EQ(frame->bounds, at);
        expect_pattern(*frame, at);
        EXPECT_EQ(source_text(*frame, request), fmt::format("“{}” ({})", kTitle, kClass));
    }
}

TEST_F(X11Capture, WindowPartlyOffScreenIsClipped) {
    Display* d = m_display.get();
    const int sw = DisplayWidth(d, 0), sh = DisplayHeight(d, 0);
    const Rect at{sw - 120, sh - 80, kWidth, kHeight};
    const Window w = show_pattern(at);
    Request request;
    request.target = Target::window;
    request.window = fmt::format("{:#x}", w);
    auto frame = grab(request);
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    EXPECT_EQ(frame->bounds, (Rect{sw - 120, sh - 80, 120, 80}));
    EXPECT_EQ(frame->window->bounds, at) << "the window's own frame is recorded unclipped";
    expect_pattern(*frame, at);
}

TEST_F(X11Capture, WithoutSharedMemoryToo) {
    test::EnvGuard env;
    env.set("SCELLE_X11_NO_SHM", "1");
    auto backend = open_backend("x11");
    ASSERT_TRUE(backend.ok());
    const Rect at{1200, 120, kWidth, kHeight};
    show_pattern(at);
    Request request;
    request.target = Target::region;
    request.region = Rect{at.x - 3, at.y - 5, kWidth + 10, kHeight + 9};
    auto frame = (*backend)->grab(request);
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    expect_pattern(*frame, at);
}

TEST_F(X11Capture, ActiveWindowFromFocusThenEwmh) {
    Display* d = m_display.get();
    const Rect at{1500, 600, kWidth, kHeight};
    const Window w = show_pattern(at);
    const Atom net_active = XInternAtom(d, "_NET_ACTIVE_WINDOW", False);
    const Window root = DefaultRootWindow(d);
    XDeleteProperty(d, root, net_active);
    // No window manager: the keyboard focus, on a child, is raised to its top-level window.
    XSetWindowAttributes attrs{};
    const Window child = XCreateWindow(d, w, 10, 10, 20, 20, 0, CopyFromParent, InputOnly,
                                       CopyFromParent, 0, &attrs);
    XMapWindow(d, child);
    XSync(d, False);
    XSetInputFocus(d, child, RevertToParent, CurrentTime);
    XSync(d, False);
    auto active = m_backend->active_window();
    ASSERT_TRUE(active.ok());
    ASSERT_TRUE(active->has_value());
    EXPECT_EQ((*active)->id, fmt::format("{:#x}", w));
    EXPECT_EQ((*active)->title, kTitle);

    // An EWMH window manager's answer comes first.
    const Window other = show_pattern(Rect{1500, 800, kWidth, kHeight});
    const long value = static_cast<long>(other);
    XChangeProperty(d, root, net_active, XA_WINDOW, 32, PropModeReplace,
                    reinterpret_cast<const unsigned char*>(&value), 1);
    XSync(d, False);
    Request request;
    request.target = Target::window;
    auto frame = grab(request);
    XDeleteProperty(d, root, net_active);
    XSetInputFocus(d, PointerRoot, RevertToPointerRoot, CurrentTime);
    XSync(d, False);
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    ASSERT_TRUE(frame->window.has_value());
    EXPECT_EQ(frame->window->id, fmt::format("{:#x}", other));
    expect_pattern(*frame, Rect{1500, 800, kWidth, kHeight});
}

TEST_F(X11Capture, UnknownOrClosedWindowIsAUsageError) {
    Display* d = m_display.get();
    const Window gone = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, 10, 10, 0, 0, 0);
    XDestroyWindow(d, gone);
    XSync(d, False);
    for (const std::string& id : {fmt::format("{:#x}", gone), std::string("0x7ffffff0"),
                                  std::string("not-a-window"), std::string("0x")}) {
        Request request;
        request.target = Target::window;
        request.window = id;
        auto frame = grab(request);
        ASSERT_FALSE(frame.ok()) << id;
        EXPECT_EQ(frame.error().code, Errc::usage) << id;
    }
    // The backend is still usable after the server reported errors.
    EXPECT_TRUE(grab(Request{}).ok());
}

TEST_F(X11Capture, RegionOffScreenAndBadScreenAreUsageErrors) {
    Display* d = m_display.get();
    Request request;
    request.target = Target::region;
    request.region = Rect{DisplayWidth(d, 0) - 100, 10, 200, 150};
    auto frame = grab(request);
    ASSERT_FALSE(frame.ok());
    EXPECT_EQ(frame.error().code, Errc::usage);
    EXPECT_NE(frame.error().detail.find("not inside the screen"), std::string::npos)
        << frame.error().detail;
    request.region = Rect{-5, 0, 10, 10};
    EXPECT_FALSE(grab(request).ok());

    Request screen;
    screen.screen = 7;
    frame = grab(screen);
    ASSERT_FALSE(frame.ok());
    EXPECT_EQ(frame.error().code, Errc::usage);
}

// Needs no X server: it is about not finding one.
TEST(X11Open, NoDisplayIsUnavailable) {
    test::EnvGuard env;
    env.set("DISPLAY", ":9999");
    auto backend = open_backend("x11");
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.error().code, Errc::capture_unavailable);
    EXPECT_NE(backend.error().detail.find(":9999"), std::string::npos) << backend.error().detail;

    env.unset("DISPLAY");
    backend = open_backend("x11");
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.error().code, Errc::capture_unavailable);
    EXPECT_EQ(backend.error().detail, "no X display (DISPLAY is not set)");
}

}  // namespace
}  // namespace scelle::capture
