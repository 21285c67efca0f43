// What every platform's Env shares (env.h); the file operations are in env_posix.cpp and
// env_win32.cpp.
#include "scelle/base/env.h"
#include "scelle/base/read_file.h"

#include <cerrno>
#include <vector>

#include "scelle/base/text.h"

namespace scelle::core {

std::chrono::system_clock::time_point Env::now() {
    return std::chrono::system_clock::now();
}

Result<std::string> read_file(Env& env, const std::filesystem::path& path, std::size_t max_bytes) {
    const auto failed = [&](const Error& e) {
        return error_from_errno(e.sys_errno != 0 ? e.sys_errno : EIO, path_to_utf8(path), true);
    };
    auto file = env.open_read(path);
    if (!file.ok())
        return failed(file.error());
    std::string out;
    std::vector<std::byte> buf(65536);
    for (;;) {
        auto n = (*file)->read(buf);
        if (!n.ok())
            return failed(n.error());
        if (*n == 0)
            return out;
        if (*n > max_bytes - out.size())
            return Error{Errc::input_unreadable, path_to_utf8(path),
                         "larger than " + std::to_string(max_bytes) + " bytes", EFBIG};
        out.append(reinterpret_cast<const char*>(buf.data()), *n);
    }
}

}  // namespace scelle::core
