// The bundle writer's zip I/O (bundle_writer_zip.cpp): writing the zip through our own libzip
// sources (large writes, early writeback, originals read in large pieces), and a small helper
// that runs one piece of work on a second thread. Private to scelle_bundle.
//
// Thread-safety: write_zip() is a plain function (the options' callbacks are called on the
// calling thread); a Background object is owned and waited for by one thread.
#pragma once

#include <zip.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/bundle/bundle_writer.h"

namespace scelle::core::bundle_internal {

// One entry to write: its content in memory or in a file, and what it must hold.
struct ZipEntry {
    std::string name;                   // full name, with the bundle folder
    const std::string* text = nullptr;  // in-memory content (kept alive by the caller)
    std::filesystem::path file;         // else: a file, read when the zip is closed
    ExpectedEntry expect;
    std::int64_t item = 0;  // the item of an evidence file
};

// A libzip error as Errc::output_failed about `subject` (sys_errno ECANCELED when cancelled).
Error zip_failure(zip_error_t* ze, const std::filesystem::path& subject);

// Writes `entries` to a new zip at `path` (created O_EXCL, 0600; removed again on failure),
// closing it: libzip reads the sources now. `mtime` is every entry's time; the options give
// the passphrase, the cancellation and the progress. Errors name `subject` (the target) or
// the original that could not be read.
Result<void> write_zip(const std::filesystem::path& path, const std::vector<ZipEntry>& entries,
                       std::time_t mtime, const ExportOptions& o,
                       const std::filesystem::path& subject, Env& env);

// Runs `work` on another thread (or at once, when no thread can be started); get() waits for
// its result. Joined when destroyed, so the work never outlives what it uses: declare the
// object after everything the work refers to.
template <class T>
class Background {
  public:
    explicit Background(std::function<T()> work) : m_work(std::move(work)) {
        try {
            m_thread = std::thread([this] { m_result.emplace(m_work()); });
        } catch (const std::system_error&) {
            m_result.emplace(m_work());
        }
    }
    ~Background() { wait(); }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    // The result; call once.
    T get() {
        wait();
        return std::move(*m_result);
    }

  private:
    void wait() {
        if (m_thread.joinable())
            m_thread.join();
    }
    std::function<T()> m_work;
    std::optional<T> m_result;
    std::thread m_thread;  // last: starts once the others exist
};

}  // namespace scelle::core::bundle_internal
