// The running program: where it is (to find what is installed beside it: translations, report
// templates, trust anchors, modules), its environment, and the libraries it loads at run time.
//
// Some libraries are loaded only when a command needs them, not at every start: libcurl (the
// first time-stamp request) and the PDF writer with PoDoFo (the first report). Each brings
// tens of shared libraries whose loading cost more than the whole of a small verify
// (docs/performance.md, "Start-up"). The loaded library is never unloaded.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scelle/base/result.h"

namespace scelle {

namespace core {

// The running program's file, absolute; empty when the platform cannot say. Implemented beside
// Env: env_posix.cpp (/proc/self/exe on Linux, _NSGetExecutablePath on macOS), env_win32.cpp
// (GetModuleFileNameW). Thread-safe.
std::filesystem::path program_path();
// Sets an environment variable of this process to a UTF-8 value, replacing its value (setenv;
// _wputenv_s on Windows). Not thread-safe: call it at start-up, before other threads read the
// environment.
void set_env_var(const char* name, const char* value);
// An environment variable's value as UTF-8 (on Windows read in UTF-16: getenv gives the ANSI
// code page, which loses every name it cannot spell); nullopt when it is not set.
std::optional<std::string> env_var(const char* name);
// The program's arguments as UTF-8: argv itself on POSIX; on Windows, the command line read
// in UTF-16 (argv is in the ANSI code page there: "Capture écran 😀.png" would not survive).
std::vector<std::string> utf8_arguments(int argc, char** argv);
// The folder for the user's own data, where the cases are kept unless told otherwise:
// %LOCALAPPDATA%\Scellé on Windows; $XDG_DATA_HOME/scelle or ~/.local/share/scelle elsewhere.
// Empty when the environment names no such folder.
std::filesystem::path user_data_dir();
// A file's name for a library that opens files with fopen() and a char* name (FreeType inside
// PoDoFo): path.string() on POSIX; on Windows, where such names are in the ANSI code page, the
// file's short (8.3) name, which is plain ASCII even for "C:\\Program Files\\Scellé\\...".
std::string path_for_ansi_api(const std::filesystem::path& path);
// The folder for the user's settings: %APPDATA%\\Scellé on Windows; $XDG_CONFIG_HOME/scelle or
// ~/.config/scelle elsewhere. Empty when the environment names no such folder.
std::filesystem::path user_config_dir();

}  // namespace core

// The running program's folder (program_path()'s); empty when the platform cannot say.
std::filesystem::path program_dir();

// The folder of Scellé's own loadable modules: <program folder>/../lib/scelle, as both the
// build tree (build/bin, build/lib/scelle) and an installed prefix (/usr/bin, /usr/lib/scelle)
// have it; on Windows, the program's own folder.
std::filesystem::path module_dir();

// What every module of Scellé's returns first from its entry function (`extern "C" const
// T* entry()`, T a standard-layout struct whose first member is a ModuleHeader): the layout
// of T, and the version of the build that made it. A module left from another build would be
// called with other structures.
struct ModuleHeader {
    int abi;              // raised by its owner whenever T or the interfaces it returns change
    const char* version;  // scelle::kVersion of the module's build
};

// Marks a module's entry function: `SCELLE_MODULE_ENTRY const T* scelle_..._module()`. The
// modules are built with hidden visibility (scelle_add_module in CMakeLists.txt): this is the
// one symbol each exports.
#if defined(_WIN32)
#define SCELLE_MODULE_ENTRY extern "C" __declspec(dllexport)
#else
#define SCELLE_MODULE_ENTRY extern "C" __attribute__((visibility("default")))
#endif

// Loads one of Scellé's own modules, `file` ("scelle-pdf.so"), calls its `entry` function and
// returns the header, checked: `abi` and this build's version. Looked for in SCELLE_MODULE_DIR
// when that is set (a relocated installation; the tests' missing module), else in
// module_dir(), else in `installed_dir` (the prefix the build was configured for).
// Errc::install_incomplete naming the file, with the loader's words, when it cannot be loaded,
// lacks `entry`, or is from another build. Each call loads again: callers keep the
// result (a function-local static).
Result<const ModuleHeader*> load_module(const std::string& file, const char* entry, int abi,
                                        const std::filesystem::path& installed_dir);

// A library loaded with dlopen (RTLD_NOW | RTLD_LOCAL) or LoadLibraryW. `name` is a path, or a
// bare file name that the system's loader looks up (a SONAME: "libcurl.so.4").
class LoadedLibrary {
  public:
    // Errc::internal naming the file, with the loader's own words, when it cannot be loaded.
    static Result<LoadedLibrary> open(const std::filesystem::path& name);

    // The address of an exported symbol; nullptr when the library has none by that name.
    void* symbol(const char* name) const;

    // Never closes the library: its code may still be running on another thread, or hold
    // objects (a writer, a curl handle) that outlive this handle.
    LoadedLibrary(const LoadedLibrary&) = default;
    LoadedLibrary& operator=(const LoadedLibrary&) = default;

  private:
    explicit LoadedLibrary(void* handle) : m_handle(handle) {}
    void* m_handle;
};

}  // namespace scelle
