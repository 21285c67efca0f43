// wx's own button labels that the "scelle" catalog translates, so that the new-case wizard is
// French even where wx's own catalog (wxstd.mo) is not installed: wx looks a string up in
// every loaded catalog. Never called; it exists for xgettext.
#include <wx/intl.h>

namespace scelle::gui {

const char* const kWxStrings[] = {
    wxTRANSLATE("&Next >"), wxTRANSLATE("< &Back"), wxTRANSLATE("&Finish"), wxTRANSLATE("&Cancel"),
    wxTRANSLATE("&OK"),     wxTRANSLATE("Cancel"),  wxTRANSLATE("&Close"),
};

}  // namespace scelle::gui
