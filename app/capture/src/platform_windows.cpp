// Windows: GDI.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <string>

#include <fmt/format.h>

#include "backends.h"

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_native_backend(std::string_view name) {
    if (name == "windows")
        return open_windows_backend();
    return make_error(Errc::usage, std::string(name),
                      "no such capture backend here (this build has: windows, fake)");
}

Result<std::string> default_backend_name() {
    return std::string("windows");
}

std::string os_description() {
    // GetVersionEx reports the version the manifest declares, not the real one; ntdll's
    // RtlGetVersion does not lie.
    using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
    OSVERSIONINFOW v{};
    v.dwOSVersionInfoSize = sizeof v;
    if (HMODULE ntdll = GetModuleHandleW(L"ntdll.dll"))
        if (const FARPROC proc = GetProcAddress(ntdll, "RtlGetVersion"))
            // Through void(*)(): the documented way to cast between function pointer types.
            reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void (*)()>(proc))(&v);
    SYSTEM_INFO si{};
    GetNativeSystemInfo(&si);
    const char* arch = si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64   ? "x64"
                       : si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64 ? "arm64"
                       : si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL ? "x86"
                                                                                   : "unknown";
    return fmt::format("Windows {}.{}.{} {}", v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber,
                       arch);
}

// Huge pages need a privilege on Windows; the buffers are left as they are.
void prepare_large_buffer(void*, std::size_t) {}

}  // namespace scelle::capture::detail
