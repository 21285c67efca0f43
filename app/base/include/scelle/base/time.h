// Times as Scellé writes them: UTC in RFC 3339 with milliseconds in files and logs
// ("2026-11-28T14:03:07.125Z"), plus the local offset at that moment ("+01:00") so that the
// report can show the local time the family saw. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace scelle::core {

std::string format_utc_rfc3339(std::chrono::system_clock::time_point t);
// The UTC calendar fields of a Unix time (tm_year since 1900, tm_mon from 0, tm_wday, tm_yday),
// computed with std::chrono: the same on every platform, without gmtime_r (POSIX) or gmtime_s
// (Windows). tm_isdst is 0.
std::tm utc_calendar(std::int64_t unix_seconds);
// The local time zone's offset from UTC at `t`, as "+HH:MM" or "-HH:MM".
std::string local_utc_offset(std::chrono::system_clock::time_point t);
// "2026-11-28" in UTC: used in case ids.
std::string format_utc_compact_date(std::chrono::system_clock::time_point t);
// "2026-11-28T17:30:00[.fff]Z" (the seconds; a fraction is ignored), or nullopt.
std::optional<std::chrono::sys_seconds> parse_utc_rfc3339(std::string_view t);

// When something happened, as the person says it: a day ("2025-03-08"), or a day and a time of
// day in their time zone, stored with that zone's offset on that day ("2025-03-08T21:04+01:00").
// Distinct from when Scellé recorded it and when an authority sealed it.
struct HappenedParse {
    enum class Why { none, form, no_such_day, too_early, future };
    std::optional<std::string> value;  // the stored form, or nullopt for "unknown"
    Why why = Why::none;               // why it was refused
    std::string error;                 // the same, one English sentence; empty when understood
};
// Reads what a person typed: "2025-03-08", "2025-03-08 21:04" (or with a T, or seconds),
// "08/03/2025" and "08/03/2025 21:04" (day first, as in France); "unknown", "inconnu" or "" for
// unknown. The offset is the local zone's on that day. Refused, with one sentence in English:
// anything else, a day that does not exist, or a moment after `now` (plus a day's slack for
// zones ahead).
HappenedParse parse_happened(std::string_view typed, std::chrono::system_clock::time_point now);
// Whether `s` is a stored form parse_happened gives (for readers of case.json and the log).
bool is_happened_form(std::string_view s);

}  // namespace scelle::core
