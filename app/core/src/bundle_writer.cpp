// The bundle writer (bundle_writer.h): the zip, its atomic and durable publication, the
// writer's own check of what it wrote, the manifest's token and the `bundle.exported` line.
#include "scelle/core/bundle_writer.h"
#include "scelle/core/bundle_verify.h"
#include "scelle/core/sealing.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <set>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "bundle_writer_internal.h"
#include "scelle/core/bundle_format.h"
#include "scelle/core/settings.h"
#include "scelle/core/text.h"
#include "scelle/core/time.h"
#include "scelle/core/zip_ptr.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/random.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace bundle_internal;

Result<std::int64_t> CaseStore::record_export(const json& fields) {
    json line = fields;
    line["action"] = "bundle.exported";
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, append_log(std::move(line)));
    SCELLE_TRY(tx.commit());
    return seq;
}

namespace {

// Entries' Unix attributes: regular files, readable by their owner only once extracted
// (the evidence is private).
constexpr zip_uint32_t kEntryAttributes = (S_IFREG | S_IRUSR | S_IWUSR) << 16;

Error output_error(int err, const fs::path& subject, std::string detail = {}) {
    return Error{Errc::output_failed, subject.string(),
                 detail.empty() ? std::string(std::strerror(err)) : std::move(detail), err};
}

// Env reports its failures as store errors; here they concern the bundle being written.
Error as_output_error(const Error& e, const fs::path& subject) {
    const int err = e.sys_errno != 0 ? e.sys_errno : EIO;
    return output_error(err, subject, e.detail.empty() ? std::string() : e.detail);
}

Error zip_failure(zip_error_t* ze, const fs::path& subject) {
    int sys = 0;
    if (zip_error_code_zip(ze) == ZIP_ER_CANCELLED)
        sys = ECANCELED;
    else if (zip_error_system_type(ze) == ZIP_ET_SYS)
        sys = zip_error_code_system(ze);
    return Error{Errc::output_failed, subject.string(), zip_error_strerror(ze), sys};
}

// A folder `.<name>.tmp-<pid>-<random>/` beside the target, owner-only, where the zip is
// written; removed with its content unless released.
class TempFolder {
  public:
    static Result<TempFolder> create(const fs::path& target) {
        const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
        for (int attempt = 0; attempt < 10; ++attempt) {
            fs::path p = parent / fmt::format(".{}.tmp-{}-{}", target.filename().string(),
                                              ::getpid(), crypto::random_hex(4));
            if (::mkdir(p.c_str(), S_IRWXU) == 0)
                return TempFolder(p);
            if (errno != EEXIST)
                return output_error(errno, parent);
        }
        return output_error(EEXIST, parent);
    }
    TempFolder(TempFolder&& o) noexcept : m_path(std::move(o.m_path)) { o.m_path.clear(); }
    TempFolder& operator=(TempFolder&&) = delete;
    ~TempFolder() { remove(); }
    const fs::path& path() const { return m_path; }
    void remove() {
        if (m_path.empty())
            return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
        m_path.clear();
    }

  private:
    explicit TempFolder(fs::path p) : m_path(std::move(p)) {}
    fs::path m_path;
};

// Removes the temporary folders a killed export of the same target left behind:
// `.<name>.tmp-<pid>-<8 hex>/` whose process no longer exists. Nothing else is touched.
void remove_stale_temp_folders(const fs::path& target) {
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !it->is_directory(ec) || it->is_symlink(ec))
            continue;
        const std::string rest = name.substr(prefix.size());  // "<pid>-<8 hex>"
        const std::size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || rest.size() != dash + 9 ||
            rest.find_first_not_of("0123456789") != dash ||
            rest.find_first_not_of("0123456789abcdef", dash + 1) != std::string::npos)
            continue;
        const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, dash)));
        if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
            std::error_code rm;
            fs::remove_all(it->path(), rm);
        }
    }
}

// Moves `from` to `to` without ever replacing a file that exists at `to`.
Result<void> rename_no_replace(const fs::path& from, const fs::path& to) {
#ifdef __linux__
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return {};
    if (errno == EEXIST)
        return make_error(Errc::target_exists, to.string());
    // Some file systems do not support the flag: fall back to link + unlink.
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return output_error(errno, to);
#endif
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST)
            return make_error(Errc::target_exists, to.string());
        return output_error(errno, to);
    }
    ::unlink(from.c_str());
    return {};
}

// Hashes a file whole on another thread (or at once, when no thread can be started); get()
// waits for the digest. Joined when destroyed, so it never outlives the file.
class BackgroundFileHash {
  public:
    explicit BackgroundFileHash(fs::path path) : m_path(std::move(path)) {
        try {
            m_thread = std::thread([this] { m_digest = crypto::sha256_file(m_path); });
        } catch (const std::system_error&) {
            m_digest = crypto::sha256_file(m_path);
        }
    }
    ~BackgroundFileHash() { wait(); }
    BackgroundFileHash(const BackgroundFileHash&) = delete;
    BackgroundFileHash& operator=(const BackgroundFileHash&) = delete;
    Result<crypto::Digest> get() {
        wait();
        return std::move(*m_digest);
    }

  private:
    void wait() {
        if (m_thread.joinable())
            m_thread.join();
    }
    fs::path m_path;
    std::optional<Result<crypto::Digest>> m_digest;
    std::thread m_thread;  // last: starts once the others exist
};

// One entry to write: its content in memory or in a file, and what it must hold.
struct Entry {
    std::string name;                   // full name, with the bundle folder
    const std::string* text = nullptr;  // in-memory content (kept alive by the caller)
    fs::path file;                      // else: a file, read when the zip is closed
    ExpectedEntry expect;
    std::int64_t item = 0;  // the item of an evidence file
};

// The name the reader knows a TSA by: the token's TSA name, else its signer, else the URL.
std::string tsa_display_name(const crypto::TstInfoFields& f, const std::string& url) {
    if (!f.tsa_name.empty())
        return f.tsa_name;
    if (!f.signer_subject.empty())
        return f.signer_subject;
    return url;
}

int cancel_callback(zip_t*, void* state) {
    const auto* o = static_cast<const ExportOptions*>(state);
    return o->cancelled && o->cancelled() ? 1 : 0;
}

void progress_callback(zip_t*, double fraction, void* state) {
    const auto* o = static_cast<const ExportOptions*>(state);
    if (o->progress)
        o->progress(fraction);
}

// The zip file being written, as the libzip source zip_close writes through. libzip copies
// each entry in 8 KiB pieces and seeks back to complete each local header; this source gathers
// the pieces into large writes, and asks the kernel to start writing to disk every few MiB
// (sync_file_range), so that the disk works while the zip is still being written and the fsync
// that follows only waits for the tail. It writes `path` directly (created O_EXCL, 0600, in the
// private temporary folder): no second temporary file and rename as with zip_open(path).
// It is never read: the archive is new.
class ZipOutput {
  public:
    explicit ZipOutput(fs::path path) : m_path(std::move(path)) { zip_error_init(&m_error); }
    ~ZipOutput() { zip_error_fini(&m_error); }
    ZipOutput(const ZipOutput&) = delete;
    ZipOutput& operator=(const ZipOutput&) = delete;

    static zip_int64_t callback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        return static_cast<ZipOutput*>(state)->handle(data, len, cmd);
    }

  private:
    static constexpr std::size_t kBuffer = 1u << 20;
    static constexpr std::uint64_t kWritebackEvery = 8u << 20;

    zip_int64_t handle(void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        switch (cmd) {
            case ZIP_SOURCE_STAT:
                // Not there yet, as far as libzip is concerned: a new archive.
                return fail(ZIP_ER_READ, ENOENT);
            case ZIP_SOURCE_BEGIN_WRITE:
                return begin();
            case ZIP_SOURCE_WRITE:
                return write(static_cast<const std::byte*>(data), len);
            case ZIP_SOURCE_TELL_WRITE:
                return static_cast<zip_int64_t>(m_pos);
            case ZIP_SOURCE_SEEK_WRITE: {
                const zip_int64_t to =
                    zip_source_seek_compute_offset(m_pos, m_end, data, len, &m_error);
                if (to < 0)
                    return -1;
                m_pos = static_cast<std::uint64_t>(to);
                return 0;
            }
            case ZIP_SOURCE_COMMIT_WRITE:
                return commit();
            case ZIP_SOURCE_ROLLBACK_WRITE:
            case ZIP_SOURCE_REMOVE:
                m_fd.reset();
                ::unlink(m_path.c_str());
                return 0;
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&m_error, data, len);
            case ZIP_SOURCE_SUPPORTS:
                return ZIP_SOURCE_SUPPORTS_WRITABLE;
            case ZIP_SOURCE_FREE:
                return 0;
            default:
                return fail(ZIP_ER_OPNOTSUPP, 0);
        }
    }

    zip_int64_t fail(int ze, int sys) {
        zip_error_set(&m_error, ze, sys);
        return -1;
    }

    zip_int64_t begin() {
        m_fd.reset(::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                          S_IRUSR | S_IWUSR));
        if (!m_fd.valid())
            return fail(ZIP_ER_OPEN, errno);
        m_buf.resize(kBuffer);
        m_pos = m_end = m_win = 0;
        m_used = 0;
        return 0;
    }

    // Writes go to the buffer while they fall inside its window (libzip's header rewrites of a
    // small entry usually do); anything else flushes it first.
    zip_int64_t write(const std::byte* data, zip_uint64_t len) {
        if (m_pos < m_win || m_pos > m_win + m_used || m_pos + len > m_win + kBuffer) {
            if (!flush())
                return -1;
            m_win = m_pos;
        }
        if (len > kBuffer) {
            if (!write_at(data, static_cast<std::size_t>(len), m_pos))
                return -1;
        } else {
            const auto at = static_cast<std::size_t>(m_pos - m_win);
            std::memcpy(m_buf.data() + at, data, static_cast<std::size_t>(len));
            m_used = std::max(m_used, at + static_cast<std::size_t>(len));
        }
        m_pos += len;
        m_end = std::max(m_end, m_pos);
        return static_cast<zip_int64_t>(len);
    }

    bool flush() {
        if (m_used == 0)
            return true;
        if (!write_at(m_buf.data(), m_used, m_win))
            return false;
        m_unkicked += m_used;
        m_used = 0;
        if (m_unkicked >= kWritebackEvery) {
            // Only a head start for the disk: the fsync after close is what makes it durable
            // (and reports any error), so a failure here changes nothing.
            ::sync_file_range(m_fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
            m_unkicked = 0;
        }
        return true;
    }

    bool write_at(const std::byte* data, std::size_t len, std::uint64_t at) {
        while (len > 0) {
            const ssize_t n = ::pwrite(m_fd.get(), data, len, static_cast<off_t>(at));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                fail(ZIP_ER_WRITE, errno);
                return false;
            }
            data += n;
            len -= static_cast<std::size_t>(n);
            at += static_cast<std::uint64_t>(n);
        }
        return true;
    }

    zip_int64_t commit() {
        if (!flush())
            return -1;
        m_buf = {};
        ::sync_file_range(m_fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
        // close() can report a delayed write error (NFS, quotas): it must not be ignored.
        if (::close(m_fd.release()) != 0)
            return fail(ZIP_ER_CLOSE, errno);
        return 0;
    }

    fs::path m_path;
    zip_error_t m_error;
    UniqueFd m_fd;
    std::vector<std::byte> m_buf;
    std::uint64_t m_win = 0;       // the file offset of m_buf[0]
    std::size_t m_used = 0;        // bytes of m_buf to write at m_win
    std::uint64_t m_pos = 0;       // where libzip writes next
    std::uint64_t m_end = 0;       // the file's size so far
    std::uint64_t m_unkicked = 0;  // bytes written since the last sync_file_range
};

// An evidence file as a libzip source: libzip asks for 8 KiB at a time, which this serves from
// 1 MiB reads into a buffer shared by every input (zip_close opens one source at a time), instead
// of one system call per 8 KiB. Opened when zip_close reaches the entry, like zip_source_file.
class ZipInput {
  public:
    ZipInput(fs::path path, std::uint64_t size, std::vector<std::byte>& buffer)
        : m_path(std::move(path)), m_size(size), m_buf(buffer) {
        zip_error_init(&m_error);
    }
    ~ZipInput() { zip_error_fini(&m_error); }
    ZipInput(const ZipInput&) = delete;
    ZipInput& operator=(const ZipInput&) = delete;

    // Frees the object when libzip is done with the source.
    static zip_int64_t callback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        auto* self = static_cast<ZipInput*>(state);
        const zip_int64_t r = self->handle(data, len, cmd);
        if (cmd == ZIP_SOURCE_FREE)
            delete self;
        return r;
    }

  private:
    zip_int64_t handle(void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                m_fd.reset(::open(m_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
                if (!m_fd.valid())
                    return fail(ZIP_ER_OPEN, errno);
                m_at = m_have = 0;
                return 0;
            case ZIP_SOURCE_READ:
                return read(static_cast<std::byte*>(data), len);
            case ZIP_SOURCE_CLOSE:
                m_fd.reset();
                return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &m_error);
                if (st == nullptr)
                    return -1;
                zip_stat_init(st);
                st->size = m_size;
                st->valid |= ZIP_STAT_SIZE;
                return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&m_error, data, len);
            case ZIP_SOURCE_SUPPORTS:
                return ZIP_SOURCE_SUPPORTS_READABLE;
            case ZIP_SOURCE_FREE:
                return 0;
            default:
                return fail(ZIP_ER_OPNOTSUPP, 0);
        }
    }

    zip_int64_t fail(int ze, int sys) {
        zip_error_set(&m_error, ze, sys);
        return -1;
    }

    zip_int64_t read(std::byte* out, zip_uint64_t len) {
        if (m_at == m_have) {
            ssize_t n;
            do
                n = ::read(m_fd.get(), m_buf.data(), m_buf.size());
            while (n < 0 && errno == EINTR);
            if (n < 0)
                return fail(ZIP_ER_READ, errno);
            m_at = 0;
            m_have = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(m_have - m_at, static_cast<std::size_t>(len));
        std::memcpy(out, m_buf.data() + m_at, n);
        m_at += n;
        return static_cast<zip_int64_t>(n);
    }

    fs::path m_path;
    std::uint64_t m_size;  // as the store recorded it; the check after writing holds it to that
    std::vector<std::byte>& m_buf;
    std::size_t m_at = 0;    // next byte of m_buf to give
    std::size_t m_have = 0;  // bytes of m_buf read from the file
    UniqueFd m_fd;
    zip_error_t m_error;
};

// Writes `entries` to a new zip at `path`, closing it (libzip reads the sources now).
Result<void> write_zip(const fs::path& path, const std::vector<Entry>& entries, std::time_t mtime,
                       const ExportOptions& o, const fs::path& subject) {
    ZipOutput output(path);
    std::vector<std::byte> read_buffer(1u << 20);  // for every ZipInput; outlives the archive
    zip_error_t ze;
    zip_error_init(&ze);
    ZipSourcePtr out(zip_source_function_create(&ZipOutput::callback, &output, &ze));
    std::unique_ptr<zip_t, ZipDiscard> z(
        out ? zip_open_from_source(out.get(), ZIP_CREATE | ZIP_EXCL, &ze) : nullptr);
    if (!z) {
        Error e = zip_failure(&ze, subject);
        zip_error_fini(&ze);
        return e;
    }
    zip_error_fini(&ze);
    out.release();  // the archive owns it now
    for (const auto& e : entries) {
        ZipSourcePtr src;
        if (e.text != nullptr) {
            src.reset(zip_source_buffer(z.get(), e.text->data(), e.text->size(), 0));
        } else {
            auto input = std::make_unique<ZipInput>(e.file, e.expect.size, read_buffer);
            src.reset(zip_source_function(z.get(), &ZipInput::callback, input.get()));
            if (src)
                (void)input.release();  // freed by the source's ZIP_SOURCE_FREE
        }
        if (!src)
            return zip_failure(zip_get_error(z.get()), e.text ? subject : e.file);
        const zip_int64_t i = zip_file_add(z.get(), e.name.c_str(), src.get(), ZIP_FL_ENC_UTF_8);
        if (i < 0)
            return zip_failure(zip_get_error(z.get()), subject);
        src.release();  // the archive owns it now
        const auto idx = static_cast<zip_uint64_t>(i);
        // Text and JSON compress well: level 9 costs little on them. Evidence that is not
        // already compressed gets the default level, to keep large exports quick.
        const bool ok =
            zip_set_file_compression(z.get(), idx, e.expect.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     e.expect.stored ? 0 : (e.item != 0 ? 0 : 9)) == 0 &&
            zip_file_set_mtime(z.get(), idx, mtime, 0) == 0 &&
            zip_file_set_external_attributes(z.get(), idx, 0, ZIP_OPSYS_UNIX, kEntryAttributes) ==
                0 &&
            (!o.passphrase ||
             zip_file_set_encryption(z.get(), idx, ZIP_EM_AES_256, o.passphrase->c_str()) == 0);
        if (!ok)
            return zip_failure(zip_get_error(z.get()), subject);
    }
    zip_register_cancel_callback_with_state(z.get(), cancel_callback, nullptr,
                                            const_cast<ExportOptions*>(&o));
    if (o.progress)
        zip_register_progress_callback_with_state(z.get(), 0.01, progress_callback, nullptr,
                                                  const_cast<ExportOptions*>(&o));
    if (zip_close(z.get()) != 0)
        return zip_failure(zip_get_error(z.get()), subject);  // z discards it
    (void)z.release();                                        // closed and freed by zip_close
    return {};
}

}  // namespace

ManifestSealer tsa_manifest_sealer(CaseStore& cs, std::vector<std::string> urls,
                                   const crypto::TrustStore& trust,
                                   crypto::TsaClientOptions options) {
    return [&cs, urls = std::move(urls), &trust,
            options = std::move(options)](const crypto::Digest& digest) {
        return request_with_rate_limits(cs, urls, digest, trust, options);
    };
}

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

Result<void> check_written_bundle(const fs::path& zip_path,
                                  const std::map<std::string, ExpectedEntry>& expected,
                                  const std::optional<std::string>& passphrase, bool hash_content) {
    const fs::path& subject = zip_path;
    auto differs = [&](const std::string& entry, const std::string& why) {
        return make_error(Errc::output_failed, entry, "the written bundle differs: " + why);
    };
    int zerr = 0;
    ZipArchive za(zip_open(zip_path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &zerr));
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        Error e = zip_failure(&ze, subject);
        zip_error_fini(&ze);
        e.detail = "the written bundle does not open: " + e.detail;
        return e;
    }
    zip_t* z = za.get();
    if (passphrase && zip_set_default_password(z, passphrase->c_str()) != 0)
        return zip_failure(zip_get_error(z), subject);
    const zip_int64_t n = zip_get_num_entries(z, 0);
    if (n < 0 || static_cast<std::size_t>(n) != expected.size())
        return differs(subject.string(),
                       fmt::format("{} entries instead of {}", n, expected.size()));
    std::set<std::string> seen;
    std::vector<std::byte> buf(1 << 20);
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0)
            return zip_failure(zip_get_error(z), subject);
        const std::string name = st.name != nullptr ? st.name : "";
        auto want = expected.find(name);
        if (want == expected.end() || !seen.insert(name).second)
            return differs(name, "unexpected or repeated entry");
        const ExpectedEntry& x = want->second;
        if (st.size != x.size)
            return differs(name, fmt::format("{} bytes instead of {}", st.size, x.size));
        if (st.comp_method != (x.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE))
            return differs(name, fmt::format("compression method {}", st.comp_method));
        if (st.encryption_method != (passphrase ? ZIP_EM_AES_256 : ZIP_EM_NONE))
            return differs(name, fmt::format("encryption method {}", st.encryption_method));
        if (!hash_content)
            continue;
        ZipFilePtr f(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
        if (!f)
            return zip_failure(zip_get_error(z), name);
        crypto::Sha256 h;
        std::uint64_t total = 0;
        for (;;) {
            const zip_int64_t got = zip_fread(f.get(), buf.data(), buf.size());
            if (got < 0)
                return zip_failure(zip_file_get_error(f.get()), name);
            if (got == 0)
                break;
            total += static_cast<std::uint64_t>(got);
            h.update(std::span(buf.data(), static_cast<std::size_t>(got)));
        }
        if (total != x.size || crypto::to_hex(h.finish()) != x.sha256)
            return differs(name, "its content does not match the SHA-256 written in the manifest");
    }
    return {};
}

Result<ExportOutcome> export_bundle(CaseStore& cs, const ExportOptions& o, Env& env) {
    SCELLE_TRY(check_export_target(o.out));
    auto cancelled = [&] { return o.cancelled && o.cancelled(); };
    auto cancel_error = [&] { return output_error(ECANCELED, o.out, "cancelled"); };
    const auto now = env.now();
    const std::string exported_at = format_utc_rfc3339(now);
    SCELLE_ASSIGN_OR_RETURN(Snapshot snap, read_snapshot(cs));
    const std::string folder = bundle::folder_name(snap.info.id);

    ExportOutcome out;
    out.bundle = o.out;
    out.encrypted = o.passphrase.has_value();
    out.log_lines = static_cast<std::int64_t>(snap.log_lines.size());
    out.log_tokens = static_cast<std::int64_t>(snap.tokens.size());

    // Every in-memory content lives here until the zip is closed (libzip reads at close).
    std::deque<std::string> texts;
    auto keep = [&texts](std::string s) -> const std::string& {
        texts.push_back(std::move(s));
        return texts.back();
    };
    std::vector<Entry> payload;  // data/evidence/*, in item order
    for (const auto& it : snap.items) {
        if (!has_evidence_file(it))
            continue;
        const fs::path object = cs.object_path(*it.sha256);
        struct stat st {};
        if (::stat(object.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
            static_cast<std::int64_t>(st.st_size) != it.size.value_or(-1))
            return make_error(Errc::store_corrupt, object.string(),
                              fmt::format("the original of item {} is missing or changed; run "
                                          "“scelle-cli check”",
                                          it.seq));
        Entry e;
        e.name = std::string(bundle::evidence_path(it.seq, it.kind, it.media_type));
        e.file = object;
        e.expect = {*it.sha256, static_cast<std::uint64_t>(st.st_size),
                    bundle::store_uncompressed(it.media_type)};
        e.item = it.seq;
        payload.push_back(std::move(e));
    }
    out.evidence_files = static_cast<std::int64_t>(payload.size());

    // The private temporary folder, where the zip is written, and first the report.
    remove_stale_temp_folders(o.out);
    SCELLE_ASSIGN_OR_RETURN(TempFolder tmp, TempFolder::create(o.out));
    if (o.report) {
        ReportOptions ro = *o.report;
        ro.out = tmp.path() / "report.pdf";
        ro.record = false;
        ro.bundle_file = to_valid_utf8(o.out.filename().string());
        ro.cancelled = o.cancelled;
        ro.progress = nullptr;
        SCELLE_ASSIGN_OR_RETURN(ReportOutcome rep, make_report(cs, ro, env));
        Entry e;
        e.name = std::string(bundle::kReportPdf);
        e.file = ro.out;
        e.expect = {rep.sha256, rep.size, /*stored=*/true};
        payload.push_back(std::move(e));
        out.report = std::move(rep);
    }
    if (cancelled())
        return cancel_error();
    std::string log_text;
    for (const auto& l : snap.log_lines)
        log_text += l + "\n";

    auto text_entry = [](std::string name, const std::string& text) {
        Entry e;
        e.name = std::move(name);
        e.text = &text;
        e.expect = {crypto::sha256_hex(text), text.size(), false};
        return e;
    };
    const Entry log_entry = text_entry(std::string(bundle::kCustodyLog), keep(log_text));
    // case.json says whether the bundle is sealed, and the manifest covers case.json: the
    // token is asked for the "sealed" version; without one, both are made again unsealed.
    auto make_payload = [&](bool sealed, Entry& case_entry, std::string& manifest) {
        case_entry = text_entry(std::string(bundle::kCaseJson),
                                keep(make_case_json(snap, exported_at, sealed)));
        std::vector<bundle::ManifestLine> lines = {{case_entry.expect.sha256, case_entry.name},
                                                   {log_entry.expect.sha256, log_entry.name}};
        for (const auto& e : payload)
            lines.push_back({e.expect.sha256, e.name});
        manifest = bundle::format_manifest(std::move(lines));
    };
    Entry case_entry;
    std::string manifest;
    make_payload(true, case_entry, manifest);
    if (cancelled())
        return cancel_error();

    // The manifest's token: the only network use, with no transaction open.
    std::vector<std::uint8_t> manifest_token;
    if (o.seal) {
        const crypto::Digest digest = crypto::sha256(manifest);
        crypto::TsaOutcome got = o.seal(digest);
        out.failures = std::move(got.failures);
        const auto* f =
            got.success && got.success->verdict.response && got.success->verdict.response->token
                ? &*got.success->verdict.response->token
                : nullptr;
        if (f != nullptr && f->imprint == std::vector<std::uint8_t>(digest.begin(), digest.end())) {
            manifest_token = got.success->response_der;
            out.manifest_token = ManifestTokenInfo{tsa_display_name(*f, got.success->url),
                                                   got.success->url, f->gen_time, f->serial_hex};
        } else if (got.success) {
            out.failures.push_back({got.success->url, crypto::TsaFailureKind::imprint_mismatch,
                                    "The time-stamp is for another digest.", 1});
        }
    }
    out.sealed = !manifest_token.empty();
    if (!out.sealed)
        make_payload(false, case_entry, manifest);
    out.manifest_sha256 = crypto::sha256_hex(manifest);
    if (cancelled())
        return cancel_error();

    // Tag files.
    std::vector<Entry> tags;
    tags.push_back(
        text_entry(std::string(bundle::kBagitTxt), keep(std::string(bundle::kBagitContent))));
    BagInfo bi{exported_at,        case_entry.expect.size + log_entry.expect.size,
               2 + payload.size(), snap.info.id,
               out.sealed,         out.log_lines};
    for (const auto& e : payload)
        bi.payload_bytes += e.expect.size;
    tags.push_back(text_entry(std::string(bundle::kBagInfoTxt), keep(make_bag_info(bi))));
    tags.push_back(text_entry(std::string(bundle::kManifest), keep(manifest)));
    std::vector<std::span<const std::uint8_t>> ders;
    for (const auto& t : snap.tokens) {
        tags.push_back(text_entry(bundle::log_token_path(t.covers),
                                  keep(std::string(t.der.begin(), t.der.end()))));
        ders.emplace_back(t.der);
    }
    if (out.sealed) {
        tags.push_back(text_entry(std::string(bundle::kManifestToken),
                                  keep(std::string(manifest_token.begin(), manifest_token.end()))));
        ders.emplace_back(manifest_token);
    }
    const std::string& certs = keep(make_tsa_certs_pem(ders));
    if (!certs.empty())
        tags.push_back(text_entry(std::string(bundle::kTsaCerts), certs));
    VerifyTextFacts facts;
    facts.case_id = snap.info.id;
    facts.folder = folder;
    facts.zip_name = to_valid_utf8(o.out.filename().string());
    facts.exported_at = exported_at;
    facts.encrypted = out.encrypted;
    facts.sealed = out.sealed;
    facts.manifest_token = out.manifest_token;
    facts.have_certs = !certs.empty();
    facts.log_lines = out.log_lines;
    for (const auto& t : snap.tokens)
        facts.log_token_covers.push_back(t.covers);
    facts.evidence_files = out.evidence_files;
    facts.has_report = out.report.has_value();
    const std::int64_t max_k = snap.tokens.empty() ? 0 : snap.tokens.back().covers;
    for (const auto& it : snap.items)
        if (it.log_seq > max_k)
            ++facts.items_not_covered;
    tags.push_back(text_entry(std::string(bundle::kVerifyFr), keep(make_verify_text_fr(facts))));
    tags.push_back(text_entry(std::string(bundle::kVerifyEn), keep(make_verify_text_en(facts))));
    std::vector<bundle::ManifestLine> tag_lines;
    for (const auto& e : tags)
        tag_lines.push_back({e.expect.sha256, e.name});
    Entry tagmanifest = text_entry(std::string(bundle::kTagManifest),
                                   keep(bundle::format_manifest(std::move(tag_lines))));

    // Archive order: the declarations and instructions first, then the payload, then tokens.
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < 3; ++i)
        entries.push_back(tags[i]);
    entries.push_back(tagmanifest);
    entries.push_back(tags[tags.size() - 2]);
    entries.push_back(tags[tags.size() - 1]);
    entries.push_back(case_entry);
    entries.push_back(log_entry);
    entries.insert(entries.end(), payload.begin(), payload.end());
    entries.insert(entries.end(), tags.begin() + 3, tags.end() - 2);
    std::map<std::string, ExpectedEntry> expected;
    for (auto& e : entries) {
        e.name = folder + "/" + e.name;
        if (auto why = bundle::unsafe_name_reason(e.name))
            return make_error(Errc::internal, e.name, *why);
        expected[e.name] = e.expect;
        out.entries.push_back(e.name);
    }

    // Write, sync, check, publish.
    const fs::path tmp_zip = tmp.path() / "bundle.zip";
    SCELLE_TRY(write_zip(tmp_zip, entries, std::chrono::system_clock::to_time_t(now), o, o.out));
    env.checkpoint("export-after-close");
    if (::chmod(tmp_zip.c_str(), S_IRUSR | S_IWUSR) != 0)
        return output_error(errno, o.out);
    // The zip is hashed whole for the custody line on another thread, read back from the page
    // cache, while this one syncs it and then checks it: nothing writes to it any more.
    BackgroundFileHash whole(tmp_zip);
    if (auto synced = env.sync_file(tmp_zip); !synced.ok())
        return as_output_error(synced.error(), o.out);
    // The entries, sizes and methods meant; then what any reader will do: the full
    // verification of the format, which re-reads and hashes every entry (CONVENTIONS rule 6).
    // Tokens are checked for what they cover, not for trust: that is the reader's to decide.
    SCELLE_TRY(check_written_bundle(tmp_zip, expected, o.passphrase, /*hash_content=*/false));
    if (const BundleReport report = verify_bundle(tmp_zip, {nullptr, o.passphrase});
        !report.intact()) {
        const BundleProblem* first = report.problems.empty() ? nullptr : &report.problems[0];
        // An evidence entry that differs was read from the store: the original changed.
        for (const auto& p : payload)
            if (first && p.item > 0 && first->path == p.name)
                return make_error(Errc::store_corrupt, p.file.string(),
                                  fmt::format("the original of item {} no longer matches its "
                                              "SHA-256; run “scelle-cli check”",
                                              p.item));
        return make_error(Errc::output_failed, first ? folder + "/" + first->path : o.out.string(),
                          "the written bundle does not verify: " +
                              (first ? first->kind + " " + first->detail : std::string("?")));
    }
    SCELLE_ASSIGN_OR_RETURN(crypto::Digest digest, whole.get());
    out.sha256 = crypto::to_hex(digest);
    std::error_code ec;
    out.size = fs::file_size(tmp_zip, ec);
    if (cancelled())
        return cancel_error();
    env.checkpoint("export-before-rename");
    SCELLE_TRY(rename_no_replace(tmp_zip, o.out));
    env.checkpoint("export-after-rename");
    const fs::path parent = o.out.has_parent_path() ? o.out.parent_path() : fs::path(".");
    if (auto synced = env.sync_dir(parent); !synced.ok()) {
        // Not durable: take it back rather than leave a bundle that may vanish on a crash.
        ::unlink(o.out.c_str());
        return as_output_error(synced.error(), o.out);
    }
    tmp.remove();

    // The export itself, recorded after the fact: it is not inside the bundle it describes.
    json fields = {{"bundle", to_valid_utf8(o.out.filename().string())},
                   {"sha256", out.sha256},
                   {"size", static_cast<std::int64_t>(out.size)},
                   {"sealed", out.sealed},
                   {"encrypted", out.encrypted},
                   {"manifest_sha256", out.manifest_sha256},
                   {"files", out.evidence_files},
                   {"log_lines", out.log_lines}};
    if (out.manifest_token)
        fields["manifest_gen_time"] = out.manifest_token->gen_time;
    if (out.report) {
        fields["report_sha256"] = out.report->sha256;
        fields["report_destination"] = out.report->destination;
        fields["report_lang"] = out.report->lang;
        fields["report_covers"] = out.report->fingerprint_lines;
    }
    auto seq = cs.record_export(fields);
    if (seq.ok())
        out.log_seq = *seq;
    else
        out.log_error = std::move(seq).error();
    return out;
}

}  // namespace scelle::core
