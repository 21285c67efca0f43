// What every platform's Env shares (env.h); the file operations are in env_posix.cpp and
// env_win32.cpp.
#include "scelle/base/env.h"

namespace scelle::core {

std::chrono::system_clock::time_point Env::now() {
    return std::chrono::system_clock::now();
}

}  // namespace scelle::core
