#include "scelle/base/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <vector>

namespace scelle::core {

namespace fs = std::filesystem;

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        reset(o.m_fd);
        o.m_fd = -1;
    }
    return *this;
}

void UniqueFd::reset(int fd) {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

namespace {

class PosixWritableFile final : public WritableFile {
  public:
    PosixWritableFile(UniqueFd fd, fs::path path) : m_fd(std::move(fd)), m_path(std::move(path)) {}

    Result<void> append(std::span<const std::byte> data) override {
        while (!data.empty()) {
            ssize_t n = ::write(m_fd.get(), data.data(), data.size());
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return error_from_errno(errno, m_path.string(), false);
            }
            data = data.subspan(static_cast<std::size_t>(n));
        }
        return {};
    }

    Result<void> sync() override {
        if (::fsync(m_fd.get()) != 0)
            return error_from_errno(errno, m_path.string(), false);
        return {};
    }

    void start_writeback() override {
#ifdef __linux__
        ::sync_file_range(m_fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    }

    Result<void> make_read_only() override {
        if (::fchmod(m_fd.get(), S_IRUSR) != 0)
            return error_from_errno(errno, m_path.string(), false);
        return {};
    }

    Result<void> close() override {
        // close() can report a delayed write error (NFS, quotas): it must not be ignored.
        if (::close(m_fd.release()) != 0)
            return error_from_errno(errno, m_path.string(), false);
        return {};
    }

  private:
    UniqueFd m_fd;
    fs::path m_path;
};

}  // namespace

Env& Env::posix() {
    static Env env;
    return env;
}

Result<std::unique_ptr<WritableFile>> Env::create_new(const fs::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                    S_IRUSR | S_IWUSR);
    if (fd < 0)
        return error_from_errno(errno, path.string(), false);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(UniqueFd(fd), path));
}

Result<void> Env::rename(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        return error_from_errno(errno, to.string(), false);
    return {};
}

Result<void> Env::remove(const fs::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return error_from_errno(errno, path.string(), false);
    return {};
}

Result<void> Env::make_dir(const fs::path& path) {
    if (::mkdir(path.c_str(), S_IRWXU) != 0) {
        if (errno == EEXIST) {
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                return {};
            return Error{Errc::store_io, path.string(), "exists and is not a folder", EEXIST};
        }
        return error_from_errno(errno, path.string(), false);
    }
    return {};
}

Result<void> Env::sync_file(const fs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.valid())
        return error_from_errno(errno, path.string(), false);
    if (::fsync(fd.get()) != 0)
        return error_from_errno(errno, path.string(), false);
    return {};
}

Result<void> Env::sync_files(std::span<const fs::path> paths) {
#ifdef __linux__
    // One descriptor kept open per file system, for its syncfs.
    struct FileSystem {
        dev_t dev;
        UniqueFd fd;
        const fs::path* path;
    };
    std::vector<FileSystem> file_systems;
    for (const auto& path : paths) {
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!fd.valid())
            return error_from_errno(errno, path.string(), false);
        // Writes the data out and waits for it. A write error that nobody has seen yet on this
        // file is reported to a descriptor opened after it, as to fsync.
        if (::sync_file_range(fd.get(), 0, 0,
                              SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                  SYNC_FILE_RANGE_WAIT_AFTER) != 0)
            return error_from_errno(errno, path.string(), false);
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0)
            return error_from_errno(errno, path.string(), false);
        const bool seen = std::any_of(file_systems.begin(), file_systems.end(),
                                      [&](const FileSystem& f) { return f.dev == st.st_dev; });
        if (!seen)
            file_systems.push_back({st.st_dev, std::move(fd), &path});
    }
    // The data is on the device; syncfs commits the metadata that names it (block allocation,
    // size) and flushes the device's cache. Since Linux 5.8 it also reports any write error on
    // the file system since the descriptor was opened.
    for (const auto& f : file_systems)
        if (::syncfs(f.fd.get()) != 0)
            return error_from_errno(errno, f.path->string(), false);
    return {};
#else
    for (const auto& path : paths)
        SCELLE_TRY(sync_file(path));
    return {};
#endif
}

Result<void> Env::sync_dir(const fs::path& dir) {
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid())
        return error_from_errno(errno, dir.string(), false);
    if (::fsync(fd.get()) != 0)
        return error_from_errno(errno, dir.string(), false);
    return {};
}

std::chrono::system_clock::time_point Env::now() {
    return std::chrono::system_clock::now();
}

void Env::checkpoint(std::string_view name) {
    static const char* target = std::getenv("SCELLE_TEST_KILL_AT");
    if (target != nullptr && name == target)
        ::raise(SIGKILL);
}

}  // namespace scelle::core
