// Screen capture: one interface over each platform's way of reading the screen's pixels.
//
// A Backend reads pixels (a Frame); encode() turns a Frame into a PNG exactly once, and that
// PNG is the original that the case store seals. Where the platform itself hands over an
// encoded image (the xdg-desktop-portal writes a PNG file), those bytes are the original and
// are kept unchanged.
//
// Backends, each compiled only where it belongs (app/capture/<platform>/, chosen by CMake):
//   x11      Xlib: XGetImage on the root window, XRandR for the monitors, the EWMH
//            _NET_ACTIVE_WINDOW for the active window (Linux and BSD under X11)
//   portal   org.freedesktop.portal.Screenshot through libportal (Wayland sessions)
//   windows  GDI BitBlt / PrintWindow, per-monitor DPI aware
//   macos    ScreenCaptureKit, with the Screen Recording permission
//   fake     a deterministic drawn screen, always built, for tests
//
// Ownership: a Backend owns its connection to the display server. A Backend is used by one
// thread at a time; different Backend objects are independent. Frames and Captures are plain
// values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scelle/base/result.h"

namespace scelle::capture {

// A rectangle on the virtual screen (all monitors together; x and y may be negative on
// Windows and macOS). Built from origin and size, never from two corners.
struct Rect {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::int32_t width = 0;
    std::int32_t height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
    bool contains(const Rect& r) const;
    Rect intersect(const Rect& r) const;  // empty when they do not overlap
    friend bool operator==(const Rect&, const Rect&) = default;
};

struct Point {
    std::int32_t x = 0;
    std::int32_t y = 0;
};

// Which way a scrolling capture turns the wheel: down reads on towards the end of a
// conversation (the newest messages), up back towards its beginning.
enum class ScrollDirection { down, up };
const char* to_string(ScrollDirection direction);  // "down", "up"

struct Monitor {
    int index = 0;     // 0-based, in the order the platform lists them, primary first
    std::string name;  // the output's name ("HDMI-1", "\\.\DISPLAY1"), or empty
    Rect bounds;       // in virtual-screen pixels
    bool primary = false;
};

struct WindowInfo {
    std::string id;           // the platform's id, as text (X11: "0x3a00007")
    std::string title;        // UTF-8; empty when the platform does not say
    std::string application;  // X11: WM_CLASS class; Windows: the .exe name; macOS: bundle id
    Rect bounds;              // its frame on the virtual screen
};

enum class Target {
    screen,       // one monitor: Request::screen
    all_screens,  // the whole virtual screen
    region,       // Request::region, on the virtual screen
    window,       // Request::window
};

struct Request {
    Target target = Target::screen;
    int screen = 0;                 // Target::screen: the monitor's index
    Rect region;                    // Target::region
    std::string window = "active";  // Target::window: "active" or the platform's id
};

// Pixels read from the screen, before encoding.
struct Frame {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgb;  // width * height * 3 bytes, 8-bit RGB, rows top to bottom
    Rect bounds;                    // where these pixels are on the virtual screen
    std::vector<Monitor> monitors;  // the screen geometry when the pixels were read
    std::optional<WindowInfo> active_window;  // the focused window, where the platform says
    std::optional<WindowInfo> window;         // Target::window: the window captured
    std::string backend;                      // "x11", "portal", "windows", "macos", "fake"
    // Set when the platform handed over an encoded PNG (the portal): then `rgb` may be empty
    // and these bytes are the original, kept as they are.
    std::optional<std::vector<std::byte>> png;
};

// The pixels of `frame` inside `area` (virtual-screen coordinates), as a new frame with the
// same metadata. `area` must lie inside frame.bounds (Errc::usage otherwise). A frame that
// holds only an encoded PNG cannot be cropped (Errc::usage): crop before encoding.
Result<Frame> crop(const Frame& frame, const Rect& area);

// A frame encoded once: `png` is the original that gets sealed.
struct Capture {
    std::vector<std::byte> png;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    Frame frame;  // the metadata; its rgb is emptied by encode() to save memory
};

// Encodes the frame's pixels as PNG (or keeps the platform's PNG). Errc::usage for a frame
// with no pixels.
Result<Capture> encode(Frame frame);

// What is recorded with a capture in the custody log: the backend, the capture's bounds, the
// monitors, the active window and the captured window (titles and applications), the tool's
// version and the operating system. Keys are stable, values are strings, integers, booleans,
// arrays and objects only (the custody log allows no floats).
nlohmann::json describe(const Frame& frame);

// A one-line human text for the item's "source": the window's title and application, or the
// screen captured ("Screen 1 (1920×1080)"), in English; the log keeps the details.
std::string source_text(const Frame& frame, const Request& request);

class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::string_view name() const = 0;
    // True when grab() shows the platform's own dialog (the portal): captures cannot then be
    // automated, and the region and window are chosen in that dialog.
    virtual bool asks_the_user() const { return false; }
    virtual Result<std::vector<Monitor>> monitors() = 0;
    virtual Result<std::optional<WindowInfo>> active_window() = 0;
    // Where the mouse pointer is on the virtual screen; nullopt where the platform does not
    // say (the portal).
    virtual Result<std::optional<Point>> pointer() { return std::optional<Point>(); }
    // Reads the pixels that `request` names. Errors: Errc::usage (no such monitor or window,
    // a region off the screen), Errc::capture_unavailable (no display, permission refused, the
    // display server gave no pixels: the detail says which), Errc::capture_cancelled (the
    // user closed the platform's dialog).
    virtual Result<Frame> grab(const Request& request) = 0;
    // Turns the mouse wheel `clicks` notches with the pointer at `at` (virtual-screen
    // coordinates), as the person would over the window to scroll; the pointer stays there.
    // Errc::capture_unavailable where the platform cannot (the portal, macOS, the fake screen).
    virtual Result<void> scroll(Point /*at*/, ScrollDirection /*direction*/, int /*clicks*/) {
        return make_error(Errc::capture_unavailable, std::string(name()),
                          "this capture backend cannot scroll a window");
    }
    // True while the Esc key is held down, whichever window has the keyboard: how a person
    // stops a scrolling capture. On Windows, also when it was pressed since the last call (a
    // short press between two calls): the first call of a capture may then tell of a press
    // from before it, and is not taken as a request. False where the platform does not say.
    virtual bool escape_held() { return false; }
    // Puts the pointer back at `at` (where it was before a scrolling capture).
    virtual Result<void> move_pointer(Point /*at*/) {
        return make_error(Errc::capture_unavailable, std::string(name()),
                          "this capture backend cannot move the pointer");
    }
};

// The backend for this session: on Linux, the portal when the session is Wayland
// (XDG_SESSION_TYPE=wayland or WAYLAND_DISPLAY set without DISPLAY), else X11 on $DISPLAY.
// Errc::capture_unavailable when there is no display at all. SCELLE_CAPTURE_BACKEND, when set,
// names the backend instead (as open_backend() takes it).
Result<std::unique_ptr<Backend>> open_platform_backend();

// Opens a backend by name ("x11", "portal", "windows", "macos", "fake"); Errc::usage for a
// name not built on this platform. SCELLE_CAPTURE_BACKEND chooses it for the CLI and tests.
Result<std::unique_ptr<Backend>> open_backend(std::string_view name);

// The monitor of `monitors` that holds `at` (the first when none does: a pointer between two
// monitors of different heights); -1 for an empty list.
int monitor_at(const std::vector<Monitor>& monitors, Point at);

// The fake screen: two monitors side by side (1280×720 primary at 0,0 and 800×600 at 1280,0)
// painted with a fixed pattern (pixel (x, y) = fake_pixel(x, y)), an active window "Discord —
// #général" of application "discord" at 100,80 1024×600, the pointer at 1400,300 (on the
// second monitor).
std::unique_ptr<Backend> make_fake_backend();
std::array<std::uint8_t, 3> fake_pixel(std::int32_t x, std::int32_t y);

}  // namespace scelle::capture
