// CaseList: the cases of the store on the left of the main window (title, date, number of
// items), newest first. A case that cannot be read is listed with a warning instead of being
// hidden. GUI thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <wx/listctrl.h>

#include "scelle/store/store.h"

namespace scelle::gui {

class CaseList : public wxListCtrl {
  public:
    CaseList(wxWindow* parent, wxWindowID id);

    // Shows `cases`, keeping the selection on `select` (or the current one) when present.
    void show(const std::vector<core::CaseSummary>& cases,
              const std::optional<std::string>& select = std::nullopt);
    std::optional<std::string> selected_id() const;
    void select_id(const std::string& id);
    // Tells screen readers which case is selected (the list's description).
    void announce();
    const std::vector<core::CaseSummary>& cases() const { return m_cases; }

  private:
    std::vector<core::CaseSummary> m_cases;  // in display order; item data = index here
};

}  // namespace scelle::gui
