// NoticeDialog: "Notice for the platform…". Shows the notice a family sends to a platform's
// moderators (scelle/report/notice.h) in a read-only text box, for one platform of the case's
// accounts and in French or English, with "Copy" (the notice alone, ready to paste into the
// platform's form) and "Save…" (the whole text, with the notes for the person, as a new file).
// The case's data is read by the caller; the dialog changes nothing in the case. GUI thread
// only; modal.
#pragma once

#include <string>
#include <vector>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/textctrl.h>

#include "scelle/report/notice.h"
#include "scelle/store/case_store.h"

namespace scelle::gui {

class NoticeDialog : public wxDialog {
  public:
    // `accounts` must hold at least one account. `lang`: "fr" or "en" (the interface's).
    NoticeDialog(wxWindow* parent, core::CaseInfo info, std::vector<core::Account> accounts,
                 std::vector<core::Item> items, const std::string& lang);

    const core::Notice& notice() const { return m_notice; }
    wxTextCtrl* text_ctrl() const { return m_text; }
    wxChoice* platform_ctrl() const { return m_platform; }
    // What "Copy" puts on the clipboard: the notice without the notes.
    wxString copy_text() const;
    // Writes the whole text at `path` (a new file); the sentence to show when it failed.
    std::optional<wxString> save_to(const std::string& path) const;

  private:
    void rebuild();

    core::NoticeInput m_input;
    std::vector<std::string> m_platforms;
    core::Notice m_notice;
    wxChoice* m_platform;
    wxChoice* m_language;
    wxTextCtrl* m_text;
};

}  // namespace scelle::gui
