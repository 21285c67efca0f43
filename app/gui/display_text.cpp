#include "display_text.h"

#include <wx/datetime.h>
#include <wx/filename.h>
#include <wx/intl.h>

#include "dialog_support.h"
#include "error_text.h"

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
        return from_utf8(utc_rfc3339);
    // TRANSLATORS: how a date and time is written (strftime); French: "%d/%m/%Y %H:%M:%S".
    return t.Format(_("%Y-%m-%d %H:%M:%S"));
}

wxString local_date_text(const std::string& utc_rfc3339) {
    wxDateTime t;
    if (!parse_utc(utc_rfc3339, t))
        return from_utf8(utc_rfc3339);
    // TRANSLATORS: how a date is written (strftime); French: "%d/%m/%Y".
    return t.Format(_("%Y-%m-%d"));
}

wxString size_text(std::int64_t bytes) {
    // TRANSLATORS: %s is a size ("1.2 MB"), %lld the exact number of bytes.
    return wxString::Format(_("%s (%lld bytes)"),
                            dlg::size_text(static_cast<std::uint64_t>(bytes < 0 ? 0 : bytes)),
                            static_cast<long long>(bytes));
}

}  // namespace scelle::gui
