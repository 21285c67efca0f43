// CaseStore::record_new_item: what import_files (import.cpp) and add_screenshot
// (screenshot.cpp) both do once a new item's bytes are staged and synced, inside the caller's
// transaction: publish the object under its SHA-256, append the item's custody line, insert
// its row, its `happened` and its description. The caller undoes the publication with
// unpublish() when its transaction does not commit.
#include "case_store_internal.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

Result<void> CaseStore::record_new_item(const detail::NewItem& item,
                                        std::vector<fs::path>& published) {
    // No live item names this content, so a file already at the target is a leftover of an
    // interrupted import whose bytes nothing vouches for: the freshly hashed copy replaces it
    // (rename is atomic), rather than trusting it.
    const fs::path target = object_path(item.sha256);
    SCELLE_TRY(m_env.rename(item.temp, target));
    published.push_back(target);
    m_env.checkpoint(item.checkpoint);

    json line = {{"action", item.action},
                 {"at", item.at},
                 {"item", item.seq},
                 {"kind", item.kind},
                 {"sha256", item.sha256},
                 {"size", item.size},
                 {"media_type", item.media_type},
                 {"name", item.name},
                 {"sensitive", item.sensitive},
                 {"utc_offset", item.utc_offset}};
    if (item.name_bytes_hex)
        line["name_bytes_hex"] = *item.name_bytes_hex;
    if (item.width && item.height) {
        line["width"] = *item.width;
        line["height"] = *item.height;
    }
    if (item.description)
        line["description"] = *item.description;
    if (item.url)
        line["url"] = *item.url;
    if (item.source)
        line["source"] = *item.source;
    if (item.account_id)
        line["account"] = *item.account_id;
    if (item.happened)
        line["happened"] = *item.happened;
    for (const auto& [key, value] : item.extra.items())
        line[key] = value;
    SCELLE_ASSIGN_OR_RETURN(std::int64_t log_seq, append_log(std::move(line)));

    SCELLE_ASSIGN_OR_RETURN(auto ins,
                            m_db.prepare("INSERT INTO items(seq, kind, sha256, name, "
                                         "name_bytes_hex, media_type, size, width, height, "
                                         "recorded_at, utc_offset, url, source, account_id, "
                                         "sensitive, log_seq) "
                                         "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    ins.bind(1, item.seq)
        .bind(2, item.kind)
        .bind(3, item.sha256)
        .bind(4, item.name)
        .bind(5, item.name_bytes_hex)
        .bind(6, item.media_type)
        .bind(7, item.size)
        .bind(8, item.width)
        .bind(9, item.height)
        .bind(10, item.at)
        .bind(11, item.utc_offset)
        .bind(12, item.url)
        .bind(13, item.source)
        .bind(14, item.account_id)
        .bind(15, std::int64_t{item.sensitive ? 1 : 0})
        .bind(16, log_seq);
    SCELLE_TRY(ins.run());
    if (auto d = item.extra.find("derived"); d != item.extra.end()) {
        SCELLE_ASSIGN_OR_RETURN(auto up,
                                m_db.prepare("UPDATE items SET derived = ? WHERE seq = ?"));
        up.bind(1, d->dump()).bind(2, item.seq);
        SCELLE_TRY(up.run());
    }
    if (item.happened) {
        SCELLE_ASSIGN_OR_RETURN(auto up,
                                m_db.prepare("UPDATE items SET happened = ? WHERE seq = ?"));
        up.bind(1, item.happened).bind(2, item.seq);
        SCELLE_TRY(up.run());
    }
    if (item.description) {
        SCELLE_ASSIGN_OR_RETURN(auto desc, m_db.prepare("INSERT INTO descriptions(item_seq, "
                                                        "text, at, log_seq) VALUES(?,?,?,?)"));
        desc.bind(1, item.seq).bind(2, *item.description).bind(3, item.at).bind(4, log_seq);
        SCELLE_TRY(desc.run());
    }
    return {};
}

void CaseStore::unpublish(const std::vector<fs::path>& published) {
    for (const auto& p : published)
        (void)m_env.remove(p);
    if (!published.empty())
        (void)m_env.sync_dir(m_dir / "objects");
}

}  // namespace scelle::core
