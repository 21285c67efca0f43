// The terminal on Windows (terminal.h): the console's modes and its control handler.
#ifdef _WIN32

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <io.h>
#include <windows.h>

#include <atomic>

#include "scelle/base/terminal.h"

namespace scelle::core {

namespace {

std::atomic<bool> g_interrupted{false};

// Runs on a thread the system makes: sets the flag and tells Windows the event is handled,
// so that the process is not ended before the work has cleaned up.
BOOL WINAPI on_console_event(DWORD event) {
    switch (event) {
        case CTRL_C_EVENT:
        case CTRL_BREAK_EVENT:
        case CTRL_CLOSE_EVENT:
            g_interrupted.store(true);
            return TRUE;
        default:
            return FALSE;
    }
}

}  // namespace

bool is_terminal(StdStream stream) {
    const int fd = stream == StdStream::in ? 0 : stream == StdStream::out ? 1 : 2;
    return _isatty(fd) != 0;
}

bool set_input_echo(bool on) {
    const HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (in == INVALID_HANDLE_VALUE || in == nullptr || !GetConsoleMode(in, &mode))
        return false;
    const bool was_on = (mode & ENABLE_ECHO_INPUT) != 0;
    if (was_on == on)
        return false;
    mode = on ? (mode | ENABLE_ECHO_INPUT) : (mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
    return SetConsoleMode(in, mode) != 0;
}

struct InterruptCatcher::Saved {};

InterruptCatcher::InterruptCatcher() : m_saved(std::make_unique<Saved>()) {
    g_interrupted.store(false);
    SetConsoleCtrlHandler(on_console_event, TRUE);
}

InterruptCatcher::~InterruptCatcher() {
    SetConsoleCtrlHandler(on_console_event, FALSE);
}

bool InterruptCatcher::interrupted() {
    return g_interrupted.load();
}

}  // namespace scelle::core

#endif  // _WIN32
