// The chat window of the scrolling capture's test, for Windows (tests/capture/chat_window.h is
// the X11 one): 300 known lines of a chat between a sticky header and a message box, scrolled
// by WM_MOUSEWHEEL as a chat application scrolls (40 pixels a notch), optionally with a
// "typing" line that blinks, optionally holding Esc down once the wheel has turned N notches.
// Run by tests/windows/wine_scroll.sh under Wine:
//
//   scelle-test-chat-window.exe --whole OUT.ppm
//       writes the whole conversation, header and message box included, as one binary PPM
//       (what the stitched capture must equal pixel for pixel), and exits;
//   scelle-test-chat-window.exe [--typing] [--escape-after N]
//       shows the window (a popup: no frame, its client area is all of it), prints its id
//       ("0x...", what `scelle-cli capture --window` takes) on a line, and runs until it is
//       closed or for two minutes.
//
// Everything is drawn into a memory bitmap first, then copied to the window: the window's
// pixels and the whole conversation's are made by the same drawing code.
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kWidth = 640;
constexpr int kHeader = 40;
constexpr int kFooter = 50;
constexpr int kBody = 400;
constexpr int kLine = 20;   // pixels per line of the chat
constexpr int kClick = 40;  // pixels the content moves per notch of the wheel
constexpr int kLines = 300;
constexpr int kHeight = kHeader + kBody + kFooter;
constexpr UINT_PTR kBlinkTimer = 1;
constexpr UINT_PTR kLifeTimer = 2;

struct State {
    bool typing_indicator = false;
    int escape_after = 0;  // notches; 0: never
    int offset = 0;
    int notches = 0;
    bool typing = false;
    HDC back = nullptr;  // the window's picture, kWidth × kHeight
    HFONT font = nullptr;
};
State g;

COLORREF rgb(unsigned v) {
    return RGB((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

void fill(HDC dc, int x, int y, int w, int h, unsigned colour) {
    const RECT r{x, y, x + w, y + h};
    HBRUSH brush = CreateSolidBrush(rgb(colour));
    FillRect(dc, &r, brush);
    DeleteObject(brush);
}

void text(HDC dc, int x, int y, unsigned colour, const char* s) {
    SetTextColor(dc, rgb(colour));
    TextOutA(dc, x, y, s, static_cast<int>(std::strlen(s)));
}

// The chat with its content scrolled to `offset`, `body` rows of it shown, as the X11 window
// draws it (the same colours, lines and places; the font is Windows').
void draw(HDC dc, int offset, int body, bool typing) {
    SelectObject(dc, g.font);
    SetBkMode(dc, TRANSPARENT);
    fill(dc, 0, kHeader, kWidth, body, 0xf2f3f5);
    for (int i = offset / kLine; i < kLines && i * kLine < offset + body; ++i) {
        const int y = kHeader + i * kLine - offset;
        const bool lea = (i / 3) % 2 == 0;  // messages of three lines, two people
        fill(dc, lea ? 20 : 120, y + 1, 480, kLine - 2, lea ? 0xdbe9ff : 0xffffff);
        char line[96];
        std::snprintf(line, sizeof line, "%03d %s: %s", i + 1, lea ? "Lea" : "Max_92",
                      i % 7 == 3 ? "donne-moi ton adresse" : "message de la conversation");
        text(dc, (lea ? 28 : 128) + (i * 13) % 40, y + 3, 0x202225, line);
    }
    if (typing) {
        fill(dc, 20, kHeader + body - 22, 200, 20, 0xffe08a);
        text(dc, 28, kHeader + body - 19, 0x202225, "Max_92 ecrit...");
    }
    fill(dc, 0, 0, kWidth, kHeader, 0x36393f);
    text(dc, 16, 13, 0xffffff, "# general");
    fill(dc, 0, kHeader + body, kWidth, kFooter, 0x40444b);
    text(dc, 16, kHeader + body + 18, 0xb9bbbe, "Envoyer un message");
}

HFONT make_font() {
    // Not smoothed: the same pixels in the window and in the memory bitmap, whatever the
    // system's smoothing settings.
    return CreateFontW(-13, 0, 0, 0, FW_NORMAL, FALSE, FALSE, FALSE, DEFAULT_CHARSET,
                       OUT_DEFAULT_PRECIS, CLIP_DEFAULT_PRECIS, NONANTIALIASED_QUALITY,
                       DEFAULT_PITCH | FF_SWISS, L"Tahoma");
}

// A 32-bit top-down DIB section selected into a new memory DC; its bits in *bits.
HDC make_bitmap(int width, int height, void** bits) {
    BITMAPINFO bi{};
    bi.bmiHeader.biSize = sizeof bi.bmiHeader;
    bi.bmiHeader.biWidth = width;
    bi.bmiHeader.biHeight = -height;
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 32;
    bi.bmiHeader.biCompression = BI_RGB;
    HDC dc = CreateCompatibleDC(nullptr);
    HBITMAP bitmap = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, bits, nullptr, 0);
    if (!dc || !bitmap)
        return nullptr;
    SelectObject(dc, bitmap);
    return dc;
}

int write_whole(const char* out) {
    const int height = kHeader + kLines * kLine + kFooter;
    void* bits = nullptr;
    HDC dc = make_bitmap(kWidth, height, &bits);
    if (!dc) {
        std::fprintf(stderr, "chat window: no bitmap\n");
        return 1;
    }
    draw(dc, 0, kLines * kLine, false);
    GdiFlush();
    std::FILE* f = std::fopen(out, "wb");
    if (!f) {
        std::fprintf(stderr, "chat window: cannot write %s\n", out);
        return 1;
    }
    std::fprintf(f, "P6\n%d %d\n255\n", kWidth, height);
    const auto* p = static_cast<const unsigned char*>(bits);
    std::string row(static_cast<std::size_t>(kWidth) * 3, '\0');
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const unsigned char* px = p + (static_cast<std::size_t>(y) * kWidth + x) * 4;
            row[static_cast<std::size_t>(x) * 3] = static_cast<char>(px[2]);
            row[static_cast<std::size_t>(x) * 3 + 1] = static_cast<char>(px[1]);
            row[static_cast<std::size_t>(x) * 3 + 2] = static_cast<char>(px[0]);
        }
        std::fwrite(row.data(), 1, row.size(), f);
    }
    return std::fclose(f) == 0 ? 0 : 1;
}

void redraw(HWND hwnd) {
    draw(g.back, g.offset, kBody, g.typing);
    InvalidateRect(hwnd, nullptr, FALSE);
    UpdateWindow(hwnd);
}

// Esc held down for half a second, as a person stopping the capture would.
DWORD WINAPI hold_escape(void*) {
    INPUT in{};
    in.type = INPUT_KEYBOARD;
    in.ki.wVk = VK_ESCAPE;
    const UINT down = SendInput(1, &in, sizeof in);
    Sleep(500);
    in.ki.dwFlags = KEYEVENTF_KEYUP;
    const UINT up = SendInput(1, &in, sizeof in);
    std::fprintf(stderr, "escape held: %u down, %u up\n", down, up);
    return 0;
}

LRESULT CALLBACK window_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
    switch (message) {
        case WM_MOUSEWHEEL: {
            const int delta = GET_WHEEL_DELTA_WPARAM(wparam);
            std::fprintf(stderr, "wheel %d\n", delta);  // shown when the test fails
            const int notches = delta / WHEEL_DELTA;
            for (int i = 0; i < std::abs(notches); ++i)
                if (++g.notches == g.escape_after)
                    CloseHandle(CreateThread(nullptr, 0, hold_escape, nullptr, 0, nullptr));
            g.offset -= notches * kClick;  // a negative delta: towards the user, down the chat
            g.offset = std::max(0, std::min(g.offset, kLines * kLine - kBody));
            redraw(hwnd);
            return 0;
        }
        case WM_TIMER:
            if (wparam == kBlinkTimer) {
                g.typing = !g.typing;
                redraw(hwnd);
            } else {
                DestroyWindow(hwnd);
            }
            return 0;
        case WM_PAINT: {
            PAINTSTRUCT ps;
            HDC dc = BeginPaint(hwnd, &ps);
            BitBlt(dc, 0, 0, kWidth, kHeight, g.back, 0, 0, SRCCOPY);
            EndPaint(hwnd, &ps);
            return 0;
        }
        case WM_KEYDOWN:
        case WM_KEYUP:
            std::fprintf(stderr, "%s %#llx\n", message == WM_KEYDOWN ? "key down" : "key up",
                         static_cast<unsigned long long>(wparam));
            return 0;
        case WM_PRINTCLIENT:
            // PrintWindow under Wine asks for the client area this way (Windows' own
            // PW_RENDERFULLCONTENT reads the window's surface instead), as a well-behaved
            // application answers it.
            BitBlt(reinterpret_cast<HDC>(wparam), 0, 0, kWidth, kHeight, g.back, 0, 0, SRCCOPY);
            return 0;
        case WM_ERASEBKGND:
            return 1;
        case WM_DESTROY:
            PostQuitMessage(0);
            return 0;
        default:
            return DefWindowProcW(hwnd, message, wparam, lparam);
    }
}

}  // namespace

int main(int argc, char** argv) {
    g.font = make_font();
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--whole") == 0 && i + 1 < argc)
            return write_whole(argv[++i]);
        if (std::strcmp(argv[i], "--typing") == 0) {
            g.typing_indicator = true;
        } else if (std::strcmp(argv[i], "--escape-after") == 0 && i + 1 < argc) {
            g.escape_after = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "chat window: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    void* bits = nullptr;
    g.back = make_bitmap(kWidth, kHeight, &bits);
    if (!g.back) {
        std::fprintf(stderr, "chat window: no bitmap\n");
        return 1;
    }
    draw(g.back, 0, kBody, false);

    const HINSTANCE instance = GetModuleHandleW(nullptr);
    WNDCLASSW wc{};
    wc.lpfnWndProc = window_proc;
    wc.hInstance = instance;
    wc.hCursor = LoadCursor(nullptr, IDC_ARROW);
    wc.lpszClassName = L"ScelleTestChat";
    RegisterClassW(&wc);
    HWND hwnd =
        CreateWindowExW(0, wc.lpszClassName, L"Discord - #general (test)", WS_POPUP | WS_VISIBLE,
                        100, 80, kWidth, kHeight, nullptr, nullptr, instance, nullptr);
    if (!hwnd) {
        std::fprintf(stderr, "chat window: CreateWindow failed (%lu)\n", GetLastError());
        return 1;
    }
    SetForegroundWindow(hwnd);
    SetFocus(hwnd);
    UpdateWindow(hwnd);
    if (g.typing_indicator)
        SetTimer(hwnd, kBlinkTimer, 300, nullptr);
    SetTimer(hwnd, kLifeTimer, 120000, nullptr);
    std::printf("%#llx\n", static_cast<unsigned long long>(reinterpret_cast<UINT_PTR>(hwnd)));
    std::fflush(stdout);

    MSG msg;
    while (GetMessageW(&msg, nullptr, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return 0;
}
