// Whether a standard stream is a terminal (to show progress, to ask for a passphrase). One
// platform concern, implemented beside Env in env_posix.cpp and env_win32.cpp. Thread-safe.
#pragma once

namespace scelle::core {

enum class StdStream { in, out, err };

bool is_terminal(StdStream stream);

}  // namespace scelle::core
