// The terminal on POSIX systems (terminal.h): isatty, termios, sigaction.
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

#include "scelle/base/terminal.h"

namespace scelle::core {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
}

}  // namespace

bool is_terminal(StdStream stream) {
    const int fd = stream == StdStream::in    ? STDIN_FILENO
                   : stream == StdStream::out ? STDOUT_FILENO
                                              : STDERR_FILENO;
    return ::isatty(fd) == 1;
}

bool set_input_echo(bool on) {
    termios mode{};
    if (::tcgetattr(STDIN_FILENO, &mode) != 0)
        return false;
    const bool was_on = (mode.c_lflag & ECHO) != 0;
    if (was_on == on)
        return false;
    if (on)
        mode.c_lflag |= ECHO;
    else
        mode.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    // TCSAFLUSH: what was typed before the prompt is not taken as its answer.
    return ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &mode) == 0;
}

struct InterruptCatcher::Saved {
    struct sigaction old_int {};
    struct sigaction old_term {};
};

InterruptCatcher::InterruptCatcher() : m_saved(std::make_unique<Saved>()) {
    g_interrupted.store(false);
    // No SA_RESTART: a blocking call returns EINTR, so that the work notices the request.
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &m_saved->old_int);
    ::sigaction(SIGTERM, &sa, &m_saved->old_term);
}

InterruptCatcher::~InterruptCatcher() {
    ::sigaction(SIGINT, &m_saved->old_int, nullptr);
    ::sigaction(SIGTERM, &m_saved->old_term, nullptr);
}

bool InterruptCatcher::interrupted() {
    return g_interrupted.load();
}

}  // namespace scelle::core
