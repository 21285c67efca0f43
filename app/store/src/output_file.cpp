// Publishing an output file: see output_file.h.
#include "scelle/store/output_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
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

namespace {

Error output_error(int err, const fs::path& subject) {
    return Error{Errc::output_failed, subject.string(), std::strerror(err), err};
}

}  // namespace

Result<void> check_export_target(const fs::path& out) {
    struct stat st {};
    if (::lstat(out.c_str(), &st) == 0)
        return make_error(Errc::target_exists, out.string());
    const int lstat_errno = errno;
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (lstat_errno != ENOENT)
        return output_error(lstat_errno, lstat_errno == ENOTDIR ? parent : out);
    if (out.filename().empty() || out.filename() == "." || out.filename() == "..")
        return make_error(Errc::usage, out.string(), "not a file name");
    if (::stat(parent.c_str(), &st) != 0)
        return output_error(errno, parent);
    if (!S_ISDIR(st.st_mode))
        return output_error(ENOTDIR, parent);
    if (::access(parent.c_str(), W_OK | X_OK) != 0)
        return output_error(errno, parent);
    return {};
}

}  // namespace scelle::core
