// open_x11_backend() and open_portal_backend() (backends.h): each loads its module on first use
// (backend_modules.h).
#include "backend_modules.h"

#include "backends.h"

namespace scelle::capture::detail {

namespace {

Result<std::unique_ptr<Backend>> open_from(const Result<const ModuleHeader*>& module) {
    if (!module.ok())
        return module.error();
    return reinterpret_cast<const BackendModule*>(*module)->open_backend();
}

}  // namespace

// Each module is loaded once per process, thread-safely; a failure is kept too (nothing would
// change it).
Result<std::unique_ptr<Backend>> open_x11_backend() {
    static const Result<const ModuleHeader*> module =
        load_module(SCELLE_X11_MODULE_FILE, "scelle_capture_x11_module", kBackendModuleAbi,
                    SCELLE_INSTALL_MODULEDIR);
    return open_from(module);
}

Result<std::unique_ptr<Backend>> open_portal_backend() {
    static const Result<const ModuleHeader*> module =
        load_module(SCELLE_PORTAL_MODULE_FILE, "scelle_capture_portal_module", kBackendModuleAbi,
                    SCELLE_INSTALL_MODULEDIR);
    return open_from(module);
}

}  // namespace scelle::capture::detail
