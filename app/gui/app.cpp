// scelle: the desktop application. Chooses the language, opens the store and shows the main
// window; everything else lives in the scelle_gui library so the tests run the same code.
#include <wx/app.h>
#include <wx/image.h>
#include <wx/msgdlg.h>
#include <wx/weakref.h>

#include <memory>

#include "dialogs/dialog_support.h"
#include "dialogs/dialogs.h"
#include "dialogs/gui_settings.h"
#include "main_frame.h"
#include "single_instance.h"
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
            // `scelle --verify BUNDLE`: the verification window alone, for a bundle received
            // (the "Verify with Scellé" entry of a zip's menu on Windows). It only reads the
            // bundle: no store is opened and another running Scellé is left alone.
            if (argc == 3 && argv[1] == wxT("--verify")) {
                show_verify_dialog(nullptr, settings, dlg::to_path(argv[2]));
                m_other_runs = true;
                return true;
            }
            // A second start brings the first one's window to the front and ends here.
            m_single = std::make_unique<SingleInstance>(SingleInstance::default_dir());
            if (!m_single->claim([this] { raise_window(); })) {
                m_other_runs = true;
                return true;
            }
            auto* frame = new MainFrame(settings.store_root(), settings);
            m_frame = frame;
            frame->Show();
            return true;
        } catch (const std::exception& e) {
            wxMessageBox(wxString::FromUTF8(e.what()), wxT("Scellé"), wxOK | wxICON_ERROR);
            return false;
        }
    }

    int OnRun() override { return m_other_runs ? 0 : wxApp::OnRun(); }

    // Exceptions never leave an event handler; this is the last line if one does.
    bool OnExceptionInMainLoop() override {
        wxMessageBox(_("Something unexpected happened inside Scellé. Your evidence is kept; "
                       "please restart Scellé."),
                     wxT("Scellé"), wxOK | wxICON_ERROR);
        return true;
    }

  private:
    void raise_window() {
        if (!m_frame)
            return;
        if (m_frame->IsIconized())
            m_frame->Iconize(false);
        m_frame->Show();
        m_frame->Raise();
        m_frame->RequestUserAttention();
    }

    std::unique_ptr<SingleInstance> m_single;
    wxWeakRef<MainFrame> m_frame;
    bool m_other_runs = false;  // nothing left to run: another Scellé, or --verify done
};

}  // namespace scelle::gui

wxIMPLEMENT_APP(scelle::gui::App);
