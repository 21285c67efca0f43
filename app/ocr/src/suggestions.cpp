// find_contacts() and suggestions() (suggestions.h), with std::regex: the patterns are short
// and ASCII; letters with accents never belong to a handle, an address or a number here.
#include "scelle/ocr/suggestions.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace scelle::ocr {

namespace {

struct Found {
    std::size_t pos = 0;
    Contact contact;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Blanks the matched bytes so that a later pattern does not find a piece of them again.
void mask(std::string& s, std::size_t pos, std::size_t len) {
    std::fill(s.begin() + static_cast<std::ptrdiff_t>(pos),
              s.begin() + static_cast<std::ptrdiff_t>(pos + len), ' ');
}

void scan(std::string& s, const std::regex& re, int group, ContactKind kind,
          std::vector<Found>& out) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator();
         ++it) {
        const std::smatch& m = *it;
        std::string value = m.str(group);
        const std::size_t pos = static_cast<std::size_t>(m.position(group));
        if (kind == ContactKind::url) {
            // A sentence's punctuation after a link is not part of it.
            while (!value.empty() &&
                   std::string_view(".,;:!?)»\"'").find(value.back()) != std::string_view::npos)
                value.pop_back();
        }
        if (kind == ContactKind::phone) {
            std::string digits;
            for (char c : value)
                if (std::isdigit(static_cast<unsigned char>(c)) || c == '+')
                    digits += c;
            value = digits;
        }
        if (value.empty())
            continue;
        out.push_back({pos, {kind, value}});
        spans.emplace_back(pos, static_cast<std::size_t>(m.length(group)));
    }
    for (const auto& [pos, len] : spans)
        mask(s, pos, len);
}

// A link's key: the same page with or without its scheme ("www.example.fr" is recorded as
// "https://www.example.fr") or a final "/".
std::string url_key(std::string url) {
    url = lower(std::move(url));
    for (std::string_view scheme : {"https://", "http://"})
        if (url.rfind(scheme, 0) == 0) {
            url.erase(0, scheme.size());
            break;
        }
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

}  // namespace

const char* to_string(ContactKind k) {
    switch (k) {
        case ContactKind::handle:
            return "handle";
        case ContactKind::url:
            return "url";
        case ContactKind::email:
            return "email";
        case ContactKind::phone:
            return "phone";
    }
    return "";
}

std::vector<Contact> find_contacts(std::string_view text) {
    static const std::regex email(
        R"(([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
    static const std::regex url(R"(((https?://|www\.)[^\s<>"]+))", std::regex::icase);
    static const std::regex handle(
        R"((^|[^A-Za-z0-9_.])(@[A-Za-z0-9_][A-Za-z0-9_.]{1,31}|[A-Za-z0-9_.]{2,32}#[0-9]{4})(?![0-9]))");
    static const std::regex phone(
        R"((^|[^0-9+])((\+[1-9][0-9]{0,2}|0)[ .-]?[1-9]([ .-]?[0-9]{2}){4})(?![0-9]))");
    std::string s(text);
    std::vector<Found> found;
    scan(s, email, 1, ContactKind::email, found);
    scan(s, url, 1, ContactKind::url, found);
    scan(s, phone, 2, ContactKind::phone, found);
    scan(s, handle, 2, ContactKind::handle, found);
    std::stable_sort(found.begin(), found.end(),
                     [](const Found& a, const Found& b) { return a.pos < b.pos; });
    std::vector<Contact> out;
    std::set<std::pair<ContactKind, std::string>> seen;
    for (Found& f : found)
        if (seen.emplace(f.contact.kind, lower(f.contact.value)).second)
            out.push_back(std::move(f.contact));
    return out;
}

Result<std::vector<Suggestion>> suggestions(core::CaseStore& cs) {
    SCELLE_ASSIGN_OR_RETURN(std::vector<core::Account> accounts, cs.accounts());
    SCELLE_ASSIGN_OR_RETURN(std::vector<core::Item> items, cs.items());
    std::set<std::pair<ContactKind, std::string>> known;
    for (const core::Account& a : accounts) {
        std::string h = lower(a.handle);
        if (!h.empty() && h.front() == '@')
            h.erase(0, 1);
        known.emplace(ContactKind::handle, h);
        if (a.url)
            known.emplace(ContactKind::url, url_key(*a.url));
    }
    for (const core::Item& it : items)
        if (it.kind == "link" && it.url && !it.withdrawn_at)
            known.emplace(ContactKind::url, url_key(*it.url));
    std::vector<Suggestion> out;
    for (const core::Item& it : items) {
        if (core::transcribe_refusal(it) != core::TranscribeRefusal::none)
            continue;
        SCELLE_ASSIGN_OR_RETURN(std::optional<core::Transcript> t, cs.transcript(it.seq));
        if (!t)
            continue;
        std::int64_t n = 0;
        for (const core::TranscriptLine& l : t->lines) {
            ++n;
            for (Contact& c : find_contacts(l.text)) {
                std::string key = c.kind == ContactKind::url ? url_key(c.value) : lower(c.value);
                if (c.kind == ContactKind::handle && !key.empty() && key.front() == '@')
                    key.erase(0, 1);
                if (!known.emplace(c.kind, key).second)
                    continue;
                out.push_back({std::move(c), it.seq, n});
            }
        }
    }
    return out;
}

}  // namespace scelle::ocr
