#include "scelle/jobs/verify_job.h"

#include <utility>

#include "scelle/jobs/seal_setup.h"

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

Result<VerifyResult> verify(VerifyInput in, Reporter& reporter) {
    reporter.progress(0, 1, "verify");
    VerifyResult out;
    std::optional<crypto::TrustStore> trust;
    if (auto setup = load_seal_setup(in.flags); setup.ok()) {
        trust.emplace(std::move(setup->trust));
    } else if (in.unusable_settings == UnusableSettings::refuse) {
        return setup.error();
    } else {
        out.settings_error = setup.error();
        trust = fallback_trust_store();
    }
    if (reporter.cancelled())
        return cancelled_error(in.bundle.string());
    core::VerifyOptions options;
    options.passphrase = std::move(in.passphrase);
    options.trust = trust ? &*trust : nullptr;
    out.report = core::verify_bundle(in.bundle, options);
    options.passphrase.reset();
    out.exit_code = exit_code(out.report.verdict);
    reporter.progress(1, 1, "verify");
    return out;
}

}  // namespace scelle::jobs
