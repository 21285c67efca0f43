// scelle-dialog-shots MODE OUT.png [fr|en]: opens one dialog (in French unless told) on a sample
// case or bundle made here (a temporary store, the local test TSA), waits for it to be drawn, and
// saves the dialog's pixels from the X screen with ImageMagick's `import`. For docs/images/, under
// Xvfb:
//   Xvfb :73 -screen 0 1920x1080x24 &
//   DISPLAY=:73 GDK_BACKEND=x11 NO_AT_BRIDGE=1 scelle-dialog-shots verify-ok shot.png
// MODE: export, export-done, verify-ok, verify-bad, report, settings. At 200 %: GDK_SCALE=2.
// tests/gui/dialog_shots.sh makes them all. Not a test.
#include <stdlib.h>

#include <cstdio>
#include <string>

#include <wx/app.h>
#include <wx/init.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

#include "bundle_fixture.h"
#include "dialog_test_env.h"
#include "export_dialog.h"
#include "report_dialog.h"
#include "scelle/jobs/i18n.h"
#include "settings_dialog.h"
#include "verify_dialog.h"
#include "window_snap.h"

namespace fs = std::filesystem;
namespace dlg = scelle::gui::dlg;
namespace gt = scelle::gui::test;
namespace st = scelle::test;

namespace {

// The sample: a store and a configuration of its own, the local TSA named in the settings.
struct Sample : gt::DialogTest {
    using DialogTest::dir;
    using DialogTest::gui;
    using DialogTest::make_case;
    using DialogTest::out_dir;
    using DialogTest::store;
    using DialogTest::tsa;
    void TestBody() override {}
    void start() {
        gt::g_wx_ready = true;
        SetUp();
        use_local_tsa();
    }
};

using scelle::gui::shots::snap;

int run(const std::string& mode, const std::string& out, bool french) {
    Sample s;
    s.start();
    s.gui.language = french ? scelle::gui::UiLanguage::fr : scelle::gui::UiLanguage::en;
    bool ok = false;
    if (mode == "export" || mode == "export-done") {
        const std::string id = s.make_case();
        auto* d = new dlg::ExportDialog(nullptr, *s.store, id, s.gui);
        d->set_launcher([](const fs::path&) { return true; });
        // A path as a user would see it (the form only shows it; nothing is written there).
        d->set_target(mode == "export" ? fs::path("/home/camille/Documents/scelle-" + id + ".zip")
                                       : s.out_dir / ("scelle-" + id + ".zip"));
        d->Show();
        if (mode == "export") {
            d->set_encrypt(true);
            d->set_passphrases(wxS("phrase secrete"), wxS("phrase secrete"));
        } else {
            d->Start();
            gt::pump_until([&] { return !d->running(); });
        }
        ok = snap(d, out);
        d->Destroy();
    } else if (mode == "verify-ok" || mode == "verify-bad") {
        auto b = st::make_valid_bundle(s.dir / "fixture-store", *s.tsa);
        if (mode == "verify-bad") {
            for (auto& [path, bytes] : b.files)
                if (path.rfind("data/evidence/", 0) == 0)
                    bytes[bytes.size() / 2] ^= 0x01;
            b.files["data/evidence/0003-ajout.png"] = "ajouté après coup";
        }
        const fs::path zip = s.out_dir / ("scelle-" + b.case_id + ".zip");
        st::write_bundle_zip(b, zip);
        auto* d = new dlg::VerifyDialog(nullptr, s.gui);
        d->Show();
        wxArrayString files;
        files.Add(wxString::FromUTF8(zip.string()));
        d->DropFiles(files);
        gt::pump_until([&] { return !d->running(); });
        d->CentreOnScreen();
        ok = snap(d, out);
        d->Destroy();
    } else if (mode == "report") {
        const std::string id = s.make_case();
        auto* d = new dlg::ReportDialog(nullptr, *s.store, id, s.gui);
        d->Show();
        ok = snap(d, out);
        d->Destroy();
    } else if (mode == "settings") {
        auto* d = new dlg::SettingsDialog(nullptr, s.gui);
        d->Show();
        ok = snap(d, out);
        d->Destroy();
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    gt::pump_for(std::chrono::milliseconds(100));
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: scelle-dialog-shots MODE OUT.png [fr|en]\n");
        return 2;
    }
    const bool french = argc == 3 || std::string(argv[3]) == "fr";
    const std::string mode = argv[1];
    const std::string out = fs::absolute(argv[2]).string();
    ::setenv("GDK_BACKEND", "x11", 0);
    ::setenv("NO_AT_BRIDGE", "1", 0);
    int wx_argc = 1;
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(wx_argc, argv) || !wxTheApp->CallOnInit())
        return 1;
    wxUILocale::UseDefault();
    auto* translations = new wxTranslations();
    wxTranslations::Set(translations);
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(SCELLE_DIALOGS_LOCALE_DIR);
    translations->SetLanguage(french ? wxS("fr") : wxS("en"));
    translations->AddStdCatalog();  // wx's own buttons ("Browse"), from wx3.2-i18n
    if (french)
        translations->AddCatalog(wxS("scelle-dialogs"));
    // The sentences of the jobs library (a problem of the verified bundle) in the same language.
    scelle::jobs::use_language(french ? scelle::jobs::Language::fr : scelle::jobs::Language::en,
                               SCELLE_JOBS_LOCALE_DIR);
    int rc = 1;
    try {
        rc = run(mode, out, french);
    } catch (...) {
        rc = 1;
    }
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
