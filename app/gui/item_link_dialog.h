// ItemLinkDialog: "Message link…". Where a screenshot's or an imported file's content was seen:
// the link of the message or post, which platforms' moderators ask for (a Discord message
// link, a post's address). Given when the item was recorded or later; saving records a custody
// line (`item.url`), and an emptied box removes the link (the earlier one stays in the log).
// Not for a link item: its address is the evidence itself. The dialog says how the item's
// platform gives a message's link (the notice's "how to find it", scelle/report/notice.h), and
// refuses to close on what is not a web address, saying why inside itself. GUI thread only;
// modal.
#pragma once

#include <optional>
#include <string>

#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "scelle/store/case_store.h"

namespace scelle::gui {

class ItemLinkDialog : public wxDialog {
  public:
    ItemLinkDialog(wxWindow* parent, const core::Item& item);
    // The link to record; nullopt: no link (the box was emptied or "Remove the link" used).
    std::optional<std::string> url() const;
    void show_problem(const wxString& text);
    wxString problem() const;

    wxTextCtrl* url_ctrl() const { return m_url; }

  private:
    void on_ok(wxCommandEvent& event);

    wxTextCtrl* m_url;
    wxStaticText* m_problem;
};

// The interface's language as the notice knows it: "fr" or "en".
std::string interface_notice_lang();

}  // namespace scelle::gui
