#include "scelle/jobs/verify_job.h"

namespace scelle::jobs {

int exit_code(core::BundleVerdict verdict) {
    switch (verdict) {
        case core::BundleVerdict::intact_and_sealed:
            return kExitOk;
        case core::BundleVerdict::intact_unsealed:
            return kExitUnsealed;
        case core::BundleVerdict::unreadable:
            return kExitUsage;
        case core::BundleVerdict::altered:
        case core::BundleVerdict::unsafe:
            break;
    }
    return kExitFailed;
}

}  // namespace scelle::jobs
