// What a verification's verdict means for a program that calls scelle-cli: its exit status,
// the same for every front end that reports one (docs/cli.md "Exit status").
#pragma once

#include "scelle/bundle/bundle_verify.h"

namespace scelle::jobs {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the thing checked does not hold, or the action failed
inline constexpr int kExitUsage = 2;     // usage error, or input that cannot be read at all
inline constexpr int kExitUnsealed = 3;  // verify only: intact, but not sealed by a trusted TSA

// intact_and_sealed 0, intact_unsealed 3, unreadable 2, altered and unsafe 1.
int exit_code(core::BundleVerdict verdict);

}  // namespace scelle::jobs
