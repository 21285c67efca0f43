#include "notice_dialog.h"

#include <chrono>

#include <wx/choicdlg.h>
#include <wx/clipbrd.h>
#include <wx/dataobj.h>
#include <wx/filedlg.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "accessible.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/jobs/sentences.h"
#include "scelle/store/output_file.h"

namespace scelle::gui {

NoticeDialog::NoticeDialog(wxWindow* parent, core::CaseInfo info,
                           std::vector<core::Account> accounts, std::vector<core::Item> items,
                           const std::string& lang)
    : wxDialog(parent, wxID_ANY, _("Notice for the platform"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    SetName(wxT("notice-dialog"));
    m_input.info = std::move(info);
    m_input.accounts = std::move(accounts);
    m_input.items = std::move(items);
    m_input.lang = lang == "fr" ? "fr" : "en";
    m_input.made_on = core::format_utc_rfc3339(std::chrono::system_clock::now()).substr(0, 10);
    for (const core::Account& a : m_input.accounts) {
        bool seen = false;
        for (const std::string& p : m_platforms)
            seen = seen || core::same_platform(a.platform, p);
        if (!seen)
            m_platforms.push_back(a.platform);
    }

    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        _("Platforms ask for the links of the messages and the account's identifiers. Copy "
          "this notice into the platform's report form, after filling in the [brackets]. It "
          "gives no detail about the child."));
    intro->Wrap(FromDIP(640));
    s->Add(intro, wxSizerFlags().Border(wxALL, FromDIP(10)));

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(this, wxID_ANY, _("&Platform")),
             wxSizerFlags().CenterVertical().Border(wxRIGHT, FromDIP(6)));
    m_platform = new wxChoice(this, wxID_ANY);
    for (const std::string& p : m_platforms)
        m_platform->Append(wxString::FromUTF8(core::terminal_safe(p)));
    m_platform->SetSelection(0);
    row->Add(m_platform, wxSizerFlags().CenterVertical().Border(wxRIGHT, FromDIP(16)));
    row->Add(new wxStaticText(this, wxID_ANY, _("&Language of the notice")),
             wxSizerFlags().CenterVertical().Border(wxRIGHT, FromDIP(6)));
    m_language = new wxChoice(this, wxID_ANY);
    m_language->Append(wxString::FromUTF8("Français"));
    m_language->Append(wxS("English"));
    m_language->SetSelection(m_input.lang == "fr" ? 0 : 1);
    row->Add(m_language, wxSizerFlags().CenterVertical());
    s->Add(row, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10)));

    m_text = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition,
                            wxSize(FromDIP(680), FromDIP(420)),
                            wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_text->SetName(wxT("notice-text"));
    s->Add(m_text, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    // What the notice lacks, and where to give it: here, or later from the Item menu.
    auto* missing_row = new wxBoxSizer(wxHORIZONTAL);
    m_missing = new wxStaticText(this, wxID_ANY, wxString());
    m_missing->SetName(wxT("notice-missing"));
    missing_row->Add(m_missing, wxSizerFlags(1).CenterVertical().Border(wxRIGHT, FromDIP(10)));
    m_fill = new wxButton(this, wxID_ANY, _("Fill in what is &missing…"));
    m_fill->SetName(wxT("fill_missing"));
    missing_row->Add(m_fill, wxSizerFlags().CenterVertical());
    s->Add(missing_row, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* copy = new wxButton(this, wxID_COPY, _("&Copy the notice"));
    auto* save = new wxButton(this, wxID_SAVE, _("&Save…"));
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    buttons->Add(copy, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
    buttons->Add(save);
    buttons->AddStretchSpacer();
    buttons->Add(close);
    s->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetEscapeId(wxID_CLOSE);

    label_controls(this);
    set_accessible_name(m_text, _("The notice for the platform"));
    SetSizerAndFit(s);

    m_platform->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { rebuild(); });
    m_language->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { rebuild(); });
    m_fill->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_fill(); });
    copy->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(copy_text()));
            wxTheClipboard->Close();
        }
    });
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        // TRANSLATORS: the file name offered when saving the notice; %s is the platform.
        wxFileDialog dlg(
            this, _("Save the notice"), wxString(),
            wxString::Format(_("notice-%s.txt"), wxString::FromUTF8(m_notice.platform_name)),
            _("Text files") + wxT(" (*.txt)|*.txt"), wxFD_SAVE);
        if (dlg.ShowModal() != wxID_OK)
            return;
        if (auto problem = save_to(dlg.GetPath().utf8_string()))
            wxMessageBox(*problem, _("Notice not saved"), wxOK | wxICON_WARNING, this);
    });
    rebuild();
    m_text->SetFocus();
}

void NoticeDialog::rebuild() {
    const int p = m_platform->GetSelection();
    m_input.platform = p >= 0 && static_cast<std::size_t>(p) < m_platforms.size()
                           ? m_platforms[static_cast<std::size_t>(p)]
                           : std::string();
    m_input.lang = m_language->GetSelection() == 0 ? "fr" : "en";
    m_notice = core::make_notice(m_input);
    m_text->ChangeValue(wxString::FromUTF8(m_notice.file_text()));
    m_text->SetInsertionPoint(0);
    const auto n = static_cast<int>(m_notice.missing.size());
    m_missing->SetLabelText(
        n == 0 ? wxString()
               : wxString::Format(wxPLURAL("%d identifier the platform asks for is missing. Fill "
                                           "it in here, or later: Item ▸ Message link… and Item "
                                           "▸ Edit the account…",
                                           "%d identifiers the platform asks for are missing. "
                                           "Fill them in here, or later: Item ▸ Message link… "
                                           "and Item ▸ Edit the account…",
                                           n),
                                  n));
    m_missing->Wrap(FromDIP(480));
    m_missing->Show(n > 0);
    m_fill->Show(n > 0 && static_cast<bool>(m_filler));
    Layout();
}

void NoticeDialog::set_filler(Filler filler) {
    m_filler = std::move(filler);
    m_fill->Show(!m_notice.missing.empty() && static_cast<bool>(m_filler));
    Layout();
}

wxString NoticeDialog::missing_text() const {
    return m_missing->IsShown() ? m_missing->GetLabelText() : wxString();
}

bool NoticeDialog::fill_missing(std::size_t index) {
    if (!m_filler || index >= m_notice.missing.size())
        return false;
    const core::MissingIdentifier m = m_notice.missing[index];
    if (!m_filler(m, m_input.accounts, m_input.items))
        return false;
    rebuild();
    return true;
}

void NoticeDialog::on_fill() {
    if (m_notice.missing.empty())
        return;
    if (m_notice.missing.size() == 1) {
        fill_missing(0);
        return;
    }
    using What = core::MissingIdentifier::What;
    wxArrayString choices;
    for (const core::MissingIdentifier& m : m_notice.missing) {
        const wxString handle = wxString::FromUTF8(m.handle);
        switch (m.what) {
            case What::user_id:
                // TRANSLATORS: %s is an account's handle.
                choices.Add(wxString::Format(_("The user ID of account %s"), handle));
                break;
            case What::profile_url:
                // TRANSLATORS: %s is an account's handle.
                choices.Add(wxString::Format(_("The profile link of account %s"), handle));
                break;
            case What::message_link:
                // TRANSLATORS: %lld is an item's number.
                choices.Add(wxString::Format(_("The message link of item %lld"),
                                             static_cast<long long>(m.item_seq.value_or(0))));
                break;
        }
    }
    wxSingleChoiceDialog dlg(this, _("Which identifier do you want to fill in?"),
                             _("Fill in what is missing"), choices);
    dlg.SetName(wxT("choose-missing"));
    if (dlg.ShowModal() == wxID_OK && dlg.GetSelection() >= 0)
        fill_missing(static_cast<std::size_t>(dlg.GetSelection()));
}

wxString NoticeDialog::copy_text() const {
    return wxString::FromUTF8(m_notice.text);
}

std::optional<wxString> NoticeDialog::save_to(const std::string& path) const {
    const std::filesystem::path out = core::utf8_to_path(path);
    auto w = core::write_new_file(out, m_notice.file_text());
    if (w.ok())
        return std::nullopt;
    std::string sentence = jobs::describe_output_error(w.error(), out, jobs::OutputKind::notice);
    if (!sentence.empty() && sentence[0] >= 'a' && sentence[0] <= 'z')
        sentence[0] = static_cast<char>(sentence[0] - 'a' + 'A');
    return wxString::FromUTF8(sentence);
}

}  // namespace scelle::gui
