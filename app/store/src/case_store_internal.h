// Helpers shared by the CaseStore source files; not part of the public interface.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scelle/store/case_store.h"

namespace scelle::core::detail {

// Temporary files in objects/ are named ".tmp-<pid>-<random>", so that a later process can
// tell a dead writer's leftovers from a live writer's work in progress.
std::string temp_name_prefix();
bool is_stale_temp(const std::string& name);

using core::is_web_url;

// One new item with its bytes staged in objects/, as import_files and add_screenshot record it
// through CaseStore::record_new_item (new_item.cpp), inside their transaction.
struct NewItem {
    std::int64_t seq = 0;
    std::string action;          // the custody line's: "item.imported", "item.captured"
    std::string kind;            // the items row's: "file", "screenshot"
    std::filesystem::path temp;  // the staged object, renamed to objects/<sha256>
    std::string checkpoint;      // the Env checkpoint reached right after the rename
    std::string sha256;          // hex of the bytes
    std::int64_t size = 0;
    std::string name;                           // valid UTF-8
    std::optional<std::string> name_bytes_hex;  // the raw name, when it was not UTF-8
    std::string media_type;
    std::optional<std::int64_t> width, height;  // in the line only when both are known
    std::string at;                             // UTC RFC 3339
    std::string utc_offset;
    std::optional<std::string> url, source, description, happened;
    std::optional<std::int64_t> account_id;
    bool sensitive = false;
    // More fields of the custody line (the capture's details).
    nlohmann::json extra = nlohmann::json::object();
};

}  // namespace scelle::core::detail
