// LinkDialog: "Add link". Records the address of something without copying it — the only
// right way for content that must not be kept on this computer, above all sexual images of a
// minor (keeping a copy is an offence, even to prove the facts). The dialog says so in plain
// words. It refuses to close on what cannot be recorded (no address, another scheme than
// http(s), a date it cannot read), says why inside itself, and keeps what was typed; an
// address without its scheme gets "https://" in front, said to the person. GUI thread only;
// modal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "scelle/store/case_store.h"

namespace scelle::gui {

struct LinkAnswers {
    std::string url;
    std::optional<std::string> description;
    std::optional<std::string> account;  // "platform:handle"
    bool sensitive = false;              // printed as plain text in the report, never as a link
    std::string happened;                // as typed; empty: not said
};

// A web address typed or pasted without its scheme ("instagram.com/…", as an app's share
// menu copies it): puts "https://" in front of it in `box`. True when it did; an empty box,
// an address with a scheme or with a space is left as it is.
bool complete_web_address(wxTextCtrl* box);

// The red line above a dialog's buttons that says in one sentence why nothing was recorded
// (named "problem", for the tests and screen readers), added hidden to `sizer`.
wxStaticText* add_problem_line(wxWindow* dialog, wxSizer* sizer);
// Shows `text` there, wrapped at `wrap_dip`, or hides the line when `text` is empty; the
// dialog is laid out again.
void show_problem_line(wxStaticText* line, const wxString& text, int wrap_dip);
// What the line says; empty while it is hidden.
wxString problem_line_text(const wxStaticText* line);

class LinkDialog : public wxDialog {
  public:
    // `sensitive`: the box "it leads to a sexual image of a minor…" starts ticked (the safety
    // page's "add a link instead").
    LinkDialog(wxWindow* parent, const std::vector<core::Account>& accounts,
               bool sensitive = false);
    LinkAnswers answers() const;
    // True when the person left out the scheme and "https://" was put in front of the address.
    bool scheme_added() const { return m_scheme_added; }
    // Shows why the link was not recorded, in the dialog, above its buttons; what was typed
    // stays, for the person to correct it.
    void show_problem(const wxString& text);
    wxString problem() const;

    wxTextCtrl* url_ctrl() const { return m_url; }
    wxTextCtrl* happened_ctrl() const { return m_happened; }
    wxTextCtrl* description_ctrl() const { return m_description; }

  private:
    // Record: checks what was typed first; the dialog closes only when it can be recorded.
    void on_ok(wxCommandEvent& event);

    wxTextCtrl* m_url;
    wxTextCtrl* m_description;
    wxChoice* m_account;
    wxCheckBox* m_sensitive;
    wxTextCtrl* m_happened;
    wxStaticText* m_problem;
    std::vector<core::Account> m_accounts;
    bool m_scheme_added = false;
};

// The account choice shared by the link and capture dialogs: "None" then each account.
wxArrayString account_labels(const std::vector<core::Account>& accounts);

}  // namespace scelle::gui
