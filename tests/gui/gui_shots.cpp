// scelle-gui-shots MODE OUT.png [fr|en]: opens one window of the application (not the main
// window: tests/gui/main_window_shots.sh takes that one from the real program) in French or
// English, waits for it to be drawn, and saves its pixels from the X screen with ImageMagick's
// `import`. At 200 %: GDK_SCALE=2. tests/gui/dialog_shots.sh makes them all, for docs/images/.
// MODE: wizard-1 … wizard-4 (the new-case steps), link, link-sensitive, withdraw, account,
// countdown, region (the region overlay over a made-up conversation, a rectangle being drawn),
// viewer (a capture in the item viewer), viewer-sensitive (a sensitive item in it),
// suggestions (the names and links read in a picture's transcript, in a case of its own).
// Not a test.
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <wx/app.h>
#include <wx/dcmemory.h>
#include <wx/display.h>
#include <wx/evtloop.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/init.h>
#include <wx/timer.h>
#include <wx/uiaction.h>

#include "account_dialog.h"
#include "countdown.h"
#include "item_viewer.h"
#include "link_dialog.h"
#include "new_case_wizard.h"
#include "region_overlay.h"
#include "scelle/store/store.h"
#include "suggestions_dialog.h"
#include "translations.h"
#include "window_snap.h"
#include "withdraw_dialog.h"
#include "workers.h"

namespace {

using scelle::gui::shots::pump_for;

using scelle::gui::shots::snap;

// Shows `d` modally, takes its picture once it is drawn, and closes it.
bool snap_modal(wxDialog& d, const std::string& out) {
    bool ok = false;
    wxTimer timer;
    timer.Bind(wxEVT_TIMER, [&](wxTimerEvent&) {
        ok = snap(&d, out);
        d.EndModal(wxID_CANCEL);
    });
    timer.StartOnce(300);
    d.ShowModal();
    return ok;
}

// A made-up conversation as a chat application shows it, in the interface's language: the
// screen the region overlay darkens.
scelle::capture::Frame conversation(int width, int height, bool french) {
    wxBitmap bmp(width, height, 24);
    {
        wxMemoryDC dc(bmp);
        dc.SetBackground(wxBrush(wxColour(30, 31, 36)));
        dc.Clear();
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.SetBrush(wxBrush(wxColour(20, 21, 25)));
        dc.DrawRectangle(0, 0, width / 5, height);
        wxFont font(wxFontInfo(11).Family(wxFONTFAMILY_SWISS));
        dc.SetFont(font);
        dc.SetTextForeground(wxColour(200, 200, 205));
        const wxString names[] = {wxT("#général"), wxT("#jeux"), wxT("max_2011"), wxT("Léa")};
        for (int i = 0; i < 4; ++i)
            dc.DrawText(names[i], 20, 30 + i * 34);
        // Written here in both languages: the test programs have no catalog of their own.
        const wxString fr[] = {
            wxT("Salut ! Tu joues encore ce soir ?"),
            wxT("Oui, après mes devoirs"),
            wxT("T’es trop forte. Tu as quel âge ?"),
            wxT("12"),
            wxT("Envoie-moi une photo de toi, personne ne saura"),
            wxT("C’est notre secret, ne dis rien à tes parents"),
        };
        const wxString en[] = {
            wxT("Hi! Are you playing again tonight?"),
            wxT("Yes, after my homework"),
            wxT("You are really good. How old are you?"),
            wxT("12"),
            wxT("Send me a photo of you, nobody will know"),
            wxT("It's our secret, don't tell your parents"),
        };
        const wxString* lines = french ? fr : en;
        int y = 130;
        for (int i = 0; i < 6; ++i) {
            const bool mine = i == 1 || i == 3;
            const wxSize ts = dc.GetTextExtent(lines[i]);
            const int x = mine ? width - ts.x - 60 : width / 5 + 30;
            dc.SetBrush(wxBrush(mine ? wxColour(47, 94, 210) : wxColour(52, 54, 62)));
            dc.DrawRoundedRectangle(x - 14, y - 8, ts.x + 28, ts.y + 16, 12);
            dc.SetTextForeground(*wxWHITE);
            dc.DrawText(lines[i], x, y);
            y += ts.y + 30;
        }
    }
    const wxImage img = bmp.ConvertToImage();
    scelle::capture::Frame f;
    f.width = static_cast<std::uint32_t>(width);
    f.height = static_cast<std::uint32_t>(height);
    f.rgb.assign(img.GetData(), img.GetData() + static_cast<std::size_t>(width) * height * 3);
    f.bounds = {0, 0, width, height};
    f.backend = "fake";
    return f;
}

int run(const std::string& mode, const std::string& out, bool french) {
    using namespace scelle;
    if (mode.rfind("wizard-", 0) == 0) {
        gui::NewCaseWizard wizard(nullptr);
        const std::size_t page = std::stoul(mode.substr(7)) - 1;
        if (page >= wizard.pages().size())
            return 2;
        bool ok = false;
        wxTimer timer;
        timer.Bind(wxEVT_TIMER, [&](wxTimerEvent&) {
            if (wizard.GetCurrentPage() != wizard.pages()[page])
                wizard.ShowPage(wizard.pages()[page]);
            ok = snap(&wizard, out);
            wizard.EndModal(wxID_CANCEL);
        });
        timer.StartOnce(300);
        wizard.run();
        return ok ? 0 : 1;
    }
    if (mode == "link" || mode == "link-sensitive") {
        core::Account max;
        max.id = 1;
        max.platform = "Discord";
        max.handle = "@max_2011";
        gui::LinkDialog d(nullptr, {max}, mode == "link-sensitive");
        d.CentreOnScreen();
        return snap_modal(d, out) ? 0 : 1;
    }
    if (mode == "withdraw") {
        core::Item it;
        it.seq = 3;
        it.kind = "screenshot";
        it.sha256 = std::string(64, 'a');
        it.description = "Capture de la mauvaise fenêtre";
        gui::WithdrawDialog d(nullptr, it);
        d.CentreOnScreen();
        return snap_modal(d, out) ? 0 : 1;
    }
    if (mode == "account") {
        gui::AccountDialog d(nullptr);
        d.CentreOnScreen();
        return snap_modal(d, out) ? 0 : 1;
    }
    if (mode == "countdown") {
        bool ok = false;
        bool done = false;
        auto* c = new gui::Countdown(10, [&](bool) { done = true; });
        c->present();
        pump_for(std::chrono::milliseconds(1500));
        ok = snap(c, out);
        if (!done)
            c->Close(true);
        pump_for(std::chrono::milliseconds(100));
        return ok ? 0 : 1;
    }
    if (mode == "region") {
        const wxRect screen = wxDisplay(0u).GetGeometry();
        bool done = false;
        auto* overlay = new gui::RegionOverlay(conversation(screen.width, screen.height, french),
                                               [&](std::optional<capture::Rect>) { done = true; });
        overlay->Show();
        pump_for(std::chrono::milliseconds(800));
        // A rectangle being drawn around two messages, the mouse button still down.
        wxUIActionSimulator sim;
        sim.MouseMove(screen.width / 5 + 10, 196);
        sim.MouseDown();
        pump_for(std::chrono::milliseconds(200));
        sim.MouseMove(screen.width / 5 + 520, 300);
        pump_for(std::chrono::milliseconds(200));
        sim.MouseMove(screen.width / 5 + 560, 354);
        pump_for(std::chrono::milliseconds(500));
        const std::string cmd = "import -window root '" + out + "'";
        const bool ok = std::system(cmd.c_str()) == 0;
        sim.MouseUp();
        pump_for(std::chrono::milliseconds(200));
        if (!done)
            overlay->Close(true);
        pump_for(std::chrono::milliseconds(100));
        return ok ? 0 : 1;
    }
    if (mode == "viewer" || mode == "viewer-sensitive") {
        // The made-up conversation as a phone's screenshot, item 1 of 2; item 2 is sensitive.
        const std::string png = out + ".source.png";
        const capture::Frame f = conversation(720, 1280, french);
        wxImage(static_cast<int>(f.width), static_cast<int>(f.height),
                const_cast<unsigned char*>(f.rgb.data()), true)
            .SaveFile(wxString::FromUTF8(png), wxBITMAP_TYPE_PNG);
        core::Item shot;
        shot.seq = 1;
        shot.kind = "file";
        shot.name = "Screenshot_2026-12-01-21-04-12.png";
        shot.media_type = "image/png";
        shot.sha256 = std::string(64, 'a');
        shot.description =
            french ? "Il demande une photo et son âge" : "He asks for a photo and her age";
        core::Item hidden = shot;
        hidden.seq = 2;
        hidden.sensitive = true;
        hidden.description.reset();
        gui::Workers workers;
        bool ok = false;
        {
            gui::ItemViewer v(nullptr, wxTheApp, workers, {shot, hidden}, {png, png},
                              mode == "viewer" ? 0 : 1);
            v.Show();
            pump_for(std::chrono::milliseconds(1500));
            ok = snap(&v, out);
            v.Hide();
        }
        workers.join_all();
        std::remove(png.c_str());
        return ok ? 0 : 1;
    }
    if (mode == "suggestions") {
        // A case of its own in a folder made for it, one picture read as below.
        char folder[] = "/tmp/scelle-shots-XXXXXX";
        if (::mkdtemp(folder) == nullptr)
            return 1;
        const std::filesystem::path root(folder);
        const capture::Frame f = conversation(720, 640, french);
        const std::filesystem::path png = root / "Screenshot_2026-12-01-21-04-12.png";
        wxImage(static_cast<int>(f.width), static_cast<int>(f.height),
                const_cast<unsigned char*>(f.rgb.data()), true)
            .SaveFile(wxString::FromUTF8(png.string()), wxBITMAP_TYPE_PNG);
        bool ok = false;
        {
            core::Store store(root / "store");
            auto id = store.create_case({french ? "Messages de max_2011" : "Messages from max_2011",
                                         "police",
                                         {"grooming"},
                                         std::nullopt});
            if (!id.ok())
                return 1;
            auto cs = store.open_case(*id, core::Access::read_write);
            if (!cs.ok())
                return 1;
            core::ImportRequest req;
            req.files = {png};
            auto imp = (*cs)->import_files(req);
            if (!imp.ok())
                return 1;
            core::Transcript t;
            t.item_seq = (*imp)[0].seq;
            t.engine = "tesseract 5.3.0";
            t.languages = "fra+eng";
            const char* fr[] = {"Max : ajoute-moi sur snap @max.2011_off",
                                "Max : regarde www.jeux-cadeaux-exemple.fr/gagne",
                                "Max : ou écris à max2011@exemple.fr",
                                "Léa : demande à @zoe_cm2, elle a son numéro"};
            const char* en[] = {
                "Max: add me on snap @max.2011_off", "Max: look at www.free-games-example.com/win",
                "Max: or write to max2011@example.com", "Lea: ask @zoe_cm2, she has his number"};
            for (int i = 0; i < 4; ++i)
                t.lines.push_back({french ? fr[i] : en[i], 40, 130 + i * 60, 520, 30, 91});
            if (!(*cs)->save_transcript(t).ok())
                return 1;
            auto* d = new gui::SuggestionsDialog(nullptr, root / "store", *id);
            d->CentreOnScreen();
            d->Show();
            pump_for(std::chrono::milliseconds(800));
            ok = snap(d, out);
            d->Destroy();
            pump_for(std::chrono::milliseconds(100));
        }
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
        return ok ? 0 : 1;
    }
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: scelle-gui-shots MODE OUT.png [fr|en]\n");
        return 2;
    }
    const std::string lang = argc == 4 ? argv[3] : "fr";
    scelle::gui::use_utf8_locale();
    ::setenv("GDK_BACKEND", "x11", 0);
    ::setenv("NO_AT_BRIDGE", "1", 0);
    ::setenv("SCELLE_TSA_URLS", "", 1);
    int wx_argc = 1;
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(wx_argc, argv) || !wxTheApp->CallOnInit())
        return 1;
    wxInitAllImageHandlers();
    scelle::gui::setup_translations(lang, SCELLE_TEST_LOCALE_DIR);
    int rc = 1;
    try {
        rc = run(argv[1], wxFileName(wxString::FromUTF8(argv[2])).GetAbsolutePath().utf8_string(),
                 lang == "fr");
    } catch (...) {
        rc = 1;
    }
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
