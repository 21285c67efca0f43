#include "account_dialog.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/translation.h>
#include <algorithm>

#include "accessible.h"
#include "link_dialog.h"
#include "scelle/report/notice.h"

namespace scelle::gui {

wxArrayString platform_suggestions() {
    wxArrayString p;
    for (const char* name :
         {"Snapchat", "Instagram", "TikTok", "Discord", "WhatsApp", "Roblox", "Fortnite",
          "Minecraft", "YouTube", "Twitch", "Facebook", "X (Twitter)", "Telegram", "Signal"})
        p.Add(wxString::FromUTF8(name));
    return p;
}

AccountDialog::AccountDialog(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, _("Add an account"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    build(nullptr);
}

AccountDialog::AccountDialog(wxWindow* parent, const core::Account& account)
    : wxDialog(parent, wxID_ANY, _("Edit the account"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_editing(account) {
    build(&account);
}

void AccountDialog::build(const core::Account* editing) {
    SetName(wxT("account-dialog"));
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        editing ? _("Complete or correct what the platform asks for: the profile link, the name "
                    "shown and the platform's ID. The platform and the name or @handle are the "
                    "account itself and stay as recorded. The earlier values stay in the "
                    "custody log.")
                : _("The account that sent the messages or posted the content. Write its name "
                    "exactly as the app shows it (for example @max_2011)."));
    intro->Wrap(FromDIP(420));
    s->Add(intro, wxSizerFlags().Border(wxALL, FromDIP(10)));
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    grid->AddGrowableCol(1, 1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Platform")), wxSizerFlags().CenterVertical());
    m_platform = new wxComboBox(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                platform_suggestions());
    grid->Add(m_platform, wxSizerFlags().Expand());
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Name or @handle")),
              wxSizerFlags().CenterVertical());
    m_handle = new wxTextCtrl(this, wxID_ANY);
    grid->Add(m_handle, wxSizerFlags().Expand());
    grid->Add(new wxStaticText(this, wxID_ANY, _("Profile &link (optional)")),
              wxSizerFlags().CenterVertical());
    m_url = new wxTextCtrl(this, wxID_ANY);
    m_url->SetName(wxT("profile_url"));
    grid->Add(m_url, wxSizerFlags().Expand());
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Display name (optional)")),
              wxSizerFlags().CenterVertical());
    m_display = new wxTextCtrl(this, wxID_ANY);
    m_display->SetName(wxT("display_name"));
    grid->Add(m_display, wxSizerFlags().Expand());
    grid->Add(
        new wxStaticText(this, wxID_ANY, _("Platform's &ID (optional, e.g. Discord user ID)")),
        wxSizerFlags().CenterVertical());
    m_platform_id = new wxTextCtrl(this, wxID_ANY);
    m_platform_id->SetName(wxT("platform_id"));
    grid->Add(m_platform_id, wxSizerFlags().Expand());
    s->Add(grid, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    m_how_to_find = new wxStaticText(this, wxID_ANY, wxString());
    m_how_to_find->SetName(wxT("how-to-find"));
    s->Add(m_how_to_find, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_problem = add_problem_line(this, s);
    s->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL),
           wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    if (auto* ok = FindWindow(wxID_OK))
        ok->SetLabel(editing ? _("&Save the changes") : _("&Add the account"));
    if (editing) {
        // The account's identity, shown as recorded: the platform's list is disabled (a
        // choice in it would change the text), the handle read-only but still selectable.
        m_platform->SetValue(wxString::FromUTF8(editing->platform));
        m_platform->Disable();
        m_handle->ChangeValue(wxString::FromUTF8(editing->handle));
        m_handle->SetEditable(false);
        m_url->ChangeValue(wxString::FromUTF8(editing->url.value_or("")));
        m_display->ChangeValue(wxString::FromUTF8(editing->display_name.value_or("")));
        m_platform_id->ChangeValue(wxString::FromUTF8(editing->platform_id.value_or("")));
    }
    label_controls(this);
    const auto show_how = [this] {
        // The notice's sentence, in the interface's language (the catalog wx found for it).
        wxTranslations* t = wxTranslations::Get();
        const wxString lang =
            t ? t->GetBestTranslation(wxT("scelle"), wxLANGUAGE_ENGLISH_US) : wxString();
        const std::string how = core::notice_how_to_find(m_platform->GetValue().utf8_string(),
                                                         lang.StartsWith(wxT("fr")) ? "fr" : "en");
        m_how_to_find->SetLabelText(wxString::FromUTF8(how));
        m_how_to_find->Wrap(FromDIP(440));
        set_accessible_description(m_platform_id, m_how_to_find->GetLabelText());
    };
    show_how();
    m_platform->Bind(wxEVT_TEXT, [this, show_how](wxCommandEvent& e) {
        show_how();
        Layout();
        GetSizer()->SetSizeHints(this);
        e.Skip();
    });
    m_platform->Bind(wxEVT_COMBOBOX, [this, show_how](wxCommandEvent& e) {
        show_how();
        Layout();
        GetSizer()->SetSizeHints(this);
        e.Skip();
    });
    Bind(wxEVT_BUTTON, &AccountDialog::on_ok, this, wxID_OK);
    SetSizerAndFit(s);
    SetSize(wxSize(std::max(GetSize().x, FromDIP(460)), GetSize().y));
    if (editing)
        (editing->platform_id ? m_url : m_platform_id)->SetFocus();
    else
        m_platform->SetFocus();
}

void AccountDialog::show_problem(const wxString& text) {
    show_problem_line(m_problem, text, 440);
}

wxString AccountDialog::problem() const {
    return problem_line_text(m_problem);
}

void AccountDialog::on_ok(wxCommandEvent& event) {
    complete_web_address(m_url);  // "discord.com/users/…" as copied from an app
    const wxString url = m_url->GetValue().Strip(wxString::both);
    if (!url.empty() && !core::is_web_url(url.utf8_string())) {
        show_problem(
            _("The profile link is not a web address: it starts with https:// or http://. Copy "
              "it again from the browser’s address bar or the app’s Share menu, or leave the "
              "box empty."));
        m_url->SetFocus();
        m_url->SelectAll();
        return;
    }
    show_problem(wxString());
    event.Skip();  // the dialog's own handler closes it with wxID_OK
}

core::AccountUpdate AccountDialog::update() const {
    core::AccountUpdate u;
    if (!m_editing)
        return u;
    auto change = [](const wxTextCtrl* box, const std::optional<std::string>& was) {
        const wxString typed = box->GetValue().Strip(wxString::both);
        const std::optional<std::string> now =
            typed.empty() ? std::nullopt : std::optional(typed.utf8_string());
        return now == was ? std::optional<std::optional<std::string>>()
                          : std::optional<std::optional<std::string>>(now);
    };
    u.url = change(m_url, m_editing->url);
    u.display_name = change(m_display, m_editing->display_name);
    u.platform_id = change(m_platform_id, m_editing->platform_id);
    return u;
}

void AccountDialog::fill(const core::AccountRequest& filled) {
    // SetValue sends the text event that shows where the platform shows its identifiers.
    m_platform->SetValue(wxString::FromUTF8(filled.platform));
    m_handle->ChangeValue(wxString::FromUTF8(filled.handle));
    if (filled.platform.empty())
        m_platform->SetFocus();
    else
        m_handle->SetFocus();
}

core::AccountRequest AccountDialog::request() const {
    core::AccountRequest r;
    r.platform = m_platform->GetValue().Strip(wxString::both).utf8_string();
    r.handle = m_handle->GetValue().Strip(wxString::both).utf8_string();
    const wxString url = m_url->GetValue().Strip(wxString::both);
    if (!url.empty())
        r.url = url.utf8_string();
    const wxString dn = m_display->GetValue().Strip(wxString::both);
    if (!dn.empty())
        r.display_name = dn.utf8_string();
    const wxString pid = m_platform_id->GetValue().Strip(wxString::both);
    if (!pid.empty())
        r.platform_id = pid.utf8_string();
    return r;
}

}  // namespace scelle::gui
