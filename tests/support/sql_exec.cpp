#include "sql_exec.h"

#include <sqlite3.h>

#include <memory>

#include "scelle/base/handle.h"
#include "scelle/base/text.h"

namespace scelle::test {

namespace {

using DbPtr = Handle<sqlite3, sqlite3_close>;

DbPtr open_db(const std::filesystem::path& db) {
    sqlite3* raw = nullptr;
    sqlite3_open(core::path_to_utf8(db).c_str(), &raw);  // UTF-8 on every platform
    return DbPtr(raw);
}

}  // namespace

std::string exec_sql(const std::filesystem::path& db, const std::string& sql) {
    DbPtr handle = open_db(db);
    if (!handle)
        return "cannot open " + db.string();
    char* err = nullptr;
    int rc = sqlite3_exec(handle.get(), sql.c_str(), nullptr, nullptr, &err);
    std::string msg = rc == SQLITE_OK ? "" : (err ? err : sqlite3_errmsg(handle.get()));
    sqlite3_free(err);
    return msg;
}

std::string query_text(const std::filesystem::path& db, const std::string& sql) {
    DbPtr handle = open_db(db);
    sqlite3_stmt* raw = nullptr;
    if (!handle || sqlite3_prepare_v2(handle.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return {};
    Handle<sqlite3_stmt, sqlite3_finalize> st(raw);
    if (sqlite3_step(st.get()) != SQLITE_ROW)
        return {};
    const unsigned char* text = sqlite3_column_text(st.get(), 0);
    return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace scelle::test
