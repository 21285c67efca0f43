// The time-stamp authority's short name: see tsa_name.h.
#include "scelle/store/tsa_name.h"

#include <cctype>
#include <optional>
#include <vector>

namespace scelle::core {

namespace {

struct Attribute {
    std::string key;
    std::string value;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Splits an RFC 2253 name at its unescaped commas and undoes the escapes (\, \+ \" \\ \XX).
// nullopt when a part is not KEY=value: then it is not a distinguished name.
std::optional<std::vector<Attribute>> parse_dn(std::string_view dn) {
    std::vector<Attribute> out;
    Attribute cur;
    bool in_value = false;
    auto finish = [&]() -> bool {
        auto trim = [](std::string& s) {
            while (!s.empty() && s.front() == ' ')
                s.erase(s.begin());
            while (!s.empty() && s.back() == ' ')
                s.pop_back();
        };
        trim(cur.key);
        trim(cur.value);
        if (!in_value || cur.key.empty())
            return false;
        for (char c : cur.key)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.')
                return false;
        out.push_back(std::move(cur));
        cur = {};
        in_value = false;
        return true;
    };
    for (std::size_t i = 0; i < dn.size(); ++i) {
        const char c = dn[i];
        if (c == '\\' && i + 1 < dn.size()) {
            const int hi = hex_value(dn[i + 1]);
            const int lo = i + 2 < dn.size() ? hex_value(dn[i + 2]) : -1;
            char lit;
            if (hi >= 0 && lo >= 0) {
                lit = static_cast<char>(hi * 16 + lo);
                i += 2;
            } else {
                lit = dn[i + 1];
                i += 1;
            }
            (in_value ? cur.value : cur.key) += lit;
        } else if (c == ',' && in_value) {
            if (!finish())
                return std::nullopt;
        } else if (c == '=' && !in_value) {
            in_value = true;
        } else {
            (in_value ? cur.value : cur.key) += c;
        }
    }
    if (!finish())
        return std::nullopt;
    return out;
}

}  // namespace

std::string tsa_short_name(std::string_view full) {
    std::string_view dn = full;
    // GENERAL_NAME_print's form of a directory name.
    if (dn.rfind("DirName:", 0) == 0)
        dn.remove_prefix(8);
    const auto attrs = parse_dn(dn);
    if (!attrs)
        return std::string(full);
    for (const char* want : {"O", "CN"})
        for (const Attribute& a : *attrs)
            if (a.key == want && !a.value.empty())
                return a.value;
    return std::string(full);
}

}  // namespace scelle::core
