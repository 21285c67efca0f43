// The dialogs' TSAs and trust anchors: see trust_setup.h.
#include "trust_setup.h"

namespace scelle::gui::dlg {

Result<TrustSetup> load_trust_setup() {
    auto settings = core::resolve_tsa_settings({});
    if (!settings.ok())
        return settings.error();
    auto trust = crypto::TrustStore::create(settings->trust);
    if (!trust.ok()) {
        // An anchor file that cannot be used is a setting to fix, said as such.
        Error e = trust.error();
        e.code = Errc::bad_settings;
        return e;
    }
    return TrustSetup{std::move(settings).value(), std::move(trust).value()};
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

}  // namespace scelle::gui::dlg
