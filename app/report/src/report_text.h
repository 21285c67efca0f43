// Times and numbers as the report prints them. Private to scelle_report; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scelle::core::report {

// "28/11/2026 14:03:07 (UTC+01:00)" in French, "2026-11-28 14:03:07 (UTC+01:00)" in English:
// the local time the family saw (`utc` is RFC 3339 UTC, `offset` "+01:00"), with its offset.
std::string local_time(std::string_view utc, std::string_view offset, const std::string& lang,
                       bool with_offset = true);
// The same time in UTC, "… UTC".
std::string utc_time(std::string_view utc, const std::string& lang);
// When it happened, as the person said it (time.h parse_happened's form): "08/03/2025" or
// "08/03/2025 21:04" in French, "2025-03-08" or "2025-03-08 21:04" in English; the offset is
// left out (the report's legend says whose time it is).
std::string happened_text(std::string_view happened, const std::string& lang);
// How long after the recording a seal came: "2 s", "3 min", "5 h", "2 j" (fr) / "2 d" (en);
// nullopt when either time cannot be read or the seal came before the recording.
std::optional<std::string> delay_text(std::string_view recorded_utc, std::string_view sealed_utc,
                                      const std::string& lang);
// Whether a count takes the singular in `lang` (French: 0 and 1; English: 1).
bool singular(long long n, const std::string& lang);
// 1 234 567 (French, narrow no-break spaces) or 1,234,567.
std::string group_digits(std::uint64_t n, const std::string& lang);

// The text in display order (Unicode bidirectional algorithm, through FriBidi, with Arabic
// shaping): a right-to-left run such as a Hebrew or Arabic handle is drawn right to left.
// Text without right-to-left characters comes back unchanged.
std::string visual_order(std::string_view utf8);

// "U+1D4D3 U+1D4EA U+0020 …": every code point of a handle or name that holds a character other
// than ASCII (styled mathematical letters, fullwidth forms, Cyrillic or Greek look-alikes, emoji,
// another script), so that an officer can type it exactly; "" when it is plain ASCII.
std::string code_points(std::string_view utf8);

}  // namespace scelle::core::report
