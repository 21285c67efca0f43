#include "display_text.h"

#include <wx/datetime.h>
#include <wx/filename.h>
#include <wx/intl.h>

#include <cstdio>
#include <ctime>

#include "error_text.h"

namespace scelle::gui {

namespace {

bool parse_utc(const std::string& s, wxDateTime& out) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
        return false;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    const time_t t = timegm(&tm);
    if (t == static_cast<time_t>(-1))
        return false;
    out = wxDateTime(t);
    return out.IsValid();
}

}  // namespace

wxString local_time_text(const std::string& utc_rfc3339) {
    wxDateTime t;
    if (!parse_utc(utc_rfc3339, t))
        return from_utf8(utc_rfc3339);
    return t.Format(wxT("%x %X"));
}

wxString local_date_text(const std::string& utc_rfc3339) {
    wxDateTime t;
    if (!parse_utc(utc_rfc3339, t))
        return from_utf8(utc_rfc3339);
    return t.Format(wxT("%x"));
}

wxString size_text(std::int64_t bytes) {
    const wxString human =
        wxFileName::GetHumanReadableSize(wxULongLong(static_cast<unsigned long long>(bytes)));
    // TRANSLATORS: %s is a size ("1.2 MB"), %lld the exact number of bytes.
    return wxString::Format(_("%s (%lld bytes)"), human, static_cast<long long>(bytes));
}

}  // namespace scelle::gui
