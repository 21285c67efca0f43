#include "item_link_dialog.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/translation.h>

#include <algorithm>

#include "accessible.h"
#include "link_dialog.h"
#include "scelle/report/notice.h"

namespace scelle::gui {

std::string interface_notice_lang() {
    // The catalog wx found for the interface.
    wxTranslations* t = wxTranslations::Get();
    const wxString lang =
        t ? t->GetBestTranslation(wxT("scelle"), wxLANGUAGE_ENGLISH_US) : wxString();
    return lang.StartsWith(wxT("fr")) ? "fr" : "en";
}

ItemLinkDialog::ItemLinkDialog(wxWindow* parent, const core::Item& item)
    : wxDialog(parent, wxID_ANY, _("Message link"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    SetName(wxT("item-link-dialog"));
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        // TRANSLATORS: %lld is the item's number in the case.
        wxString::Format(_("Where item %lld was seen: the link of the message or post. "
                           "Platforms’ moderators ask for it to find the message. The earlier "
                           "link, if any, stays in the custody log."),
                         static_cast<long long>(item.seq)));
    intro->Wrap(FromDIP(460));
    s->Add(intro, wxSizerFlags().Border(wxALL, FromDIP(10)));
    s->Add(new wxStaticText(this, wxID_ANY, _("&Link of the message (starting with https://)")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_url = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8(item.url.value_or("")));
    m_url->SetName(wxT("message_url"));
    row->Add(m_url, wxSizerFlags(1).CenterVertical().Border(wxRIGHT, FromDIP(6)));
    auto* remove = new wxButton(this, wxID_ANY, _("&Remove the link"));
    remove->SetName(wxT("remove_link"));
    row->Add(remove, wxSizerFlags().CenterVertical());
    s->Add(row, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    // How the item's platform gives a message's link, when the notice knows the platform.
    const std::string how =
        item.platform ? core::notice_how_to_find(*item.platform, interface_notice_lang()) : "";
    auto* how_text = new wxStaticText(this, wxID_ANY, wxString::FromUTF8(how));
    how_text->SetName(wxT("how-to-find"));
    how_text->Wrap(FromDIP(460));
    how_text->Show(!how.empty());
    s->Add(how_text, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    m_problem = add_problem_line(this, s);
    s->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL),
           wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    if (auto* ok = FindWindow(wxID_OK))
        ok->SetLabel(_("&Save the link"));
    label_controls(this);
    if (!how.empty())
        set_accessible_description(m_url, how_text->GetLabelText());
    remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_url->ChangeValue(wxString());
        show_problem(wxString());
        m_url->SetFocus();
    });
    Bind(wxEVT_BUTTON, &ItemLinkDialog::on_ok, this, wxID_OK);
    SetSizerAndFit(s);
    SetSize(wxSize(std::max(GetSize().x, FromDIP(500)), GetSize().y));
    m_url->SetFocus();
}

void ItemLinkDialog::show_problem(const wxString& text) {
    show_problem_line(m_problem, text, 460);
}

wxString ItemLinkDialog::problem() const {
    return problem_line_text(m_problem);
}

void ItemLinkDialog::on_ok(wxCommandEvent& event) {
    complete_web_address(m_url);  // "discord.com/channels/…" as copied from an app
    const wxString url = m_url->GetValue().Strip(wxString::both);
    if (!url.empty() && !core::is_web_url(url.utf8_string())) {
        show_problem(
            _("This is not a web address: a message’s link starts with https:// or http://. "
              "Copy it again from the app (for example “Copy Message Link”), or empty the box "
              "to remove the link."));
        m_url->SetFocus();
        m_url->SelectAll();
        return;
    }
    show_problem(wxString());
    event.Skip();  // the dialog's own handler closes it with wxID_OK
}

std::optional<std::string> ItemLinkDialog::url() const {
    const wxString url = m_url->GetValue().Strip(wxString::both);
    if (url.empty())
        return std::nullopt;
    return url.utf8_string();
}

}  // namespace scelle::gui
