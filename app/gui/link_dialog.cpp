#include "link_dialog.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textwrapper.h>

#include <chrono>

#include "accessible.h"
#include "display_text.h"
#include "error_text.h"
#include "scelle/base/time.h"

namespace scelle::gui {

namespace {

// `text` with line breaks where `w`'s font makes it wider than `width` (between words).
wxString wrapped_lines(wxWindow* w, const wxString& text, int width) {
    struct Lines : wxTextWrapper {
        wxString out;
        void OnOutputLine(const wxString& line) override { out += line; }
        void OnNewLine() override { out += wxT("\n"); }
    } lines;
    lines.Wrap(w, text, width);
    return lines.out;
}

}  // namespace

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
    s->Add(new wxStaticText(this, wxID_ANY, _("Wh&ose account (optional)")),
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
    // In lines as wide as the text above: on one line it made the dialog wider than a
    // 1920×1080 screen at 200 %.
    m_sensitive = new wxCheckBox(this, wxID_ANY, wxString());
    m_sensitive->SetLabel(
        wrapped_lines(m_sensitive,
                      _("It leads to a sexual image of a minor or to shocking content: the "
                        "report &prints it as plain text, never as a link one click opens"),
                      FromDIP(460)));
    m_sensitive->SetName(wxT("sensitive"));
    m_sensitive->SetValue(sensitive);
    s->Add(m_sensitive, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_problem = add_problem_line(this, s);
    auto* buttons = CreateSeparatedButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = FindWindow(wxID_OK))
        ok->SetLabel(_("&Record the link"));
    s->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    label_controls(this);
    SetSizerAndFit(s);
    Bind(wxEVT_BUTTON, &LinkDialog::on_ok, this, wxID_OK);
    m_url->SetFocus();
}

void LinkDialog::show_problem(const wxString& text) {
    show_problem_line(m_problem, text, 460);
}

wxString LinkDialog::problem() const {
    return problem_line_text(m_problem);
}

wxStaticText* add_problem_line(wxWindow* dialog, wxSizer* sizer) {
    auto* line = new wxStaticText(dialog, wxID_ANY, wxString());
    line->SetName(wxT("problem"));
    line->SetForegroundColour(wxColour(0xb0, 0x1c, 0x1c));
    line->Hide();
    sizer->Add(line, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, dialog->FromDIP(10)));
    return line;
}

void show_problem_line(wxStaticText* line, const wxString& text, int wrap_dip) {
    line->SetLabel(text);
    line->Wrap(line->FromDIP(wrap_dip));
    line->Show(!text.empty());
    wxWindow* dialog = line->GetParent();
    dialog->GetSizer()->Fit(dialog);
    dialog->Layout();
}

wxString problem_line_text(const wxStaticText* line) {
    return line->IsShown() ? line->GetLabel() : wxString();
}

bool complete_web_address(wxTextCtrl* box) {
    const wxString url = box->GetValue().Strip(wxString::both);
    if (url.empty() || url.Contains(wxS("://")) || url.Contains(wxS(" ")))
        return false;
    box->ChangeValue(wxS("https://") + url);
    return true;
}

void LinkDialog::on_ok(wxCommandEvent& event) {
    wxString url = m_url->GetValue().Strip(wxString::both);
    if (url.empty()) {
        show_problem(_("Type or paste the link’s address first (it starts with https://)."));
        m_url->SetFocus();
        return;
    }
    if (complete_web_address(m_url)) {
        url = m_url->GetValue();
        m_scheme_added = true;
    }
    const wxString lower = url.Lower();
    if (!lower.StartsWith(wxS("https://")) && !lower.StartsWith(wxS("http://"))) {
        show_problem(
            _("This is not a web address: a link starts with https:// or http://. "
              "Copy it again from the browser’s address bar or the app’s Share "
              "menu."));
        m_url->SetFocus();
        m_url->SelectAll();
        return;
    }
    const wxString happened = m_happened->GetValue().Strip(wxString::both);
    if (!happened.empty()) {
        const auto parsed =
            core::parse_happened(happened.utf8_string(), std::chrono::system_clock::now());
        if (parsed.why != core::HappenedParse::Why::none) {
            show_problem(happened_refusal(static_cast<int>(parsed.why)));
            m_happened->SetFocus();
            m_happened->SelectAll();
            return;
        }
    }
    show_problem(wxString());
    event.Skip();  // the dialog's own handler closes it with wxID_OK
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
