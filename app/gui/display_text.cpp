#include "display_text.h"

#include <wx/datetime.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/tokenzr.h>

#include <regex>

#include "dialog_support.h"
#include "error_text.h"
#include "scelle/base/time.h"

namespace scelle::gui {

namespace {

// "2026-12-04T10:00:00Z" (the store's times, always UTC) as a wxDateTime. Through wx alone:
// timegm() is not on every platform.
bool parse_utc(const std::string& s, wxDateTime& out) {
    if (s.size() < 19)
        return false;
    const wxString head = wxString::FromAscii(s.substr(0, 19).c_str());
    if (!out.ParseISOCombined(head, 'T') || !out.IsValid())
        return false;
    out.MakeFromTimezone(wxDateTime::UTC);
    return out.IsValid();
}

}  // namespace

wxString local_time_text(const std::string& utc_rfc3339) {
    wxDateTime t;
    if (!parse_utc(utc_rfc3339, t))
        return shown_text(utc_rfc3339);
    // TRANSLATORS: how a date and time is written (strftime); French: "%d/%m/%Y %H:%M:%S".
    return t.Format(_("%Y-%m-%d %H:%M:%S"));
}

wxString local_date_text(const std::string& utc_rfc3339) {
    wxDateTime t;
    if (!parse_utc(utc_rfc3339, t))
        return shown_text(utc_rfc3339);
    return date_text(t);
}

wxString date_text(const wxDateTime& local) {
    // TRANSLATORS: how a date is written (strftime); French: "%d/%m/%Y".
    return local.Format(_("%Y-%m-%d"));
}

wxString happened_text(const std::string& stored) {
    if (!core::is_happened_form(stored))
        return from_utf8(stored);
    const int y = std::stoi(stored.substr(0, 4));
    const int m = std::stoi(stored.substr(5, 2));
    const int d = std::stoi(stored.substr(8, 2));
    wxString out = date_text(wxDateTime(static_cast<wxDateTime::wxDateTime_t>(d),
                                        static_cast<wxDateTime::Month>(m - 1), y));
    if (stored.size() > 10)
        out += wxT(" ") + from_utf8(stored.substr(11, 5));
    return out;
}

wxString happened_refusal(int why) {
    using Why = core::HappenedParse::Why;
    switch (static_cast<Why>(why)) {
        case Why::no_such_day:
            return _("This day does not exist in the calendar. Nothing was changed.");
        case Why::too_early:
            return _(
                "A date before 1990 cannot be that of an online message. Nothing was "
                "changed.");
        case Why::future:
            return _("This date is in the future. Nothing was changed.");
        default:
            return _(
                "This is not a date. Write it as 08/03/2025 or 08/03/2025 21:04, or leave "
                "it empty if you do not know. Nothing was changed.");
    }
}

wxString size_text(std::int64_t bytes) {
    // TRANSLATORS: %s is a size ("1.2 MB"), %lld the exact number of bytes.
    return wxString::Format(_("%s (%lld bytes)"),
                            dlg::size_text(static_cast<std::uint64_t>(bytes < 0 ? 0 : bytes)),
                            static_cast<long long>(bytes));
}

wxString clock_warning(std::int64_t skew_seconds) {
    const long long s = skew_seconds < 0 ? -skew_seconds : skew_seconds;
    wxString amount;
    if (s < 2 * 3600)
        // TRANSLATORS: a duration in minutes.
        amount = wxString::Format(_("%lld min"), s / 60);
    else if (s < 2 * 86400)
        // TRANSLATORS: a duration in hours.
        amount = wxString::Format(_("%lld h"), s / 3600);
    else
        amount = wxString::Format(_("%lld days"), s / 86400);
    return wxString::Format(skew_seconds > 0
                                ? _("This computer’s clock is %s ahead of the time-stamp "
                                    "authority’s: the times it recorded may be off by as much. "
                                    "The authority’s time is the one that counts; setting the "
                                    "computer’s clock right avoids any doubt.")
                                : _("This computer’s clock is %s behind the time-stamp "
                                    "authority’s: the times it recorded may be off by as much. "
                                    "The authority’s time is the one that counts; setting the "
                                    "computer’s clock right avoids any doubt."),
                            amount);
}

wxString source_text(const std::string& source) {
    // The forms of capture::source_text() (app/capture/src/describe.cpp).
    static const std::regex screen_of(R"(Screen (\d+) of (\d+) \((\d+×\d+)\))");
    static const std::regex screen(R"(Screen (\d+) \((\d+×\d+)\))");
    static const std::regex all(R"(All screens \((\d+×\d+)\))");
    static const std::regex region_of(R"(Region (\d+×\d+) at (-?\d+),(-?\d+) of screen (\d+))");
    static const std::regex region(R"(Region (\d+×\d+) at (-?\d+),(-?\d+))");
    static const std::regex window(R"(Window \((\d+×\d+)\))");
    static const std::regex dialog(
        R"(Area chosen in the system's screenshot dialog \((\d+×\d+)\))");
    std::smatch m;
    auto w = [&m](std::size_t i) { return from_utf8(m[i].str()); };
    if (std::regex_match(source, m, screen_of))
        // TRANSLATORS: "Screen 2 of 3 (1280×1024)".
        return wxString::Format(_("Screen %s of %s (%s)"), w(1), w(2), w(3));
    if (std::regex_match(source, m, screen))
        return wxString::Format(_("Screen %s (%s)"), w(1), w(2));
    if (std::regex_match(source, m, all))
        return wxString::Format(_("All screens (%s)"), w(1));
    if (std::regex_match(source, m, region_of))
        // TRANSLATORS: a region's size, its corner from the screen's corner, the screen.
        return wxString::Format(_("Region %s at %s,%s of screen %s"), w(1), w(2), w(3), w(4));
    if (std::regex_match(source, m, region))
        return wxString::Format(_("Region %s at %s,%s"), w(1), w(2), w(3));
    if (std::regex_match(source, m, window))
        return wxString::Format(_("Window (%s)"), w(1));
    if (std::regex_match(source, m, dialog))
        return wxString::Format(_("Area chosen in the system’s screenshot dialog (%s)"), w(1));
    if (source == "clipboard")
        return _("Pasted from the clipboard");
    // Another form holds a window's title, which any program may set: shown escaped.
    return shown_text(source);
}

wxString fit_lines(const wxString& text, int room, const std::function<int(const wxString&)>& width,
                   const wxString& breaks, bool keep_spaces) {
    wxString out;
    const auto emit = [&out](const wxString& line) {
        if (!out.empty())
            out << wxT("\n");
        out << line;
    };
    for (const wxString& paragraph : wxSplit(text, '\n', '\0')) {
        wxString line;
        const wxArrayString words =
            keep_spaces ? wxArrayString(1, &paragraph) : wxSplit(paragraph, ' ', '\0');
        for (wxString word : words) {
            const wxString joined = line.empty() ? word : line + wxT(" ") + word;
            if (width(joined) <= room) {
                line = joined;
                continue;
            }
            if (!line.empty())
                emit(line);
            while (word.length() > 1 && width(word) > room) {
                std::size_t fits = 1;
                while (fits < word.length() && width(word.Left(fits + 1)) <= room)
                    ++fits;
                std::size_t cut = fits;
                for (std::size_t i = fits; i > fits / 2; --i)
                    if (breaks.Find(word[i - 1]) != wxNOT_FOUND) {
                        cut = i;
                        break;
                    }
                emit(word.Left(cut));
                word = word.Mid(cut);
            }
            line = word;
        }
        emit(line);
    }
    return out;
}

}  // namespace scelle::gui
