// The notice for the platform: the text a family sends to a platform's moderators (a notice
// under Regulation (EU) 2022/2065, the DSA, art. 16), made from the case's accounts and items,
// in French or English. What a notice must hold, and every other sentence of it, is traced in
// docs/report-sources.md ("notice — The notice for the platform").
//
// make_notice() is a pure function of its input: no file, no clock, no store. The command
// line and the GUI read the case, call it and write or show the text. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/store/case_store.h"

namespace scelle::core {

// A platform's name as the notice knows it ("discord", "instagram"...), from what a person
// typed or an account holds ("Discord", " TikTok "); nullopt when it is not one of
// kNoticePlatforms.
std::optional<std::string> notice_platform_key(std::string_view name);
// The platforms the notice knows by name (the GUI's suggestions, lower-case, "x" for X).
extern const std::vector<std::string_view> kNoticePlatforms;
// Whether an account's platform is `platform` (same key, or the same text ignoring case and
// surrounding spaces for platforms the notice does not know).
bool same_platform(std::string_view account_platform, std::string_view platform);

struct NoticeInput {
    CaseInfo info;
    std::vector<Account> accounts;  // every account of the case; those of `platform` are used
    std::vector<Item> items;        // every item of the case; withdrawn ones are left out
    std::string platform;           // as an account holds it ("Discord")
    std::string lang = "fr";        // "fr" or "en"
    std::string made_on;            // the day the notice is made, "2026-12-06"
};

// An identifier the platform asks for that the case does not hold.
struct MissingIdentifier {
    enum class What { user_id, profile_url, message_link };
    What what = What::user_id;
    std::optional<std::int64_t> account_id;  // user_id, profile_url
    std::string handle;                      // the account's handle
    std::optional<std::int64_t> item_seq;    // message_link
};

struct Notice {
    std::string platform_name;  // as shown ("Discord")
    std::string text;           // the notice itself, ready to paste into the platform's form
    std::string notes;          // for the person: how to find the identifiers, faster route
    std::vector<MissingIdentifier> missing;
    int accounts = 0;  // accounts of the platform in the notice
    int items = 0;     // items in the notice
    // The whole file: the notice, a separating line, the notes. UTF-8, LF line ends.
    std::string file_text() const;
};

// The platform's one-line "how to find it" for its identifiers, in `lang` ("fr", "en"); empty
// when the facts hold none for that platform (docs/report-sources.md).
std::string notice_how_to_find(std::string_view platform, std::string_view lang);

Notice make_notice(const NoticeInput& in);

}  // namespace scelle::core
