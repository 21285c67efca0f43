// The bundle verifier's reading side: the check of the zip's raw layout (zip_layout.h), then
// opening the zip with libzip's consistency checks, the structure checks made on the central
// directory before any content is read (names, links, the single folder, sizes, ratios,
// encryption), and one pass over every entry in bounded chunks, hashing as it goes and keeping
// only the small files the content checks need.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <zlib.h>

#include "bundle_read.h"
#include "scelle/base/text.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/crypto/zip_aes.h"
#include "scelle/store/bundle_format.h"
#include "zip_layout.h"

namespace scelle::core::bundle_detail {

namespace {

constexpr std::size_t kChunk = 256 * 1024;
// Entries from this size on are hashed on the second thread; smaller ones here, where handing
// them over (a lock, a wake-up of the thread) would cost about as much as hashing them. A chat
// screenshot of 60 kB takes about 30 us to hash (SHA-NI) and a few to hand over: the threshold
// stays well below the typical evidence file (docs/performance.md, "Verify and export of small
// files").
constexpr std::uint64_t kHandOverFrom = 8 * 1024;
// Chunks in flight between the threads: the memory is bounded by kRing * kChunk whatever the
// entries' sizes (no entry is ever held whole, unless it is one of the small kept files).
constexpr std::size_t kRing = 8;
constexpr std::size_t kMaxJobs = 64;  // entries handed over and not yet delivered

// SHA-256 of the larger entries on a second thread, while this one goes on reading (libzip's
// reads, its CRC-32 and, for deflated or encrypted entries, inflating and decrypting): the
// SHA-256 is about half of the verifier's work, so the two cores share it. Chunks are read
// into a fixed ring of buffers and handed over in order; an entry's digest is delivered to its
// FileData once the thread has finished it, and all are delivered by drain(). The verdict does
// not depend on the thread: the same bytes are hashed in the same order, and every problem is
// still found and recorded by the reading thread. The thread starts at the first large entry
// (most small, fuzzed or hostile inputs never start it); when it cannot be started everything
// is hashed on the reading thread.
class EntryHasher {
  public:
    // One entry being hashed on the thread.
    struct Job {
        crypto::Sha256 sha;       // used by the thread only
        crypto::Digest digest{};  // written by the thread before `done`
        bool done = false;
        std::string* target = nullptr;  // the FileData's sha256, set only when read whole
    };

    EntryHasher() = default;
    ~EntryHasher() {
        if (!m_thread.joinable())
            return;
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_work.notify_one();
        m_thread.join();
    }
    EntryHasher(const EntryHasher&) = delete;
    EntryHasher& operator=(const EntryHasher&) = delete;

    // A job for an entry of `size` bytes, or nullptr: hash it on the calling thread.
    Job* begin(std::uint64_t size) {
        if (size < kHandOverFrom || !start())
            return nullptr;
        std::unique_lock lock(m_mutex);
        // Entries that give no data add jobs without taking buffers: bounded here too.
        m_freed.wait(lock, [this] {
            deliver_done();
            return m_jobs.size() < kMaxJobs;
        });
        return &m_jobs.emplace_back();
    }

    // A free buffer of kChunk bytes to read into (waits for the thread to free one); give it
    // back with submit() or give_back().
    char* buffer() {
        std::unique_lock lock(m_mutex);
        m_freed.wait(lock, [this] { return !m_free.empty(); });
        char* b = m_free.back();
        m_free.pop_back();
        return b;
    }
    void give_back(char* b) {
        std::lock_guard lock(m_mutex);
        m_free.push_back(b);
    }
    // Hands `len` bytes of `b` over to be hashed into `job`; `b` must not be written until
    // it comes back from buffer().
    void submit(Job* job, char* b, std::size_t len) { push({job, b, len}); }
    // No more chunks for `job`: the thread computes its digest.
    void finish(Job* job) { push({job, nullptr, 0}); }

    // Waits for every job and delivers the digests of those read whole.
    void drain() {
        if (!m_thread.joinable())
            return;
        std::unique_lock lock(m_mutex);
        m_freed.wait(lock,
                     [this] { return m_queue.empty() && (m_jobs.empty() || m_jobs.back().done); });
        deliver_done();
    }

  private:
    struct Message {
        Job* job;
        char* data;  // nullptr: finish the job
        std::size_t len;
    };

    bool start() {
        if (m_thread.joinable())
            return true;
        if (m_no_thread)
            return false;
        // Not zero-filled: each page is first touched by the read that fills it, and a small
        // entry touches only the pages it needs (page faults are dear in a virtual machine).
        m_buffers = std::make_unique_for_overwrite<char[]>(kRing * kChunk);
        for (std::size_t i = 0; i < kRing; ++i)
            m_free.push_back(m_buffers.get() + i * kChunk);
        try {
            m_thread = std::thread([this] { run(); });
        } catch (const std::system_error&) {
            m_no_thread = true;
            return false;
        }
        return true;
    }

    void push(Message m) {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(m);
        }
        m_work.notify_one();
    }

    // With the lock held: the finished jobs at the front give their digests and go.
    void deliver_done() {
        while (!m_jobs.empty() && m_jobs.front().done) {
            if (m_jobs.front().target != nullptr)
                *m_jobs.front().target = crypto::to_hex(m_jobs.front().digest);
            m_jobs.pop_front();
        }
    }

    void run() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_work.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty())
                return;  // stopping, and nothing left
            const Message m = m_queue.front();
            m_queue.pop_front();
            lock.unlock();
            if (m.data != nullptr)
                m.job->sha.update(std::span(reinterpret_cast<const std::byte*>(m.data), m.len));
            else
                m.job->digest = m.job->sha.finish();
            lock.lock();
            if (m.data != nullptr)
                m_free.push_back(m.data);
            else
                m.job->done = true;
            m_freed.notify_one();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_work;   // the thread waits here for messages
    std::condition_variable m_freed;  // the reader waits here for buffers and finished jobs
    std::deque<Message> m_queue;
    std::deque<Job> m_jobs;             // in submission order; finished in that order
    std::unique_ptr<char[]> m_buffers;  // kRing * kChunk bytes
    std::vector<char*> m_free;
    bool m_stop = false;
    bool m_no_thread = false;
    std::thread m_thread;  // last: joined by the destructor before the rest goes
};

struct Entry {
    zip_uint64_t index = 0;
    std::string path;  // relative to the bundle folder ("" for the folder itself)
    bool dir = false;
    std::uint64_t size = 0;
    bool encrypted = false;
    bool deflated = false;
};

// How many bytes of `path` are kept in memory, or 0 when the file is only hashed.
std::uint64_t keep_cap(std::string_view path) {
    if (path == bundle::kBagitTxt || path == bundle::kBagInfoTxt)
        return kMaxSmallTagFile;
    if (path == bundle::kManifest || path == bundle::kTagManifest)
        return kMaxManifest;
    if (path == bundle::kCaseJson)
        return kMaxCaseJson;
    if (path == bundle::kCustodyLog)
        return kMaxLog;
    if (path == bundle::kManifestToken || bundle::log_token_covers(path) ||
        path == bundle::kTsaCerts)
        return kMaxToken;
    return 0;
}

void open_problem(Verification& v, int zerr, std::string_view head) {
    const bool looks_like_zip = head.size() >= 4 && head.substr(0, 4) == "PK\x03\x04";
    switch (zerr) {
        case ZIP_ER_NOZIP:
            if (looks_like_zip)
                v.problem(ProblemClass::unreadable, "truncated", "",
                          "the file starts like a zip archive but has no central directory "
                          "(truncated or damaged)");
            else
                v.problem(ProblemClass::unreadable, "not_a_zip", "", "not a zip archive");
            return;
        case ZIP_ER_INCONS:
            v.problem(ProblemClass::unreadable, looks_like_zip ? "inconsistent_zip" : "not_a_zip",
                      "", "the zip archive's central directory is inconsistent");
            return;
        case ZIP_ER_EXISTS:
            v.problem(ProblemClass::unsafe, "duplicate_name", "", "two entries have the same name");
            return;
        default: {
            zip_error_t e;
            zip_error_init_with_code(&e, zerr);
            v.problem(ProblemClass::unreadable, "read_error", "", zip_error_strerror(&e));
            zip_error_fini(&e);
        }
    }
}

// Names the duplicated entries of an archive CHECKCONS refused: opened again without it.
// The caller keeps its reference to `source`.
void name_duplicates(zip_source_t* source, Verification& v) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_keep(source);
    ZipArchive za(zip_open_from_source(source, ZIP_RDONLY, &err));
    zip_error_fini(&err);
    if (!za) {
        zip_source_free(source);
        return;
    }
    const zip_int64_t n = zip_get_num_entries(za.get(), 0);
    if (n < 0 || static_cast<std::uint64_t>(n) > bundle::kMaxEntries)
        return;
    std::set<std::string> seen;
    std::set<std::string> reported;
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* name = zip_get_name(za.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        if (name == nullptr)
            continue;
        if (seen.insert(name).second || !reported.insert(name).second)
            continue;
        // The generic problem recorded at open gets the first name; later ones are added.
        auto generic = std::find_if(
            v.report.problems.begin(), v.report.problems.end(),
            [](const BundleProblem& p) { return p.kind == "duplicate_name" && p.path.empty(); });
        if (generic != v.report.problems.end())
            generic->path = printable_name(name);
        else
            v.problem(ProblemClass::unsafe, "duplicate_name", printable_name(name),
                      "two entries have the same name");
    }
}

// The checks on the central directory: nothing is decompressed yet.
bool check_structure(zip_t* za, Verification& v, std::vector<Entry>& entries) {
    const zip_int64_t n = zip_get_num_entries(za, 0);
    v.report.entries = n;
    if (n < 0 || static_cast<std::uint64_t>(n) > bundle::kMaxEntries) {
        v.problem(ProblemClass::unsafe, "too_many_entries", "",
                  fmt::format("{} entries; a bundle may have at most {}", n, bundle::kMaxEntries));
        v.check("limits", false);
        return false;
    }
    if (n == 0) {
        v.problem(ProblemClass::unreadable, "empty_zip", "", "the zip archive has no entries");
        return false;
    }
    std::uint64_t total = 0;
    std::int64_t encrypted = 0;
    std::int64_t files = 0;
    bool names_ok = true;
    bool limits_ok = true;
    for (zip_int64_t si = 0; si < n; ++si) {
        const auto i = static_cast<zip_uint64_t>(si);
        const char* raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
        if (raw == nullptr) {
            v.problem(ProblemClass::unreadable, "read_error", fmt::format("#{}", si),
                      "the entry's name cannot be read");
            return false;
        }
        const std::string name = raw;
        const std::string shown = printable_name(name);
        if (!is_valid_utf8(name)) {
            v.problem(ProblemClass::unsafe, "unsafe_name", shown, "the name is not UTF-8");
            names_ok = false;
            continue;
        }
        if (auto why = bundle::unsafe_name_reason(name)) {
            v.problem(ProblemClass::unsafe, "unsafe_name", shown, *why);
            names_ok = false;
            continue;
        }
        const bool dir = name.back() == '/';
        zip_uint8_t opsys = 0;
        zip_uint32_t attr = 0;
        if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX) {
            // The Unix mode bits as the zip format stores them (S_IFMT and its types), spelled
            // out: they are the format's, whatever the host's <sys/stat.h> says.
            constexpr zip_uint32_t kTypeMask = 0170000, kLink = 0120000, kFile = 0100000,
                                   kDir = 0040000;
            const zip_uint32_t type = (attr >> 16) & kTypeMask;
            if (type == kLink) {
                v.problem(ProblemClass::unsafe, "symlink", shown, "the entry is a symbolic link");
                names_ok = false;
                continue;
            }
            const bool special = type != 0 && type != kFile && type != kDir;
            if (special || (type == kDir && !dir)) {
                v.problem(ProblemClass::unsafe, "special_file", shown,
                          "the entry is not a regular file");
                names_ok = false;
                continue;
            }
        }
        // The single top-level folder "scelle-<id>/".
        const std::size_t slash = name.find('/');
        const std::string top = name.substr(0, slash);
        if (slash == std::string::npos || top.rfind("scelle-", 0) != 0 || top.size() <= 7 ||
            (!v.folder.empty() && top != v.folder)) {
            v.problem(ProblemClass::unsafe, "outside_bundle_folder", shown,
                      v.folder.empty() ? "entries must lie in one folder named scelle-<case id>"
                                       : "entries must all lie in " + v.folder + "/");
            names_ok = false;
            continue;
        }
        if (v.folder.empty())
            v.folder = top;

        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_COMP_SIZE)) {
            v.problem(ProblemClass::unreadable, "read_error", shown,
                      "the entry's sizes cannot be read");
            return false;
        }
        const std::string rel = name.substr(slash + 1);
        if (dir && st.size != 0) {
            v.problem(ProblemClass::unsafe, "special_file", shown, "a folder entry holds data");
            names_ok = false;
            continue;
        }
        if (st.size > bundle::kMaxEntrySize) {
            v.problem(ProblemClass::unsafe, "entry_too_large", shown,
                      fmt::format("{} bytes uncompressed; the limit is {}", st.size,
                                  bundle::kMaxEntrySize));
            limits_ok = false;
        }
        total += st.size;
        if (st.size > 0 && st.size / std::max<std::uint64_t>(st.comp_size, 1) > bundle::kMaxRatio) {
            v.problem(ProblemClass::unsafe, "compression_ratio", shown,
                      fmt::format("{} bytes from {} compressed: more than {} to 1 (a zip bomb)",
                                  st.size, st.comp_size, bundle::kMaxRatio));
            limits_ok = false;
        }
        if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
            st.comp_method != ZIP_CM_DEFLATE) {
            v.problem(ProblemClass::unsafe, "unsupported_compression", shown,
                      fmt::format("compression method {}; a bundle uses only stored or deflated",
                                  st.comp_method));
            limits_ok = false;
        }
        const bool enc =
            (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
        if (enc && st.encryption_method != ZIP_EM_AES_256) {
            v.problem(ProblemClass::unsafe, "unsupported_encryption", shown,
                      "encrypted with another method than WinZip AES-256");
            limits_ok = false;
        }
        if (!dir) {
            ++files;
            encrypted += enc ? 1 : 0;
        }
        const bool deflated = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_DEFLATE;
        entries.push_back({i, rel, dir, st.size, enc, deflated});
    }
    if (total > bundle::kMaxTotalSize) {
        v.problem(ProblemClass::unsafe, "total_too_large", "",
                  fmt::format("{} bytes uncompressed in all; the limit is {}", total,
                              bundle::kMaxTotalSize));
        limits_ok = false;
    }
    v.check("entry_names", names_ok);
    v.check("limits", limits_ok);
    if (!names_ok || !limits_ok)
        return false;
    if (v.folder.size() > 7)
        v.report.case_id = v.folder.substr(7);
    v.report.encrypted = encrypted > 0;
    if (encrypted > 0 && encrypted != files) {
        v.problem(ProblemClass::altered, "partly_encrypted", "",
                  fmt::format("{} of {} files are encrypted; an encrypted bundle encrypts all",
                              encrypted, files));
    }
    if (encrypted > 0 && !v.options->passphrase) {
        v.problem(ProblemClass::unreadable, "passphrase_needed", "",
                  "the bundle is encrypted and no passphrase was given");
        return false;
    }
    return true;
}

// The archive comment is covered by no hash: it must be exactly the one the format gives
// (section 8), so that nothing can be slipped in beside the sealed content.
void check_archive_comment(zip_t* za, Verification& v) {
    int len = 0;
    const char* raw = zip_get_archive_comment(za, &len, ZIP_FL_ENC_RAW);
    const std::string_view found = raw != nullptr && len > 0
                                       ? std::string_view(raw, static_cast<std::size_t>(len))
                                       : std::string_view();
    if (found == bundle::archive_comment(v.report.encrypted))
        return;
    v.problem(ProblemClass::altered, "zip_comment_mismatch", "",
              fmt::format("the zip archive's comment ({} bytes) is not the one the format gives "
                          "an {} bundle",
                          found.size(), v.report.encrypted ? "encrypted" : "unencrypted"));
    v.check("zip_structure", false);
}

// Why the deflate stream of entry `index` does not end exactly where its compressed data ends,
// or nullopt when it does. libzip 1.7 takes a stream whose end never comes for whole once the
// declared bytes are out ("stream not ended, but no more input" is not an error there): a
// flipped bit in the last block's header gives the right bytes and the right CRC, and unzip
// and 7-Zip refuse the file. The raw stream is inflated again here, with zlib, and must end
// with its last byte. (Not for encrypted entries: their authentication code covers the data.)
std::optional<std::string> deflate_stream_fault(zip_t* za, zip_uint64_t index, std::uint64_t size) {
    ZipFilePtr raw(zip_fopen_index(za, index, ZIP_FL_COMPRESSED));
    if (!raw)
        return std::string("its compressed data cannot be read: ") + zip_strerror(za);
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return std::string("zlib could not start");
    std::array<unsigned char, 16384> in{};
    std::array<unsigned char, 16384> out{};
    std::uint64_t produced = 0;
    int ret = Z_OK;
    std::optional<std::string> fault;
    while (!fault) {
        const zip_int64_t n = zip_fread(raw.get(), in.data(), in.size());
        if (n < 0) {
            fault = std::string("its compressed data cannot be read: ") +
                    zip_error_strerror(zip_file_get_error(raw.get()));
            break;
        }
        if (n == 0) {
            if (ret != Z_STREAM_END)
                fault = "its compressed data ends before the end of its deflate stream";
            break;
        }
        if (ret == Z_STREAM_END) {
            fault = "bytes follow the end of its deflate stream";
            break;
        }
        z.next_in = in.data();
        z.avail_in = static_cast<uInt>(n);
        while (z.avail_in > 0 && ret != Z_STREAM_END) {
            z.next_out = out.data();
            z.avail_out = static_cast<uInt>(out.size());
            ret = inflate(&z, Z_NO_FLUSH);
            produced += out.size() - z.avail_out;
            if (ret != Z_OK && ret != Z_STREAM_END) {
                fault = std::string("its deflate stream is damaged") +
                        (z.msg != nullptr ? std::string(" (") + z.msg + ")" : std::string());
                break;
            }
            if (produced > size) {
                fault = "its deflate stream inflates past its declared size";
                break;
            }
        }
        if (!fault && ret == Z_STREAM_END && z.avail_in > 0)
            fault = "bytes follow the end of its deflate stream";
    }
    inflateEnd(&z);
    if (!fault && produced != size)
        fault = fmt::format("its deflate stream gives {} bytes, {} declared", produced, size);
    return fault;
}

// Reads one entry whole, in chunks, never past its declared size. False stops the pass.
// `opened_before`: the passphrase opened an earlier entry, so that one it does not open was
// altered (its salt or check value), not given a wrong passphrase.
bool read_entry(zip_t* za, const Entry& e, Verification& v, std::uint64_t& kept_total,
                EntryHasher& hasher, std::span<char> own_buffer, bool opened_before) {
    auto wrong_passphrase = [&] {
        if (opened_before) {
            v.problem(ProblemClass::altered, "entry_corrupt", e.path,
                      "the passphrase that opened the other files does not open this one");
            FileData unread;
            unread.path = e.path;
            v.files.emplace(e.path, std::move(unread));
            return true;
        }
        v.problem(ProblemClass::unreadable, "wrong_passphrase", e.path,
                  "the passphrase does not open this bundle");
        return false;
    };
    FileData fd;
    fd.path = e.path;
    fd.index = e.index;
    const std::uint64_t cap = keep_cap(e.path);
    bool keep = cap > 0;
    if (keep && (e.size > cap || kept_total + e.size > kMaxKeptTotal)) {
        v.problem(ProblemClass::unsafe, "too_large", e.path,
                  fmt::format("{} bytes; this file may have at most {}", e.size,
                              std::min(cap, kMaxKeptTotal)));
        keep = false;
    }
    ZipFilePtr f(zip_fopen_index(za, e.index, 0));
    if (!f) {
        const int zerr = zip_error_code_zip(zip_get_error(za));
        if (zerr == ZIP_ER_WRONGPASSWD || zerr == ZIP_ER_NOPASSWD)
            return wrong_passphrase();
        v.problem(ProblemClass::altered, "entry_corrupt", e.path, zip_strerror(za));
        v.files.emplace(e.path, std::move(fd));
        return true;
    }
    std::string content;
    if (keep) {
        content.reserve(static_cast<std::size_t>(e.size));
        kept_total += e.size;
    }
    EntryHasher::Job* job = hasher.begin(e.size);
    crypto::Sha256 h;
    std::uint64_t got = 0;
    bool whole = true;
    for (;;) {
        char* buf = job != nullptr ? hasher.buffer() : own_buffer.data();
        const zip_int64_t r = zip_fread(f.get(), buf, kChunk);
        if (r <= 0 && job != nullptr)
            hasher.give_back(buf);
        if (r < 0) {
            const int zerr = zip_error_code_zip(zip_file_get_error(f.get()));
            if (zerr == ZIP_ER_WRONGPASSWD) {
                if (job != nullptr)
                    hasher.finish(job);
                return wrong_passphrase();
            }
            v.problem(ProblemClass::altered, "entry_corrupt", e.path,
                      std::string("the entry's data is damaged: ") +
                          zip_error_strerror(zip_file_get_error(f.get())));
            whole = false;
            break;
        }
        if (r == 0)
            break;
        got += static_cast<std::uint64_t>(r);
        // Declared sizes are not trusted: a stream that inflates past its size stops here.
        if (got > e.size) {
            v.problem(ProblemClass::unsafe, "size_mismatch", e.path,
                      fmt::format("the entry inflates past its declared size of {} bytes", e.size));
            if (job != nullptr)
                hasher.give_back(buf);
            whole = false;
            break;
        }
        const std::string_view chunk(buf, static_cast<std::size_t>(r));
        if (keep)
            content.append(chunk);
        if (job != nullptr)
            hasher.submit(job, buf, chunk.size());
        else
            h.update(chunk);
    }
    if (job != nullptr)
        hasher.finish(job);
    if (whole && got != e.size) {
        v.problem(ProblemClass::altered, "entry_corrupt", e.path,
                  fmt::format("{} bytes read, {} declared", got, e.size));
        whole = false;
    }
    if (whole && e.deflated && !e.encrypted) {
        if (auto fault = deflate_stream_fault(za, e.index, e.size)) {
            v.problem(ProblemClass::altered, "entry_corrupt", e.path,
                      "the entry's data is damaged: " + *fault);
            whole = false;
        }
    }
    fd.size = got;
    if (whole) {
        if (job == nullptr)
            fd.sha256 = crypto::to_hex(h.finish());
        if (keep)
            fd.content = std::move(content);
    }
    const auto [it, added] = v.files.emplace(e.path, std::move(fd));
    // The thread's digest goes where the reader's would have: only into a new entry read whole.
    if (job != nullptr && whole && added)
        job->target = &it->second.sha256;
    return true;
}

// Reads `n` bytes at `offset` of the archive's file. False (and a problem) on a read error.
bool read_raw(zip_source_t* src, std::uint64_t offset, char* out, std::size_t n, Verification& v,
              const std::string& path) {
    if (zip_source_seek(src, static_cast<zip_int64_t>(offset), SEEK_SET) == 0) {
        std::size_t got = 0;
        zip_int64_t r = 1;
        while (got < n && (r = zip_source_read(src, out + got, n - got)) > 0)
            got += static_cast<std::size_t>(r);
        if (got == n)
            return true;
    }
    v.problem(ProblemClass::unreadable, "read_error", path,
              zip_error_strerror(zip_source_error(src)));
    return false;
}

// Checks an encrypted entry's authentication code: WinZip AES stores an HMAC-SHA1 of the
// encrypted bytes after them (scelle/crypto/zip_aes.h). libzip checks it only once its
// decryption is read to the end, and its inflating stops at the end of the deflate stream, one
// read short: the entries it inflated were never authenticated, and an altered code would pass
// here while 7-Zip refuses the file. The code is checked over the stored bytes, read again
// from the archive's file (the same source libzip reads, each of its reads seeking first).
// False when the pass must stop (a read error).
bool check_aes_code(zip_source_t* src, const ZipLayoutEntry& stored, const Entry& e,
                    std::string_view passphrase, Verification& v, std::span<char> buffer) {
    using crypto::ZipAesAuthenticator;
    auto altered = [&](const char* why) {
        v.problem(ProblemClass::altered, "entry_corrupt", e.path, why);
        return true;
    };
    if (stored.comp_size < ZipAesAuthenticator::kOverhead)
        return altered("too short to hold its encryption header and authentication code");
    std::array<char, ZipAesAuthenticator::kSaltSize + ZipAesAuthenticator::kVerifierSize> head{};
    if (!read_raw(src, stored.data_offset, head.data(), head.size(), v, e.path))
        return false;
    auto auth = ZipAesAuthenticator::create(passphrase, std::as_bytes(std::span(head)));
    if (!auth)
        return altered("the passphrase's check value stored in the entry was changed");
    std::uint64_t left = stored.comp_size - ZipAesAuthenticator::kOverhead;
    std::uint64_t at = stored.data_offset + head.size();
    while (left > 0) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        if (!read_raw(src, at, buffer.data(), n, v, e.path))
            return false;
        auth->update(std::as_bytes(std::span(buffer.data(), n)));
        at += n;
        left -= n;
    }
    std::array<char, ZipAesAuthenticator::kCodeSize> code{};
    if (!read_raw(src, at, code.data(), code.size(), v, e.path))
        return false;
    if (!auth->matches(std::as_bytes(std::span(code))))
        return altered("its authentication code does not match its encrypted data");
    return true;
}

}  // namespace

std::string printable_name(std::string_view raw) {
    std::string out;
    for (char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7f)
            out += fmt::format("\\x{:02x}", c);
        else
            out += ch;
    }
    return out;
}

bool read_bundle(zip_source_t* source, std::string_view head, Verification& v) {
    // The raw layout is checked first (zip_layout.h), through the source opened here and kept
    // open until libzip has opened it too: both read the same file, even if its name is
    // replaced meanwhile.
    ZipLayout layout;
    if (zip_source_open(source) != 0) {
        v.problem(ProblemClass::unreadable, "read_error", "",
                  zip_error_strerror(zip_source_error(source)));
        v.check("zip_structure", false);
        zip_source_free(source);
        return false;
    }
    if (!check_zip_layout(source, layout, v)) {
        v.check("zip_structure", false);
        zip_source_close(source);
        zip_source_free(source);
        return false;
    }
    zip_error_t err;
    zip_error_init(&err);
    // Kept across the open so that a refused archive can be opened again to name duplicates.
    zip_source_keep(source);
    ZipArchive za(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &err));
    zip_source_close(source);
    const int zerr = zip_error_code_zip(&err);
    zip_error_fini(&err);
    if (!za) {
        open_problem(v, zerr, head);
        v.check("zip_structure", false);
        if (zerr == ZIP_ER_EXISTS) {
            v.check("duplicates", false);
            name_duplicates(source, v);
        }
        // Both references: the one kept above and the caller's, which the open did not take.
        zip_source_free(source);
        zip_source_free(source);
        return false;
    }
    // The extra reference stays until the end: encrypted entries are read again through it.
    ZipSourcePtr kept(source);
    v.check("zip_structure", libzip_reads_layout(za.get(), layout, v));
    if (v.has(ProblemClass::unsafe))
        return false;
    v.check("duplicates", true);

    std::vector<Entry> entries;
    if (!check_structure(za.get(), v, entries))
        return false;
    if (v.options->passphrase &&
        zip_set_default_password(za.get(), v.options->passphrase->c_str()) != 0) {
        v.problem(ProblemClass::unreadable, "read_error", "", zip_strerror(za.get()));
        return false;
    }
    std::uint64_t kept_total = 0;
    bool sizes_ok = true;
    EntryHasher hasher;
    // For the entries hashed on this thread; not zero-filled (see EntryHasher::start).
    const auto own = std::make_unique_for_overwrite<char[]>(kChunk);
    const std::span<char> buffer(own.get(), kChunk);
    bool opened = false;  // the passphrase opened an entry
    for (const Entry& e : entries) {
        if (e.dir)
            continue;
        const std::size_t problems = v.report.problems.size();
        if (!read_entry(za.get(), e, v, kept_total, hasher, buffer, opened))
            return false;
        // An entry already found damaged is not checked again.
        if (!e.encrypted || v.report.problems.size() != problems)
            continue;
        if (e.index >= layout.entries.size() || !v.options->passphrase)
            v.problem(ProblemClass::altered, "entry_corrupt", e.path,
                      "its authentication code could not be checked");
        else if (!check_aes_code(source, layout.entries[e.index], e, v.options->passphrase->view(),
                                 v, buffer))
            return false;
        // An entry whose code matched proves the passphrase (its 2-byte check value alone
        // would not: one wrong passphrase in 65536 passes it).
        opened = opened || v.report.problems.size() == problems;
    }
    hasher.drain();
    for (const auto& p : v.report.problems)
        if (p.kind == "size_mismatch" || p.kind == "too_large")
            sizes_ok = false;
    v.check("entries_read", !v.has(ProblemClass::altered) && sizes_ok);
    check_archive_comment(za.get(), v);
    // Kept open for the checks that read an evidence file again.
    v.archive_source = std::move(kept);
    v.archive = std::move(za);
    return !v.has(ProblemClass::unsafe);
}

}  // namespace scelle::core::bundle_detail
