#include "case_list.h"

#include <wx/intl.h>

#include <algorithm>

#include "accessible.h"
#include "display_text.h"
#include "error_text.h"

namespace scelle::gui {

CaseList::CaseList(wxWindow* parent, wxWindowID id)
    : wxListCtrl(parent, id, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_SINGLE_SEL | wxBORDER_THEME) {
    SetName(wxT("cases"));
    AppendColumn(_("Case"), wxLIST_FORMAT_LEFT, FromDIP(150));
    AppendColumn(_("Date"), wxLIST_FORMAT_LEFT, FromDIP(90));
    AppendColumn(_("Items"), wxLIST_FORMAT_RIGHT, FromDIP(75));
    // A list for screen readers (wx draws it itself: it was an unnamed panel), which says the
    // selected case after the list's name.
    set_accessible_role_list(this);
    Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
        e.Skip();
        announce();
    });
}

void CaseList::announce() {
    const long row = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0) {
        set_accessible_description(this, wxString());
        return;
    }
    // TRANSLATORS: what a screen reader says of the selected case: its name, its date, its
    // number of items, then its place in the list ("2 of 5").
    set_accessible_description(
        this, wxString::Format(_("%s — %s — %s items — %ld of %d"), GetItemText(row, 0),
                               GetItemText(row, 1), GetItemText(row, 2), row + 1, GetItemCount()));
}

void CaseList::show(const std::vector<core::CaseSummary>& cases,
                    const std::optional<std::string>& select) {
    const auto keep = select ? select : selected_id();
    m_cases = cases;
    // Newest first: the case being worked on is at the top.
    std::stable_sort(m_cases.begin(), m_cases.end(),
                     [](const auto& a, const auto& b) { return a.created_at > b.created_at; });
    Freeze();
    DeleteAllItems();
    for (std::size_t i = 0; i < m_cases.size(); ++i) {
        const auto& c = m_cases[i];
        wxString title = shown_text(c.title.empty() ? c.id : c.title);
        if (c.problem)
            // TRANSLATORS: shown after the name of a case whose files cannot be read.
            title += wxT(" ") + _("(cannot be read)");
        const long row = InsertItem(static_cast<long>(i), title);
        SetItem(row, 1, local_date_text(c.created_at));
        SetItem(row, 2,
                c.problem ? wxString(wxT("—"))
                          : wxString::Format(wxT("%lld"), static_cast<long long>(c.items)));
        SetItemData(row, static_cast<long>(i));
    }
    Thaw();
    if (keep)
        select_id(*keep);
    announce();
}

std::optional<std::string> CaseList::selected_id() const {
    const long row = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0)
        return std::nullopt;
    return m_cases[static_cast<std::size_t>(GetItemData(row))].id;
}

void CaseList::select_id(const std::string& id) {
    for (long row = 0; row < GetItemCount(); ++row) {
        if (m_cases[static_cast<std::size_t>(GetItemData(row))].id == id) {
            SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                         wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
            EnsureVisible(row);
            return;
        }
    }
}

}  // namespace scelle::gui
