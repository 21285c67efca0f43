// Runs SQL directly on a case database, as someone with a SQLite browser would: how the tamper
// tests change (and read) the store behind Scellé's back.
#pragma once

#include <filesystem>
#include <string>

namespace scelle::test {

// Returns the empty string on success, else SQLite's error message.
std::string exec_sql(const std::filesystem::path& db, const std::string& sql);
// The first column of the first row of a query, as text ("" when there is no row).
std::string query_text(const std::filesystem::path& db, const std::string& sql);

}  // namespace scelle::test
