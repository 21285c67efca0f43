// CaseStore::import_files: streams files into the object store and records them in one
// transaction.
//
// The order of steps is what makes a crash harmless:
//   1. every input is checked (exists, regular, not empty) before anything is written;
//   2. each file is streamed once through a 1 MiB buffer into objects/.tmp-<pid>-<random>,
//      hashed and sniffed on the way, and its size is compared before and after;
//   3. each temporary file is synced, then renamed to objects/<sha256> (0400), and the
//      folder is synced: an object name always means complete, durable bytes. The first sync
//      of each file runs on helper threads while the next files are read (see SyncPool);
//      all of them are done, and checked, before the first rename;
//   4. one SQLite transaction inserts the items and their custody lines.
// A crash before 4 commits leaves at most unnamed objects (which `check` notes and the next
// import of the same content replaces); never a row without its object. A failure before 4 removes
// what this import created, so the store is exactly as before.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "case_store_internal.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/random.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/case_store.h"
#include "scelle/store/media.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kBufferSize = 1 << 20;
// fsync waits on the disk, not on the processor, so a few threads help even on one core.
constexpr unsigned kSyncThreads = 4;
// Files waiting for a sync thread stay open: this bounds the number of open descriptors.
constexpr std::size_t kMaxQueuedSyncs = 16;

struct Staged {
    fs::path source;
    fs::path temp;
    std::string sha256;
    MediaInfo media;
    std::int64_t size = 0;
    std::string name;
    std::optional<std::string> name_bytes_hex;
};

// Removes the temporary files it holds when it goes out of scope.
class TempFiles {
  public:
    explicit TempFiles(Env& env) : m_env(env) {}
    ~TempFiles() {
        for (const auto& p : m_paths)
            (void)m_env.remove(p);
    }
    void add(fs::path p) { m_paths.push_back(std::move(p)); }
    void forget(const fs::path& p) { std::erase(m_paths, p); }

  private:
    Env& m_env;
    std::vector<fs::path> m_paths;
};

// Syncs and closes finished temporary files on helper threads while the main thread reads the
// next inputs. On a journaling file system each fsync of a new file commits a transaction and
// flushes the disk cache; one after the other, 200 of them took about as long as reading,
// hashing and writing the files (docs/performance.md). With several in flight, the file
// system commits many files at once, and the waiting overlaps the reading of the next files.
// Each WritableFile is handed over whole, so it is used by one thread at a time, as Env
// requires.
class SyncPool {
  public:
    SyncPool() {
        try {
            for (unsigned i = 0; i < kSyncThreads; ++i)
                m_threads.emplace_back([this] { run(); });
        } catch (const std::system_error&) {
            // Out of threads: those started do the work; with none, add() syncs each file.
        }
    }
    ~SyncPool() { (void)finish(); }
    SyncPool(const SyncPool&) = delete;
    SyncPool& operator=(const SyncPool&) = delete;

    // Queues `file` to be synced and closed; waits while the queue is full.
    void add(std::unique_ptr<WritableFile> file) {
        if (m_threads.empty()) {
            sync_and_close(*file);
            return;
        }
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_queue.size() < kMaxQueuedSyncs; });
        m_queue.push_back(std::move(file));
        m_ready.notify_one();
    }

    // Waits until every queued file is synced and closed; returns the first failure.
    Result<void> finish() {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_ready.notify_all();
        for (auto& t : m_threads)
            if (t.joinable())
                t.join();
        if (m_error)
            return *m_error;
        return {};
    }

  private:
    void run() {
        for (;;) {
            std::unique_ptr<WritableFile> file;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [&] { return m_closing || !m_queue.empty(); });
                if (m_queue.empty())
                    return;
                file = std::move(m_queue.front());
                m_queue.pop_front();
            }
            m_space.notify_one();
            sync_and_close(*file);
        }
    }

    void sync_and_close(WritableFile& file) {
        Result<void> synced = file.sync();
        // close() can report a delayed write error too: it is checked even after a sync.
        Result<void> closed = file.close();
        if (synced.ok() && closed.ok())
            return;
        std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = !synced.ok() ? synced.error() : closed.error();
    }

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<std::unique_ptr<WritableFile>> m_queue;
    std::optional<Error> m_error;
    bool m_closing = false;
    std::vector<std::thread> m_threads;
};

bool same_file_state(const FileInfo& a, const FileInfo& b) {
    return a.size == b.size && a.mtime_ns == b.mtime_ns && a.id == b.id;
}

Error input_error(const Error& e, const fs::path& path) {
    return error_from_errno(e.sys_errno != 0 ? e.sys_errno : EIO, path.string(), true);
}

Result<void> check_input(const fs::path& path, Env& env) {
    auto st = env.stat(path);
    if (!st.ok())
        return input_error(st.error(), path);
    if (st->type == FileInfo::Type::directory)
        return make_error(Errc::input_is_directory, path.string());
    if (st->type != FileInfo::Type::file)
        return make_error(Errc::input_not_regular, path.string());
    if (st->size == 0)
        return make_error(Errc::input_empty, path.string());
    if (auto r = env.check_access(path, Env::Access::readable); !r.ok())
        return input_error(r.error(), path);
    return {};
}

}  // namespace

Result<std::vector<ImportOutcome>> CaseStore::import_files(const ImportRequest& req) {
    if (req.files.empty())
        return make_error(Errc::usage, "FILE", "name at least one file to import");
    const std::optional<std::string> description =
        req.description ? std::optional(trim(*req.description)) : std::nullopt;
    if (description && !is_clean_text(*description, true))
        return make_error(Errc::usage, "--description", "not valid text");
    if (req.happened && !is_happened_form(*req.happened))
        return make_error(Errc::usage, "--happened", *req.happened);
    if (req.source_url && !detail::is_web_url(*req.source_url))
        return make_error(Errc::usage, "--source-url", to_valid_utf8(*req.source_url));
    SCELLE_ASSIGN_OR_RETURN(auto account, resolve_account(req.account));
    for (const auto& f : req.files)
        SCELLE_TRY(check_input(f, m_env));

    const fs::path objects = m_dir / "objects";
    TempFiles temps(m_env);
    std::vector<Staged> staged;
    std::vector<std::byte> buf(kBufferSize);
    const std::string prefix = detail::temp_name_prefix();
    // Declared after `temps`, so that on an early return its threads have finished with the
    // temporary files before they are removed.
    SyncPool syncs;

    for (const auto& path : req.files) {
        Staged s;
        s.source = path;
        const std::string raw_name = path.filename().string();
        s.name = to_valid_utf8(raw_name);
        if (s.name != raw_name)
            s.name_bytes_hex = crypto::hex_encode(
                std::span(reinterpret_cast<const std::uint8_t*>(raw_name.data()), raw_name.size()));

        // Env::open_read does not block if the path was swapped for a pipe since check_input.
        auto opened = m_env.open_read(path);
        if (!opened.ok())
            return input_error(opened.error(), path);
        const std::unique_ptr<ReadableFile> in = std::move(opened).value();
        auto before = in->info();
        if (!before.ok())
            return input_error(before.error(), path);
        if (before->type != FileInfo::Type::file)
            return make_error(Errc::input_not_regular, path.string());
        if (before->size == 0)
            return make_error(Errc::input_empty, path.string());

        s.temp = objects / (prefix + crypto::random_hex(8));
        SCELLE_ASSIGN_OR_RETURN(auto out, m_env.create_new(s.temp));
        temps.add(s.temp);
        crypto::Sha256 hash;
        MediaSniffer sniffer;
        std::int64_t total = 0;
        for (;;) {
            auto n = in->read(buf);
            if (!n.ok())
                return input_error(n.error(), path);
            if (*n == 0)
                break;
            std::span<const std::byte> chunk(buf.data(), *n);
            hash.update(chunk);
            sniffer.feed(chunk);
            SCELLE_TRY(out->append(chunk));
            total += static_cast<std::int64_t>(*n);
            if (total > static_cast<std::int64_t>(before->size))
                return make_error(Errc::input_changed, path.string(), "it grew while being read");
        }
        auto after = in->info();
        if (!after.ok())
            return input_error(after.error(), path);
        if (total != static_cast<std::int64_t>(before->size) || !same_file_state(*before, *after))
            return make_error(Errc::input_changed, path.string());
        out->start_writeback();
        SCELLE_TRY(out->make_read_only());
        syncs.add(std::move(out));
        s.sha256 = crypto::to_hex(hash.finish());
        s.media = sniffer.result();
        s.size = total;
        staged.push_back(std::move(s));
        m_env.checkpoint("import-after-stage");
    }

    // Durability first: the data of every file is on disk before any name points to it.
    SCELLE_TRY(syncs.finish());
    // Each file is synced once more through Env, by name, which is where tests inject sync
    // failures; it costs little now that nothing is left to write.
    for (const auto& s : staged)
        SCELLE_TRY(m_env.sync_file(s.temp));

    std::vector<ImportOutcome> outcomes;
    std::vector<fs::path> published;  // objects this import created, undone on failure
    auto undo_published = [&] {
        for (const auto& p : published)
            (void)m_env.remove(p);
        if (!published.empty())
            (void)m_env.sync_dir(objects);
    };

    auto record = [&]() -> Result<void> {
        SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
        SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, next_item_seq());
        const auto now = m_env.now();
        const std::string at = format_utc_rfc3339(now);
        const std::string offset = local_utc_offset(now);
        std::map<std::string, std::int64_t> in_this_import;
        SCELLE_ASSIGN_OR_RETURN(auto ins,
                                m_db.prepare("INSERT INTO items(seq, kind, sha256, name, "
                                             "name_bytes_hex, media_type, size, width, height, "
                                             "recorded_at, utc_offset, url, account_id, "
                                             "sensitive, log_seq) "
                                             "VALUES(?, 'file', ?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        SCELLE_ASSIGN_OR_RETURN(auto desc, m_db.prepare("INSERT INTO descriptions(item_seq, "
                                                        "text, at, log_seq) VALUES(?,?,?,?)"));
        for (const auto& s : staged) {
            ImportOutcome o{s.source, 0, s.sha256, false};
            SCELLE_ASSIGN_OR_RETURN(auto existing, live_item_with(s.sha256));
            if (!existing) {
                auto it = in_this_import.find(s.sha256);
                if (it != in_this_import.end())
                    existing = it->second;
            }
            if (existing) {
                o.seq = *existing;
                o.duplicate = true;
                outcomes.push_back(std::move(o));
                continue;
            }
            // No live item names this content, so a file already at the target is a leftover
            // of an interrupted import whose bytes nothing vouches for: the freshly hashed copy
            // replaces it (rename is atomic), rather than trusting it.
            const fs::path target = object_path(s.sha256);
            SCELLE_TRY(m_env.rename(s.temp, target));
            temps.forget(s.temp);
            published.push_back(target);
            m_env.checkpoint("import-after-rename");
            json line = {{"action", "item.imported"},
                         {"at", at},
                         {"item", seq},
                         {"kind", "file"},
                         {"sha256", s.sha256},
                         {"size", s.size},
                         {"media_type", s.media.media_type},
                         {"name", s.name},
                         {"sensitive", req.sensitive},
                         {"utc_offset", offset}};
            if (s.name_bytes_hex)
                line["name_bytes_hex"] = *s.name_bytes_hex;
            if (s.media.width && s.media.height) {
                line["width"] = *s.media.width;
                line["height"] = *s.media.height;
            }
            if (description)
                line["description"] = *description;
            if (req.source_url)
                line["url"] = *req.source_url;
            if (account)
                line["account"] = account->id;
            if (req.happened)
                line["happened"] = *req.happened;
            SCELLE_ASSIGN_OR_RETURN(std::int64_t log_seq, append_log(std::move(line)));
            auto dim = [](const std::optional<std::uint32_t>& v) {
                return v ? std::optional<std::int64_t>(*v) : std::nullopt;
            };
            ins.bind(1, seq)
                .bind(2, s.sha256)
                .bind(3, s.name)
                .bind(4, s.name_bytes_hex)
                .bind(5, s.media.media_type)
                .bind(6, s.size)
                .bind(7, dim(s.media.width))
                .bind(8, dim(s.media.height))
                .bind(9, at)
                .bind(10, offset)
                .bind(11, req.source_url)
                .bind(12, account ? std::optional(account->id) : std::nullopt)
                .bind(13, std::int64_t{req.sensitive ? 1 : 0})
                .bind(14, log_seq);
            SCELLE_TRY(ins.run());
            if (req.happened) {
                SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET happened = ? "
                                                              "WHERE seq = ?"));
                up.bind(1, req.happened).bind(2, seq);
                SCELLE_TRY(up.run());
            }
            if (description) {
                desc.bind(1, seq).bind(2, *description).bind(3, at).bind(4, log_seq);
                SCELLE_TRY(desc.run());
            }
            in_this_import[s.sha256] = seq;
            o.seq = seq++;
            outcomes.push_back(std::move(o));
        }
        if (!published.empty())
            SCELLE_TRY(m_env.sync_dir(objects));
        m_env.checkpoint("import-before-commit");
        return tx.commit();
    };
    if (auto r = record(); !r.ok()) {
        undo_published();
        return std::move(r).error();
    }
    m_env.checkpoint("import-after-commit");
    return outcomes;
}

}  // namespace scelle::core
