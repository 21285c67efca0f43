// Thin owning wrappers over SQLite: a connection, prepared statements and a transaction that
// rolls back unless committed. Every SQLite failure becomes an Error with a store code
// (full disk, read-only, corrupt, busy...). A Db is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/handle.h"
#include "scelle/base/result.h"

namespace scelle::core::sql {

enum class OpenMode { read_only, read_write, create };

class Stmt;

class Db {
  public:
    // Opens (or creates) a database with the settings every Scellé connection uses:
    // WAL journal, full synchronous commits, foreign keys, a generous busy timeout.
    static Result<Db> open(const std::filesystem::path& path, OpenMode mode);

    Result<void> exec(std::string_view sql);
    Result<Stmt> prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    sqlite3* handle() const { return m_db.get(); }
    const std::string& path() const { return m_path; }

    // The Error for the connection's last failure, with `what` as its detail prefix.
    Error error(int rc, std::string_view what) const;

  private:
    Handle<sqlite3, sqlite3_close_v2> m_db;
    std::string m_path;
};

// A prepared statement. The bind functions chain (`st.bind(1, a).bind(2, b).run()`); a bind
// that SQLite refuses (an index out of range, a value too big, no memory) is kept, and the
// next step() or run() returns it as an Error without running the statement, so that a
// statement never runs with a parameter silently left NULL. Errc::internal for a parameter
// index that does not exist (a bug), the store's code otherwise (Errc::store_io...).
class Stmt {
  public:
    Stmt(Db* db, sqlite3_stmt* s) : m_db(db), m_stmt(s) {}

    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, std::int64_t value);
    Stmt& bind(int index, const std::optional<std::string>& text);
    Stmt& bind(int index, const std::optional<std::int64_t>& value);
    Stmt& bind_null(int index);
    Stmt& bind_blob(int index, std::span<const std::uint8_t> bytes);

    // Advances one row: true while a row is available, false at the end. A failed bind
    // since the last step() is returned here, and the statement is not run.
    Result<bool> step();
    // Runs a statement that returns no rows.
    Result<void> run();
    // Resets the statement and clears its bindings (a failed bind is still reported by the
    // next step()).
    void reset();

    std::string text(int col) const;
    std::optional<std::string> opt_text(int col) const;
    std::int64_t integer(int col) const;
    std::optional<std::int64_t> opt_integer(int col) const;
    bool is_null(int col) const;
    std::vector<std::uint8_t> blob(int col) const;

  private:
    // Records the first failed bind (rc != SQLITE_OK) until step() reports it.
    Stmt& check_bind(int rc, int index);

    Db* m_db;
    Handle<sqlite3_stmt, sqlite3_finalize> m_stmt;
    std::optional<Error> m_bind_error;
};

// BEGIN IMMEDIATE: takes the write lock at once, so two writers queue on the busy timeout
// instead of failing later with "database is locked". Rolls back unless commit() succeeded.
class Transaction {
  public:
    static Result<Transaction> begin(Db& db);
    Transaction(Transaction&& o) noexcept : m_db(o.m_db) { o.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

  private:
    explicit Transaction(Db* db) : m_db(db) {}
    Db* m_db;
};

}  // namespace scelle::core::sql
