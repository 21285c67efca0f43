#include "scelle/store/sqlite.h"

#include <fmt/format.h>

#include <cerrno>

#include "scelle/base/text.h"

namespace scelle::core::sql {

namespace {

// How long a writer waits for another process's transaction. Transactions are short (a few
// milliseconds: file copies happen outside them), so this is only reached by a stuck peer.
constexpr int kBusyTimeoutMs = 60'000;

Errc code_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return Errc::store_full;
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return Errc::store_unwritable;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return Errc::store_corrupt;
        default:
            return Errc::store_io;
    }
}

// Percent-encodes what a file: URI cannot hold as is.
std::string uri_escape(std::string_view path) {
    std::string out;
    for (char ch : path) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f)
            out += fmt::format("%{:02X}", c);
        else
            out += ch;
    }
    return out;
}

}  // namespace

Error Db::error(int rc, std::string_view what) const {
    std::string detail(what);
    const char* msg = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(rc);
    if (msg != nullptr && *msg != '\0')
        detail += fmt::format(": {}", msg);
    int sys = m_db ? sqlite3_system_errno(m_db.get()) : 0;
    Errc code = code_for(rc);
    if (code == Errc::store_io && (sys == EROFS || sys == EACCES || sys == EPERM))
        code = Errc::store_unwritable;
    if (is_no_space_errno(sys))
        code = Errc::store_full;
    return Error{code, m_path, detail, sys};
}

Result<Db> Db::open(const std::filesystem::path& path, OpenMode mode) {
    Db db;
    db.m_path = path_to_utf8(path);
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case OpenMode::read_only:
            flags |= SQLITE_OPEN_READONLY;
            break;
        case OpenMode::read_write:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case OpenMode::create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(db.m_path.c_str(), &raw, flags, nullptr);
    db.m_db.reset(raw);
    if (rc != SQLITE_OK)
        return db.error(rc, "cannot open the case database");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    if (mode == OpenMode::read_only) {
        // A WAL database needs its -shm file to be read. In a folder that cannot be written
        // (a backup, a copy handed to an investigator) SQLite cannot create it, so the case is
        // opened as immutable instead: nobody can be writing to a folder that is read-only.
        int probe =
            sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        int primary = probe & 0xff;
        if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN) {
            db.m_db.reset();
            raw = nullptr;
            std::string uri = "file:" + uri_escape(db.m_path) + "?mode=ro&immutable=1";
            rc = sqlite3_open_v2(uri.c_str(), &raw, flags | SQLITE_OPEN_URI, nullptr);
            db.m_db.reset(raw);
            if (rc != SQLITE_OK)
                return db.error(rc, "cannot open the case database");
            sqlite3_extended_result_codes(raw, 1);
        }
    }
    if (mode != OpenMode::read_only) {
        // WAL lets readers proceed while a writer commits; FULL makes each commit durable,
        // which matters more for evidence than the few milliseconds it costs.
        SCELLE_TRY(db.exec("PRAGMA journal_mode=WAL"));
    }
    SCELLE_TRY(db.exec("PRAGMA synchronous=FULL"));
    SCELLE_TRY(db.exec("PRAGMA foreign_keys=ON"));
    return db;
}

Result<void> Db::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(m_db.get(), s.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK)
        return error(rc, "database statement failed");
    return {};
}

Result<Stmt> Db::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, "database statement failed");
    return Stmt(this, s);
}

std::int64_t Db::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

Stmt& Stmt::check_bind(int rc, int index) {
    if (rc == SQLITE_OK || m_bind_error)
        return *this;
    Error e =
        m_db->error(rc, fmt::format("cannot bind parameter {} of a database statement", index));
    // A parameter that does not exist, or a statement used wrongly, is a bug of the code that
    // wrote the statement, not a fault of the disk.
    const int primary = rc & 0xff;
    e.code = primary == SQLITE_RANGE || primary == SQLITE_MISUSE ? Errc::internal : code_for(rc);
    e.sys_errno = 0;  // a bind does no I/O: the connection's errno is an older call's
    m_bind_error = std::move(e);
    return *this;
}

Stmt& Stmt::bind(int index, std::string_view text) {
    // A non-null pointer even for an empty text, which must stay text and not become NULL.
    const char* data = text.data() != nullptr ? text.data() : "";
    return check_bind(
        sqlite3_bind_text64(m_stmt.get(), index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
}

Stmt& Stmt::bind(int index, std::int64_t value) {
    return check_bind(sqlite3_bind_int64(m_stmt.get(), index, value), index);
}

Stmt& Stmt::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Stmt& Stmt::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Stmt& Stmt::bind_null(int index) {
    return check_bind(sqlite3_bind_null(m_stmt.get(), index), index);
}

Result<bool> Stmt::step() {
    if (m_bind_error) {
        Error e = std::move(*m_bind_error);
        m_bind_error.reset();
        return e;
    }
    int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return m_db->error(rc, "database query failed");
}

Result<void> Stmt::run() {
    auto r = step();
    if (!r.ok())
        return std::move(r).error();
    reset();
    return {};
}

void Stmt::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

Stmt& Stmt::bind_blob(int index, std::span<const std::uint8_t> bytes) {
    // A zero-length blob must still be a blob, not NULL: SQLite needs a non-null pointer.
    static const std::uint8_t empty = 0;
    return check_bind(
        sqlite3_bind_blob64(m_stmt.get(), index, bytes.empty() ? &empty : bytes.data(),
                            bytes.size(), SQLITE_TRANSIENT),
        index);
}

std::vector<std::uint8_t> Stmt::blob(int col) const {
    const void* p = sqlite3_column_blob(m_stmt.get(), col);
    int n = sqlite3_column_bytes(m_stmt.get(), col);
    if (!p || n <= 0)
        return {};
    const auto* b = static_cast<const std::uint8_t*>(p);
    return std::vector<std::uint8_t>(b, b + n);
}

std::string Stmt::text(int col) const {
    const unsigned char* t = sqlite3_column_text(m_stmt.get(), col);
    int n = sqlite3_column_bytes(m_stmt.get(), col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(n))
             : std::string();
}

std::optional<std::string> Stmt::opt_text(int col) const {
    if (is_null(col))
        return std::nullopt;
    return text(col);
}

std::int64_t Stmt::integer(int col) const {
    return sqlite3_column_int64(m_stmt.get(), col);
}

std::optional<std::int64_t> Stmt::opt_integer(int col) const {
    if (is_null(col))
        return std::nullopt;
    return integer(col);
}

bool Stmt::is_null(int col) const {
    return sqlite3_column_type(m_stmt.get(), col) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(Db& db) {
    SCELLE_TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (m_db != nullptr)
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::commit() {
    auto r = m_db->exec("COMMIT");
    if (r.ok())
        m_db = nullptr;
    return r;
}

}  // namespace scelle::core::sql
