#include "status_counts.h"

#include <wx/intl.h>

namespace scelle::gui {

StatusCounts count_items(const std::vector<core::Item>& items) {
    StatusCounts c;
    for (const auto& it : items) {
        if (it.withdrawn_at)
            continue;
        ++c.total;
        switch (it.timestamp.status) {
            case core::TimestampStatus::granted:
                ++c.sealed;
                break;
            case core::TimestampStatus::failed:
                ++c.failed;
                break;
            case core::TimestampStatus::pending:
                // An error means a request was made and no authority could be reached (or
                // none is configured): the items wait for the network, nothing is wrong.
                if (it.timestamp.error)
                    ++c.offline;
                else
                    ++c.pending;
                break;
        }
    }
    return c;
}

wxString status_text(const StatusCounts& c) {
    if (c.total == 0)
        return _("No items in this case yet.");
    // TRANSLATORS: %d is the number of items in the case; the counts by state follow.
    const wxString total = wxString::Format(wxPLURAL("%d item", "%d items", c.total), c.total);
    // TRANSLATORS: %d items carry a trusted timestamp (sealed).
    wxString states = wxString::Format(wxPLURAL("%d sealed", "%d sealed", c.sealed), c.sealed);
    // TRANSLATORS: %d items wait for their first timestamp request.
    states +=
        wxT(", ") + wxString::Format(wxPLURAL("%d pending", "%d pending", c.pending), c.pending);
    // TRANSLATORS: %d items could not be timestamped because no authority was reachable.
    states +=
        wxT(", ") + wxString::Format(wxPLURAL("%d offline", "%d offline", c.offline), c.offline);
    if (c.failed > 0)
        // TRANSLATORS: %d items got a timestamp answer that could not be accepted.
        states +=
            wxT(", ") + wxString::Format(wxPLURAL("%d failed", "%d failed", c.failed), c.failed);
    // TRANSLATORS: the first %s is "5 items", the second the counts by state. French puts a
    // no-break space before the colon.
    wxString s = wxString::Format(_("%s: %s"), total, states);
    if (c.offline > 0 || c.failed > 0)
        s += wxT(" — ") +
             _("Scellé asks again every five minutes while it is open; nothing is lost.");
    return s;
}

}  // namespace scelle::gui
