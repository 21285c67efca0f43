// FaultEnv: an Env that fails one chosen operation with a chosen errno, after letting it succeed
// a given number of times, and counts the calls it saw (so that a test can prove the code under
// test went through Env at all). Shared by the fault tests of import, export and report.
#pragma once

#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "scelle/base/env.h"

namespace scelle::core {

class FaultEnv : public Env {
  public:
    enum class Op {
        none,
        create,     // create_new and open_write
        append,     // WritableFile::append
        write_at,   // WritableFile::write_at
        close,      // WritableFile::close
        open_read,  // Env::open_read
        read,       // ReadableFile::read
        sync_file,
        sync_files,  // Env::sync_files (the import's batch)
        rename,      // rename and rename_no_replace
        sync_dir,
        make_dir,  // make_dir and make_new_dir
    };
    Op fail_op = Op::none;
    int fail_errno = ENOSPC;
    int fail_after = 0;  // succeed this many times first

    Result<std::unique_ptr<WritableFile>> create_new(const std::filesystem::path& path) override {
        if (should_fail(Op::create))
            return error_from_errno(fail_errno, path.string(), false);
        return wrap(Env::create_new(path), path);
    }
    Result<std::unique_ptr<WritableFile>> open_write(const std::filesystem::path& path) override {
        if (should_fail(Op::create))
            return error_from_errno(fail_errno, path.string(), false);
        return wrap(Env::open_write(path), path);
    }
    Result<std::unique_ptr<ReadableFile>> open_read(const std::filesystem::path& path,
                                                    Links links) override {
        if (should_fail(Op::open_read))
            return error_from_errno(fail_errno, path.string(), false);
        auto f = Env::open_read(path, links);
        if (!f.ok())
            return f;
        return std::unique_ptr<ReadableFile>(new FaultReader(*this, std::move(f).value(), path));
    }
    Result<void> rename(const std::filesystem::path& from,
                        const std::filesystem::path& to) override {
        if (should_fail(Op::rename))
            return error_from_errno(fail_errno, to.string(), false);
        return Env::rename(from, to);
    }
    Result<void> rename_no_replace(const std::filesystem::path& from,
                                   const std::filesystem::path& to) override {
        if (should_fail(Op::rename))
            return error_from_errno(fail_errno, to.string(), false);
        return Env::rename_no_replace(from, to);
    }
    Result<void> sync_file(const std::filesystem::path& path) override {
        if (should_fail(Op::sync_file))
            return error_from_errno(fail_errno, path.string(), false);
        return Env::sync_file(path);
    }
    Result<void> sync_files(std::span<const std::filesystem::path> paths) override {
        if (should_fail(Op::sync_files))
            return error_from_errno(fail_errno, paths.empty() ? "" : paths[0].string(), false);
        return Env::sync_files(paths);
    }
    Result<void> sync_dir(const std::filesystem::path& d) override {
        if (should_fail(Op::sync_dir))
            return error_from_errno(fail_errno, d.string(), false);
        return Env::sync_dir(d);
    }
    Result<void> make_dir(const std::filesystem::path& d) override {
        if (should_fail(Op::make_dir))
            return error_from_errno(fail_errno, d.string(), false);
        return Env::make_dir(d);
    }
    Result<void> make_new_dir(const std::filesystem::path& d) override {
        if (should_fail(Op::make_dir))
            return error_from_errno(fail_errno, d.string(), false);
        return Env::make_new_dir(d);
    }

    // Counts the call; true when this one must fail. Thread-safe (the export syncs on a second
    // thread).
    bool should_fail(Op op) {
        std::lock_guard lock(m_mutex);
        ++calls[op];
        if (op != fail_op)
            return false;
        return m_count++ >= fail_after;
    }
    void reset(Op op, int err, int after) {
        fail_op = op;
        fail_errno = err;
        fail_after = after;
        m_count = 0;
        calls.clear();
    }

    int count(Op op) {
        std::lock_guard lock(m_mutex);
        return calls[op];
    }
    std::map<Op, int> calls;  // every call seen since the last reset, failed or not

  private:
    class FaultFile : public WritableFile {
      public:
        FaultFile(FaultEnv& env, std::unique_ptr<WritableFile> inner, std::filesystem::path path)
            : m_env(env), m_inner(std::move(inner)), m_path(std::move(path)) {}
        Result<void> append(std::span<const std::byte> data) override {
            if (m_env.should_fail(Op::append))
                return error_from_errno(m_env.fail_errno, m_path.string(), false);
            return m_inner->append(data);
        }
        Result<void> write_at(std::uint64_t offset, std::span<const std::byte> data) override {
            if (m_env.should_fail(Op::write_at))
                return error_from_errno(m_env.fail_errno, m_path.string(), false);
            return m_inner->write_at(offset, data);
        }
        Result<void> sync() override { return m_inner->sync(); }
        void start_writeback() override { m_inner->start_writeback(); }
        Result<void> make_read_only() override { return m_inner->make_read_only(); }
        Result<void> close() override {
            if (m_env.should_fail(Op::close)) {
                (void)m_inner->close();
                return error_from_errno(m_env.fail_errno, m_path.string(), false);
            }
            return m_inner->close();
        }

      private:
        FaultEnv& m_env;
        std::unique_ptr<WritableFile> m_inner;
        std::filesystem::path m_path;
    };
    class FaultReader : public ReadableFile {
      public:
        FaultReader(FaultEnv& env, std::unique_ptr<ReadableFile> inner, std::filesystem::path path)
            : m_env(env), m_inner(std::move(inner)), m_path(std::move(path)) {}
        Result<std::size_t> read(std::span<std::byte> out) override {
            if (m_env.should_fail(Op::read))
                return error_from_errno(m_env.fail_errno, m_path.string(), false);
            return m_inner->read(out);
        }
        Result<FileInfo> info() override { return m_inner->info(); }

      private:
        FaultEnv& m_env;
        std::unique_ptr<ReadableFile> m_inner;
        std::filesystem::path m_path;
    };

    Result<std::unique_ptr<WritableFile>> wrap(Result<std::unique_ptr<WritableFile>> f,
                                               const std::filesystem::path& path) {
        if (!f.ok())
            return f;
        return std::unique_ptr<WritableFile>(new FaultFile(*this, std::move(f).value(), path));
    }
    std::mutex m_mutex;
    int m_count = 0;
};

}  // namespace scelle::core
