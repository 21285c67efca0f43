// ExportDialog, the form: destination file, language, report, encryption with its warning.
// The export itself is in export_dialog.cpp.
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/datetime.h>
#include <wx/filepicker.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "export_dialog.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

namespace {

// Languages are shown in their own names, whatever the interface's language.
const wxString& french_name() {
    static const wxString name = wxString::FromUTF8(
        "Fran\xc3\xa7"
        "ais");
    return name;
}

}  // namespace

ExportDialog::ExportDialog(wxWindow* parent, const core::Store& store, const std::string& case_id,
                           const GuiSettings& settings)
    : JobDialog(parent, _("Export the case")), m_store(store), m_case_id(case_id) {
    // The title makes the heading; the case's other details are the core's business.
    std::string title = case_id;
    if (auto cs = m_store.open_case(case_id, core::Access::read_only); cs.ok()) {
        m_case_id = (*cs)->info().id;
        title = (*cs)->info().title;
    }
    auto* main = new wxBoxSizer(wxVERTICAL);
    build_form(main, title);
    add_bottom(main, _("Export"), _("Open folder"));
    set_language(settings.language_code());
    // Named as the person named the case, with today's date; never an existing file's name.
    set_target(free_file_name(
        documents_dir(),
        file_stem_from_title(title) + " " + wxDateTime::Now().FormatISODate().utf8_string(),
        ".zip"));
    SetSizerAndFit(main);
    CentreOnParent();
}

void ExportDialog::build_form(wxBoxSizer* main, const std::string& title) {
    const int gap = FromDIP(12);
    // TRANSLATORS: %s is the case's title, as the user wrote it.
    // The title is the user's text: never a mnemonic, its controls escaped.
    auto* heading = new wxStaticText(this, wxID_ANY, wxEmptyString);
    heading->SetLabelText(wxString::Format(_("Export \"%s\" as an evidence bundle"), shown(title)));
    make_heading(heading, 1.25);
    main->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    auto* intro = new wxStaticText(
        this, wxID_ANY,
        // TRANSLATORS: %s is the program's name.
        wxString::Format(_("The bundle is one zip file that holds the evidence, the custody log "
                           "and the time-stamps. Anyone can check it, even without %s: the "
                           "instructions are inside (VERIFY-fr.txt, VERIFY-en.txt)."),
                         app_name()));
    wrap_label(intro, 70);
    main->Add(intro, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(8));
    grid->AddGrowableCol(1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Save the bundle as:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_file = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Save the bundle as"),
                                  _("Zip files (*.zip)|*.zip"), wxDefaultPosition,
                                  wxSize(FromDIP(420), -1), wxFLP_SAVE | wxFLP_USE_TEXTCTRL);
    grid->Add(m_file, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Language of the report:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_language = new wxChoice(this, wxID_ANY);
    m_language->Append(french_name());
    m_language->Append(wxS("English"));
    grid->Add(m_language, 0);
    main->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_report =
        new wxCheckBox(this, wxID_ANY, _("Include the printable report (PDF) in the bundle"));
    m_report->SetValue(true);
    main->Add(m_report, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    m_encrypt = new wxCheckBox(this, wxID_ANY, _("Encrypt the bundle for sending (passphrase)"));
    main->Add(m_encrypt, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    m_secret = new wxPanel(this);
    auto* secret = new wxBoxSizer(wxVERTICAL);
    auto* pass = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    pass->AddGrowableCol(1);
    pass->Add(new wxStaticText(m_secret, wxID_ANY, _("Passphrase:")), 0, wxALIGN_CENTER_VERTICAL);
    m_pass1 = new wxTextCtrl(m_secret, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                             wxTE_PASSWORD);
    pass->Add(m_pass1, 1, wxEXPAND);
    pass->Add(new wxStaticText(m_secret, wxID_ANY, _("The same passphrase again:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_pass2 = new wxTextCtrl(m_secret, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                             wxTE_PASSWORD);
    pass->Add(m_pass2, 1, wxEXPAND);
    secret->Add(pass, 0, wxEXPAND);
    auto* warning = new wxStaticText(
        m_secret, wxID_ANY,
        _("Keep the passphrase safe: a lost passphrase is a lost bundle, nobody can open it "
          "without it. Plain \"unzip\" cannot open an encrypted bundle; 7-Zip can. Send the "
          "passphrase another way than the bundle (by phone, for example)."));
    warning->SetForegroundColour(wxColour(0xa8, 0x4b, 0x00));
    wrap_label(warning, 66);
    secret->Add(warning, 0, wxTOP, FromDIP(8));
    m_secret->SetSizer(secret);
    main->Add(m_secret, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_secret->Hide();

    m_encrypt->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { update_encryption(); });
    // The language is the report's: without a report there is nothing to choose.
    m_report->Bind(wxEVT_CHECKBOX,
                   [this](wxCommandEvent&) { m_language->Enable(m_report->GetValue()); });
}

ExportDialog::~ExportDialog() {
    stop_job();
}

void ExportDialog::update_encryption() {
    m_secret->Show(m_encrypt->GetValue());
    if (m_encrypt->GetValue())
        m_pass1->SetFocus();
    Layout();
    Fit();
}

fs::path ExportDialog::target() const {
    wxString path = m_file->GetPath();
    path.Trim().Trim(false);
    if (path.empty())
        return {};
    fs::path p = to_path(path);
    // A name typed without an extension gets the bundle's.
    if (!p.has_extension())
        p += ".zip";
    return p;
}

void ExportDialog::set_target(const fs::path& path) {
    m_file->SetPath(path_text(path));
    if (wxTextCtrl* text = m_file->GetTextCtrl())
        text->SelectNone();
}

std::string ExportDialog::language() const {
    return m_language->GetSelection() == 0 ? "fr" : "en";
}

void ExportDialog::set_language(const std::string& code) {
    m_language->SetSelection(code == "fr" ? 0 : 1);
}

bool ExportDialog::include_report() const {
    return m_report->GetValue();
}

void ExportDialog::set_include_report(bool include) {
    m_report->SetValue(include);
    m_language->Enable(include && m_report->IsEnabled());
}

bool ExportDialog::encrypt() const {
    return m_encrypt->GetValue();
}

void ExportDialog::set_encrypt(bool encrypt) {
    m_encrypt->SetValue(encrypt);
    update_encryption();
}

void ExportDialog::set_passphrases(const wxString& first, const wxString& again) {
    m_pass1->SetValue(first);
    m_pass2->SetValue(again);
}

bool ExportDialog::warning_shown() const {
    return m_secret->IsShown();
}

void ExportDialog::enable_form(bool enable) {
    for (wxWindow* w : {static_cast<wxWindow*>(m_file), static_cast<wxWindow*>(m_report),
                        static_cast<wxWindow*>(m_encrypt), static_cast<wxWindow*>(m_secret)})
        w->Enable(enable);
    m_language->Enable(enable && m_report->GetValue());
}

}  // namespace scelle::gui::dlg
