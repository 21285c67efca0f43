// Publishing an output file: see output_file.h.
#include "output_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "scelle/crypto/random.h"

namespace scelle::core {

namespace fs = std::filesystem;

Result<void> rename_no_replace(const fs::path& from, const fs::path& to) {
    auto failed = [&](int err) {
        return Error{Errc::output_failed, to.string(), std::strerror(err), err};
    };
#ifdef __linux__
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return {};
    if (errno == EEXIST)
        return make_error(Errc::target_exists, to.string());
    // Some file systems do not support the flag: fall back to link + unlink.
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return failed(errno);
#endif
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST)
            return make_error(Errc::target_exists, to.string());
        return failed(errno);
    }
    ::unlink(from.c_str());
    return {};
}

fs::path temp_path_beside(const fs::path& target, std::string_view suffix) {
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    return parent / fmt::format(".{}.tmp-{}-{}{}", target.filename().string(), ::getpid(),
                                crypto::random_hex(4), suffix);
}

}  // namespace scelle::core
