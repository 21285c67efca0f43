// SettingsDialog: see settings_dialog.h.
#include "settings_dialog.h"

#include <cstdlib>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/editlbox.h>
#include <wx/filedlg.h>
#include <wx/filepicker.h>
#include <wx/intl.h>
#include <wx/listbox.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>

#include "dialog_support.h"
#include "dialogs.h"
#include "output_errors.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/ocr/ocr.h"
#include "scelle/store/store.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

SettingsDialog::SettingsDialog(wxWindow* parent, const GuiSettings& settings)
    : wxDialog(parent, wxID_ANY, _("Settings"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_gui(settings) {
    wxString warning;
    if (auto file = core::load_settings_file(core::settings_path()); file.ok()) {
        m_file = std::move(file).value();
        m_file_had_urls = m_file.tsa_urls.has_value();
    } else {
        warning = settings_error_sentence(file.error()) + wxS(" ") +
                  _("Saving will replace it with what this window shows.");
    }
    build();
    set_language(settings.language);
    set_tsa_urls(m_file.tsa_urls.value_or(core::default_tsa_urls()));
    for (const auto& a : m_file.trust_anchors)
        m_anchors->Append(path_text(a));
    set_store(settings.store);
    set_read_pictures(settings.read_pictures);
    if (!warning.empty())
        show_message(warning);
    // Taller than the screen (1920×1080 at 200 %), the form scrolls above its buttons: wx
    // moves it into a scrolled window when the dialog is shown.
    SetLayoutAdaptationMode(wxDIALOG_ADAPTATION_MODE_ENABLED);
    fit_within_screen(this);
    CentreOnParent();
}

void SettingsDialog::build() {
    const int gap = FromDIP(12);
    auto* main = new wxBoxSizer(wxVERTICAL);

    // Language.
    auto* lang_box = new wxStaticBoxSizer(wxVERTICAL, this, _("Language of the interface"));
    m_language = new wxChoice(lang_box->GetStaticBox(), wxID_ANY);
    m_language->Append(_("The system's language"));
    m_language->Append(
        wxString::FromUTF8("Fran\xc3\xa7"
                           "ais"));
    m_language->Append(wxS("English"));
    lang_box->Add(m_language, 0, wxALL, FromDIP(6));
    auto* lang_note = new wxStaticText(
        lang_box->GetStaticBox(), wxID_ANY,
        // TRANSLATORS: %s is the program's name.
        wxString::Format(_("The new language is used the next time %s starts."), app_name()));
    lang_box->Add(lang_note, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    main->Add(lang_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Time-stamp authorities.
    auto* tsa_box = new wxStaticBoxSizer(wxVERTICAL, this, _("Time-stamp authorities"));
    auto* tsa_note = new wxStaticText(
        tsa_box->GetStaticBox(), wxID_ANY,
        _("They are asked in this order until one answers. Only a fingerprint (SHA-256) is "
          "ever sent, never a picture or a word of the case. An empty list means: stay "
          "offline."));
    wrap_label(tsa_note, 70);
    tsa_box->Add(tsa_note, 0, wxALL, FromDIP(6));
    m_tsas = new wxEditableListBox(tsa_box->GetStaticBox(), wxID_ANY, _("Addresses (URLs)"),
                                   wxDefaultPosition, wxSize(FromDIP(480), FromDIP(150)));
    tsa_box->Add(m_tsas, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(6));
    auto* defaults = new wxButton(tsa_box->GetStaticBox(), wxID_ANY, _("Restore the defaults"));
    tsa_box->Add(defaults, 0, wxALL, FromDIP(6));
    if (std::getenv("SCELLE_TSA_URLS") != nullptr) {
        auto* env_note = new wxStaticText(
            tsa_box->GetStaticBox(), wxID_ANY,
            _("Note: the SCELLE_TSA_URLS variable is set; it takes precedence over this list."));
        tsa_box->Add(env_note, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    }
    main->Add(tsa_box, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Trust anchors.
    auto* ca_box = new wxStaticBoxSizer(wxVERTICAL, this, _("Extra trust anchors"));
    auto* ca_note = new wxStaticText(
        ca_box->GetStaticBox(), wxID_ANY,
        _("Certificates (PEM files) of authorities you trust besides those of the system, to "
          "check time-stamps."));
    wrap_label(ca_note, 70);
    ca_box->Add(ca_note, 0, wxALL, FromDIP(6));
    auto* ca_row = new wxBoxSizer(wxHORIZONTAL);
    m_anchors = new wxListBox(ca_box->GetStaticBox(), wxID_ANY, wxDefaultPosition,
                              wxSize(FromDIP(380), FromDIP(70)));
    ca_row->Add(m_anchors, 1, wxEXPAND | wxRIGHT, FromDIP(6));
    auto* ca_buttons = new wxBoxSizer(wxVERTICAL);
    auto* add = new wxButton(ca_box->GetStaticBox(), wxID_ANY, _("Add..."));
    auto* remove = new wxButton(ca_box->GetStaticBox(), wxID_ANY, _("Remove"));
    ca_buttons->Add(add, 0, wxEXPAND | wxBOTTOM, FromDIP(4));
    ca_buttons->Add(remove, 0, wxEXPAND);
    ca_row->Add(ca_buttons, 0);
    ca_box->Add(ca_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    main->Add(ca_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Store.
    auto* store_box = new wxStaticBoxSizer(wxVERTICAL, this, _("Where the cases are kept"));
    m_store = new wxDirPickerCtrl(store_box->GetStaticBox(), wxID_ANY, wxEmptyString,
                                  _("Choose the folder of the cases"), wxDefaultPosition,
                                  wxSize(FromDIP(480), -1), wxDIRP_USE_TEXTCTRL);
    store_box->Add(m_store, 0, wxEXPAND | wxALL, FromDIP(6));
    auto* store_note = new wxStaticText(
        store_box->GetStaticBox(), wxID_ANY,
        _("Cases already in the old folder are not moved. Used the next time the program starts."));
    wrap_label(store_note, 70);
    store_box->Add(store_note, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    main->Add(store_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Reading the pictures (for the search), where this build can.
    if (ocr::available()) {
        auto* read_box =
            new wxStaticBoxSizer(wxVERTICAL, this, _("Search in the words of the pictures"));
        m_read_pictures = new wxCheckBox(read_box->GetStaticBox(), wxID_ANY,
                                         _("&Read the text of each new picture by machine"));
        read_box->Add(m_read_pictures, 0, wxALL, FromDIP(6));
        auto* read_note = new wxStaticText(
            read_box->GetStaticBox(), wxID_ANY,
            _("In the background, on this computer only: nothing is sent. The transcript helps "
              "to find words across the case; it is not evidence. Sensitive pictures are never "
              "read."));
        wrap_label(read_note, 70);
        read_box->Add(read_note, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
        main->Add(read_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    }

    m_message_text = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message_text->SetForegroundColour(wxColour(0xb0, 0x1c, 0x1c));
    main->Add(m_message_text, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_message_text->Hide();

    auto* buttons = new wxStdDialogButtonSizer();
    auto* ok = new wxButton(this, wxID_OK, _("Save"));
    buttons->AddButton(ok);
    buttons->AddButton(new wxButton(this, wxID_CANCEL, _("Cancel")));
    buttons->Realize();
    ok->SetDefault();
    main->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizer(main);

    defaults->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { restore_default_tsas(); });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { OnAddAnchor(); });
    remove->Bind(wxEVT_BUTTON,
                 [this](wxCommandEvent&) { remove_trust_anchor(m_anchors->GetSelection()); });
    ok->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { OnOk(); });
}

bool SettingsDialog::read_pictures() const {
    return m_read_pictures != nullptr ? m_read_pictures->GetValue() : m_gui.read_pictures;
}

void SettingsDialog::set_read_pictures(bool read) {
    if (m_read_pictures != nullptr)
        m_read_pictures->SetValue(read);
}

UiLanguage SettingsDialog::language() const {
    switch (m_language->GetSelection()) {
        case 1:
            return UiLanguage::fr;
        case 2:
            return UiLanguage::en;
        default:
            return UiLanguage::system;
    }
}

void SettingsDialog::set_language(UiLanguage language) {
    m_language->SetSelection(language == UiLanguage::fr ? 1 : language == UiLanguage::en ? 2 : 0);
}

std::vector<std::string> SettingsDialog::tsa_urls() const {
    wxArrayString strings;
    m_tsas->GetStrings(strings);
    std::vector<std::string> out;
    for (wxString s : strings) {
        s.Trim().Trim(false);
        if (!s.empty())
            out.push_back(to_utf8(s));
    }
    return out;
}

void SettingsDialog::set_tsa_urls(const std::vector<std::string>& urls) {
    wxArrayString strings;
    for (const auto& u : urls)
        strings.Add(utf8(u));
    m_tsas->SetStrings(strings);
}

void SettingsDialog::restore_default_tsas() {
    set_tsa_urls(core::default_tsa_urls());
}

std::vector<fs::path> SettingsDialog::trust_anchors() const {
    std::vector<fs::path> out;
    for (unsigned i = 0; i < m_anchors->GetCount(); ++i)
        out.push_back(to_path(m_anchors->GetString(i)));
    return out;
}

bool SettingsDialog::add_trust_anchor(const fs::path& pem) {
    if (auto certs = crypto::read_pem_certificates(pem); !certs.ok() || certs->empty()) {
        show_message(
            // TRANSLATORS: %s is a file path.
            wxString::Format(_("\"%s\" holds no certificate that can be read (a PEM file is "
                               "needed); it was not added."),
                             shown_path(pem)));
        return false;
    }
    const fs::path absolute = fs::absolute(pem);
    for (const auto& a : trust_anchors())
        if (a == absolute)
            return true;
    m_anchors->Append(path_text(absolute));
    show_message(wxEmptyString);
    return true;
}

void SettingsDialog::remove_trust_anchor(int index) {
    if (index >= 0 && static_cast<unsigned>(index) < m_anchors->GetCount())
        m_anchors->Delete(static_cast<unsigned>(index));
}

fs::path SettingsDialog::store() const {
    wxString path = m_store->GetPath();
    path.Trim().Trim(false);
    const fs::path p = to_path(path);
    // The default folder is saved as "none", so that SCELLE_STORE keeps working.
    if (p.empty() || p == core::Store::default_root())
        return {};
    return p;
}

void SettingsDialog::set_store(const fs::path& dir) {
    m_store->SetPath(path_text(dir.empty() ? core::Store::default_root() : dir));
}

void SettingsDialog::show_message(const wxString& sentence) {
    m_message = sentence;
    m_message_text->SetLabelText(sentence);
    wrap_label(m_message_text, 80);
    m_message_text->Show(!sentence.empty());
    fit_within_screen(this);
}

bool SettingsDialog::Save(GuiSettings& out) {
    core::SettingsFile file = m_file;
    const std::vector<std::string> urls = tsa_urls();
    // The defaults stay "the defaults" (they may change with a new version) unless the file
    // already named a list or the user changed it.
    if (m_file_had_urls || urls != core::default_tsa_urls())
        file.tsa_urls = urls;
    else
        file.tsa_urls.reset();
    file.trust_anchors = trust_anchors();
    const fs::path core_path = core::settings_path();
    if (auto saved = core::save_settings_file(core_path, file); !saved.ok()) {
        const Error& e = saved.error();
        // TRANSLATORS: %s is a file path; the system's reason follows in parentheses.
        show_message(wxString::Format(_("The settings could not be saved in \"%s\" (%s)."),
                                      shown_path(core_path),
                                      shown(e.detail.empty() ? e.subject : e.detail)));
        return false;
    }
    GuiSettings gui = m_gui;
    gui.language = language();
    gui.store = store();
    gui.read_pictures = read_pictures();
    if (!gui.save()) {
        // TRANSLATORS: %s is a file path.
        show_message(wxString::Format(_("The settings could not be saved in \"%s\"."),
                                      path_text(gui_settings_path())));
        return false;
    }
    m_file = file;
    m_file_had_urls = file.tsa_urls.has_value();
    m_gui = gui;
    out = gui;
    show_message(wxEmptyString);
    return true;
}

void SettingsDialog::OnOk() {
    try {
        GuiSettings saved;
        if (Save(saved) && IsModal())
            EndModal(wxID_OK);
    } catch (...) {
        show_message(_("An unexpected error stopped the saving."));
    }
}

void SettingsDialog::OnAddAnchor() {
    try {
        wxFileDialog pick(this, _("Choose a certificate (PEM)"), wxEmptyString, wxEmptyString,
                          _("Certificates (*.pem;*.crt)|*.pem;*.crt|All files|*"),
                          wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() == wxID_OK)
            add_trust_anchor(to_path(pick.GetPath()));
    } catch (...) {
    }
}

}  // namespace scelle::gui::dlg

namespace scelle::gui {

bool show_settings_dialog(wxWindow* parent, GuiSettings& settings) {
    try {
        dlg::SettingsDialog dialog(parent, settings);
        if (dialog.ShowModal() != wxID_OK)
            return false;
        settings.language = dialog.language();
        settings.store = dialog.store();
        settings.read_pictures = dialog.read_pictures();
        return true;
    } catch (...) {
        // Exceptions never leave a dialog.
    }
    return false;
}

}  // namespace scelle::gui
