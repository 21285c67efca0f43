// The terminal (the console on Windows): whether a standard stream is one (to show progress,
// to ask for a passphrase), reading a passphrase without showing it, and Ctrl+C. One platform
// concern: terminal_posix.cpp (termios, sigaction) and terminal_win32.cpp (console modes,
// SetConsoleCtrlHandler), picked by CMake. Thread-safety: is_terminal() and interrupted() are
// thread-safe; set_input_echo() and InterruptCatcher belong to the main thread.
#pragma once

#include <memory>

namespace scelle::core {

enum class StdStream { in, out, err };

bool is_terminal(StdStream stream);

// Turns the echo of what is typed on standard input on or off, when standard input is a
// terminal. Returns whether the echo was changed (false when standard input is not a terminal
// or the echo was already so), so that the caller restores it only then.
bool set_input_echo(bool on);

// Catches Ctrl+C and termination requests (SIGINT and SIGTERM; on Windows, the console's
// Ctrl+C, Ctrl+Break and close events) while it lives, so that a long export or report can
// stop cleanly: interrupted() turns true. Restores the previous handling afterwards. One at a
// time.
class InterruptCatcher {
  public:
    InterruptCatcher();
    ~InterruptCatcher();
    InterruptCatcher(const InterruptCatcher&) = delete;
    InterruptCatcher& operator=(const InterruptCatcher&) = delete;
    // Whether an interruption came since the catcher was made.
    static bool interrupted();

  private:
    struct Saved;  // the previous handlers
    std::unique_ptr<Saved> m_saved;
};

}  // namespace scelle::core
