// SettingsDialog: the language of the interface (system, French, English: at the next start),
// the time-stamp authorities in the order they are tried (editable, with "restore defaults"),
// extra trust anchors (PEM files), and the store folder. Saving writes gui.ini (GuiSettings)
// and the core's settings.json (core::save_settings_file), which scelle-cli reads too.
//
// show_settings_dialog() (dialogs.h) is a thin modal wrapper; tests drive this class directly.
// GUI thread only.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <wx/dialog.h>

#include "gui_settings.h"
#include "scelle/store/settings.h"

class wxCheckBox;
class wxChoice;
class wxDirPickerCtrl;
class wxEditableListBox;
class wxListBox;
class wxStaticText;

namespace scelle::gui::dlg {

class SettingsDialog : public wxDialog {
  public:
    SettingsDialog(wxWindow* parent, const GuiSettings& settings);

    UiLanguage language() const;
    void set_language(UiLanguage language);
    std::vector<std::string> tsa_urls() const;
    void set_tsa_urls(const std::vector<std::string>& urls);
    void restore_default_tsas();
    std::vector<std::filesystem::path> trust_anchors() const;
    // Adds a PEM file after checking it holds a certificate; false (message() says why) if not.
    bool add_trust_anchor(const std::filesystem::path& pem);
    void remove_trust_anchor(int index);
    // Whether new pictures are read by machine in the background (GuiSettings::read_pictures);
    // the box is there only where this build can read pictures.
    bool read_pictures() const;
    void set_read_pictures(bool read);
    std::filesystem::path store() const;  // empty: the default store
    void set_store(const std::filesystem::path& dir);

    // Writes both files; `out` gets the new preferences. False, with message(), when a file
    // cannot be written (nothing is lost: the dialog stays open).
    bool Save(GuiSettings& out);
    // The last refusal or error; empty when none. The warning about a settings file that
    // could not be read when the dialog opened comes first.
    wxString message() const { return m_message; }

  private:
    void build();
    void OnOk();
    void OnAddAnchor();
    void show_message(const wxString& sentence);

    GuiSettings m_gui;
    core::SettingsFile m_file;     // as read, to keep what the dialog does not show
    bool m_file_had_urls = false;  // the file named its own list
    wxString m_message;

    wxChoice* m_language = nullptr;
    wxEditableListBox* m_tsas = nullptr;
    wxListBox* m_anchors = nullptr;
    wxDirPickerCtrl* m_store = nullptr;
    wxCheckBox* m_read_pictures = nullptr;  // absent where pictures cannot be read
    wxStaticText* m_message_text = nullptr;
};

}  // namespace scelle::gui::dlg
