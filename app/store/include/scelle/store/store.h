// Store: the folder that holds every case, one sub-folder per case under `cases/`.
//
// The store's root is chosen by --store, else SCELLE_STORE, else the platform's data folder
// ($XDG_DATA_HOME/scelle, ~/.local/share/scelle). Folders are created owner-only (0700).
// A Store object holds no open handle; it is cheap and thread-compatible.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

inline constexpr std::array<std::string_view, 4> kDestinations = {"pharos", "3018", "police",
                                                                  "platform"};
inline constexpr std::array<std::string_view, 8> kIncidentTypes = {
    "grooming",        "sextortion",    "harassment", "threats",
    "intimate-images", "impersonation", "hate",       "other"};

struct NewCase {
    std::string title;
    std::optional<std::string> destination;
    std::vector<std::string> incidents;
    std::optional<std::string> summary;
    std::optional<std::string> recorded_by{};  // who makes the record ("Léa's mother")
};

struct CaseSummary {
    std::string id;
    std::string title;
    std::string created_at;
    std::optional<std::string> destination;
    std::int64_t items = 0;
    std::optional<Error> problem;  // set when the case could not be read
};

class Store {
  public:
    explicit Store(std::filesystem::path root, Env& env = Env::posix());
    // SCELLE_STORE if set, else the XDG data folder.
    static std::filesystem::path default_root();

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path cases_dir() const { return m_root / "cases"; }

    // Creates a case; returns its id ("20261128-3f9a2c1b": UTC date and random hex).
    Result<std::string> create_case(const NewCase& req);
    Result<std::vector<CaseSummary>> list_cases();
    // The full id of the case named by an id or a unique prefix of one.
    Result<std::string> resolve(std::string_view id_or_prefix);
    Result<std::unique_ptr<CaseStore>> open_case(std::string_view id_or_prefix, Access access);
    // Whether new items and changes can be written in the case: this process may create files
    // in its folder and in its objects folder (Env::check_access; nothing is written, SQLite
    // is not opened). store_unwritable (or store_io), the folder as subject, when it may not:
    // a read-only disk or copy, a folder of another user.
    Result<void> check_writable(std::string_view id_or_prefix);

  private:
    std::filesystem::path m_root;
    Env& m_env;
};

// Checks the fields of a new case; returns a usage error naming the bad field.
Result<void> validate_new_case(const NewCase& req);

}  // namespace scelle::core
