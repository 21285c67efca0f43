// What a machine transcript names that the person may want to record: handles, links, e-mail
// addresses and phone numbers. They are only ever offered: nothing found here is added to a
// case without the person's yes (an `account add` or a `link` they make themselves), because
// a machine's reading can be wrong and a name on a screenshot may be anyone's.
//
// Pure functions over text; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/store/case_store.h"

namespace scelle::ocr {

enum class ContactKind { handle, url, email, phone };
const char* to_string(ContactKind k);  // "handle", "url", "email", "phone"

struct Contact {
    ContactKind kind = ContactKind::handle;
    std::string value;  // as written; a phone number with its spaces and dots removed
};

// Every handle (@name, name#1234), URL (http, https, www.), e-mail address and phone number
// (French, 0X XX XX XX XX, or international, +CC ...) in `text`, in order of appearance, each
// once. An e-mail address is not also a handle nor its domain a URL.
std::vector<Contact> find_contacts(std::string_view text);

struct Suggestion {
    Contact contact;
    std::int64_t item = 0;  // the first line it was found on
    std::int64_t line = 0;
};

// The contacts of every transcript of the case's live, non-sensitive items, each once, minus
// those the case already holds (an account with that handle, a link to that URL).
Result<std::vector<Suggestion>> suggestions(core::CaseStore& cs);

}  // namespace scelle::ocr
