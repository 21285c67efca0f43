// Times as Scellé writes them: UTC in RFC 3339 with milliseconds in files and logs
// ("2026-11-28T14:03:07.125Z"), plus the local offset at that moment ("+01:00") so that the
// report can show the local time the family saw. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace scelle::core {

std::string format_utc_rfc3339(std::chrono::system_clock::time_point t);
// The local time zone's offset from UTC at `t`, as "+HH:MM" or "-HH:MM".
std::string local_utc_offset(std::chrono::system_clock::time_point t);
// "2026-11-28" in UTC: used in case ids.
std::string format_utc_compact_date(std::chrono::system_clock::time_point t);
// "2026-11-28T17:30:00[.fff]Z" (the seconds; a fraction is ignored), or nullopt.
std::optional<std::chrono::sys_seconds> parse_utc_rfc3339(std::string_view t);

}  // namespace scelle::core
