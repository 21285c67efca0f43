// The running program: where it is, to find what is installed beside it (translations, report
// templates, trust anchors), and its environment variables. One platform concern, implemented
// beside Env in env_posix.cpp
// (/proc/self/exe on Linux, _NSGetExecutablePath on macOS) and env_win32.cpp
// (GetModuleFileNameW, _putenv_s). program_path() is thread-safe; set_env_var() is not (call it
// at start-up, before other threads read the environment).
#pragma once

#include <filesystem>

namespace scelle::core {

// The running program's file, absolute; empty when the platform cannot say.
std::filesystem::path program_path();
// Sets an environment variable of this process, replacing its value (setenv, _putenv_s).
void set_env_var(const char* name, const char* value);

}  // namespace scelle::core
