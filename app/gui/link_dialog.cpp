#include "link_dialog.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "error_text.h"

namespace scelle::gui {

wxArrayString account_labels(const std::vector<core::Account>& accounts) {
    wxArrayString out;
    out.Add(_("No account"));
    for (const auto& a : accounts)
        out.Add(wxString::Format(_("%s on %s"), shown_text(a.handle), shown_text(a.platform)));
    return out;
}

LinkDialog::LinkDialog(wxWindow* parent, const std::vector<core::Account>& accounts, bool sensitive)
    : wxDialog(parent, wxID_ANY, _("Add a link"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_accounts(accounts) {
    SetName(wxT("link-dialog"));
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* why = new wxStaticText(
        this, wxID_ANY,
        _("Use a link instead of a capture when the content must not be kept on this "
          "computer. Above all: never capture or keep a sexual image of a minor, not even to "
          "prove what happened — keeping one is an offence. Copy its address (the link) "
          "here: Scellé records only the address and downloads nothing."));
    why->Wrap(FromDIP(460));
    s->Add(why, wxSizerFlags().Border(wxALL, FromDIP(10)));
    s->Add(new wxStaticText(this, wxID_ANY, _("&Link (address starting with https://)")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_url = new wxTextCtrl(this, wxID_ANY);
    m_url->SetName(wxT("url"));
    s->Add(m_url, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    s->Add(new wxStaticText(this, wxID_ANY, _("&What it shows (optional)")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_description = new wxTextCtrl(this, wxID_ANY);
    s->Add(m_description, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    s->Add(new wxStaticText(this, wxID_ANY, _("&Whose account (optional)")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_account =
        new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, account_labels(accounts));
    m_account->SetSelection(accounts.size() == 1 ? 1 : 0);
    s->Add(m_account, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    s->Add(
        new wxStaticText(this, wxID_ANY, _("W&hen it happened (optional), e.g. 08/03/2025 21:04")),
        wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_happened = new wxTextCtrl(this, wxID_ANY);
    m_happened->SetName(wxT("happened"));
    s->Add(m_happened, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    m_sensitive = new wxCheckBox(this, wxID_ANY,
                                 _("It leads to a sexual image of a minor or to shocking "
                                   "content: the report &prints it as plain text, never as a "
                                   "link one click opens"));
    m_sensitive->SetName(wxT("sensitive"));
    m_sensitive->SetValue(sensitive);
    s->Add(m_sensitive, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    auto* buttons = CreateSeparatedButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = FindWindow(wxID_OK))
        ok->SetLabel(_("&Record the link"));
    s->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetSizerAndFit(s);
    m_url->SetFocus();
}

LinkAnswers LinkDialog::answers() const {
    LinkAnswers a;
    a.url = m_url->GetValue().Strip(wxString::both).utf8_string();
    const wxString d = m_description->GetValue().Strip(wxString::both);
    if (!d.empty())
        a.description = d.utf8_string();
    const int sel = m_account->GetSelection();
    if (sel > 0 && static_cast<std::size_t>(sel) <= m_accounts.size()) {
        const auto& acc = m_accounts[static_cast<std::size_t>(sel - 1)];
        a.account = acc.platform + ":" + acc.handle;
    }
    a.sensitive = m_sensitive->GetValue();
    a.happened = m_happened->GetValue().Strip(wxString::both).utf8_string();
    return a;
}

}  // namespace scelle::gui
