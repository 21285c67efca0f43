// scelle: the desktop application. Chooses the language, opens the store and shows the main
// window; everything else lives in the scelle_gui library so the tests run the same code.
#include <wx/app.h>
#include <wx/image.h>
#include <wx/msgdlg.h>

#include "dialogs/gui_settings.h"
#include "main_frame.h"
#include "translations.h"

namespace scelle::gui {

class App : public wxApp {
  public:
    bool OnInit() override {
        try {
            GuiSettings settings = GuiSettings::load();
            setup_translations(settings.language_code());
            // Registered here, on the GUI thread, before any worker decodes a thumbnail.
            wxInitAllImageHandlers();
            SetAppName(wxT("scelle"));
            SetAppDisplayName(wxT("Scellé"));
            auto* frame = new MainFrame(settings.store_root(), settings);
            frame->Show();
            return true;
        } catch (const std::exception& e) {
            wxMessageBox(wxString::FromUTF8(e.what()), wxT("Scellé"), wxOK | wxICON_ERROR);
            return false;
        }
    }

    // Exceptions never leave an event handler; this is the last line if one does.
    bool OnExceptionInMainLoop() override {
        wxMessageBox(_("Something unexpected happened inside Scellé. Your evidence is kept; "
                       "please restart Scellé."),
                     wxT("Scellé"), wxOK | wxICON_ERROR);
        return true;
    }
};

}  // namespace scelle::gui

wxIMPLEMENT_APP(scelle::gui::App);
