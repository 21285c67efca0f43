// Env on Windows: see env.h. Compiled only there (app/base/CMakeLists.txt picks it); the
// counterpart of env_posix.cpp, with the only write loop of this platform. Paths are
// std::filesystem::path, whose native form on Windows is UTF-16: the wide API is called with
// it, never the ANSI one, so that every name Scellé handles as UTF-8 survives.
#ifdef _WIN32

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <io.h>
#include <windows.h>
// After windows.h: CommandLineToArgvW.
#include <shellapi.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <system_error>

#include "scelle/base/env.h"
#include "scelle/base/program.h"
#include "scelle/base/text.h"

namespace scelle::core {

namespace fs = std::filesystem;

namespace {

// The errno closest to a Win32 error, so that callers see one vocabulary on every platform.
int errno_from_win32(DWORD e) {
    switch (e) {
        case ERROR_FILE_NOT_FOUND:
        case ERROR_PATH_NOT_FOUND:
        case ERROR_INVALID_DRIVE:
        case ERROR_BAD_NETPATH:
            return ENOENT;
        case ERROR_ACCESS_DENIED:
        case ERROR_SHARING_VIOLATION:
        case ERROR_LOCK_VIOLATION:
            return EACCES;
        case ERROR_FILE_EXISTS:
        case ERROR_ALREADY_EXISTS:
            return EEXIST;
        case ERROR_DISK_FULL:
        case ERROR_HANDLE_DISK_FULL:
            return ENOSPC;
        case ERROR_WRITE_PROTECT:
            return EROFS;
        case ERROR_FILENAME_EXCED_RANGE:
            return ENAMETOOLONG;
        case ERROR_NOT_SAME_DEVICE:
            return EXDEV;
        case ERROR_DIRECTORY:
            return ENOTDIR;
        case ERROR_DIR_NOT_EMPTY:
            return ENOTEMPTY;
        case ERROR_OPERATION_ABORTED:
            return ECANCELED;
        default:
            return EIO;
    }
}

// A folder cannot be opened as a file: Windows says "access denied" where POSIX says EISDIR,
// which the callers turn into "this is a folder".
bool is_a_folder(const fs::path& path) {
    const DWORD a = GetFileAttributesW(path.c_str());
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

Error fail(const fs::path& path, DWORD e = GetLastError()) {
    // path.string() would be the ANSI code page: the subject is UTF-8, as everywhere else.
    return error_from_errno(errno_from_win32(e), path_to_utf8(path), false);
}

// Owns a file handle.
class UniqueHandle {
  public:
    explicit UniqueHandle(HANDLE h = INVALID_HANDLE_VALUE) : m_h(h) {}
    ~UniqueHandle() {
        if (valid())
            CloseHandle(m_h);
    }
    UniqueHandle(UniqueHandle&& o) noexcept : m_h(o.release()) {}
    UniqueHandle& operator=(UniqueHandle&&) = delete;
    UniqueHandle(const UniqueHandle&) = delete;
    UniqueHandle& operator=(const UniqueHandle&) = delete;
    HANDLE get() const { return m_h; }
    bool valid() const { return m_h != INVALID_HANDLE_VALUE && m_h != nullptr; }
    HANDLE release() {
        HANDLE h = m_h;
        m_h = INVALID_HANDLE_VALUE;
        return h;
    }

  private:
    HANDLE m_h;
};

std::int64_t filetime_ns(const FILETIME& t) {
    // 100 ns ticks since 1601-01-01; 11644473600 s to the Unix epoch.
    const std::uint64_t ticks =
        (static_cast<std::uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
    return (static_cast<std::int64_t>(ticks) - 116444736000000000LL) * 100;
}

FileInfo to_info(DWORD attributes, std::uint64_t size, const FILETIME& written, std::uint64_t id) {
    FileInfo i;
    i.type = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) ? FileInfo::Type::symlink
             : (attributes & FILE_ATTRIBUTE_DIRECTORY)   ? FileInfo::Type::directory
             : (attributes & FILE_ATTRIBUTE_DEVICE)      ? FileInfo::Type::other
                                                         : FileInfo::Type::file;
    i.size = size;
    i.mtime_ns = filetime_ns(written);
    i.id = id;
    return i;
}

// The one write loop: writes all of `data` at `offset` (or at the end of what was appended when
// `offset` is negative), retrying short writes. WriteFile is not interrupted by signals.
Result<void> write_all(HANDLE h, std::span<const std::byte> data, std::int64_t offset,
                       std::uint64_t& append_at, const fs::path& path) {
    std::uint64_t at = offset < 0 ? append_at : static_cast<std::uint64_t>(offset);
    while (!data.empty()) {
        const DWORD chunk = static_cast<DWORD>(
            std::min<std::size_t>(data.size(), std::numeric_limits<DWORD>::max() / 2));
        OVERLAPPED ov{};
        ov.Offset = static_cast<DWORD>(at & 0xffffffffu);
        ov.OffsetHigh = static_cast<DWORD>(at >> 32);
        DWORD written = 0;
        if (!WriteFile(h, data.data(), chunk, &written, &ov))
            return fail(path);
        if (written == 0)
            return fail(path, ERROR_WRITE_FAULT);
        data = data.subspan(written);
        at += written;
    }
    if (offset < 0)
        append_at = at;
    return {};
}

class Win32WritableFile final : public WritableFile {
  public:
    Win32WritableFile(UniqueHandle h, fs::path path) : m_h(std::move(h)), m_path(std::move(path)) {}

    Result<void> append(std::span<const std::byte> data) override {
        return write_all(m_h.get(), data, -1, m_append_at, m_path);
    }
    Result<void> write_at(std::uint64_t offset, std::span<const std::byte> data) override {
        return write_all(m_h.get(), data, static_cast<std::int64_t>(offset), m_append_at, m_path);
    }
    Result<void> sync() override {
        if (!FlushFileBuffers(m_h.get()))
            return fail(m_path);
        return {};
    }
    // No equivalent of sync_file_range: the later sync does all the work.
    void start_writeback() override {}
    Result<void> make_read_only() override {
        // The file's ACL, inherited from the private folder, already keeps others out; the
        // read-only attribute is what Windows has of 0400.
        FILE_BASIC_INFO info{};
        if (!GetFileInformationByHandleEx(m_h.get(), FileBasicInfo, &info, sizeof info))
            return fail(m_path);
        info.FileAttributes |= FILE_ATTRIBUTE_READONLY;
        if (!SetFileInformationByHandle(m_h.get(), FileBasicInfo, &info, sizeof info))
            return fail(m_path);
        return {};
    }
    Result<void> close() override {
        if (!m_h.valid())
            return {};
        if (!CloseHandle(m_h.release()))
            return fail(m_path);
        return {};
    }

  private:
    UniqueHandle m_h;
    fs::path m_path;
    std::uint64_t m_append_at = 0;
};

class Win32ReadableFile final : public ReadableFile {
  public:
    Win32ReadableFile(UniqueHandle h, fs::path path) : m_h(std::move(h)), m_path(std::move(path)) {}

    Result<std::size_t> read(std::span<std::byte> out) override {
        DWORD got = 0;
        const DWORD want = static_cast<DWORD>(
            std::min<std::size_t>(out.size(), std::numeric_limits<DWORD>::max() / 2));
        if (!ReadFile(m_h.get(), out.data(), want, &got, nullptr))
            return fail(m_path);
        return static_cast<std::size_t>(got);
    }
    Result<FileInfo> info() override {
        BY_HANDLE_FILE_INFORMATION i{};
        if (!GetFileInformationByHandle(m_h.get(), &i))
            return fail(m_path);
        return to_info(i.dwFileAttributes,
                       (static_cast<std::uint64_t>(i.nFileSizeHigh) << 32) | i.nFileSizeLow,
                       i.ftLastWriteTime,
                       (static_cast<std::uint64_t>(i.nFileIndexHigh) << 32) | i.nFileIndexLow);
    }

  private:
    UniqueHandle m_h;
    fs::path m_path;
};

Result<std::unique_ptr<WritableFile>> create_file(const fs::path& path, DWORD disposition) {
    UniqueHandle h(CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, disposition,
                               FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
    if (!h.valid())
        return fail(path);
    return std::unique_ptr<WritableFile>(new Win32WritableFile(std::move(h), path));
}

Result<FileInfo> stat_path(const fs::path& path, bool follow) {
    // Opening the file (not GetFileAttributesExW alone) also gives its index, as st_ino.
    UniqueHandle h(CreateFileW(
        path.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        nullptr, OPEN_EXISTING,
        FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT), nullptr));
    if (!h.valid()) {
        // Some special files cannot be opened; their attributes still say what they are.
        WIN32_FILE_ATTRIBUTE_DATA a{};
        if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &a))
            return fail(path);
        return to_info(a.dwFileAttributes,
                       (static_cast<std::uint64_t>(a.nFileSizeHigh) << 32) | a.nFileSizeLow,
                       a.ftLastWriteTime, 0);
    }
    BY_HANDLE_FILE_INFORMATION i{};
    if (!GetFileInformationByHandle(h.get(), &i))
        return fail(path);
    return to_info(
        i.dwFileAttributes, (static_cast<std::uint64_t>(i.nFileSizeHigh) << 32) | i.nFileSizeLow,
        i.ftLastWriteTime, (static_cast<std::uint64_t>(i.nFileIndexHigh) << 32) | i.nFileIndexLow);
}

}  // namespace

Env& Env::system() {
    static Env env;
    return env;
}

Result<std::unique_ptr<WritableFile>> Env::create_new(const fs::path& path) {
    return create_file(path, CREATE_NEW);
}

Result<std::unique_ptr<WritableFile>> Env::open_write(const fs::path& path) {
    return create_file(path, CREATE_ALWAYS);
}

Result<std::unique_ptr<ReadableFile>> Env::open_read(const fs::path& path, Links links) {
    UniqueHandle h(CreateFileW(
        path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
        FILE_FLAG_SEQUENTIAL_SCAN | (links == Links::refuse ? FILE_FLAG_OPEN_REPARSE_POINT : 0),
        nullptr));
    if (!h.valid()) {
        const DWORD e = GetLastError();
        if (e == ERROR_ACCESS_DENIED && is_a_folder(path))
            return error_from_errno(EISDIR, path_to_utf8(path), false);
        return fail(path, e);
    }
    return std::unique_ptr<ReadableFile>(new Win32ReadableFile(std::move(h), path));
}

Result<CFilePtr> Env::open_c_stream(const fs::path& path) {
    // N: not inherited by child processes (the counterpart of O_CLOEXEC).
    CFilePtr file(_wfopen(path.c_str(), L"rbN"));
    if (!file)
        return error_from_errno(errno == EACCES && is_a_folder(path) ? EISDIR : errno,
                                path_to_utf8(path), false);
    return file;
}

Result<void> Env::rename(const fs::path& from, const fs::path& to) {
    if (!MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return fail(to);
    return {};
}

Result<void> Env::rename_no_replace(const fs::path& from, const fs::path& to) {
    // Without MOVEFILE_REPLACE_EXISTING, MoveFileExW refuses an existing target
    // (ERROR_ALREADY_EXISTS, mapped to EEXIST); MOVEFILE_WRITE_THROUGH returns once the move
    // is on disk, which also stands for the folder sync of POSIX.
    if (!MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_WRITE_THROUGH))
        return fail(to);
    return {};
}

Result<void> Env::remove(const fs::path& path) {
    if (!DeleteFileW(path.c_str())) {
        const DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            return {};
        if (e == ERROR_ACCESS_DENIED) {
            // A published file is read-only: clear the attribute and try once more.
            SetFileAttributesW(path.c_str(), FILE_ATTRIBUTE_NORMAL);
            if (DeleteFileW(path.c_str()))
                return {};
        }
        return fail(path, e);
    }
    return {};
}

Result<void> Env::make_dir(const fs::path& path) {
    if (!CreateDirectoryW(path.c_str(), nullptr)) {
        const DWORD e = GetLastError();
        if (e == ERROR_ALREADY_EXISTS) {
            const DWORD a = GetFileAttributesW(path.c_str());
            if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY))
                return {};
            return Error{Errc::store_io, path_to_utf8(path), "exists and is not a folder", EEXIST};
        }
        return fail(path, e);
    }
    return {};
}

Result<void> Env::make_new_dir(const fs::path& path) {
    if (!CreateDirectoryW(path.c_str(), nullptr))
        return fail(path);
    return {};
}

Result<void> Env::remove_all(const fs::path& path) {
    std::error_code ec;
    // Published files are read-only, which stops their deletion on Windows: cleared first.
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        const DWORD a = GetFileAttributesW(it->path().c_str());
        if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_READONLY))
            SetFileAttributesW(it->path().c_str(), a & ~DWORD{FILE_ATTRIBUTE_READONLY});
    }
    ec.clear();
    fs::remove_all(path, ec);
    if (ec)
        return error_from_errno(ec.value() != 0 ? ec.value() : EIO, path_to_utf8(path), false);
    return {};
}

Result<void> Env::restrict_to_owner(const fs::path&) {
    // Windows has no mode bits: the file keeps the ACL of its folder (the user's profile).
    return {};
}

Result<void> Env::sync_file(const fs::path& path) {
    UniqueHandle h(CreateFileW(path.c_str(), GENERIC_WRITE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                               OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!h.valid())
        return fail(path);
    if (!FlushFileBuffers(h.get()))
        return fail(path);
    return {};
}

Result<void> Env::sync_files(std::span<const fs::path> paths) {
    for (const auto& path : paths)
        SCELLE_TRY(sync_file(path));
    return {};
}

Result<void> Env::sync_dir(const fs::path&) {
    // Folders cannot be flushed on Windows; MOVEFILE_WRITE_THROUGH made the rename durable.
    return {};
}

Result<FileInfo> Env::stat(const fs::path& path) {
    return stat_path(path, true);
}

Result<FileInfo> Env::lstat(const fs::path& path) {
    return stat_path(path, false);
}

Result<void> Env::check_access(const fs::path& path, Access what) {
    const DWORD a = GetFileAttributesW(path.c_str());
    if (a == INVALID_FILE_ATTRIBUTES)
        return fail(path);
    // The ACLs decide, and only trying tells: the open or the create reports EACCES later.
    if (what == Access::writable_dir && !(a & FILE_ATTRIBUTE_DIRECTORY))
        return error_from_errno(ENOTDIR, path.string(), false);
    return {};
}

long Env::process_id() {
    return static_cast<long>(GetCurrentProcessId());
}

bool Env::process_running(long pid) {
    if (pid <= 0)
        return false;
    HANDLE h = OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
    if (h == nullptr)
        return GetLastError() == ERROR_ACCESS_DENIED;  // exists, but not ours to open
    const bool running = WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
    CloseHandle(h);
    return running;
}

void Env::checkpoint(std::string_view name) {
    static const char* target = std::getenv("SCELLE_TEST_KILL_AT");
    if (target != nullptr && name == target)
        TerminateProcess(GetCurrentProcess(), 137);
}

fs::path program_path() {
    std::wstring buf(32768, L'\0');
    const DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0 || n >= buf.size())
        return {};
    buf.resize(n);
    return fs::path(buf);
}

void set_env_var(const char* name, const char* value) {
    // In UTF-16: _putenv_s would read the UTF-8 value in the ANSI code page.
    _wputenv_s(utf8_to_path(name).c_str(), utf8_to_path(value).c_str());
}

namespace {

std::string wide_to_utf8(const wchar_t* w) {
    return path_to_utf8(fs::path(w));
}

}  // namespace

std::optional<std::string> env_var(const char* name) {
    const std::wstring wide_name = utf8_to_path(name).wstring();
    const wchar_t* v = _wgetenv(wide_name.c_str());
    if (v == nullptr)
        return std::nullopt;
    return wide_to_utf8(v);
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    int n = 0;
    wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &n);
    if (wide == nullptr)  // cannot happen with a real command line: argv is better than nothing
        return std::vector<std::string>(argv, argv + argc);
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out.push_back(wide_to_utf8(wide[i]));
    LocalFree(wide);
    return out;
}

namespace {

// <the folder in `variable`>\Scellé, else <the user's profile>\AppData\<under_profile>\Scellé.
fs::path scelle_folder_in(const char* variable, const char* under_profile) {
    const fs::path name = utf8_to_path("Scellé");
    if (auto dir = env_var(variable); dir && !dir->empty())
        return utf8_to_path(*dir) / name;
    if (auto profile = env_var("USERPROFILE"); profile && !profile->empty())
        return utf8_to_path(*profile) / "AppData" / under_profile / name;
    return {};
}

}  // namespace

fs::path user_data_dir() {
    return scelle_folder_in("LOCALAPPDATA", "Local");
}

std::string path_for_ansi_api(const fs::path& path) {
    std::wstring wide = path.wstring();
    const DWORD need = GetShortPathNameW(wide.c_str(), nullptr, 0);
    if (need > 0) {
        std::wstring shortened(need, L'\0');
        const DWORD got = GetShortPathNameW(wide.c_str(), shortened.data(), need);
        if (got > 0 && got < need) {
            shortened.resize(got);
            wide = std::move(shortened);
        }
    }
    const int size = WideCharToMultiByte(CP_ACP, 0, wide.c_str(), static_cast<int>(wide.size()),
                                         nullptr, 0, nullptr, nullptr);
    std::string narrow(static_cast<std::size_t>(size > 0 ? size : 0), '\0');
    if (size > 0)
        WideCharToMultiByte(CP_ACP, 0, wide.c_str(), static_cast<int>(wide.size()), narrow.data(),
                            size, nullptr, nullptr);
    return narrow;
}

fs::path user_config_dir() {
    return scelle_folder_in("APPDATA", "Roaming");
}

}  // namespace scelle::core

#endif  // _WIN32
