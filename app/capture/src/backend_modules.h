// The platform backends that are loadable modules (Linux and the BSDs): the X11 backend
// (scelle-capture-x11: Xlib, XRandR, MIT-SHM, and xcb under them) and the xdg-desktop-portal
// backend (scelle-capture-portal: libportal, GIO, GLib). Each is loaded by the first capture
// through it, not at every start of the programs: together they were about twenty shared
// libraries that no other command needs (docs/performance.md, "Start-up"). Each module
// exports one symbol returning a BackendModule; backend_modules.cpp loads them with
// load_module() (scelle/base/program.h).
#pragma once

#include <memory>

#include "scelle/base/program.h"
#include "scelle/capture/capture.h"

namespace scelle::capture::detail {

// Raised whenever BackendModule or the Backend interface changes.
inline constexpr int kBackendModuleAbi = 1;

struct BackendModule {
    ModuleHeader header;  // kBackendModuleAbi, the build's version
    Result<std::unique_ptr<Backend>> (*open_backend)();
};

// The backends themselves; each defined in its module only.
Result<std::unique_ptr<Backend>> open_xlib_backend();
Result<std::unique_ptr<Backend>> open_libportal_backend();

}  // namespace scelle::capture::detail
