// NoticeDialog: "Notice for the platform…". Shows the notice a family sends to a platform's
// moderators (scelle/report/notice.h) in a read-only text box, for one platform of the case's
// accounts and in French or English, with "Copy" (the notice alone, ready to paste into the
// platform's form) and "Save…" (the whole text, with the notes for the person, as a new file).
// The case's data is read by the caller; the dialog changes nothing in the case itself. When
// the notice lacks identifiers (a user ID, a profile link, a message's link), it says so and,
// given a filler (the main window's), offers "Fill in what is missing…": the filler opens the
// right dialog and records the change, and the notice is made again. GUI thread only; modal.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
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

    // Opens the dialog for one missing identifier and records it; true when something was
    // recorded, with `accounts` and `items` read again from the case.
    using Filler =
        std::function<bool(const core::MissingIdentifier&, std::vector<core::Account>& accounts,
                           std::vector<core::Item>& items)>;
    void set_filler(Filler filler);
    // Fills the notice's missing identifier `index` through the filler, then makes the notice
    // again; false when nothing was recorded.
    bool fill_missing(std::size_t index);
    wxButton* fill_button() const { return m_fill; }
    // What the dialog says about the missing identifiers (empty when none is missing).
    wxString missing_text() const;

  private:
    void rebuild();
    void on_fill();

    core::NoticeInput m_input;
    std::vector<std::string> m_platforms;
    core::Notice m_notice;
    wxChoice* m_platform;
    wxChoice* m_language;
    wxTextCtrl* m_text;
    wxStaticText* m_missing;
    wxButton* m_fill;
    Filler m_filler;
};

}  // namespace scelle::gui
