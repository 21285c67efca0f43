// open_portal_backend(): loads the portal module on first use (portal_module.h).
#include "backends.h"
#include "portal_module.h"

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_portal_backend() {
    // Loaded once per process, thread-safely; a failure is kept too (nothing would change it).
    static const Result<const ModuleHeader*> module = load_module(
        SCELLE_PORTAL_MODULE_FILE, kPortalModuleEntry, kPortalModuleAbi, SCELLE_INSTALL_MODULEDIR);
    if (!module.ok())
        return module.error();
    return reinterpret_cast<const PortalModule*>(*module)->open_backend();
}

}  // namespace scelle::capture::detail
