#include "sql_exec.h"

#include <sqlite3.h>

namespace scelle::test {

std::string exec_sql(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    if (sqlite3_open(db.c_str(), &handle) != SQLITE_OK) {
        std::string msg = handle ? sqlite3_errmsg(handle) : "cannot open";
        sqlite3_close(handle);
        return msg;
    }
    char* err = nullptr;
    int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = rc == SQLITE_OK ? "" : (err ? err : "failed");
    sqlite3_free(err);
    sqlite3_close(handle);
    return msg;
}

}  // namespace scelle::test
