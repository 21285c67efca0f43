// The one symbol the portal module exports (portal_module.h).
#include "portal_module.h"
#include "scelle/base/version.h"

namespace {

const scelle::capture::detail::PortalModule k_module{
    {scelle::capture::detail::kPortalModuleAbi, scelle::kVersion},
    &scelle::capture::detail::open_libportal_backend};

}  // namespace

SCELLE_MODULE_ENTRY const scelle::capture::detail::PortalModule* scelle_capture_portal_module() {
    return &k_module;
}
