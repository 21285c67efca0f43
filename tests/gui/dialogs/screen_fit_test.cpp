// The dialogs on a small screen: on a 1920×1080 screen at 200 % (960×540 for GTK; the ctest
// entry DialogsOnScreen.200pc runs these tests with GDK_SCALE=2) the settings and a failed
// verification were taller than the screen, their top out of reach. Each dialog must stay on
// the screen, with every part of it inside.
#include <wx/display.h>

#include "bundle_fixture.h"
#include "dialog_test_env.h"
#include "settings_dialog.h"
#include "verify_dialog.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

struct DestroyLater {
    void operator()(wxWindow* w) const { w->Destroy(); }
};

// What lies outside the screen or outside the dialog, in words (empty: all is in sight).
std::vector<std::string> out_of_sight(wxTopLevelWindow* d) {
    std::vector<std::string> out;
    const wxRect screen = wxDisplay(d).GetClientArea();
    const wxRect window = d->GetScreenRect();
    auto text = [](const wxRect& r) {
        return "(" + std::to_string(r.x) + "," + std::to_string(r.y) + " " +
               std::to_string(r.width) + "x" + std::to_string(r.height) + ")";
    };
    if (!screen.Contains(window))
        out.push_back("the dialog " + text(window) + " is not inside the screen " + text(screen));
    const wxRect inside(d->ClientToScreen(wxPoint(0, 0)), d->GetClientSize());
    for (wxWindow* w : d->GetChildren()) {
        if (!w->IsShown())
            continue;
        const wxRect r = w->GetScreenRect();
        if (!inside.Contains(r) || r.height < 4)
            out.push_back(wxString(w->GetClassInfo()->GetClassName()).utf8_string() + " \"" +
                          w->GetLabel().utf8_string() + "\" " + text(r) +
                          " is not whole inside the dialog " + text(inside));
    }
    return out;
}

class DialogsOnScreen : public DialogTest {};

TEST_F(DialogsOnScreen, TheSettingsStayOnTheScreenWithEveryPartInside) {
    use_local_tsa();
    std::unique_ptr<dlg::SettingsDialog, DestroyLater> d(new dlg::SettingsDialog(nullptr, gui));
    d->Show();
    pump_for(std::chrono::milliseconds(300));
    for (const auto& o : out_of_sight(d.get()))
        ADD_FAILURE() << o;
}

TEST_F(DialogsOnScreen, AFailedVerificationStaysOnTheScreenWithEveryPartInside) {
    use_local_tsa();
    std::unique_ptr<dlg::VerifyDialog, DestroyLater> d(new dlg::VerifyDialog(nullptr, gui));
    d->Show();
    auto b = scelle::test::make_valid_bundle(dir / "fixture-store", *tsa);
    for (auto& [path, bytes] : b.files)
        if (path.rfind("data/evidence/", 0) == 0)
            bytes[bytes.size() / 2] ^= 0x01;
    b.files["data/evidence/0003-ajout.png"] = "added afterwards";
    const fs::path zip = dir / "tampered.zip";
    scelle::test::write_bundle_zip(b, zip);
    ASSERT_TRUE(d->Verify(zip));
    ASSERT_TRUE(pump_until([&] { return !d->running(); }));
    pump_for(std::chrono::milliseconds(300));
    EXPECT_GE(d->problem_rows().size(), 3u);
    for (const auto& o : out_of_sight(d.get()))
        ADD_FAILURE() << o;
}

}  // namespace
}  // namespace scelle::gui::test
