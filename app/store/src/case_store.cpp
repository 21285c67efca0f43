// CaseStore: opening, schema migrations, the custody log and accounts.
// Items (import, links, descriptions, withdrawal, extraction) are in case_store_items.cpp
// and import.cpp; `check` is in check.cpp.
#include "scelle/store/case_store.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "case_store_internal.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/store/custody_log.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Each entry brings the schema from version i to i+1. Never edit a released entry: add one.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE case_info(
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    destination TEXT,
    incidents TEXT NOT NULL,          -- JSON array of machine names
    summary TEXT,
    created_at TEXT NOT NULL,
    utc_offset TEXT NOT NULL
);
-- The custody log, byte for byte: the source of truth. The other tables index it.
CREATE TABLE custody(
    seq INTEGER PRIMARY KEY,
    line TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE accounts(
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    url TEXT,
    display_name TEXT,
    created_at TEXT NOT NULL,
    log_seq INTEGER NOT NULL REFERENCES custody(seq),
    UNIQUE(platform, handle)
);
CREATE TABLE items(
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('screenshot', 'file', 'link', 'web')),
    sha256 TEXT,
    name TEXT,
    name_bytes_hex TEXT,
    media_type TEXT,
    size INTEGER,
    width INTEGER,
    height INTEGER,
    recorded_at TEXT NOT NULL,
    utc_offset TEXT NOT NULL,
    source TEXT,
    url TEXT,
    account_id INTEGER REFERENCES accounts(id),
    sensitive INTEGER NOT NULL DEFAULT 0,
    withdrawn_at TEXT,
    withdraw_reason TEXT,
    log_seq INTEGER NOT NULL REFERENCES custody(seq)
);
CREATE INDEX items_by_sha256 ON items(sha256);
CREATE TABLE descriptions(
    id INTEGER PRIMARY KEY,
    item_seq INTEGER NOT NULL REFERENCES items(seq),
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    log_seq INTEGER NOT NULL REFERENCES custody(seq)
);
)sql",
    // 2: RFC 3161 timestamps over prefixes of the custody log, and failed request rounds.
    R"sql(
CREATE TABLE timestamps(
    id INTEGER PRIMARY KEY,
    covers INTEGER NOT NULL,          -- the token covers custody lines 1..covers
    prefix_sha256 TEXT NOT NULL,      -- SHA-256 of those lines, each ending in a newline
    tsa_url TEXT NOT NULL,
    tsa_name TEXT NOT NULL,
    gen_time TEXT NOT NULL,
    serial TEXT NOT NULL,
    policy TEXT NOT NULL,
    received_at TEXT NOT NULL,        -- local clock when the reply arrived
    skew_seconds INTEGER NOT NULL,    -- local clock minus genTime
    token BLOB NOT NULL,              -- the whole DER TimeStampResp
    log_seq INTEGER NOT NULL UNIQUE REFERENCES custody(seq)
);
CREATE TABLE timestamp_attempts(
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    covers INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failed')),
    failures TEXT NOT NULL,           -- JSON [{url, kind, reason, attempts}]
    summary TEXT NOT NULL
);
CREATE TABLE tsa_requests(
    url TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL          -- seconds since the epoch
);
)sql",
    // 3: when it happened (as the person says), who makes the record, platform identifiers.
    R"sql(
ALTER TABLE items ADD COLUMN happened TEXT;        -- "2025-03-08" or "2025-03-08T21:04+01:00"
ALTER TABLE case_info ADD COLUMN recorded_by TEXT; -- "Léa's mother", "Léa herself"...
ALTER TABLE accounts ADD COLUMN platform_id TEXT;  -- the platform's own id (Discord user id...)
)sql",
    // 4: derived items (a stitched scrolling capture): how they were made from which items.
    R"sql(
ALTER TABLE items ADD COLUMN derived TEXT;         -- JSON, as in the custody line; NULL: original
)sql",
    // 5: machine transcripts (OCR) of image items: derived, made again at will, never evidence
    // (no custody line). The lines are indexed for search, ignoring case and accents.
    R"sql(
CREATE TABLE transcripts(
    item_seq INTEGER PRIMARY KEY REFERENCES items(seq),
    engine TEXT NOT NULL,             -- "tesseract 5.3.0"
    languages TEXT NOT NULL,          -- "fra+eng"
    confidence INTEGER NOT NULL,      -- mean word confidence, percent
    made_at TEXT NOT NULL,            -- UTC RFC 3339
    text TEXT NOT NULL,               -- the lines, joined with newlines
    lines TEXT NOT NULL               -- JSON [{text, x, y, width, height, confidence}]
);
CREATE VIRTUAL TABLE transcript_lines USING fts5(
    text, item_seq UNINDEXED, line UNINDEXED, x UNINDEXED, y UNINDEXED, width UNINDEXED,
    height UNINDEXED, confidence UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2"
);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == kSchemaVersion);

Result<int> user_version(sql::Db& db) {
    SCELLE_ASSIGN_OR_RETURN(auto st, db.prepare("PRAGMA user_version"));
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    return row ? static_cast<int>(st.integer(0)) : 0;
}

Result<void> migrate(sql::Db& db) {
    SCELLE_ASSIGN_OR_RETURN(int version, user_version(db));
    if (version > kSchemaVersion)
        return make_error(Errc::store_too_new, db.path(),
                          "schema version " + std::to_string(version));
    if (version == kSchemaVersion)
        return {};
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(db));
    // Another process may have migrated while we waited for the lock.
    SCELLE_ASSIGN_OR_RETURN(version, user_version(db));
    for (int v = version; v < kSchemaVersion; ++v) {
        SCELLE_TRY(db.exec(kMigrations[v]));
        SCELLE_TRY(db.exec("PRAGMA user_version=" + std::to_string(v + 1)));
    }
    return tx.commit();
}

}  // namespace

namespace detail {

std::string temp_name_prefix() {
    return ".tmp-" + std::to_string(Env::system().process_id()) + "-";
}

bool is_stale_temp(const std::string& name) {
    if (name.rfind(".tmp-", 0) != 0)
        return false;
    long pid = std::strtol(name.c_str() + 5, nullptr, 10);
    return !Env::system().process_running(pid);
}

}  // namespace detail

CaseStore::CaseStore(fs::path dir, sql::Db db, Env& env)
    : m_dir(std::move(dir)), m_db(std::move(db)), m_env(env) {}

CaseStore::~CaseStore() = default;

fs::path CaseStore::object_path(std::string_view sha256) const {
    return m_dir / "objects" / std::string(sha256);
}

Result<void> CaseStore::initialise(const fs::path& dir, const CaseInfo& info, Env& env) {
    SCELLE_ASSIGN_OR_RETURN(auto db, sql::Db::open(dir / "case.sqlite", sql::OpenMode::create));
    // Owner-only, like the folders: SQLite gives its -wal and -shm files the same mode.
    // SQLite opens its files by path itself; only their mode is set here, through Env.
    SCELLE_TRY(env.restrict_to_owner(dir / "case.sqlite"));
    SCELLE_TRY(migrate(db));
    CaseStore cs(dir, std::move(db), env);
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(cs.m_db));
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            cs.m_db.prepare("INSERT INTO case_info(id, title, destination, "
                                            "incidents, summary, created_at, utc_offset, "
                                            "recorded_by) VALUES(?,?,?,?,?,?,?,?)"));
    json incidents = info.incidents;
    st.bind(1, info.id)
        .bind(2, info.title)
        .bind(3, info.destination)
        .bind(4, incidents.dump())
        .bind(5, info.summary)
        .bind(6, info.created_at)
        .bind(7, info.utc_offset)
        .bind(8, info.recorded_by);
    SCELLE_TRY(st.run());
    json line = {{"action", "case.created"}, {"at", info.created_at},
                 {"case", info.id},          {"title", info.title},
                 {"incidents", incidents},   {"utc_offset", info.utc_offset},
                 {"app", "scelle"}};
    if (info.destination)
        line["destination"] = *info.destination;
    if (info.summary)
        line["summary"] = *info.summary;
    if (info.recorded_by)
        line["recorded_by"] = *info.recorded_by;
    SCELLE_TRY(cs.append_log(std::move(line)));
    return tx.commit();
}

Result<std::unique_ptr<CaseStore>> CaseStore::open(const fs::path& dir, Access access, Env& env) {
    std::error_code ec;
    if (!fs::exists(dir / "case.sqlite", ec))
        return make_error(Errc::unknown_case, dir.filename().string());
    auto mode = access == Access::read_only ? sql::OpenMode::read_only : sql::OpenMode::read_write;
    SCELLE_ASSIGN_OR_RETURN(auto db, sql::Db::open(dir / "case.sqlite", mode));
    if (access == Access::read_write) {
        SCELLE_TRY(migrate(db));
    } else {
        SCELLE_ASSIGN_OR_RETURN(int version, user_version(db));
        if (version > kSchemaVersion)
            return make_error(Errc::store_too_new, db.path(),
                              "schema version " + std::to_string(version));
        if (version < kSchemaVersion) {
            // A case made by an earlier Scellé: brought up to date once through a connection
            // that may write (the migrations only add tables and columns, in one transaction),
            // then read. Where the case cannot be written (a read-only medium), it cannot be
            // read by this version either.
            auto rw = sql::Db::open(dir / "case.sqlite", sql::OpenMode::read_write);
            if (!rw.ok())
                return make_error(
                    Errc::store_corrupt, db.path(),
                    "schema version " + std::to_string(version) +
                        ", and it cannot be brought up to date here: " + rw.error().detail);
            SCELLE_TRY(migrate(*rw));
            SCELLE_ASSIGN_OR_RETURN(db, sql::Db::open(dir / "case.sqlite", mode));
        }
    }
    std::unique_ptr<CaseStore> cs(new CaseStore(dir, std::move(db), env));
    SCELLE_TRY(cs->load_info());
    if (access == Access::read_write)
        SCELLE_TRY(cs->finish_interrupted_work());
    return cs;
}

Result<void> CaseStore::load_info() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT id, title, destination, incidents, "
                                                  "summary, created_at, utc_offset, "
                                                  "recorded_by FROM case_info"));
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row)
        return make_error(Errc::store_corrupt, m_db.path(), "the case has no description row");
    m_info.id = st.text(0);
    m_info.title = st.text(1);
    m_info.destination = st.opt_text(2);
    json inc = json::parse(st.text(3), nullptr, false);
    m_info.incidents.clear();
    if (inc.is_array())
        for (const auto& v : inc)
            if (v.is_string())
                m_info.incidents.push_back(v.get<std::string>());
    m_info.summary = st.opt_text(4);
    m_info.created_at = st.text(5);
    m_info.utc_offset = st.text(6);
    m_info.recorded_by = st.opt_text(7);
    return {};
}

// Finishes what a killed process left: temporary files of dead writers, and the files of
// withdrawn items whose removal was interrupted after the withdrawal was recorded.
Result<void> CaseStore::finish_interrupted_work() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir / "objects", ec)) {
        std::string name = entry.path().filename().string();
        if (detail::is_stale_temp(name))
            (void)m_env.remove(entry.path());
    }
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            m_db.prepare("SELECT DISTINCT sha256 FROM items WHERE withdrawn_at "
                                         "IS NOT NULL AND sha256 IS NOT NULL"));
    std::vector<std::string> withdrawn;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        withdrawn.push_back(st.text(0));
    }
    for (const auto& sha : withdrawn)
        if (fs::exists(object_path(sha), ec))
            SCELLE_TRY(remove_object_if_unused(sha));
    return {};
}

Result<std::int64_t> CaseStore::append_log(json fields) {
    SCELLE_ASSIGN_OR_RETURN(
        auto last, m_db.prepare("SELECT seq, line FROM custody ORDER BY seq DESC LIMIT 1"));
    SCELLE_ASSIGN_OR_RETURN(bool row, last.step());
    std::int64_t seq = row ? last.integer(0) + 1 : 1;
    // The chain continues from the hash of the stored line itself, not from a cached value.
    std::string prev = row ? custody::line_hash(last.text(1)) : std::string(custody::kGenesisPrev);
    if (!fields.contains("at"))
        fields["at"] = format_utc_rfc3339(m_env.now());
    // Who makes the record, on the lines of the actions a person takes (the case's creation
    // line says it as "recorded_by"; a time-stamp is the authority's).
    const std::string action = fields.value("action", "");
    if (m_info.recorded_by && action != "case.created" && action != "timestamp.obtained" &&
        !fields.contains("by"))
        fields["by"] = *m_info.recorded_by;
    std::string line = custody::make_line(seq, prev, std::move(fields));
    SCELLE_ASSIGN_OR_RETURN(auto ins,
                            m_db.prepare("INSERT INTO custody(seq, line, sha256) VALUES(?,?,?)"));
    ins.bind(1, seq).bind(2, line).bind(3, custody::line_hash(line));
    SCELLE_TRY(ins.run());
    return seq;
}

Result<std::vector<std::string>> CaseStore::log_lines() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT line FROM custody ORDER BY seq"));
    std::vector<std::string> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        out.push_back(st.text(0));
    }
    return out;
}

Result<std::vector<Account>> CaseStore::accounts() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT id, platform, handle, url, "
                                                  "display_name, created_at, platform_id "
                                                  "FROM accounts ORDER BY id"));
    std::vector<Account> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        out.push_back(Account{st.integer(0), st.text(1), st.text(2), st.opt_text(3), st.opt_text(4),
                              st.opt_text(6), st.text(5)});
    }
    return out;
}

Result<std::pair<Account, bool>> CaseStore::add_account(const AccountRequest& req) {
    Account a;
    a.platform = trim(req.platform);
    a.handle = trim(req.handle);
    if (!is_clean_text(a.platform, false))
        return make_error(Errc::usage, "--platform", "a platform name of one line is needed");
    if (!is_clean_text(a.handle, false))
        return make_error(Errc::usage, "--handle", "a handle of one line is needed");
    if (req.url && !detail::is_web_url(*req.url))
        return make_error(Errc::usage, "--url", to_valid_utf8(*req.url));
    if (req.display_name && !is_clean_text(*req.display_name, false))
        return make_error(Errc::usage, "--display-name", "not valid text");
    if (req.platform_id && !is_clean_text(*req.platform_id, false))
        return make_error(Errc::usage, "--platform-id", "an identifier of one line is needed");
    a.url = req.url;
    a.display_name = req.display_name;
    a.platform_id = req.platform_id;

    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(auto find, m_db.prepare("SELECT id, url, display_name, created_at, "
                                                    "platform_id FROM accounts WHERE "
                                                    "platform=? AND handle=?"));
    find.bind(1, a.platform).bind(2, a.handle);
    SCELLE_ASSIGN_OR_RETURN(bool exists, find.step());
    if (exists) {
        Account old{find.integer(0),  a.platform,       a.handle,    find.opt_text(1),
                    find.opt_text(2), find.opt_text(4), find.text(3)};
        return std::pair{old, true};
    }
    a.created_at = format_utc_rfc3339(m_env.now());
    SCELLE_ASSIGN_OR_RETURN(auto next, m_db.prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM "
                                                    "accounts"));
    SCELLE_ASSIGN_OR_RETURN(bool have, next.step());
    a.id = have ? next.integer(0) : 1;
    json line = {{"action", "account.added"},
                 {"at", a.created_at},
                 {"account", a.id},
                 {"platform", a.platform},
                 {"handle", a.handle}};
    if (a.url)
        line["url"] = *a.url;
    if (a.display_name)
        line["display_name"] = *a.display_name;
    if (a.platform_id)
        line["platform_id"] = *a.platform_id;
    SCELLE_ASSIGN_OR_RETURN(std::int64_t log_seq, append_log(std::move(line)));
    SCELLE_ASSIGN_OR_RETURN(auto ins, m_db.prepare("INSERT INTO accounts(id, platform, handle, "
                                                   "url, display_name, created_at, log_seq, "
                                                   "platform_id) VALUES(?,?,?,?,?,?,?,?)"));
    ins.bind(1, a.id)
        .bind(2, a.platform)
        .bind(3, a.handle)
        .bind(4, a.url)
        .bind(5, a.display_name)
        .bind(6, a.created_at)
        .bind(7, log_seq)
        .bind(8, a.platform_id);
    SCELLE_TRY(ins.run());
    SCELLE_TRY(tx.commit());
    return std::pair{a, false};
}

Result<std::pair<Account, bool>> CaseStore::update_account(std::int64_t id,
                                                           const AccountUpdate& update) {
    // The same rules as add_account's, each value checked before anything is read or written.
    if (update.url && *update.url && !detail::is_web_url(**update.url))
        return make_error(Errc::usage, "--url", to_valid_utf8(**update.url));
    if (update.display_name && *update.display_name && !is_clean_text(**update.display_name, false))
        return make_error(Errc::usage, "--display-name", "not valid text");
    if (update.platform_id && *update.platform_id && !is_clean_text(**update.platform_id, false))
        return make_error(Errc::usage, "--platform-id", "an identifier of one line is needed");

    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    // Read under the write lock: another process may have changed the account since.
    SCELLE_ASSIGN_OR_RETURN(auto all, accounts());
    auto found = std::find_if(all.begin(), all.end(), [&](const Account& a) { return a.id == id; });
    if (found == all.end())
        return make_error(Errc::unknown_account, std::to_string(id));
    Account a = *found;
    json line = {
        {"action", "account.updated"}, {"at", format_utc_rfc3339(m_env.now())}, {"account", a.id}};
    auto apply = [&line](const char* key, const std::optional<std::optional<std::string>>& asked,
                         std::optional<std::string>& field) {
        if (!asked || *asked == field)
            return;
        field = *asked;
        line[key] = field ? json(*field) : json(nullptr);
    };
    apply("url", update.url, a.url);
    apply("display_name", update.display_name, a.display_name);
    apply("platform_id", update.platform_id, a.platform_id);
    if (line.size() == 3)
        return std::pair{a, false};
    SCELLE_TRY(append_log(std::move(line)));
    SCELLE_ASSIGN_OR_RETURN(auto up, m_db.prepare("UPDATE accounts SET url = ?, display_name = ?, "
                                                  "platform_id = ? WHERE id = ?"));
    up.bind(1, a.url).bind(2, a.display_name).bind(3, a.platform_id).bind(4, a.id);
    SCELLE_TRY(up.run());
    SCELLE_TRY(tx.commit());
    return std::pair{a, true};
}

Result<Account> CaseStore::find_account(const std::string& ref) {
    // A handle (or PLATFORM:HANDLE) first; else the account's number.
    auto acc = resolve_account(ref);
    if (acc.ok())
        return **acc;
    if (acc.error().code == Errc::unknown_account && !ref.empty() && ref.size() < 19 &&
        ref.find_first_not_of("0123456789") == std::string::npos) {
        SCELLE_ASSIGN_OR_RETURN(auto all, accounts());
        const std::int64_t id = std::stoll(ref);
        for (const auto& a : all)
            if (a.id == id)
                return a;
    }
    return std::move(acc).error();
}

Result<std::optional<Account>> CaseStore::resolve_account(const std::optional<std::string>& ref) {
    if (!ref)
        return std::optional<Account>{};
    SCELLE_ASSIGN_OR_RETURN(auto all, accounts());
    std::vector<Account> hits;
    for (const auto& a : all)
        if (a.handle == *ref)
            hits.push_back(a);
    if (hits.empty()) {
        // "platform:handle" names one account when a handle exists on several platforms.
        auto colon = ref->find(':');
        if (colon != std::string::npos) {
            std::string platform = ref->substr(0, colon);
            std::string handle = ref->substr(colon + 1);
            for (const auto& a : all)
                if (a.handle == handle && a.platform == platform)
                    hits.push_back(a);
        }
    }
    if (hits.empty())
        return make_error(Errc::unknown_account, to_valid_utf8(*ref));
    if (hits.size() > 1)
        return make_error(Errc::ambiguous_account, to_valid_utf8(*ref));
    return std::optional<Account>(hits.front());
}

Result<std::int64_t> CaseStore::record_export(const json& fields) {
    json line = fields;
    line["action"] = "bundle.exported";
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, append_log(std::move(line)));
    SCELLE_TRY(tx.commit());
    return seq;
}

Result<std::int64_t> CaseStore::record_report(const json& fields) {
    json line = fields;
    line["action"] = "report.made";
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, append_log(std::move(line)));
    SCELLE_TRY(tx.commit());
    return seq;
}

}  // namespace scelle::core
