// Publishing an output file (a bundle, a report) without ever leaving a partial file at its
// path or replacing one: written beside the target under a hidden temporary name, synced, then
// moved with no-replace semantics. Used by the bundle and report writers; thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include "scelle/base/env.h"
#include "scelle/base/result.h"

namespace scelle::core {

// Moves `from` to `to` without ever replacing a file that exists at `to` (Errc::target_exists):
// Env::rename_no_replace. Errc::output_failed for any other failure.
Result<void> rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to,
                               Env& env = Env::system());

// A hidden temporary name beside `target`: ".<name>.tmp-<pid>-<8 hex><suffix>".
std::filesystem::path temp_path_beside(const std::filesystem::path& target,
                                       std::string_view suffix = {}, Env& env = Env::system());

// Checks that an output path can be used: it must not exist (Errc::target_exists) and its
// folder must exist and be writable (Errc::output_failed with sys_errno ENOENT, ENOTDIR, EACCES
// or EROFS, subject = the folder). The bundle and report writers call it first.
Result<void> check_export_target(const std::filesystem::path& out, Env& env = Env::system());

// Writes `bytes` as a new file at `out` (a small text file: the notice for the platform), never
// leaving a partial file there nor replacing one: check_export_target(), a temporary file
// beside it, synced, rename_no_replace(), then the folder synced. Errors as those functions
// give them (Errc::target_exists, Errc::output_failed).
Result<void> write_new_file(const std::filesystem::path& out, std::string_view bytes,
                            Env& env = Env::system());

}  // namespace scelle::core
