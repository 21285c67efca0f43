#include "scelle/jobs/seal_setup.h"

#include <utility>

namespace scelle::jobs {

Result<SealSetup> load_seal_setup(const core::SettingsFlags& flags) {
    auto settings = core::resolve_tsa_settings(flags);
    if (!settings.ok())
        return settings.error();
    auto trust = crypto::TrustStore::create(settings->trust);
    if (!trust.ok()) {
        Error e = trust.error();
        e.code = Errc::bad_settings;
        return e;
    }
    return SealSetup{std::move(settings).value(), std::move(trust).value()};
}

std::optional<crypto::TrustStore> fallback_trust_store() {
    crypto::TrustStoreOptions options;
    options.system = crypto::SystemAnchors::use;
    if (auto dir = core::shipped_anchors_dir(); !dir.empty())
        options.shipped_dir = dir;
    auto trust = crypto::TrustStore::create(options);
    if (!trust.ok())
        return std::nullopt;
    return std::move(trust).value();
}

}  // namespace scelle::jobs
