// AccountDialog: "Add account". The account that sent or posted the content: its platform,
// its handle (the @name), and optionally its profile link and display name — what Pharos, the
// 3018 and the police ask for. GUI thread only; modal.
#pragma once

#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "scelle/store/case_store.h"

namespace scelle::gui {

// The platforms offered in the lists (the user may type any other).
wxArrayString platform_suggestions();

class AccountDialog : public wxDialog {
  public:
    explicit AccountDialog(wxWindow* parent);
    core::AccountRequest request() const;
    // Fills the platform and the handle (a name read in a picture, for the person to check
    // and confirm); the focus goes to the first of them left empty, else to the handle.
    void fill(const core::AccountRequest& filled);

  private:
    wxComboBox* m_platform;
    wxTextCtrl* m_handle;
    wxTextCtrl* m_url;
    wxTextCtrl* m_display;
    wxTextCtrl* m_platform_id;
    // Under the ID field: where the chosen platform shows its identifiers (the notice's
    // "how to find it", scelle/report/notice.h).
    wxStaticText* m_how_to_find;
};

}  // namespace scelle::gui
