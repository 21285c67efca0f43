// The one symbol the X11 backend module exports (backend_modules.h).
#include "backend_modules.h"
#include "scelle/base/version.h"

namespace {

const scelle::capture::detail::BackendModule k_module{
    {scelle::capture::detail::kBackendModuleAbi, scelle::kVersion},
    &scelle::capture::detail::open_xlib_backend};

}  // namespace

SCELLE_MODULE_ENTRY const scelle::capture::detail::BackendModule* scelle_capture_x11_module() {
    return &k_module;
}
