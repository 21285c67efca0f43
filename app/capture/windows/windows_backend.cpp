// The Windows backend: GDI. The screen is read with BitBlt from the screen's DC, one window
// with PrintWindow(PW_RENDERFULLCONTENT), which also draws the parts other windows cover.
//
// Coordinates are physical pixels on the virtual screen (all monitors; the primary monitor's
// corner is 0,0, so others may be at negative x or y). The grab runs per-monitor DPI aware:
// without it Windows gives a DPI-unaware process scaled, partial pictures of high-DPI monitors.
// Not compiled or tested on Linux; see docs/platforms.md.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <dwmapi.h>

#include <algorithm>
#include <cstdint>
#include <cwchar>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "backends.h"

#ifndef PW_RENDERFULLCONTENT
#define PW_RENDERFULLCONTENT 0x00000002
#endif

namespace scelle::capture::windows {

namespace {

// One owner per GDI or kernel handle.
struct ScreenDcReleaser {
    void operator()(HDC dc) const { ReleaseDC(nullptr, dc); }
};
using ScreenDcPtr = std::unique_ptr<std::remove_pointer_t<HDC>, ScreenDcReleaser>;
struct DcDeleter {
    void operator()(HDC dc) const { DeleteDC(dc); }
};
using MemoryDcPtr = std::unique_ptr<std::remove_pointer_t<HDC>, DcDeleter>;
struct ObjectDeleter {
    void operator()(HBITMAP b) const { DeleteObject(b); }
};
using BitmapPtr = std::unique_ptr<std::remove_pointer_t<HBITMAP>, ObjectDeleter>;
struct HandleCloser {
    void operator()(HANDLE h) const { CloseHandle(h); }
};
using HandlePtr = std::unique_ptr<void, HandleCloser>;

// Puts a bitmap into a DC for the scope and puts the DC's previous one back.
class Selection {
  public:
    Selection(HDC dc, HGDIOBJ object) : m_dc(dc), m_previous(SelectObject(dc, object)) {}
    ~Selection() { SelectObject(m_dc, m_previous); }
    Selection(const Selection&) = delete;
    Selection& operator=(const Selection&) = delete;

  private:
    HDC m_dc;
    HGDIOBJ m_previous;
};

// Per-monitor DPI awareness for this thread only, for the scope: the GUI's own windows keep
// whatever awareness the application declared.
class DpiAware {
  public:
    DpiAware()
        : m_previous(SetThreadDpiAwarenessContext(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2)) {}
    ~DpiAware() {
        if (m_previous)
            SetThreadDpiAwarenessContext(m_previous);
    }
    DpiAware(const DpiAware&) = delete;
    DpiAware& operator=(const DpiAware&) = delete;

  private:
    DPI_AWARENESS_CONTEXT m_previous;
};

std::string utf8(const wchar_t* text, int length) {
    if (length <= 0)
        return {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(size > 0 ? size : 0), '\0');
    if (size > 0)
        WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), size, nullptr, nullptr);
    return out;
}

std::string last_error_text(const char* what) {
    return fmt::format("{} failed (Windows error {})", what, GetLastError());
}

Rect to_rect(const RECT& r) {
    return Rect{r.left, r.top, r.right - r.left, r.bottom - r.top};
}

Rect virtual_screen() {
    return Rect{GetSystemMetrics(SM_XVIRTUALSCREEN), GetSystemMetrics(SM_YVIRTUALSCREEN),
                GetSystemMetrics(SM_CXVIRTUALSCREEN), GetSystemMetrics(SM_CYVIRTUALSCREEN)};
}

std::string window_id(HWND hwnd) {
    return fmt::format("{:#x}", reinterpret_cast<std::uintptr_t>(hwnd));
}

HWND parse_window_id(const std::string& text) {
    try {
        std::size_t used = 0;
        const unsigned long long value = std::stoull(text, &used, 0);
        if (used != text.size())
            return nullptr;
        return reinterpret_cast<HWND>(static_cast<std::uintptr_t>(value));
    } catch (const std::exception&) {
        return nullptr;
    }
}

// The executable's file name ("Discord.exe"), which is what users recognise.
std::string process_name(HWND hwnd) {
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    HandlePtr process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
    if (!process)
        return {};
    wchar_t path[MAX_PATH * 2] = {};
    DWORD size = static_cast<DWORD>(std::size(path));
    if (!QueryFullProcessImageNameW(process.get(), 0, path, &size))
        return {};
    const std::wstring full(path, size);
    const std::size_t slash = full.find_last_of(L"\\/");
    const std::wstring file = slash == std::wstring::npos ? full : full.substr(slash + 1);
    return utf8(file.c_str(), static_cast<int>(file.size()));
}

// The window's frame as seen on the screen: DWM's extended frame bounds leave out the
// invisible resize borders that GetWindowRect includes since Windows 10.
Rect visible_bounds(HWND hwnd) {
    RECT r{};
    if (SUCCEEDED(DwmGetWindowAttribute(hwnd, DWMWA_EXTENDED_FRAME_BOUNDS, &r, sizeof r)))
        return to_rect(r);
    GetWindowRect(hwnd, &r);
    return to_rect(r);
}

WindowInfo window_info(HWND hwnd) {
    WindowInfo info;
    info.id = window_id(hwnd);
    const int length = GetWindowTextLengthW(hwnd);
    if (length > 0) {
        std::wstring title(static_cast<std::size_t>(length) + 1, L'\0');
        const int got = GetWindowTextW(hwnd, title.data(), length + 1);
        info.title = utf8(title.c_str(), got);
    }
    info.application = process_name(hwnd);
    info.bounds = visible_bounds(hwnd);
    return info;
}

BOOL CALLBACK add_monitor(HMONITOR monitor, HDC, LPRECT, LPARAM data) {
    auto* out = reinterpret_cast<std::vector<Monitor>*>(data);
    MONITORINFOEXW mi{};
    mi.cbSize = sizeof mi;
    if (!GetMonitorInfoW(monitor, &mi))
        return TRUE;
    Monitor m;
    m.bounds = to_rect(mi.rcMonitor);
    m.primary = (mi.dwFlags & MONITORINFOF_PRIMARY) != 0;
    m.name = utf8(mi.szDevice, static_cast<int>(wcsnlen(mi.szDevice, CCHDEVICENAME)));
    out->push_back(std::move(m));
    return TRUE;
}

// A 32-bit top-down DIB section: GDI draws into memory this process can read directly.
struct Dib {
    BitmapPtr bitmap;
    const std::uint8_t* bits = nullptr;
};

Result<Dib> make_dib(HDC dc, std::int32_t width, std::int32_t height) {
    BITMAPINFO bi{};
    bi.bmiHeader.biSize = sizeof bi.bmiHeader;
    bi.bmiHeader.biWidth = width;
    bi.bmiHeader.biHeight = -height;  // negative: rows top to bottom
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 32;
    bi.bmiHeader.biCompression = BI_RGB;
    void* bits = nullptr;
    Dib dib;
    dib.bitmap.reset(CreateDIBSection(dc, &bi, DIB_RGB_COLORS, &bits, nullptr, 0));
    if (!dib.bitmap || !bits)
        return make_error(Errc::capture_unavailable, "windows",
                          last_error_text("CreateDIBSection"));
    dib.bits = static_cast<const std::uint8_t*>(bits);
    return dib;
}

// BGRX rows (stride width * 4) to packed RGB, from column `dx` and row `dy` of the DIB.
void copy_rgb(const Dib& dib, std::int32_t dib_width, std::int32_t dx, std::int32_t dy,
              Frame& frame) {
    frame.rgb.resize(std::size_t{frame.width} * frame.height * 3);
    std::uint8_t* out = frame.rgb.data();
    for (std::uint32_t y = 0; y < frame.height; ++y) {
        const std::uint8_t* src =
            dib.bits + ((static_cast<std::size_t>(dy) + y) * static_cast<std::size_t>(dib_width) +
                        static_cast<std::size_t>(dx)) *
                           4;
        for (std::uint32_t x = 0; x < frame.width; ++x, src += 4, out += 3) {
            out[0] = src[2];
            out[1] = src[1];
            out[2] = src[0];
        }
    }
}

class WindowsBackend final : public Backend {
  public:
    std::string_view name() const override { return "windows"; }

    Result<std::vector<Monitor>> monitors() override {
        DpiAware aware;
        std::vector<Monitor> list;
        EnumDisplayMonitors(nullptr, nullptr, add_monitor, reinterpret_cast<LPARAM>(&list));
        std::vector<Monitor> out;
        for (Monitor& m : list)
            if (m.primary)
                out.insert(out.begin(), std::move(m));
            else
                out.push_back(std::move(m));
        if (out.empty())
            out.push_back(Monitor{0, "", virtual_screen(), true});
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].index = static_cast<int>(i);
        return out;
    }

    Result<std::optional<WindowInfo>> active_window() override {
        DpiAware aware;
        const HWND hwnd = GetForegroundWindow();
        if (!hwnd)
            return std::optional<WindowInfo>();
        return std::optional<WindowInfo>(window_info(hwnd));
    }

    Result<std::optional<Point>> pointer() override {
        DpiAware aware;  // physical pixels, as the monitors' bounds are
        POINT p{};
        if (!GetCursorPos(&p))
            return std::optional<Point>();
        return std::optional<Point>(
            Point{static_cast<std::int32_t>(p.x), static_cast<std::int32_t>(p.y)});
    }

    // Down now (the high bit), or pressed since the last call (the low bit): a short press
    // between two of the capture's reads is not missed. (Under Wine, a key another program
    // received shows in the low bit only.)
    bool escape_held() override { return (GetAsyncKeyState(VK_ESCAPE) & 0x8001) != 0; }

    Result<void> move_pointer(Point at) override {
        DpiAware aware;  // physical pixels, as the monitors' bounds are
        if (!SetCursorPos(at.x, at.y))
            return make_error(Errc::capture_unavailable, "windows",
                              fmt::format("SetCursorPos failed (error {})", GetLastError()));
        return {};
    }

    // The wheel through SendInput, one WHEEL_DELTA per click, to the window under the pointer,
    // as a real wheel's notches arrive.
    Result<void> scroll(Point at, ScrollDirection direction, int clicks) override {
        SCELLE_TRY(move_pointer(at));
        std::vector<INPUT> inputs(static_cast<std::size_t>(std::max(clicks, 0)));
        for (INPUT& in : inputs) {
            in.type = INPUT_MOUSE;
            in.mi.dwFlags = MOUSEEVENTF_WHEEL;
            in.mi.mouseData =
                static_cast<DWORD>(direction == ScrollDirection::down ? -WHEEL_DELTA : WHEEL_DELTA);
        }
        if (!inputs.empty() && SendInput(static_cast<UINT>(inputs.size()), inputs.data(),
                                         sizeof(INPUT)) != inputs.size())
            return make_error(Errc::capture_unavailable, "windows",
                              fmt::format("SendInput refused the wheel (error {}): a window of "
                                          "higher privilege may be in front",
                                          GetLastError()));
        return {};
    }

    Result<Frame> grab(const Request& request) override {
        DpiAware aware;
        Frame frame;
        frame.backend = "windows";
        SCELLE_ASSIGN_OR_RETURN(frame.monitors, monitors());
        SCELLE_ASSIGN_OR_RETURN(frame.active_window, active_window());
        const Rect screen = virtual_screen();
        switch (request.target) {
            case Target::screen:
                if (request.screen < 0 ||
                    static_cast<std::size_t>(request.screen) >= frame.monitors.size())
                    return make_error(Errc::usage, "capture",
                                      fmt::format("there is no screen {} (screens: 1 to {})",
                                                  request.screen + 1, frame.monitors.size()));
                frame.bounds = frame.monitors[static_cast<std::size_t>(request.screen)].bounds;
                return blit_screen(std::move(frame));
            case Target::all_screens:
                frame.bounds = screen;
                return blit_screen(std::move(frame));
            case Target::region:
                if (!screen.contains(request.region))
                    return make_error(Errc::usage, "capture",
                                      fmt::format("the region {}×{} at {},{} is not inside the "
                                                  "screen ({}×{} at {},{})",
                                                  request.region.width, request.region.height,
                                                  request.region.x, request.region.y, screen.width,
                                                  screen.height, screen.x, screen.y));
                frame.bounds = request.region;
                return blit_screen(std::move(frame));
            case Target::window:
                break;
        }
        HWND hwnd = nullptr;
        if (request.window == "active") {
            hwnd = GetForegroundWindow();
            if (!hwnd)
                return make_error(Errc::usage, "capture", "no window is active");
        } else {
            hwnd = parse_window_id(request.window);
            if (!hwnd || !IsWindow(hwnd))
                return make_error(Errc::usage, request.window, "no window has this id");
        }
        if (IsIconic(hwnd))
            return make_error(Errc::usage, window_id(hwnd),
                              "the window is minimised; restore it first");
        frame.window = window_info(hwnd);
        frame.bounds = frame.window->bounds.intersect(screen);
        if (frame.bounds.empty())
            return make_error(Errc::usage, window_id(hwnd), "the window is off the screen");
        return print_window(hwnd, std::move(frame));
    }

  private:
    static Result<Frame> blit_screen(Frame frame) {
        ScreenDcPtr screen(GetDC(nullptr));
        if (!screen)
            return make_error(Errc::capture_unavailable, "windows", last_error_text("GetDC"));
        MemoryDcPtr memory(CreateCompatibleDC(screen.get()));
        if (!memory)
            return make_error(Errc::capture_unavailable, "windows",
                              last_error_text("CreateCompatibleDC"));
        const Rect& r = frame.bounds;
        SCELLE_ASSIGN_OR_RETURN(Dib dib, make_dib(memory.get(), r.width, r.height));
        {
            Selection selected(memory.get(), dib.bitmap.get());
            // CAPTUREBLT includes layered (translucent) windows, as the user sees them.
            if (!BitBlt(memory.get(), 0, 0, r.width, r.height, screen.get(), r.x, r.y,
                        SRCCOPY | CAPTUREBLT))
                return make_error(Errc::capture_unavailable, "windows",
                                  last_error_text("BitBlt") +
                                      " (the screen may be locked or on a secure desktop)");
        }
        GdiFlush();
        frame.width = static_cast<std::uint32_t>(r.width);
        frame.height = static_cast<std::uint32_t>(r.height);
        copy_rgb(dib, r.width, 0, 0, frame);
        return frame;
    }

    // PrintWindow draws the whole window (GetWindowRect's size, with the invisible borders)
    // even where other windows cover it; the part kept is what lies on the screen.
    static Result<Frame> print_window(HWND hwnd, Frame frame) {
        RECT wr{};
        if (!GetWindowRect(hwnd, &wr))
            return make_error(Errc::usage, window_id(hwnd), "the window closed");
        const Rect whole = to_rect(wr);
        if (!whole.contains(frame.bounds))
            return blit_screen(std::move(frame));
        ScreenDcPtr screen(GetDC(nullptr));
        MemoryDcPtr memory(CreateCompatibleDC(screen.get()));
        if (!screen || !memory)
            return make_error(Errc::capture_unavailable, "windows",
                              last_error_text("CreateCompatibleDC"));
        SCELLE_ASSIGN_OR_RETURN(Dib dib, make_dib(memory.get(), whole.width, whole.height));
        bool printed = false;
        {
            Selection selected(memory.get(), dib.bitmap.get());
            printed = PrintWindow(hwnd, memory.get(), PW_RENDERFULLCONTENT) != FALSE;
        }
        // Some windows (older DirectX, protected content) refuse: the screen's pixels are
        // then the best available.
        if (!printed)
            return blit_screen(std::move(frame));
        GdiFlush();
        frame.width = static_cast<std::uint32_t>(frame.bounds.width);
        frame.height = static_cast<std::uint32_t>(frame.bounds.height);
        copy_rgb(dib, whole.width, frame.bounds.x - whole.x, frame.bounds.y - whole.y, frame);
        return frame;
    }
};

}  // namespace

}  // namespace scelle::capture::windows

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_windows_backend() {
    // Declared for the whole process too, as early as this is called; it fails harmlessly
    // when the application's manifest already declared an awareness.
    SetProcessDpiAwarenessContext(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
    return std::unique_ptr<Backend>(std::make_unique<windows::WindowsBackend>());
}

}  // namespace scelle::capture::detail
