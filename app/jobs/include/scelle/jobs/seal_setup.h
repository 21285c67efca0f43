// Where the time stamps come from and which authorities are trusted, resolved once for both
// front ends: the settings file, SCELLE_TSA_URLS, SCELLE_TRUST_ANCHORS, the command line's
// flags, the defaults (core::resolve_tsa_settings), then the trust store built from them.
// Also the rule on the computer's clock. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>

#include "scelle/base/result.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/store/settings.h"

namespace scelle::jobs {

struct SealSetup {
    core::TsaSettings settings;
    crypto::TrustStore trust;
};

// The settings and the trust store built from them. Errors: a settings file or variable that
// cannot be used, or a trust anchor file that cannot be read: both Errc::bad_settings (an
// anchor file is a setting to fix), subject = the file or variable.
Result<SealSetup> load_seal_setup(const core::SettingsFlags& flags = {});

// For verification when the settings cannot be used: the system's and the shipped anchors
// only, so that a broken setting still lets a bundle be checked (tokens by authorities only
// the user named are then "not trusted"). nullopt if even that cannot be built.
std::optional<crypto::TrustStore> fallback_trust_store();

// Beyond this difference between the computer's clock and a TSA's time, the person is warned
// that the times the computer recorded may be off by as much (DESIGN.md: two minutes).
inline constexpr std::int64_t kClockSkewWarningSeconds = 120;
inline bool clock_needs_warning(std::int64_t skew_seconds) {
    return skew_seconds > kClockSkewWarningSeconds || skew_seconds < -kClockSkewWarningSeconds;
}

}  // namespace scelle::jobs
