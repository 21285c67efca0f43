// The verify job, for `scelle-cli verify` and the desktop application's Verify dialog: a
// bundle checked (core::verify_bundle) against the trust anchors of the settings, with its
// passphrase; and what a verdict means for a program that calls scelle-cli: its exit status,
// the same for every front end that reports one (docs/cli.md "Exit status").
//
// Thread-safety: verify() uses nothing shared; run it on any thread.
#pragma once

#include <filesystem>
#include <optional>

#include "scelle/base/result.h"
#include "scelle/base/secret.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/jobs/reporter.h"
#include "scelle/store/settings.h"

namespace scelle::jobs {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the thing checked does not hold, or the action failed
inline constexpr int kExitUsage = 2;     // usage error, or input that cannot be read at all
inline constexpr int kExitUnsealed = 3;  // verify only: intact, but not sealed by a trusted TSA

// intact_and_sealed 0, intact_unsealed 3, unreadable 2, altered and unsafe 1.
int exit_code(core::BundleVerdict verdict);

// What to do when the settings' trust anchors cannot be used (load_seal_setup fails).
enum class UnusableSettings {
    refuse,    // the job fails with the settings' error (the command line: fix --ca first)
    fall_back  // the system's and shipped anchors (fallback_trust_store), and say why
};

struct VerifyInput {
    std::filesystem::path bundle;
    std::optional<SecretString> passphrase;  // for an encrypted bundle; wiped when the job ends
    core::SettingsFlags flags;               // --ca: more anchors
    UnusableSettings unusable_settings = UnusableSettings::refuse;
};

struct VerifyResult {
    core::BundleReport report;   // every check; never an error
    int exit_code = kExitUsage;  // exit_code(report.verdict)
    // With UnusableSettings::fall_back: why the settings' anchors were not used.
    std::optional<Error> settings_error;
};

// Checks `in.bundle`. Progress: 0 then 1 of 1 ("verify"). Cancelled before the check:
// cancelled_error(). Errors: with UnusableSettings::refuse, load_seal_setup()'s
// (Errc::bad_settings); a bundle that cannot be read is a report, not an error.
Result<VerifyResult> verify(VerifyInput in, Reporter& reporter = no_reporter());

}  // namespace scelle::jobs
