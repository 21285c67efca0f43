// The status line's numbers: how many of a case's items are sealed by a trusted timestamp,
// waiting for their first request, offline (asked, no authority reachable) or failed.
// Plain functions over core::Item, so the line and the tests agree on what each word means.
#pragma once

#include <vector>

#include <wx/string.h>

#include "scelle/store/case_store.h"

namespace scelle::gui {

struct StatusCounts {
    int total = 0;    // live items (withdrawn ones are not counted)
    int sealed = 0;   // TimestampStatus::granted
    int pending = 0;  // pending, not asked yet (a request is on its way)
    int offline = 0;  // pending after a request that reached no authority
    int failed = 0;   // the last answers could not be accepted
};

StatusCounts count_items(const std::vector<core::Item>& items);

// One sentence for the status bar, e.g. "5 items: 3 sealed, 1 pending, 1 offline".
wxString status_text(const StatusCounts& c);

}  // namespace scelle::gui
