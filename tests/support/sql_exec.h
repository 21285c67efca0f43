// Runs SQL directly on a case database, as someone with a SQLite browser would: how the tamper
// tests change the store behind Scellé's back.
#pragma once

#include <filesystem>
#include <string>

namespace scelle::test {

// Returns the empty string on success, else SQLite's error message.
std::string exec_sql(const std::filesystem::path& db, const std::string& sql);

}  // namespace scelle::test
