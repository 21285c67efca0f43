// The TSAs and trust anchors the dialogs use, resolved exactly as scelle-cli does (the core's
// settings file, SCELLE_TSA_URLS, SCELLE_TRUST_ANCHORS, the defaults): the export asks the TSAs
// for the manifest's token, the verification checks tokens against the anchors.
//
// No wx: called on the workers' threads. Plain values, thread-compatible.
#pragma once

#include <optional>

#include "scelle/base/result.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/store/settings.h"

namespace scelle::gui::dlg {

struct TrustSetup {
    core::TsaSettings settings;
    crypto::TrustStore trust;
};

// The settings and the trust store built from them. Errors: the settings file or a variable
// cannot be used, or a trust anchor file cannot be read (both Errc::bad_settings, subject = the
// file or variable).
Result<TrustSetup> load_trust_setup();

// For verification when the settings cannot be used: the system's and the shipped anchors
// only, so that a broken setting still lets a bundle be checked (tokens by authorities only the
// user named are then "not trusted"). nullopt if even that cannot be built.
std::optional<crypto::TrustStore> fallback_trust_store();

}  // namespace scelle::gui::dlg
