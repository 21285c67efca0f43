// Env: the file-system operations and the clock the store uses to write, behind one
// interface so that tests can inject failures (a full disk, a read-only store) at any step.
// This follows LevelDB's Env. Production code uses Env::posix(); only tests make others.
//
// Thread-safety: Env::posix() is thread-safe; a WritableFile is used by one thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "scelle/base/result.h"

namespace scelle::core {

// Owns a POSIX file descriptor.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset(int fd = -1);
    // Gives up ownership; the caller closes the descriptor.
    int release() {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }

  private:
    int m_fd = -1;
};

class WritableFile {
  public:
    virtual ~WritableFile() = default;
    virtual Result<void> append(std::span<const std::byte> data) = 0;
    // Flushes the file's data and metadata to stable storage.
    virtual Result<void> sync() = 0;
    // Starts writing the file's data to disk without waiting, so that a later sync is short.
    virtual void start_writeback() {}
    // Makes the file read-only for its owner alone (0400) before it is published.
    virtual Result<void> make_read_only() = 0;
    virtual Result<void> close() = 0;
};

class Env {
  public:
    virtual ~Env() = default;
    static Env& posix();

    // Creates a new file that must not exist yet, with owner-only permissions.
    virtual Result<std::unique_ptr<WritableFile>> create_new(const std::filesystem::path& path);
    virtual Result<void> rename(const std::filesystem::path& from, const std::filesystem::path& to);
    virtual Result<void> remove(const std::filesystem::path& path);
    // Makes a folder with owner-only permissions; succeeds if it exists already.
    virtual Result<void> make_dir(const std::filesystem::path& path);
    // Flushes a closed file's data to stable storage (opens it again to do so).
    virtual Result<void> sync_file(const std::filesystem::path& path);
    // Flushes several closed files' data and metadata to stable storage, as sync_file on each
    // would, but in one batch: on Linux, each file's data is written out and waited for (which
    // reports that file's write errors), then one syncfs per file system commits the journal
    // and flushes the disk's cache once for all of them, where an fsync per file pays for a
    // commit or a cache flush each. Elsewhere, sync_file on each.
    virtual Result<void> sync_files(std::span<const std::filesystem::path> paths);
    // Flushes a folder's entries (after a rename or create) to stable storage.
    virtual Result<void> sync_dir(const std::filesystem::path& dir);
    virtual std::chrono::system_clock::time_point now();

    // Named points of a write sequence. A test can ask the process to kill itself with
    // SIGKILL at one of them (environment variable SCELLE_TEST_KILL_AT=name), to prove that a
    // crash there leaves a store that `check` accepts. Does nothing otherwise.
    virtual void checkpoint(std::string_view name);
};

}  // namespace scelle::core
