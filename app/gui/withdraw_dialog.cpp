#include "withdraw_dialog.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "accessible.h"
#include "error_text.h"

namespace scelle::gui {

namespace {

wxString wrong_text() {
    return _("The wrong window or screen was captured");
}
wxString csam_text() {
    return _("A sexual image of a minor: I must not keep it");
}
wxString duplicate_text() {
    return _("A duplicate of another item");
}

}  // namespace

WithdrawDialog::WithdrawDialog(wxWindow* parent, const core::Item& item)
    : wxDialog(parent, wxID_ANY, _("Withdraw this item"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE) {
    SetName(wxT("withdraw"));
    const int pad = FromDIP(10);
    const int wrap = FromDIP(440);
    auto* s = new wxBoxSizer(wxVERTICAL);
    // TRANSLATORS: %lld is the item's number in the case.
    auto* heading = new wxStaticText(
        this, wxID_ANY,
        wxString::Format(_("Withdraw item %lld"), static_cast<long long>(item.seq)));
    heading->SetFont(heading->GetFont().Bold().Larger());
    s->Add(heading, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, pad));
    auto* what = new wxStaticText(
        this, wxID_ANY,
        item.sha256 ? _("Its file is deleted from the case. The custody log keeps its fingerprint "
                        "(SHA-256), the time and your reason, so the withdrawal itself can be "
                        "checked. This cannot be undone.")
                    : _("The custody log keeps the item, the time and your reason; it is no "
                        "longer part of the evidence. This cannot be undone."));
    what->Wrap(wrap);
    s->Add(what, wxSizerFlags().Border(wxALL, pad));

    s->Add(new wxStaticText(this, wxID_ANY, _("Why?")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT, pad));
    m_wrong = new wxRadioButton(this, wxID_ANY, wrong_text(), wxDefaultPosition, wxDefaultSize,
                                wxRB_GROUP);
    m_csam = new wxRadioButton(this, wxID_ANY, csam_text());
    m_duplicate = new wxRadioButton(this, wxID_ANY, duplicate_text());
    m_other = new wxRadioButton(this, wxID_ANY, _("Another reason:"));
    m_wrong->SetName(wxT("wrong_capture"));
    m_csam->SetName(wxT("must_not_keep"));
    m_duplicate->SetName(wxT("duplicate"));
    m_other->SetName(wxT("other"));
    for (wxRadioButton* r : {m_wrong, m_csam, m_duplicate}) {
        s->Add(r, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(4)).Border(wxLEFT, pad));
    }
    s->Add(m_other,
           wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(4)).Border(wxLEFT, pad));
    m_other_text = new wxTextCtrl(this, wxID_ANY);
    m_other_text->SetName(wxT("other_text"));
    m_other_text->SetHint(_("In a few words"));
    set_accessible_name(m_other_text, _("Another reason, in a few words"));
    s->Add(m_other_text, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, pad * 3));

    m_csam_note = new wxStaticText(
        this, wxID_ANY,
        _("Keeping or sharing a sexual image of a minor is an offence, even to prove the facts. "
          "Scellé deletes the file and keeps only its fingerprint. Report where you saw it to "
          "Pharos (internet-signalement.gouv.fr) and record its address with “Add a link”."));
    m_csam_note->SetName(wxT("csam_note"));
    m_csam_note->SetFont(m_csam_note->GetFont().Bold());
    m_csam_note->Wrap(wrap);
    s->Add(m_csam_note, wxSizerFlags().Border(wxALL, pad));

    auto* buttons = new wxStdDialogButtonSizer;
    m_ok = new wxButton(this, wxID_OK,
                        item.sha256 ? _("&Withdraw and delete the file") : _("&Withdraw"));
    buttons->AddButton(m_ok);
    buttons->AddButton(new wxButton(this, wxID_CANCEL, _("Cancel")));
    buttons->Realize();
    s->Add(buttons, wxSizerFlags().Expand().Border(wxALL, pad));
    SetSizer(s);

    for (wxRadioButton* r : {m_wrong, m_csam, m_duplicate, m_other})
        r->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { update(); });
    m_other_text->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        if (!m_other_text->GetValue().empty())
            m_other->SetValue(true);
        update();
    });
    // A group always has one button on: "another reason", with nothing typed yet, so no
    // reason is chosen for the parent and the button waits.
    m_other->SetValue(true);
    update();
    Fit();
    CentreOnParent();
    m_wrong->SetFocus();
}

WithdrawDialog::Why WithdrawDialog::why() const {
    if (m_wrong->GetValue())
        return Why::wrong_capture;
    if (m_csam->GetValue())
        return Why::must_not_keep;
    if (m_duplicate->GetValue())
        return Why::duplicate;
    if (m_other->GetValue())
        return Why::other;
    return Why::none;
}

wxString WithdrawDialog::reason() const {
    switch (why()) {
        case Why::wrong_capture:
            return wrong_text();
        case Why::must_not_keep:
            return csam_text();
        case Why::duplicate:
            return duplicate_text();
        case Why::other:
            return m_other_text->GetValue().Strip(wxString::both);
        case Why::none:
            break;
    }
    return {};
}

void WithdrawDialog::choose(Why why) {
    wxRadioButton* r = why == Why::wrong_capture   ? m_wrong
                       : why == Why::must_not_keep ? m_csam
                       : why == Why::duplicate     ? m_duplicate
                                                   : m_other;
    r->SetValue(true);
    update();
}

void WithdrawDialog::set_other_text(const wxString& text) {
    m_other_text->ChangeValue(text);
    m_other->SetValue(true);
    update();
}

bool WithdrawDialog::can_withdraw() const {
    return m_ok->IsEnabled();
}

bool WithdrawDialog::explains_csam() const {
    return m_csam_note->IsShown();
}

void WithdrawDialog::update() {
    m_ok->Enable(!reason().empty());
    const bool note = csam();
    if (m_csam_note->IsShown() != note) {
        m_csam_note->Show(note);
        Layout();
        Fit();
    }
}

}  // namespace scelle::gui
