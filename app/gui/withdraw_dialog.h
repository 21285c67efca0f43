// WithdrawDialog: "Withdraw this item…". Asks why, in a few common reasons and free text,
// says plainly what withdrawing does (the file is deleted; the custody log keeps its
// fingerprint, the time and the reason; it cannot be undone), and its OK button names the
// action, so that choosing it is the confirmation. When the reason is that the item is a
// sexual image of a minor, it says why it must be deleted. GUI thread only; modal.
#pragma once

#include <wx/dialog.h>

#include "scelle/store/case_store.h"

class wxRadioButton;
class wxStaticText;
class wxTextCtrl;
class wxButton;

namespace scelle::gui {

class WithdrawDialog : public wxDialog {
  public:
    enum class Why { none, wrong_capture, must_not_keep, duplicate, other };

    WithdrawDialog(wxWindow* parent, const core::Item& item);

    // The reason recorded in the custody log (the sentence chosen, as shown, or the text
    // typed); empty while none is given.
    wxString reason() const;
    // The reason is "a sexual image of a minor".
    bool csam() const { return why() == Why::must_not_keep; }
    Why why() const;

    // Tests: choose a reason as a click would, and type the free text.
    void choose(Why why);
    void set_other_text(const wxString& text);
    bool can_withdraw() const;
    bool explains_csam() const;

  private:
    void update();

    wxRadioButton* m_wrong;
    wxRadioButton* m_csam;
    wxRadioButton* m_duplicate;
    wxRadioButton* m_other;
    wxTextCtrl* m_other_text;
    wxStaticText* m_csam_note;
    wxButton* m_ok;
};

}  // namespace scelle::gui
