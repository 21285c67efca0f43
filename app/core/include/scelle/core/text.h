// UTF-8 helpers. Scellé keeps text as UTF-8 inside; names that come from the file system may
// be any bytes, so they are made valid before they enter JSON, and their raw bytes are kept.
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace scelle::core {

bool is_valid_utf8(std::string_view s);
// Replaces every invalid UTF-8 sequence by U+FFFD.
std::string to_valid_utf8(std::string_view s);
// True for a non-empty text of valid UTF-8 without control characters other than
// newline and tab: what a title or a description may be.
bool is_clean_text(std::string_view s, bool allow_newlines);
// Removes leading and trailing spaces.
std::string trim(std::string_view s);

}  // namespace scelle::core
