#include "scelle/base/time.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace scelle::core {

std::tm utc_calendar(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const sys_seconds t{seconds{unix_seconds}};
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    std::tm tm{};
    tm.tm_year = static_cast<int>(ymd.year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
    tm.tm_hour = static_cast<int>(hms.hours().count());
    tm.tm_min = static_cast<int>(hms.minutes().count());
    tm.tm_sec = static_cast<int>(hms.seconds().count());
    tm.tm_wday = static_cast<int>(weekday{day}.c_encoding());
    tm.tm_yday = static_cast<int>((day - sys_days{ymd.year() / January / 1}).count());
    return tm;
}

namespace {

std::tm utc_tm(std::time_t secs) {
    return utc_calendar(static_cast<std::int64_t>(secs));
}

}  // namespace

std::string format_utc_rfc3339(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    auto ms_total = duration_cast<milliseconds>(t.time_since_epoch()).count();
    auto secs = static_cast<std::time_t>(ms_total / 1000);
    auto ms = ms_total % 1000;
    if (ms < 0) {
        ms += 1000;
        --secs;
    }
    std::tm tm = utc_tm(secs);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

std::string local_utc_offset(std::chrono::system_clock::time_point t) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
#ifdef _WIN32
    // No tm_gmtoff: the local time read back as if it were UTC, minus the time itself.
    localtime_s(&tm, &secs);
    long off = static_cast<long>(_mkgmtime(&tm) - secs);
#else
    localtime_r(&secs, &tm);
    long off = tm.tm_gmtoff;
#endif
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    return fmt::format("{}{:02}:{:02}", sign, off / 3600, (off % 3600) / 60);
}

std::string format_utc_compact_date(std::chrono::system_clock::time_point t) {
    std::tm tm = utc_tm(std::chrono::system_clock::to_time_t(t));
    return fmt::format("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::optional<std::chrono::sys_seconds> parse_utc_rfc3339(std::string_view t) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (t.size() < 20 || t[10] != 'T' || t.back() != 'Z' ||
        std::sscanf(std::string(t.substr(0, 19)).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d,
                    &h, &mi, &s) != 6)
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(s);
}

namespace {

bool digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

}  // namespace

HappenedParse parse_happened(std::string_view typed, std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    std::string t(typed);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
        t.erase(t.begin());
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
        t.pop_back();
    std::string lower = t;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.empty() || lower == "unknown" || lower == "inconnu" || lower == "inconnue")
        return {};
    const auto bad = [] {
        return HappenedParse{std::nullopt, HappenedParse::Why::form,
                             "not a date: write it as 2025-03-08 or 2025-03-08 21:04 (or "
                             "08/03/2025 21:04), or \"unknown\""};
    };
    // The day, then an optional time of day after a space or a T.
    std::string_view day = t, clock;
    if (const auto sep = t.find_first_of(" T"); sep != std::string::npos) {
        day = std::string_view(t).substr(0, sep);
        clock = std::string_view(t).substr(sep + 1);
        while (!clock.empty() && clock.front() == ' ')
            clock.remove_prefix(1);
        if (clock.empty())
            return bad();
    }
    int y = 0, mo = 0, d = 0;
    if (day.size() == 10 && day[4] == '-' && day[7] == '-' && digits(day.substr(0, 4)) &&
        digits(day.substr(5, 2)) && digits(day.substr(8, 2))) {
        y = number(day.substr(0, 4));
        mo = number(day.substr(5, 2));
        d = number(day.substr(8, 2));
    } else if (day.size() == 10 && day[2] == '/' && day[5] == '/' && digits(day.substr(0, 2)) &&
               digits(day.substr(3, 2)) && digits(day.substr(6, 4))) {
        d = number(day.substr(0, 2));
        mo = number(day.substr(3, 2));
        y = number(day.substr(6, 4));
    } else {
        return bad();
    }
    const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                             std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok())
        return {std::nullopt, HappenedParse::Why::no_such_day,
                fmt::format("{:04}-{:02}-{:02} is not a day of the calendar", y, mo, d)};
    if (y < 1990)
        return {std::nullopt, HappenedParse::Why::too_early,
                "a date before 1990 cannot be the date of an online message"};
    int h = 12, mi = 0;  // a day alone: its offset is taken at noon
    bool has_clock = false;
    if (!clock.empty()) {
        // "21:04", "21:04:33", "21h04", "21h"
        std::string_view hh, mm;
        const auto colon = clock.find_first_of(":hH");
        if (colon == std::string_view::npos)
            return bad();
        hh = clock.substr(0, colon);
        mm = clock.substr(colon + 1);
        if (mm.size() > 2 && mm[2] == ':' && mm.size() == 5 && digits(mm.substr(3)))
            mm = mm.substr(0, 2);  // the seconds are dropped: a person says minutes
        if (mm.empty() && (clock[colon] == 'h' || clock[colon] == 'H'))
            mm = "00";
        if (hh.empty() || hh.size() > 2 || !digits(hh) || mm.size() != 2 || !digits(mm))
            return bad();
        h = number(hh);
        mi = number(mm);
        if (h > 23 || mi > 59)
            return {std::nullopt, HappenedParse::Why::form,
                    fmt::format("{} is not a time of day", clock)};
        has_clock = true;
    }
    // The local zone's offset at that wall-clock time (mktime resolves daylight saving time).
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    const std::time_t secs = std::mktime(&tm);
    if (secs == static_cast<std::time_t>(-1))
        return bad();
    const auto at = system_clock::from_time_t(secs);
    const auto slack = has_clock ? hours(1) : hours(36);
    if (at > now + slack)
        return {std::nullopt, HappenedParse::Why::future, "that moment is in the future"};
    if (!has_clock)
        return {fmt::format("{:04}-{:02}-{:02}", y, mo, d), HappenedParse::Why::none, {}};
    return {fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}{}", y, mo, d, h, mi, local_utc_offset(at)),
            HappenedParse::Why::none,
            {}};
}

bool is_happened_form(std::string_view s) {
    auto day_ok = [](std::string_view d) {
        if (d.size() != 10 || d[4] != '-' || d[7] != '-' || !digits(d.substr(0, 4)) ||
            !digits(d.substr(5, 2)) || !digits(d.substr(8, 2)))
            return false;
        const std::chrono::year_month_day ymd{
            std::chrono::year(number(d.substr(0, 4))),
            std::chrono::month(static_cast<unsigned>(number(d.substr(5, 2)))),
            std::chrono::day(static_cast<unsigned>(number(d.substr(8, 2))))};
        return ymd.ok();
    };
    if (s.size() == 10)
        return day_ok(s);
    // YYYY-MM-DDTHH:MM+HH:MM
    return s.size() == 22 && day_ok(s.substr(0, 10)) && s[10] == 'T' && s[13] == ':' &&
           digits(s.substr(11, 2)) && digits(s.substr(14, 2)) && number(s.substr(11, 2)) < 24 &&
           number(s.substr(14, 2)) < 60 && (s[16] == '+' || s[16] == '-') && s[19] == ':' &&
           digits(s.substr(17, 2)) && digits(s.substr(20, 2));
}

}  // namespace scelle::core
