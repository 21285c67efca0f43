// Settings: the TSAs to ask and the extra trust anchors, from the settings file, the
// environment and the command line.
//
// The settings file is JSON, at $SCELLE_CONFIG if set, else $XDG_CONFIG_HOME/scelle/
// settings.json, else ~/.config/scelle/settings.json. A missing file means "defaults"; a file
// that exists but cannot be read or used is an error naming it (a typo must not silently send
// requests elsewhere). Keys (all optional):
//   "tsa_urls":            ["http://...", ...]   TSAs in order, tried until one answers
//   "trust_anchors":       ["/path/ca.pem", ...] extra PEM files trusted for tokens
//   "tsa_timeout_seconds": 10                     per request, transfer included
//
// Precedence for the TSA list: --tsa flags, else SCELLE_TSA_URLS (URLs separated by spaces;
// set but empty means "no TSA": stay offline), else the file, else the defaults. Trust anchors
// add up: the file's, then SCELLE_TRUST_ANCHORS (paths separated by ':'), then --ca flags.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsa_client.h"

namespace scelle::core {

// Free public TSAs that need no account, in the order tried (DigiCert, GlobalSign, Sectigo).
// Their roots are in the system certificate store (Debian's ca-certificates).
const std::vector<std::string>& default_tsa_urls();

// The least time between two requests to one TSA: 15 s for Sectigo, which asks for it in
// scripts; 0 for the others.
std::chrono::seconds tsa_min_interval(std::string_view url);

struct SettingsFile {
    std::optional<std::vector<std::string>> tsa_urls;
    std::vector<std::filesystem::path> trust_anchors;
    std::optional<double> tsa_timeout_seconds;
};

std::filesystem::path settings_path();
// Reads the settings file at `path` through `env`; a file that does not exist gives empty
// settings. Errors: Errc::input_is_directory, input_unreadable (sys_errno set) when it cannot
// be read, bad_settings (detail = why) when its content cannot be used.
Result<SettingsFile> load_settings_file(const std::filesystem::path& path,
                                        Env& env = Env::system());

// Writes `settings` to `path` (the desktop application's settings dialog), in the format
// load_settings_file() reads: only the keys that are set ("tsa_urls" when it has a value, even
// an empty list; "trust_anchors" when not empty; "tsa_timeout_seconds" when set). The folder is
// created owner-only when missing. Atomic: a temporary file in the same folder, fsync, rename
// over the old file, fsync of the folder, so a crash leaves the old file or the new one.
// Errors: Errc::usage for a value the reader would refuse (an empty URL or anchor path, a
// timeout outside 0.1 to 600 s; subject = the key), Errc::output_failed (sys_errno set, subject
// = the file or folder) when it cannot be written; the old file is then left as it was.
Result<void> save_settings_file(const std::filesystem::path& path, const SettingsFile& settings,
                                Env& env = Env::system());

// What the command line adds.
struct SettingsFlags {
    std::vector<std::string> tsa_urls;                 // --tsa, repeatable
    std::vector<std::filesystem::path> trust_anchors;  // --ca, repeatable
};

// Everything a timestamp request needs, resolved.
struct TsaSettings {
    std::vector<std::string> urls;  // may be empty: no TSA configured
    std::string urls_from;          // "flags", "SCELLE_TSA_URLS", the settings file, "defaults"
    crypto::TrustStoreOptions trust;
    crypto::TsaClientOptions client;
};

// Resolves the settings from the file, the environment and the flags.
Result<TsaSettings> resolve_tsa_settings(const SettingsFlags& flags);

// The folder of trust anchors shipped with Scellé: ../share/scelle/trust-anchors next to the
// running program (it may not exist).
std::filesystem::path shipped_anchors_dir();

}  // namespace scelle::core
