// The bundle writer's zip I/O (bundle_writer_zip.h): the archive written through our own
// libzip sources, for large writes and reads instead of libzip's 4 and 8 KiB pieces.
#include "bundle_writer_zip.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <span>

#include "scelle/base/env.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_internal {

namespace fs = std::filesystem;

Error zip_failure(zip_error_t* ze, const fs::path& subject) {
    int sys = 0;
    if (zip_error_code_zip(ze) == ZIP_ER_CANCELLED)
        sys = ECANCELED;
    else if (zip_error_system_type(ze) == ZIP_ET_SYS)
        sys = zip_error_code_system(ze);
    return Error{Errc::output_failed, subject.string(), zip_error_strerror(ze), sys};
}

namespace {

// Entries' Unix attributes: regular files, readable by their owner only once extracted
// (the evidence is private).
// S_IFREG | S_IRUSR | S_IWUSR, spelled out: the value is the zip format's, not the host's.
constexpr zip_uint32_t kEntryAttributes = 0100600u << 16;

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
    ZipOutput(fs::path path, Env& env) : m_path(std::move(path)), m_env(env) {
        zip_error_init(&m_error);
    }
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
                m_file.reset();
                (void)m_env.remove(m_path);
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
        auto file = m_env.create_new(m_path);
        if (!file.ok())
            return fail(ZIP_ER_OPEN, file.error().sys_errno);
        m_file = std::move(file).value();
        // Not zero-filled: only the pages written are touched (page faults are dear in a VM).
        m_buf = std::make_unique_for_overwrite<std::byte[]>(kBuffer);
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
            std::memcpy(m_buf.get() + at, data, static_cast<std::size_t>(len));
            m_used = std::max(m_used, at + static_cast<std::size_t>(len));
        }
        m_pos += len;
        m_end = std::max(m_end, m_pos);
        return static_cast<zip_int64_t>(len);
    }

    bool flush() {
        if (m_used == 0)
            return true;
        if (!write_at(m_buf.get(), m_used, m_win))
            return false;
        m_unkicked += m_used;
        m_used = 0;
        if (m_unkicked >= kWritebackEvery) {
            // Only a head start for the disk: the fsync after close is what makes it durable
            // (and reports any error), so a failure here changes nothing.
            m_file->start_writeback();
            m_unkicked = 0;
        }
        return true;
    }

    bool write_at(const std::byte* data, std::size_t len, std::uint64_t at) {
        if (auto w = m_file->write_at(at, std::span(data, len)); !w.ok()) {
            fail(ZIP_ER_WRITE, w.error().sys_errno);
            return false;
        }
        return true;
    }

    zip_int64_t commit() {
        if (!flush())
            return -1;
        m_buf.reset();
        m_file->start_writeback();
        // close() can report a delayed write error (NFS, quotas): it must not be ignored.
        auto closed = m_file->close();
        m_file.reset();
        if (!closed.ok())
            return fail(ZIP_ER_CLOSE, closed.error().sys_errno);
        return 0;
    }

    fs::path m_path;
    Env& m_env;
    zip_error_t m_error;
    std::unique_ptr<WritableFile> m_file;
    std::unique_ptr<std::byte[]> m_buf;  // kBuffer bytes, from begin()
    std::uint64_t m_win = 0;             // the file offset of m_buf[0]
    std::size_t m_used = 0;              // bytes of m_buf to write at m_win
    std::uint64_t m_pos = 0;             // where libzip writes next
    std::uint64_t m_end = 0;             // the file's size so far
    std::uint64_t m_unkicked = 0;        // bytes written since the last sync_file_range
};

// An evidence file as a libzip source: libzip asks for 8 KiB at a time, which this serves from
// 1 MiB reads into a buffer shared by every input (zip_close opens one source at a time), instead
// of one system call per 8 KiB. Opened when zip_close reaches the entry, like zip_source_file.
class ZipInput {
  public:
    ZipInput(fs::path path, std::uint64_t size, std::span<std::byte> buffer, Env& env)
        : m_path(std::move(path)), m_size(size), m_buf(buffer), m_env(env) {
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
            case ZIP_SOURCE_OPEN: {
                auto file = m_env.open_read(m_path, Env::Links::refuse);
                if (!file.ok())
                    return fail(ZIP_ER_OPEN, file.error().sys_errno);
                m_file = std::move(file).value();
                m_at = m_have = 0;
            }
                return 0;
            case ZIP_SOURCE_READ:
                return read(static_cast<std::byte*>(data), len);
            case ZIP_SOURCE_CLOSE:
                m_file.reset();
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
            auto n = m_file->read(m_buf);
            if (!n.ok())
                return fail(ZIP_ER_READ, n.error().sys_errno);
            m_at = 0;
            m_have = *n;
        }
        const std::size_t n = std::min(m_have - m_at, static_cast<std::size_t>(len));
        std::memcpy(out, m_buf.data() + m_at, n);
        m_at += n;
        return static_cast<zip_int64_t>(n);
    }

    fs::path m_path;
    std::uint64_t m_size;  // as the store recorded it; the check after writing holds it to that
    std::span<std::byte> m_buf;
    std::size_t m_at = 0;    // next byte of m_buf to give
    std::size_t m_have = 0;  // bytes of m_buf read from the file
    Env& m_env;
    std::unique_ptr<ReadableFile> m_file;
    zip_error_t m_error;
};

}  // namespace

// Writes `entries` to a new zip at `path`, closing it (libzip reads the sources now).
Result<void> write_zip(const fs::path& path, const std::vector<ZipEntry>& entries,
                       std::time_t mtime, const ExportOptions& o, const fs::path& subject,
                       Env& env) {
    ZipOutput output(path, env);
    // For every ZipInput; outlives the archive. Not zero-filled: a small file touches only the
    // pages it fills.
    const auto read_storage = std::make_unique_for_overwrite<std::byte[]>(1u << 20);
    const std::span<std::byte> read_buffer(read_storage.get(), 1u << 20);
    zip_error_t ze;
    zip_error_init(&ze);
    ZipSourcePtr out(zip_source_function_create(&ZipOutput::callback, &output, &ze));
    Handle<zip_t, zip_discard> z(out ? zip_open_from_source(out.get(), ZIP_CREATE | ZIP_EXCL, &ze)
                                     : nullptr);
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
            auto input = std::make_unique<ZipInput>(e.file, e.expect.size, read_buffer, env);
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
    // An encrypted bundle says outside, in its archive comment, how to open it (section 8).
    const std::string_view comment = bundle::archive_comment(o.passphrase.has_value());
    if (!comment.empty() && zip_set_archive_comment(z.get(), comment.data(),
                                                    static_cast<zip_uint16_t>(comment.size())) != 0)
        return zip_failure(zip_get_error(z.get()), subject);
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

}  // namespace scelle::core::bundle_internal
