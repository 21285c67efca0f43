// A chat window for the scrolling capture's test and benchmark: 300 known lines of a chat
// between a sticky header and a message box, scrolled by the mouse wheel as a chat
// application scrolls (40 pixels a click), optionally with a "typing" line that blinks.
// Plain Xlib on $DISPLAY; the window's own connection is used by one thread at a time.
#pragma once

#include <sys/select.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

// Xlib last: its macros (None, Bool, Status) clash with GoogleTest's names.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#undef None
#undef Bool

namespace scelle::test {

constexpr int kWidth = 640;
constexpr int kHeader = 40;
constexpr int kFooter = 50;
constexpr int kBody = 400;
constexpr int kLine = 20;   // pixels per line of the chat
constexpr int kClick = 40;  // pixels the content moves per wheel click
constexpr int kLines = 300;

// The chat window. Its own X connection is used by the test's thread until start(), then only
// by the event thread until stop().
class ChatWindow {
  public:
    struct Options {
        bool typing_indicator = false;  // a line that blinks at the bottom of the body
        // Holds Esc down (XTEST) for half a second once the wheel has turned this many
        // clicks, as a person stopping the capture would; 0: never.
        int escape_after_clicks = 0;
    };

    explicit ChatWindow(Options options) : m_options(options) {
        m_display = XOpenDisplay(nullptr);
        if (!m_display)
            return;
        Display* d = m_display;
        m_window = XCreateSimpleWindow(d, DefaultRootWindow(d), 100, 80, kWidth,
                                       kHeader + kBody + kFooter, 0, 0, 0xffffff);
        XStoreName(d, m_window, "Discord - #general (test)");
        XSelectInput(d, m_window, ExposureMask | ButtonPressMask | StructureNotifyMask);
        m_gc = XCreateGC(d, m_window, 0, nullptr);
        m_back = XCreatePixmap(d, m_window, kWidth, kHeader + kBody + kFooter,
                               static_cast<unsigned>(DefaultDepth(d, DefaultScreen(d))));
        XMapRaised(d, m_window);
        for (XEvent e;;) {
            XNextEvent(d, &e);
            if (e.type == Expose)
                break;
        }
        redraw();
        XSync(d, False);
    }
    ~ChatWindow() {
        stop();
        if (m_display) {
            XFreePixmap(m_display, m_back);
            XFreeGC(m_display, m_gc);
            XDestroyWindow(m_display, m_window);
            XCloseDisplay(m_display);
        }
    }
    bool ok() const { return m_display != nullptr; }
    std::string id() const {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%#lx", m_window);
        return buf;
    }

    // The whole conversation drawn at once, header and message box included, as RGB rows.
    std::string whole_rgb() {
        Display* d = m_display;
        const int height = kHeader + kLines * kLine + kFooter;
        Pixmap tall = XCreatePixmap(d, m_window, kWidth, static_cast<unsigned>(height),
                                    static_cast<unsigned>(DefaultDepth(d, DefaultScreen(d))));
        draw(tall, 0, kLines * kLine, false);
        XImage* image =
            XGetImage(d, tall, 0, 0, kWidth, static_cast<unsigned>(height), AllPlanes, ZPixmap);
        std::string rgb;
        rgb.reserve(std::size_t(kWidth) * height * 3);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < kWidth; ++x) {
                const unsigned long p = XGetPixel(image, x, y);
                rgb.push_back(static_cast<char>((p >> 16) & 0xff));
                rgb.push_back(static_cast<char>((p >> 8) & 0xff));
                rgb.push_back(static_cast<char>(p & 0xff));
            }
        XDestroyImage(image);
        XFreePixmap(d, tall);
        return rgb;
    }

    // Back to the first line (the benchmark, between two runs); any thread.
    void rewind() { m_rewind = true; }

    void start() {
        m_thread = std::thread([this] { loop(); });
    }
    void stop() {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

  private:
    void loop() {
        Display* d = m_display;
        const int fd = ConnectionNumber(d);
        auto last_blink = std::chrono::steady_clock::now();
        while (!m_stop) {
            if (m_rewind.exchange(false)) {
                m_offset = 0;
                redraw();
            }
            while (XPending(d)) {
                XEvent e;
                XNextEvent(d, &e);
                if (e.type == ButtonPress && (e.xbutton.button == 4 || e.xbutton.button == 5)) {
                    if (++m_clicks == m_options.escape_after_clicks)
                        hold_escape();
                    m_offset += e.xbutton.button == 5 ? kClick : -kClick;
                    m_offset = std::max(0, std::min(m_offset, kLines * kLine - kBody));
                    redraw();
                } else if (e.type == Expose) {
                    redraw();
                }
            }
            if (m_options.typing_indicator &&
                std::chrono::steady_clock::now() - last_blink > std::chrono::milliseconds(300)) {
                last_blink = std::chrono::steady_clock::now();
                m_typing = !m_typing;
                redraw();
            }
            fd_set fds;
            FD_ZERO(&fds);
            FD_SET(fd, &fds);
            timeval tv{0, 20000};
            select(fd + 1, &fds, nullptr, nullptr, &tv);
        }
    }

    void hold_escape() {
        Display* d = m_display;
        const KeyCode esc = XKeysymToKeycode(d, XK_Escape);
        XTestFakeKeyEvent(d, esc, True, 0);
        XFlush(d);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        XTestFakeKeyEvent(d, esc, False, 0);
        XFlush(d);
    }

    // Draws the chat with the content scrolled to `offset`, showing `body` rows of it.
    void draw(Drawable to, int offset, int body, bool typing) {
        Display* d = m_display;
        XSetForeground(d, m_gc, 0xf2f3f5);
        XFillRectangle(d, to, m_gc, 0, kHeader, kWidth, static_cast<unsigned>(body));
        for (int i = offset / kLine; i < kLines && i * kLine < offset + body; ++i) {
            const int y = kHeader + i * kLine - offset;
            const bool lea = (i / 3) % 2 == 0;  // messages of three lines, two people
            XSetForeground(d, m_gc, lea ? 0xdbe9ff : 0xffffff);
            XFillRectangle(d, to, m_gc, lea ? 20 : 120, y + 1, 480, kLine - 2);
            XSetForeground(d, m_gc, 0x202225);
            char text[96];
            std::snprintf(text, sizeof text, "%03d %s: %s", i + 1, lea ? "Lea" : "Max_92",
                          i % 7 == 3 ? "donne-moi ton adresse" : "message de la conversation");
            XDrawString(d, to, m_gc, (lea ? 28 : 128) + (i * 13) % 40, y + 15, text,
                        static_cast<int>(std::strlen(text)));
        }
        if (typing) {
            XSetForeground(d, m_gc, 0xffe08a);
            XFillRectangle(d, to, m_gc, 20, kHeader + body - 22, 200, 20);
            XSetForeground(d, m_gc, 0x202225);
            XDrawString(d, to, m_gc, 28, kHeader + body - 7, "Max_92 ecrit...", 15);
        }
        XSetForeground(d, m_gc, 0x36393f);
        XFillRectangle(d, to, m_gc, 0, 0, kWidth, kHeader);
        XSetForeground(d, m_gc, 0xffffff);
        XDrawString(d, to, m_gc, 16, 25, "# general", 9);
        XSetForeground(d, m_gc, 0x40444b);
        XFillRectangle(d, to, m_gc, 0, kHeader + body, kWidth, kFooter);
        XSetForeground(d, m_gc, 0xb9bbbe);
        XDrawString(d, to, m_gc, 16, kHeader + body + 30, "Envoyer un message", 18);
    }
    void redraw() {
        draw(m_back, m_offset, kBody, m_typing);
        XCopyArea(m_display, m_back, m_window, m_gc, 0, 0, kWidth, kHeader + kBody + kFooter, 0, 0);
        XFlush(m_display);
    }

    Options m_options;
    Display* m_display = nullptr;
    Window m_window = 0;
    GC m_gc = nullptr;
    Pixmap m_back = 0;
    int m_offset = 0;
    bool m_typing = false;
    int m_clicks = 0;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_rewind{false};
};

}  // namespace scelle::test
