#include "scelle/base/text.h"

#include <fmt/format.h>

#include <cstdint>

namespace scelle::core {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid (overlong
// forms, surrogates and code points above U+10FFFF are invalid, as RFC 3629 says).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    std::uint8_t c = b(i);
    if (c < 0x80)
        return 1;
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
        len = 2;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3;
        cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(i + k) & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

// The code point of the valid sequence of `len` bytes at s[i].
std::uint32_t decode(std::string_view s, std::size_t i, std::size_t len) {
    auto b = [&](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[k]));
    };
    if (len == 1)
        return b(i);
    static constexpr std::uint32_t lead_mask[] = {0, 0, 0x1f, 0x0f, 0x07};
    std::uint32_t cp = b(i) & lead_mask[len];
    for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (b(i + k) & 0x3f);
    return cp;
}

// Characters that, shown raw, would change how the text around them looks: controls, and
// the marks that make a terminal or a toolkit reorder or break the line.
bool must_escape(std::uint32_t cp) {
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

const char kHex[] = "0123456789abcdef";

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            out += "\xef\xbf\xbd";
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

bool is_clean_text(std::string_view s, bool allow_newlines) {
    if (s.empty() || !is_valid_utf8(s))
        return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '\n' || c == '\t') {
            if (!allow_newlines && c == '\n')
                return false;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

std::string terminal_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex_byte = [&out](std::uint8_t c) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    };
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            hex_byte(static_cast<std::uint8_t>(s[i]));
            ++i;
            continue;
        }
        const std::uint32_t cp = decode(s, i, n);
        if (cp == '\\') {
            out += "\\\\";
        } else if (!must_escape(cp)) {
            out.append(s.substr(i, n));
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp < 0x80) {
            hex_byte(static_cast<std::uint8_t>(cp));
        } else {
            out += fmt::format("\\u{{{:04X}}}", cp);
        }
        i += n;
    }
    return out;
}

bool is_terminal_safe(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0 || must_escape(decode(s, i, n)))
            return false;
        i += n;
    }
    return true;
}

std::string trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string path_to_utf8(const std::filesystem::path& path) {
    const std::u8string u = path.u8string();
    return std::string(u.begin(), u.end());
}

std::filesystem::path utf8_to_path(std::string_view utf8) {
    return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

}  // namespace scelle::core
