// CaseStore: reading items, links, descriptions, withdrawal and extraction.

#include <system_error>
#include <vector>

#include "case_store_internal.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/crypto/random.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_web_url(std::string_view url) {
    if (url.size() > 8192 || !is_valid_utf8(url))
        return false;
    std::string_view rest;
    if (url.rfind("https://", 0) == 0)
        rest = url.substr(8);
    else if (url.rfind("http://", 0) == 0)
        rest = url.substr(7);
    else
        return false;
    if (rest.empty() || rest.front() == '/')
        return false;
    for (char ch : url) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

namespace {

constexpr const char* kItemColumns =
    "SELECT i.seq, i.kind, i.sha256, i.name, i.name_bytes_hex, i.media_type, i.size, i.width, "
    "i.height, i.recorded_at, i.utc_offset, i.source, i.url, "
    "(SELECT d.text FROM descriptions d WHERE d.item_seq = i.seq ORDER BY d.id DESC LIMIT 1), "
    "i.account_id, a.platform, i.sensitive, i.withdrawn_at, i.withdraw_reason, i.log_seq, "
    "i.happened, i.derived "
    "FROM items i LEFT JOIN accounts a ON a.id = i.account_id ";

Item item_from_row(const sql::Stmt& st) {
    Item it;
    it.seq = st.integer(0);
    it.kind = st.text(1);
    it.sha256 = st.opt_text(2);
    it.name = st.opt_text(3);
    it.name_bytes_hex = st.opt_text(4);
    it.media_type = st.opt_text(5);
    it.size = st.opt_integer(6);
    it.width = st.opt_integer(7);
    it.height = st.opt_integer(8);
    it.recorded_at = st.text(9);
    it.utc_offset = st.text(10);
    it.source = st.opt_text(11);
    it.url = st.opt_text(12);
    it.description = st.opt_text(13);
    it.account_id = st.opt_integer(14);
    it.platform = st.opt_text(15);
    it.sensitive = st.integer(16) != 0;
    it.withdrawn_at = st.opt_text(17);
    it.withdraw_reason = st.opt_text(18);
    it.log_seq = st.integer(19);
    it.happened = st.opt_text(20);
    if (auto derived = st.opt_text(21))
        it.derived = json::parse(*derived, nullptr, false);
    return it;
}

template <typename T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

}  // namespace

json item_fields_json(const Item& it) {
    return {{"seq", it.seq},
            {"kind", it.kind},
            {"sha256", opt(it.sha256)},
            {"name", opt(it.name)},
            {"name_bytes_hex", opt(it.name_bytes_hex)},
            {"media_type", opt(it.media_type)},
            {"size", opt(it.size)},
            {"width", opt(it.width)},
            {"height", opt(it.height)},
            {"recorded_at", it.recorded_at},
            {"utc_offset", it.utc_offset},
            {"source", opt(it.source)},
            {"url", opt(it.url)},
            {"description", opt(it.description)},
            {"happened", opt(it.happened)},
            {"account", opt(it.account_id)},
            {"sensitive", it.sensitive},
            {"withdrawn", it.withdrawn_at.has_value()},
            {"withdrawn_at", opt(it.withdrawn_at)},
            {"withdraw_reason", opt(it.withdraw_reason)},
            {"log_line", it.log_seq},
            {"derived", it.derived ? *it.derived : json(nullptr)}};
}

std::vector<std::int64_t> derived_frames(const Item& it) {
    std::vector<std::int64_t> out;
    if (!it.derived || !it.derived->is_object())
        return out;
    for (const auto& f : it.derived->value("frames", json::array()))
        if (f.is_object() && f.contains("item") && f["item"].is_number_integer())
            out.push_back(f["item"].get<std::int64_t>());
    return out;
}

Result<std::vector<Item>> CaseStore::items() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare(std::string(kItemColumns) + "ORDER BY i.seq"));
    std::vector<Item> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        out.push_back(item_from_row(st));
    }
    SCELLE_TRY(fill_timestamp_status(out));
    return out;
}

Result<Item> CaseStore::item(std::int64_t seq) {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare(std::string(kItemColumns) + "WHERE i.seq = ?"));
    st.bind(1, seq);
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row)
        return make_error(Errc::unknown_item, std::to_string(seq));
    std::vector<Item> one{item_from_row(st)};
    SCELLE_TRY(fill_timestamp_status(one));
    return std::move(one.front());
}

Result<std::int64_t> CaseStore::next_item_seq() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM items"));
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    return row ? st.integer(0) : 1;
}

Result<std::optional<std::int64_t>> CaseStore::live_item_with(std::string_view sha256) {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT seq FROM items WHERE sha256 = ? AND "
                                                  "withdrawn_at IS NULL ORDER BY seq LIMIT 1"));
    st.bind(1, sha256);
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row)
        return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(st.integer(0));
}

Result<void> CaseStore::remove_object_if_unused(std::string_view sha256) {
    // Under the write lock: an importer publishes objects while holding it, so no import of
    // the same content can slip in between "no live item needs it" and the unlink.
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(auto live, live_item_with(sha256));
    if (live)
        return {};
    SCELLE_TRY(m_env.remove(object_path(sha256)));
    SCELLE_TRY(m_env.sync_dir(m_dir / "objects"));
    return tx.commit();
}

Result<Item> CaseStore::add_link(std::string_view url,
                                 const std::optional<std::string>& description,
                                 const std::optional<std::string>& account) {
    return add_link(LinkRequest{std::string(url), description, account, false, std::nullopt});
}

Result<Item> CaseStore::add_link(const LinkRequest& req) {
    const std::string& url = req.url;
    if (!detail::is_web_url(url))
        return make_error(Errc::usage, to_valid_utf8(url),
                          "a link must start with http:// or https://");
    const std::optional<std::string> description =
        req.description ? std::optional(trim(*req.description)) : std::nullopt;
    if (description && !is_clean_text(*description, true))
        return make_error(Errc::usage, "--description", "not valid text");
    if (req.happened && !is_happened_form(*req.happened))
        return make_error(Errc::usage, "--happened", *req.happened);
    SCELLE_ASSIGN_OR_RETURN(auto acc, resolve_account(req.account));

    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, next_item_seq());
    const auto now = m_env.now();
    const std::string at = format_utc_rfc3339(now);
    const std::string offset = local_utc_offset(now);
    json line = {
        {"action", "link.recorded"}, {"at", at}, {"item", seq}, {"kind", "link"}, {"url", url},
        {"utc_offset", offset}};
    if (description)
        line["description"] = *description;
    if (acc)
        line["account"] = acc->id;
    if (req.sensitive)
        line["sensitive"] = true;
    if (req.happened)
        line["happened"] = *req.happened;
    SCELLE_ASSIGN_OR_RETURN(std::int64_t log_seq, append_log(std::move(line)));
    SCELLE_ASSIGN_OR_RETURN(auto ins, m_db.prepare("INSERT INTO items(seq, kind, recorded_at, "
                                                   "utc_offset, url, account_id, log_seq, "
                                                   "sensitive, happened) "
                                                   "VALUES(?, 'link', ?, ?, ?, ?, ?, ?, ?)"));
    ins.bind(1, seq)
        .bind(2, at)
        .bind(3, offset)
        .bind(4, url)
        .bind(5, acc ? std::optional(acc->id) : std::nullopt)
        .bind(6, log_seq)
        .bind(7, std::int64_t{req.sensitive ? 1 : 0})
        .bind(8, req.happened);
    SCELLE_TRY(ins.run());
    if (description) {
        SCELLE_ASSIGN_OR_RETURN(auto d, m_db.prepare("INSERT INTO descriptions(item_seq, text, "
                                                     "at, log_seq) VALUES(?,?,?,?)"));
        d.bind(1, seq).bind(2, *description).bind(3, at).bind(4, log_seq);
        SCELLE_TRY(d.run());
    }
    SCELLE_TRY(tx.commit());
    return item(seq);
}

Result<void> CaseStore::describe(std::int64_t seq, std::string_view description) {
    std::string text = trim(description);
    if (!is_clean_text(text, true))
        return make_error(Errc::usage, "--description", "a description cannot be empty");
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    const std::string at = format_utc_rfc3339(m_env.now());
    SCELLE_ASSIGN_OR_RETURN(
        std::int64_t log_seq,
        append_log(
            {{"action", "item.described"}, {"at", at}, {"item", it.seq}, {"description", text}}));
    SCELLE_ASSIGN_OR_RETURN(auto d, m_db.prepare("INSERT INTO descriptions(item_seq, text, at, "
                                                 "log_seq) VALUES(?,?,?,?)"));
    d.bind(1, seq).bind(2, text).bind(3, at).bind(4, log_seq);
    SCELLE_TRY(d.run());
    return tx.commit();
}

Result<void> CaseStore::set_happened(std::int64_t seq, const std::optional<std::string>& happened) {
    if (happened && !is_happened_form(*happened))
        return make_error(Errc::usage, "--happened", *happened);
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    const std::string at = format_utc_rfc3339(m_env.now());
    SCELLE_TRY(append_log({{"action", "item.happened"},
                           {"at", at},
                           {"item", it.seq},
                           {"happened", happened ? json(*happened) : json(nullptr)}}));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET happened = ? WHERE seq = ?"));
    up.bind(1, happened).bind(2, seq);
    SCELLE_TRY(up.run());
    return tx.commit();
}

Result<void> CaseStore::set_sensitive(std::int64_t seq, bool sensitive) {
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    if (it.sensitive == sensitive)
        return {};
    const std::string at = format_utc_rfc3339(m_env.now());
    SCELLE_TRY(append_log(
        {{"action", "item.sensitive"}, {"at", at}, {"item", it.seq}, {"sensitive", sensitive}}));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET sensitive = ? WHERE seq = ?"));
    up.bind(1, std::int64_t{sensitive ? 1 : 0}).bind(2, seq);
    SCELLE_TRY(up.run());
    // A sensitive item is never transcribed: its transcript goes with the same commit.
    if (sensitive)
        SCELLE_TRY(delete_transcript(seq));
    return tx.commit();
}

Result<void> CaseStore::rename(std::string_view title) {
    SCELLE_TRY(validate_case_title(title));
    const std::string t = trim(title);
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    // Another process may have renamed the case since it was opened: read it under the lock.
    SCELLE_TRY(load_info());
    if (m_info.title == t)
        return {};
    SCELLE_TRY(append_log({{"action", "case.renamed"},
                           {"at", format_utc_rfc3339(m_env.now())},
                           {"case", m_info.id},
                           {"title", t}}));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE case_info SET title = ?"));
    up.bind(1, t);
    SCELLE_TRY(up.run());
    SCELLE_TRY(tx.commit());
    m_info.title = t;
    return {};
}

Result<void> CaseStore::set_item_account(std::int64_t seq,
                                         const std::optional<std::string>& account_ref) {
    if (!account_ref)
        return set_item_account_id(seq, std::nullopt);
    SCELLE_ASSIGN_OR_RETURN(Account acc, find_account(*account_ref));
    return set_item_account_id(seq, acc.id);
}

Result<void> CaseStore::set_item_account_id(std::int64_t seq,
                                            std::optional<std::int64_t> account_id) {
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    if (account_id) {
        SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT 1 FROM accounts WHERE id = ?"));
        st.bind(1, *account_id);
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            return make_error(Errc::unknown_account, std::to_string(*account_id));
    }
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    if (it.withdrawn_at)
        return make_error(Errc::already_withdrawn, std::to_string(seq), *it.withdrawn_at);
    if (it.account_id == account_id)
        return {};
    SCELLE_TRY(append_log({{"action", "item.account"},
                           {"at", format_utc_rfc3339(m_env.now())},
                           {"item", it.seq},
                           {"account", account_id ? json(*account_id) : json(nullptr)}}));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET account_id = ? WHERE seq = ?"));
    up.bind(1, account_id).bind(2, seq);
    SCELLE_TRY(up.run());
    return tx.commit();
}

Result<bool> CaseStore::set_item_url(std::int64_t seq, const std::optional<std::string>& url) {
    if (url && !detail::is_web_url(*url))
        return make_error(Errc::usage, "--url", to_valid_utf8(*url));
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    if (it.kind == "link")
        return make_error(Errc::usage, "--url",
                          "item " + std::to_string(seq) +
                              " is a link: its address is the evidence itself and cannot be "
                              "changed");
    if (it.withdrawn_at)
        return make_error(Errc::already_withdrawn, std::to_string(seq), *it.withdrawn_at);
    if (it.url == url)
        return false;
    SCELLE_TRY(append_log({{"action", "item.url"},
                           {"at", format_utc_rfc3339(m_env.now())},
                           {"item", it.seq},
                           {"url", url ? json(*url) : json(nullptr)}}));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET url = ? WHERE seq = ?"));
    up.bind(1, url).bind(2, seq);
    SCELLE_TRY(up.run());
    SCELLE_TRY(tx.commit());
    return true;
}

Result<void> CaseStore::withdraw(std::int64_t seq, std::string_view reason) {
    std::string why = trim(reason);
    if (!is_clean_text(why, true))
        return make_error(Errc::usage, "--reason", "a withdrawal needs a reason");
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    if (it.withdrawn_at)
        return make_error(Errc::already_withdrawn, std::to_string(seq), *it.withdrawn_at);
    const std::string at = format_utc_rfc3339(m_env.now());
    json line = {{"action", "item.withdrawn"}, {"at", at}, {"item", seq}, {"reason", why}};
    if (it.sha256)
        line["sha256"] = *it.sha256;
    SCELLE_TRY(append_log(std::move(line)));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE items SET withdrawn_at = ?, "
                                                  "withdraw_reason = ? WHERE seq = ?"));
    up.bind(1, at).bind(2, why).bind(3, seq);
    SCELLE_TRY(up.run());
    // The transcript, a reading of the withdrawn picture, goes with it in the same commit.
    SCELLE_TRY(delete_transcript(seq));
    SCELLE_TRY(tx.commit());
    m_env.checkpoint("withdraw-after-commit");
    // The withdrawal is recorded; now the bytes go. If this is interrupted, the next process
    // that opens the case for writing finishes it (finish_interrupted_work).
    if (it.sha256)
        SCELLE_TRY(remove_object_if_unused(*it.sha256));
    return {};
}

Result<void> CaseStore::extract(std::int64_t seq, const fs::path& out) {
    SCELLE_ASSIGN_OR_RETURN(Item it, item(seq));
    if (!it.sha256 || it.withdrawn_at)
        return make_error(Errc::not_available, std::to_string(seq),
                          it.withdrawn_at ? "withdrawn" : it.kind);
    std::error_code ec;
    if (fs::exists(fs::symlink_status(out, ec)))
        return make_error(Errc::target_exists, out.string());
    auto opened = m_env.open_read(object_path(*it.sha256));
    if (!opened.ok())
        return make_error(Errc::store_corrupt, object_path(*it.sha256).string(),
                          "the stored original is missing");

    fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    // A fixed-length name, not derived from the target: a 255-byte target name must work.
    fs::path temp = dir / (".scelle-extract-" + crypto::random_hex(8));
    auto fail_output = [&](Error e) {
        (void)m_env.remove(temp);
        e.code = e.code == Errc::store_full ? e.code : Errc::output_failed;
        e.subject = out.string();
        return e;
    };
    auto file = m_env.create_new(temp);
    if (!file.ok())
        return fail_output(std::move(file).error());
    crypto::Sha256 h;
    std::vector<std::byte> buf(1 << 20);
    for (;;) {
        auto n = (*opened)->read(buf);
        if (!n.ok()) {
            (void)m_env.remove(temp);
            return error_from_errno(n.error().sys_errno, object_path(*it.sha256).string(), false);
        }
        if (*n == 0)
            break;
        std::span<const std::byte> chunk(buf.data(), *n);
        h.update(chunk);
        if (auto r = (*file)->append(chunk); !r.ok())
            return fail_output(std::move(r).error());
    }
    if (crypto::to_hex(h.finish()) != *it.sha256) {
        (void)m_env.remove(temp);
        return make_error(Errc::store_corrupt, object_path(*it.sha256).string(),
                          "the stored original no longer matches its SHA-256");
    }
    for (auto step : {&WritableFile::sync, &WritableFile::close})
        if (auto r = ((**file).*step)(); !r.ok())
            return fail_output(std::move(r).error());
    if (auto r = m_env.rename(temp, out); !r.ok())
        return fail_output(std::move(r).error());
    (void)m_env.sync_dir(dir);
    return {};
}

}  // namespace scelle::core
