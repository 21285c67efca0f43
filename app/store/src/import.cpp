// CaseStore::import_files: streams files into the object store and records them in one
// transaction.
//
// The order of steps is what makes a crash harmless:
//   1. every input is checked (exists, regular, not empty) before anything is written;
//   2. each file is streamed once through a 1 MiB buffer into objects/.tmp-<pid>-<random>,
//      hashed and sniffed on the way, and its size is compared before and after;
//   3. each temporary file is closed as soon as it is written, with its writeback started;
//      once all are written, they are synced in one batch (Env::sync_files: each file's data
//      waited for and its errors checked, then one commit of the file system), and only then
//      renamed to objects/<sha256> (0400), and the folder is synced: an object name always
//      means complete, durable bytes;
//   4. one SQLite transaction inserts the items and their custody lines.
// A crash before 4 commits leaves at most unnamed objects (which `check` notes and the next
// import of the same content replaces); never a row without its object. A failure before 4 removes
// what this import created, so the store is exactly as before.
#include <map>
#include <optional>
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
        // The disk starts writing this file while the next ones are read; the batch sync
        // below waits for it. close() can report a delayed write error: it is checked.
        out->start_writeback();
        SCELLE_TRY(out->make_read_only());
        SCELLE_TRY(out->close());
        s.sha256 = crypto::to_hex(hash.finish());
        s.media = sniffer.result();
        s.size = total;
        staged.push_back(std::move(s));
        m_env.checkpoint("import-after-stage");
    }

    // Durability first: the data of every file is on disk before any name points to it. One
    // batch: an fsync per file paid for a journal commit or a disk cache flush each, about
    // 3 ms here, which was most of the time of an import of small files (docs/performance.md).
    {
        std::vector<fs::path> written;
        written.reserve(staged.size());
        for (const auto& s : staged)
            written.push_back(s.temp);
        SCELLE_TRY(m_env.sync_files(written));
    }

    std::vector<ImportOutcome> outcomes;
    std::vector<fs::path> published;  // objects this import created, undone on failure

    auto record = [&]() -> Result<void> {
        SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
        SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, next_item_seq());
        const auto now = m_env.now();
        const std::string at = format_utc_rfc3339(now);
        const std::string offset = local_utc_offset(now);
        std::map<std::string, std::int64_t> in_this_import;
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
            auto dim = [](const std::optional<std::uint32_t>& v) {
                return v ? std::optional<std::int64_t>(*v) : std::nullopt;
            };
            detail::NewItem item;
            item.seq = seq;
            item.action = "item.imported";
            item.kind = "file";
            item.temp = s.temp;
            item.checkpoint = "import-after-rename";
            item.sha256 = s.sha256;
            item.size = s.size;
            item.name = s.name;
            item.name_bytes_hex = s.name_bytes_hex;
            item.media_type = s.media.media_type;
            item.width = dim(s.media.width);
            item.height = dim(s.media.height);
            item.at = at;
            item.utc_offset = offset;
            item.url = req.source_url;
            item.description = description;
            item.happened = req.happened;
            if (account)
                item.account_id = account->id;
            item.sensitive = req.sensitive;
            const std::size_t before = published.size();
            auto recorded = record_new_item(item, published);
            if (published.size() != before)
                temps.forget(s.temp);  // renamed: now an object, undone by unpublish()
            SCELLE_TRY(std::move(recorded));
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
        unpublish(published);
        return std::move(r).error();
    }
    m_env.checkpoint("import-after-commit");
    return outcomes;
}

}  // namespace scelle::core
