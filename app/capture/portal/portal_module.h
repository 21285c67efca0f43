// The portal backend as a loadable module (scelle-capture-portal.so): libportal, GIO and GLib
// are loaded when a capture goes through the xdg-desktop-portal (Wayland), not at every start
// of the programs (docs/performance.md, "Start-up"). The module holds portal_backend.cpp (and
// its PNG file reading) and exports one symbol, kPortalModuleEntry, returning PortalModule;
// open_portal_backend() (portal_open.cpp) loads it with load_module() (scelle/base/program.h).
#pragma once

#include <memory>

#include "scelle/base/program.h"
#include "scelle/capture/capture.h"

namespace scelle::capture::detail {

// Raised whenever PortalModule or the Backend interface changes.
inline constexpr int kPortalModuleAbi = 1;
inline constexpr const char* kPortalModuleEntry = "scelle_capture_portal_module";

struct PortalModule {
    ModuleHeader header;  // kPortalModuleAbi, the build's version
    Result<std::unique_ptr<Backend>> (*open_backend)();
};

// The libportal backend itself; defined in the module only.
Result<std::unique_ptr<Backend>> open_libportal_backend();

}  // namespace scelle::capture::detail
