// Times and numbers as the report prints them (see report_text.h).
#include "report_text.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include <fribidi.h>

#include <vector>

#include <fmt/format.h>

#include "scelle/base/time.h"

namespace scelle::core::report {

namespace {

int offset_minutes(std::string_view off) {
    int h = 0, m = 0;
    if (off.size() != 6 || (off[0] != '+' && off[0] != '-') ||
        std::sscanf(std::string(off.substr(1)).c_str(), "%2d:%2d", &h, &m) != 2)
        return 0;
    return (off[0] == '-' ? -1 : 1) * (h * 60 + m);
}

}  // namespace

// "28/11/2026 14:03:07 (UTC+01:00)" in French, "2026-11-28 14:03:07 (UTC+01:00)" in English:
// the local time the family saw, with its offset.
std::string local_time(std::string_view utc, std::string_view offset, const std::string& lang,
                       bool with_offset) {
    const auto t = parse_utc_rfc3339(utc);
    if (!t)
        return std::string(utc);
    const std::string off = offset.empty() ? std::string("+00:00") : std::string(offset);
    const auto local = *t + std::chrono::minutes(offset_minutes(off));
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd(days);
    const std::chrono::hh_mm_ss hms(local - days);
    const int y = static_cast<int>(ymd.year());
    const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const std::string date = lang == "fr" ? fmt::format("{:02}/{:02}/{:04}", d, mo, y)
                                          : fmt::format("{:04}-{:02}-{:02}", y, mo, d);
    std::string out = fmt::format("{} {:02}:{:02}:{:02}", date, hms.hours().count(),
                                  hms.minutes().count(), hms.seconds().count());
    if (with_offset)
        out += " (UTC" + off + ")";
    return out;
}

std::string happened_text(std::string_view happened, const std::string& lang) {
    if (happened.size() < 10)
        return std::string(happened);
    const std::string_view y = happened.substr(0, 4), mo = happened.substr(5, 2),
                           d = happened.substr(8, 2);
    std::string out =
        lang == "fr" ? fmt::format("{}/{}/{}", d, mo, y) : fmt::format("{}-{}-{}", y, mo, d);
    if (happened.size() >= 16 && happened[10] == 'T')
        out += fmt::format(" {}", happened.substr(11, 5));
    return out;
}

std::optional<std::string> delay_text(std::string_view recorded_utc, std::string_view sealed_utc,
                                      const std::string& lang) {
    const auto a = parse_utc_rfc3339(recorded_utc), b = parse_utc_rfc3339(sealed_utc);
    if (!a || !b || *b < *a)
        return std::nullopt;
    const long long s = (*b - *a).count();
    if (s < 60)
        return fmt::format("{} s", s);
    if (s < 3600)
        return fmt::format("{} min", s / 60);
    if (s < 48 * 3600)
        return fmt::format("{} h", s / 3600);
    return fmt::format("{} {}", s / 86400, lang == "fr" ? "j" : "d");
}

bool singular(long long n, const std::string& lang) {
    return lang == "fr" ? n < 2 : n == 1;
}

std::string utc_time(std::string_view utc, const std::string& lang) {
    return local_time(utc, "+00:00", lang, false) + " UTC";
}

std::string group_digits(std::uint64_t n, const std::string& lang) {
    std::string s = std::to_string(n);
    const std::string sep = lang == "fr" ? "\u202f" : ",";
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), sep);
    return s;
}

namespace {

bool is_rtl(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || (c >= 0x10800 && c <= 0x10FFF) ||
           (c >= 0x1E800 && c <= 0x1EFFF);
}

}  // namespace

std::string visual_order(std::string_view utf8) {
    // Decode (FriBidi's own UTF-8 decoder replaces nothing: the input is valid UTF-8 here, as
    // every text of the report is made valid before it is stored).
    std::vector<FriBidiChar> logical(utf8.size() + 1);
    const FriBidiStrIndex n =
        fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, utf8.data(),
                                   static_cast<FriBidiStrIndex>(utf8.size()), logical.data());
    bool rtl = false;
    for (FriBidiStrIndex i = 0; i < n && !rtl; ++i)
        rtl = is_rtl(static_cast<char32_t>(logical[static_cast<std::size_t>(i)]));
    if (!rtl || n <= 0)
        return std::string(utf8);
    std::vector<FriBidiChar> visual(static_cast<std::size_t>(n) + 1);
    // The report's paragraphs run left to right (French, English): a right-to-left run inside
    // one is reversed in place, the text around it keeps its order.
    FriBidiParType base = FRIBIDI_PAR_LTR;
    if (fribidi_log2vis(logical.data(), n, &base, visual.data(), nullptr, nullptr, nullptr) == 0)
        return std::string(utf8);
    std::string out(static_cast<std::size_t>(n) * 4 + 1, '\0');
    const FriBidiStrIndex bytes =
        fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, visual.data(), n, out.data());
    out.resize(static_cast<std::size_t>(bytes));
    return out;
}

std::string code_points(std::string_view utf8) {
    if (std::all_of(utf8.begin(), utf8.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return {};
    std::vector<FriBidiChar> cps(utf8.size() + 1);
    const FriBidiStrIndex n = fribidi_charset_to_unicode(
        FRIBIDI_CHAR_SET_UTF8, utf8.data(), static_cast<FriBidiStrIndex>(utf8.size()), cps.data());
    std::string out;
    for (FriBidiStrIndex i = 0; i < n; ++i) {
        if (!out.empty())
            out += ' ';
        out +=
            fmt::format("U+{:04X}", static_cast<std::uint32_t>(cps[static_cast<std::size_t>(i)]));
    }
    return out;
}

}  // namespace scelle::core::report
