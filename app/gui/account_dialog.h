// AccountDialog: "Add account". The account that sent or posted the content: its platform,
// its handle (the @name), and optionally its profile link and display name — what Pharos, the
// 3018 and the police ask for. Made with an account, it edits that one ("Edit the account"):
// the platform and the handle, the account's identity, are shown but cannot be changed; the
// profile link, display name and platform ID can be completed, corrected or emptied. It
// refuses to close on a profile link that is not a web address, says why inside itself and
// keeps what was typed. GUI thread only; modal.
#pragma once

#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <optional>

#include "scelle/store/case_store.h"

namespace scelle::gui {

// The platforms offered in the lists (the user may type any other).
wxArrayString platform_suggestions();

class AccountDialog : public wxDialog {
  public:
    explicit AccountDialog(wxWindow* parent);
    // Edits `account`.
    AccountDialog(wxWindow* parent, const core::Account& account);
    core::AccountRequest request() const;
    // What the edit changes: each field left, set, or cleared (an emptied box).
    core::AccountUpdate update() const;
    // Shows why the account was not saved, above the buttons; what was typed stays.
    void show_problem(const wxString& text);
    wxString problem() const;

    wxTextCtrl* url_ctrl() const { return m_url; }
    wxTextCtrl* display_name_ctrl() const { return m_display; }
    wxTextCtrl* platform_id_ctrl() const { return m_platform_id; }
    wxComboBox* platform_ctrl() const { return m_platform; }
    wxTextCtrl* handle_ctrl() const { return m_handle; }
    // Fills the platform and the handle (a name read in a picture, for the person to check
    // and confirm); the focus goes to the first of them left empty, else to the handle.
    void fill(const core::AccountRequest& filled);

  private:
    void build(const core::Account* editing);
    void on_ok(wxCommandEvent& event);

    std::optional<core::Account> m_editing;
    wxStaticText* m_problem = nullptr;
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
