// Env: the file-system operations and the clock the libraries use to read and write, behind
// one interface so that tests can inject failures (a full disk, a read-only store, a failed
// rename) at any step. This follows LevelDB's Env. Production code uses Env::system(): the
// POSIX implementation (env_posix.cpp) on Linux and macOS, the Win32 one (env_win32.cpp) on
// Windows; only tests make others. Nothing outside app/base/src/env*.cpp calls the system's file
// functions (tests/layout/check_layers.sh checks it).
//
// Errors: every failure is an Error whose sys_errno is the errno (Win32 errors are mapped to
// errno values), its code chosen by error_from_errno(err, path, false); callers that read an
// input or write an output re-map the code.
//
// Thread-safety: Env::system() is thread-safe; a file object is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "scelle/base/handle.h"
#include "scelle/base/result.h"

namespace scelle::core {

// A file open for writing. Writes are complete or fail: short writes and interrupted calls
// are retried inside (one write loop, in the platform's Env).
class WritableFile {
  public:
    virtual ~WritableFile() = default;
    virtual Result<void> append(std::span<const std::byte> data) = 0;
    // Writes at a file offset, without moving the append position (libzip and PoDoFo seek back
    // to complete a header).
    virtual Result<void> write_at(std::uint64_t offset, std::span<const std::byte> data) = 0;
    // Flushes the file's data and metadata to stable storage.
    virtual Result<void> sync() = 0;
    // Starts writing the file's data to disk without waiting, so that a later sync is short
    // (sync_file_range where it exists; nothing elsewhere). Its failure changes nothing.
    virtual void start_writeback() {}
    // Makes the file read-only for its owner alone (0400) before it is published.
    virtual Result<void> make_read_only() = 0;
    // close() can report a delayed write error (NFS, quotas): it must not be ignored.
    virtual Result<void> close() = 0;
};

// What stat() tells about a path or an open file.
struct FileInfo {
    enum class Type { file, directory, symlink, other };
    Type type = Type::other;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;  // since the epoch
    std::uint64_t id = 0;       // inode number (file index on Windows)
    bool operator==(const FileInfo&) const = default;
};

// A file open for reading, from its start.
class ReadableFile {
  public:
    virtual ~ReadableFile() = default;
    // Reads up to out.size() bytes; 0 at the end of the file.
    virtual Result<std::size_t> read(std::span<std::byte> out) = 0;
    // The open file's state (fstat), to notice a file changing while it is read.
    virtual Result<FileInfo> info() = 0;
};

class Env {
  public:
    virtual ~Env() = default;
    // The platform's Env. posix() is its older name, kept for the callers that use it.
    static Env& system();
    static Env& posix() { return system(); }

    // Creates a new file that must not exist yet, with owner-only permissions (EEXIST if it
    // does; a symbolic link at `path` is not followed).
    virtual Result<std::unique_ptr<WritableFile>> create_new(const std::filesystem::path& path);
    // Opens a file for writing from its start: created owner-only if missing, else truncated.
    virtual Result<std::unique_ptr<WritableFile>> open_write(const std::filesystem::path& path);
    // Opens a file for reading. A special file (a pipe swapped in) does not block the call.
    // Links::refuse fails (ELOOP) on a symbolic link, for files only Scellé writes.
    enum class Links { follow, refuse };
    virtual Result<std::unique_ptr<ReadableFile>> open_read(const std::filesystem::path& path,
                                                            Links links = Links::follow);
    // Opens a file for reading as a C stream, in binary mode, for a C library that reads
    // through a FILE* (libpng's png_init_io). Only the opening is Env's; the reads are stdio's.
    virtual Result<CFilePtr> open_c_stream(const std::filesystem::path& path);
    // Replaces `to` if it exists.
    virtual Result<void> rename(const std::filesystem::path& from, const std::filesystem::path& to);
    // Moves `from` to `to` and never replaces a file there (EEXIST): renameat2 with
    // RENAME_NOREPLACE where it exists, else link + unlink; MoveFileExW without replace on
    // Windows.
    virtual Result<void> rename_no_replace(const std::filesystem::path& from,
                                           const std::filesystem::path& to);
    // Removes a file; succeeds if there is none.
    virtual Result<void> remove(const std::filesystem::path& path);
    // Makes a folder with owner-only permissions; succeeds if it exists already.
    virtual Result<void> make_dir(const std::filesystem::path& path);
    // Makes a folder with owner-only permissions that must not exist yet (EEXIST if it does).
    virtual Result<void> make_new_dir(const std::filesystem::path& path);
    // Removes a folder and everything in it; succeeds if there is none.
    virtual Result<void> remove_all(const std::filesystem::path& path);
    // Makes a closed file readable and writable by its owner alone (0600).
    virtual Result<void> restrict_to_owner(const std::filesystem::path& path);
    // Flushes a closed file's data to stable storage (opens it again to do so).
    virtual Result<void> sync_file(const std::filesystem::path& path);
    // Whether sync_file may run while other handles read the same file. Not on Windows:
    // FlushFileBuffers needs the file opened for writing, which Windows refuses while a reader
    // holds it without sharing writes (libzip's reader does), and the reader is refused too
    // while the flush holds it.
#if defined(_WIN32)
    static constexpr bool kSyncWhileReading = false;
#else
    static constexpr bool kSyncWhileReading = true;
#endif
    // Flushes several closed files' data and metadata to stable storage, as sync_file on each
    // would, but in one batch: on Linux, each file's data is written out and waited for (which
    // reports that file's write errors), then one syncfs per file system commits the journal
    // and flushes the disk's cache once for all of them, where an fsync per file pays for a
    // commit or a cache flush each. Elsewhere, sync_file on each.
    virtual Result<void> sync_files(std::span<const std::filesystem::path> paths);
    // Flushes a folder's entries (after a rename or create) to stable storage. Does nothing
    // where folders cannot be synced (Windows).
    virtual Result<void> sync_dir(const std::filesystem::path& dir);
    // stat() follows a final symbolic link, lstat() does not.
    virtual Result<FileInfo> stat(const std::filesystem::path& path);
    virtual Result<FileInfo> lstat(const std::filesystem::path& path);
    // Whether this process may read the file (readable) or create files in the folder
    // (writable_dir); the errno when it may not.
    enum class Access { readable, writable_dir };
    virtual Result<void> check_access(const std::filesystem::path& path, Access what);
    virtual std::chrono::system_clock::time_point now();

    // This process's id, for temporary names, and whether a process of that id still runs
    // (to remove what a killed one left behind).
    virtual long process_id();
    virtual bool process_running(long pid);

    // Named points of a write sequence. A test can ask the process to kill itself with
    // SIGKILL at one of them (environment variable SCELLE_TEST_KILL_AT=name), to prove that a
    // crash there leaves a store that `check` accepts. Does nothing otherwise.
    virtual void checkpoint(std::string_view name);
};

}  // namespace scelle::core
