// read_file(): a small file read whole through Env, for the files read at once (settings,
// report templates, a passphrase file, a font), so that they take the same path as every
// other read (env.h): an injected fault reaches them, and Windows opens them by their wide name.
// Thread-safe as the Env given is.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "scelle/base/env.h"
#include "scelle/base/result.h"

namespace scelle::core {

// Reads the whole file at `path` through `env`. Errors have the input codes, error_from_errno(
// err, path, true), with the errno kept: Errc::input_missing, input_is_directory (a folder's
// read fails with EISDIR), input_unreadable. A file longer than `max_bytes` is refused
// (Errc::input_unreadable, sys_errno EFBIG) before more than that is read.
inline constexpr std::size_t kReadFileMax = 64u << 20;
Result<std::string> read_file(Env& env, const std::filesystem::path& path,
                              std::size_t max_bytes = kReadFileMax);

}  // namespace scelle::core
