// Env on POSIX systems (Linux, macOS): see env.h. The only file in the libraries that calls
// the system's file functions, with the only write loop (interrupted calls, short writes).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/program.h"

namespace scelle::core {

namespace fs = std::filesystem;

namespace {

// Owns a file descriptor.
class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    ~UniqueFd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    UniqueFd(UniqueFd&& o) noexcept : m_fd(o.release()) {}
    UniqueFd& operator=(UniqueFd&&) = delete;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    // Gives up ownership; the caller closes the descriptor.
    int release() {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

  private:
    int m_fd;
};

Error fail(const fs::path& path, int err = errno) {
    return error_from_errno(err, path.string(), false);
}

// The one write loop: writes all of `data` at `offset`, or at the current position when
// `offset` is negative, retrying interrupted calls and short writes.
Result<void> write_all(int fd, std::span<const std::byte> data, std::int64_t offset,
                       const fs::path& path) {
    while (!data.empty()) {
        const ssize_t n = offset < 0
                              ? ::write(fd, data.data(), data.size())
                              : ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(path);
        }
        if (n == 0)
            return fail(path, EIO);
        data = data.subspan(static_cast<std::size_t>(n));
        if (offset >= 0)
            offset += n;
    }
    return {};
}

FileInfo to_info(const struct stat& st) {
    FileInfo i;
    i.type = S_ISREG(st.st_mode)   ? FileInfo::Type::file
             : S_ISDIR(st.st_mode) ? FileInfo::Type::directory
             : S_ISLNK(st.st_mode) ? FileInfo::Type::symlink
                                   : FileInfo::Type::other;
    i.size = static_cast<std::uint64_t>(st.st_size);
#ifdef __APPLE__
    i.mtime_ns =
        static_cast<std::int64_t>(st.st_mtimespec.tv_sec) * 1'000'000'000 + st.st_mtimespec.tv_nsec;
#else
    i.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
#endif
    i.id = static_cast<std::uint64_t>(st.st_ino);
    return i;
}

class PosixWritableFile final : public WritableFile {
  public:
    PosixWritableFile(UniqueFd fd, fs::path path) : m_fd(std::move(fd)), m_path(std::move(path)) {}

    Result<void> append(std::span<const std::byte> data) override {
        return write_all(m_fd.get(), data, -1, m_path);
    }

    Result<void> write_at(std::uint64_t offset, std::span<const std::byte> data) override {
        return write_all(m_fd.get(), data, static_cast<std::int64_t>(offset), m_path);
    }

    Result<void> sync() override {
        if (::fsync(m_fd.get()) != 0)
            return fail(m_path);
        return {};
    }

    void start_writeback() override {
#ifdef __linux__
        ::sync_file_range(m_fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    }

    Result<void> make_read_only() override {
        if (::fchmod(m_fd.get(), S_IRUSR) != 0)
            return fail(m_path);
        return {};
    }

    Result<void> close() override {
        if (!m_fd.valid())
            return {};
        if (::close(m_fd.release()) != 0)
            return fail(m_path);
        return {};
    }

  private:
    UniqueFd m_fd;
    fs::path m_path;
};

class PosixReadableFile final : public ReadableFile {
  public:
    PosixReadableFile(UniqueFd fd, fs::path path) : m_fd(std::move(fd)), m_path(std::move(path)) {}

    Result<std::size_t> read(std::span<std::byte> out) override {
        for (;;) {
            const ssize_t n = ::read(m_fd.get(), out.data(), out.size());
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno != EINTR)
                return fail(m_path);
        }
    }

    Result<FileInfo> info() override {
        struct stat st {};
        if (::fstat(m_fd.get(), &st) != 0)
            return fail(m_path);
        return to_info(st);
    }

  private:
    UniqueFd m_fd;
    fs::path m_path;
};

Result<void> sync_path(const fs::path& path, int flags) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags));
    if (!fd.valid())
        return fail(path);
    if (::fsync(fd.get()) != 0)
        return fail(path);
    return {};
}

}  // namespace

Env& Env::system() {
    static Env env;
    return env;
}

Result<std::unique_ptr<WritableFile>> Env::create_new(const fs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                       S_IRUSR | S_IWUSR));
    if (!fd.valid())
        return fail(path);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(std::move(fd), path));
}

Result<std::unique_ptr<WritableFile>> Env::open_write(const fs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR));
    if (!fd.valid())
        return fail(path);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(std::move(fd), path));
}

Result<std::unique_ptr<ReadableFile>> Env::open_read(const fs::path& path, Links links) {
    // O_NONBLOCK: if the path was swapped for a pipe since it was checked, open must not hang.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
                                         (links == Links::refuse ? O_NOFOLLOW : 0)));
    if (!fd.valid())
        return fail(path);
    return std::unique_ptr<ReadableFile>(new PosixReadableFile(std::move(fd), path));
}

Result<CFilePtr> Env::open_c_stream(const fs::path& path) {
    CFilePtr file(std::fopen(path.c_str(), "rbe"));  // e: O_CLOEXEC
    if (!file)
        return fail(path);
    return file;
}

Result<void> Env::rename(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        return fail(to);
    return {};
}

Result<void> Env::rename_no_replace(const fs::path& from, const fs::path& to) {
#ifdef __linux__
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return {};
    // Some file systems do not support the flag: fall back to link + unlink.
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return fail(to);
#endif
    if (::link(from.c_str(), to.c_str()) != 0)
        return fail(to);
    ::unlink(from.c_str());
    return {};
}

Result<void> Env::remove(const fs::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return fail(path);
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
        return fail(path);
    }
    return {};
}

Result<void> Env::make_new_dir(const fs::path& path) {
    if (::mkdir(path.c_str(), S_IRWXU) != 0)
        return fail(path);
    return {};
}

Result<void> Env::remove_all(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec)
        return fail(path, ec.value());
    return {};
}

Result<void> Env::restrict_to_owner(const fs::path& path) {
    if (::chmod(path.c_str(), S_IRUSR | S_IWUSR) != 0)
        return fail(path);
    return {};
}

Result<void> Env::sync_file(const fs::path& path) {
    return sync_path(path, O_NOFOLLOW);
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
    return sync_path(dir, O_DIRECTORY);
}

Result<FileInfo> Env::stat(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail(path);
    return to_info(st);
}

Result<FileInfo> Env::lstat(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return fail(path);
    return to_info(st);
}

Result<void> Env::check_access(const fs::path& path, Access what) {
    if (::access(path.c_str(), what == Access::readable ? R_OK : W_OK | X_OK) != 0)
        return fail(path);
    return {};
}

long Env::process_id() {
    return static_cast<long>(::getpid());
}

bool Env::process_running(long pid) {
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH);
}

void Env::checkpoint(std::string_view name) {
    static const char* target = std::getenv("SCELLE_TEST_KILL_AT");
    if (target != nullptr && name == target)
        ::raise(SIGKILL);
}

fs::path program_path() {
    std::error_code ec;
#ifdef __APPLE__
    std::uint32_t size = 0;
    _NSGetExecutablePath(nullptr, &size);
    std::string buf(size, '\0');
    if (_NSGetExecutablePath(buf.data(), &size) != 0)
        return {};
    fs::path exe = fs::canonical(buf.c_str(), ec);
#else
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
#endif
    return ec ? fs::path() : exe;
}

void set_env_var(const char* name, const char* value) {
    ::setenv(name, value, 1);
}

std::optional<std::string> env_var(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr)
        return std::nullopt;
    return std::string(v);
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    return std::vector<std::string>(argv, argv + argc);
}

fs::path user_data_dir() {
    if (auto x = env_var("XDG_DATA_HOME"); x && !x->empty() && x->front() == '/')
        return fs::path(*x) / "scelle";
    if (auto h = env_var("HOME"); h && !h->empty())
        return fs::path(*h) / ".local" / "share" / "scelle";
    return {};
}

std::string path_for_ansi_api(const fs::path& path) {
    return path.string();
}

fs::path user_config_dir() {
    if (auto x = env_var("XDG_CONFIG_HOME"); x && !x->empty() && x->front() == '/')
        return fs::path(*x) / "scelle";
    if (auto h = env_var("HOME"); h && !h->empty())
        return fs::path(*h) / ".config" / "scelle";
    return {};
}

}  // namespace scelle::core
