#include "scelle/core/time.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace scelle::core {

namespace {

std::tm utc_tm(std::time_t secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return tm;
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
    localtime_r(&secs, &tm);
    long off = tm.tm_gmtoff;
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

}  // namespace scelle::core
