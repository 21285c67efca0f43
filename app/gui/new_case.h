// What the "New case" flow collects, and the one function that turns it into a case: the
// same core calls as `scelle-cli case new` and `account add` (validate_new_case,
// Store::create_case, CaseStore::add_account). The wizard only gathers answers; tests call
// create_case_from_answers() with answers filled by the wizard's own collect().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/store/store.h"

namespace scelle::gui {

struct NewCaseAnswers {
    std::string title;                       // UTF-8
    std::vector<std::string> incidents;      // machine names from core::kIncidentTypes
    std::optional<std::string> summary;      // what happened, in the user's words
    std::optional<std::string> destination;  // one of core::kDestinations, or none yet
    std::string platform;                    // where it happened ("Snapchat"), may be empty
    std::string handle;                      // the account's handle, may be empty
    std::optional<std::string> profile_url;
    std::optional<std::string> recorded_by{};  // who makes the record ("Léa's mother")
};

struct NewCaseResult {
    std::string case_id;
    std::optional<std::string> account_error;  // the case exists; only the account failed
};

// `wanted` when no case in `taken` has that title, else `wanted` followed by the first free
// number from 2 ("What happened on 5 December 2026 (2)"): the name the wizard proposes, so
// that two cases begun the same day do not look alike in the list.
std::string distinct_title(const std::string& wanted, const std::vector<std::string>& taken);

// Creates the case, then its account when a handle was given. A bad field is a usage error
// naming it, before anything is written.
Result<NewCaseResult> create_case_from_answers(core::Store& store, const NewCaseAnswers& a);

}  // namespace scelle::gui
