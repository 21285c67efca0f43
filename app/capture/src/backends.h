// Private to scelle_capture: the factories of the platform backends and the few facts each
// platform supplies (which backend a session uses, the operating system's name). Exactly one
// src/platform_*.cpp is compiled, chosen by CMake, so no shared file needs an #ifdef.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "scelle/capture/capture.h"

namespace scelle::capture::detail {

// Opens a backend built on this platform by name; Errc::usage for any other name.
Result<std::unique_ptr<Backend>> open_native_backend(std::string_view name);

// The backend this session should use when no name is given (see open_platform_backend()).
Result<std::string> default_backend_name();

// "Linux 6.1.0 x86_64", "Windows 10.0.22631 x64", "Darwin 23.4.0 arm64": what describe()
// records as "os".
std::string os_description();

// Asks the system to back a large buffer that is about to be filled with huge pages (Linux's
// transparent huge pages), where it can. In virtual machines each first touch of a 4 KiB page
// is expensive: filling a 1920×1080 frame page by page was measured at 45-80 ms here, against
// 1 ms with 2 MiB pages. Advisory only: nothing changes where the system says no.
void prepare_large_buffer(void* data, std::size_t size);

// The factories, each defined in its backend's folder.
Result<std::unique_ptr<Backend>> open_x11_backend();
Result<std::unique_ptr<Backend>> open_portal_backend();
Result<std::unique_ptr<Backend>> open_windows_backend();
Result<std::unique_ptr<Backend>> open_macos_backend();

// Names of the environment variables that choose the backend.
inline constexpr const char* kBackendVariable = "SCELLE_CAPTURE_BACKEND";

}  // namespace scelle::capture::detail
