// UTF-8 helpers. Scellé keeps text as UTF-8 inside; names that come from the file system may
// be any bytes, so they are made valid before they enter JSON, and their raw bytes are kept.
// Stateless and thread-safe.
#pragma once

#include <filesystem>
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
// A path as UTF-8, for the C libraries that take a file name as char* and read it as UTF-8 on
// every platform (libzip, SQLite): path.c_str() is wchar_t* on Windows, and path.string()
// there is the ANSI code page, which loses every name it cannot spell.
std::string path_to_utf8(const std::filesystem::path& path);
// The reverse: a path from UTF-8 text (a command-line argument, a setting). The path(string)
// constructor reads the ANSI code page on Windows.
std::filesystem::path utf8_to_path(std::string_view utf8);

// Text that came from outside (a file name, a handle, a URL, a description, a title, a TSA's
// name, the subject of an error) made safe to show on one line of a terminal or of a window:
// nothing in it can move the cursor, change colours, start a new line or reorder what
// follows. Printable characters stay as they are (accents, emoji, CJK, Arabic...); the rest
// becomes a visible escape:
//   - a backslash is doubled: "\\", so that every escape below is unambiguous;
//   - newline, carriage return and tab: "\n", "\r", "\t";
//   - any other C0 control (U+0000–U+001F, ESC included) and DEL: "\xNN" (ESC is "\x1b");
//   - a C1 control (U+0080–U+009F), a bidirectional mark, embedding, override or isolate
//     (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph
//     separators (U+2028, U+2029): "\u{XXXX}" (hexadecimal code point, upper case);
//   - a byte that is not part of valid UTF-8: "\xNN" (always 80 to FF, so it cannot be
//     mistaken for a control, which is below 80).
// The result is valid UTF-8. Not for JSON, whose encoder escapes on its own, and not for text
// the user edits (a description box), where newlines are wanted.
std::string terminal_safe(std::string_view s);
// True when `s` shows as itself: terminal_safe() would change nothing but its backslashes.
// For text already escaped below the front ends (a bundle's entry names), or kept byte for
// byte (the custody log's lines), which is then escaped only when this is false.
bool is_terminal_safe(std::string_view s);

}  // namespace scelle::core
