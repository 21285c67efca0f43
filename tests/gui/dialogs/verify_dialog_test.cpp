// The verification dialog on real bundles (tests/support/bundle_fixture.h): a sealed bundle is
// green, an unsealed one orange, a tampered one red with the path named, a file that is not a
// zip grey with one sentence; dropped files go through the same path; the colours map
// scelle-cli verify's exit codes exactly.
#include "verify_dialog.h"

#include <wx/app.h>
#include <wx/dnd.h>

#include "bundle_fixture.h"
#include "dialog_test_env.h"
#include "scelle/store/settings.h"
#include "verify_text.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;
using core::BundleVerdict;
using dlg::VerdictTone;
using dlg::VerifyDialog;

struct DestroyLater {
    void operator()(wxWindow* w) const { w->Destroy(); }
};

class VerifyDialogTest : public DialogTest {
  protected:
    void SetUp() override {
        DialogTest::SetUp();
        if (IsSkipped())
            return;
        use_local_tsa();  // the fixture's tokens come from it; its CA is a trust anchor
        dialog.reset(new VerifyDialog(nullptr, gui));
        dialog->Show();
    }
    scelle::test::BundleFiles make_bundle(const scelle::test::FixtureOptions& o = {}) {
        return scelle::test::make_valid_bundle(dir / "fixture-store", *tsa, o);
    }
    void verify(const fs::path& zip) {
        ASSERT_TRUE(dialog->Verify(zip));
        ASSERT_TRUE(pump_until([&] { return !dialog->running(); }));
        ASSERT_TRUE(dialog->report().has_value());
    }

    std::unique_ptr<VerifyDialog, DestroyLater> dialog;
};

TEST_F(VerifyDialogTest, ASealedBundleIsGreenAndNamesItsAuthority) {
    const auto b = make_bundle();
    const fs::path zip = dir / "ok.zip";
    scelle::test::write_bundle_zip(b, zip);
    verify(zip);
    EXPECT_EQ(dialog->report()->verdict, BundleVerdict::intact_and_sealed);
    EXPECT_EQ(dialog->tone(), VerdictTone::green);
    EXPECT_EQ(dialog->headline(), "Intact and sealed");
    EXPECT_TRUE(dialog->explanation().StartsWith("Nothing in it was changed since "))
        << dialog->explanation();
    // The authority by its name, not its distinguished name ("CN=…,O=…").
    EXPECT_FALSE(dialog->explanation().Contains("CN=")) << dialog->explanation();
    EXPECT_TRUE(dialog->problem_rows().empty());
    EXPECT_TRUE(dialog->details().Contains("Time-stamp of the manifest")) << dialog->details();
    EXPECT_TRUE(dialog->details().Contains("verified, trusted authority")) << dialog->details();
    EXPECT_FALSE(dialog->passphrase_shown());
}

TEST_F(VerifyDialogTest, AnUnsealedBundleIsOrange) {
    const auto b = make_bundle({/*seal_manifest=*/false, /*pending_item=*/true});
    const fs::path zip = dir / "unsealed.zip";
    scelle::test::write_bundle_zip(b, zip);
    verify(zip);
    EXPECT_EQ(dialog->report()->verdict, BundleVerdict::intact_unsealed);
    EXPECT_EQ(dialog->tone(), VerdictTone::orange);
    EXPECT_EQ(dialog->headline(), "Intact, but not sealed");
}

TEST_F(VerifyDialogTest, WithoutTheAuthorityAmongTheAnchorsASealedBundleIsOrange) {
    const auto b = make_bundle();
    const fs::path zip = dir / "ok.zip";
    scelle::test::write_bundle_zip(b, zip);
    ASSERT_TRUE(core::save_settings_file(core::settings_path(), core::SettingsFile{}).ok());
    verify(zip);
    EXPECT_EQ(dialog->report()->verdict, BundleVerdict::intact_unsealed);
    EXPECT_EQ(dialog->tone(), VerdictTone::orange);
    EXPECT_TRUE(dialog->explanation().Contains("an authority you do not trust"))
        << dialog->explanation();
}

TEST_F(VerifyDialogTest, ATamperedBundleIsRedAndListsThePathInPlainWords) {
    auto b = make_bundle();
    std::string evidence;
    for (auto& [path, bytes] : b.files) {
        if (path.rfind("data/evidence/", 0) == 0) {
            bytes[bytes.size() / 2] ^= 0x01;  // one bit of one original
            evidence = path;
            break;
        }
    }
    ASSERT_FALSE(evidence.empty());
    const fs::path zip = dir / "tampered.zip";
    scelle::test::write_bundle_zip(b, zip);
    verify(zip);
    EXPECT_EQ(dialog->report()->verdict, BundleVerdict::altered);
    EXPECT_EQ(dlg::verdict_exit_code(dialog->report()->verdict), 1);
    EXPECT_EQ(dialog->tone(), VerdictTone::red);
    EXPECT_EQ(dialog->headline(), "Altered or incomplete");
    const auto rows = dialog->problem_rows();
    bool named = false;
    for (const auto& [path, what] : rows)
        named = named || (path == wxString::FromUTF8(evidence) &&
                          what == wxString::FromUTF8("changed: its SHA-256 is not the manifest’s"));
    EXPECT_TRUE(named) << "no row names " << evidence;
}

TEST_F(VerifyDialogTest, AFileThatIsNotAZipIsUnreadableInOneSentence) {
    const fs::path notzip = dir / "photo.zip";
    scelle::test::write_file(notzip, "\x89PNG\r\n\x1a\n this is not a zip at all");
    verify(notzip);
    EXPECT_EQ(dialog->report()->verdict, BundleVerdict::unreadable);
    EXPECT_EQ(dlg::verdict_exit_code(dialog->report()->verdict), 2);
    EXPECT_EQ(dialog->tone(), VerdictTone::grey);
    EXPECT_EQ(dialog->headline(), "Cannot be checked");
    EXPECT_EQ(dialog->explanation(),
              wxString::FromUTF8("This file is not a Scellé bundle (not a zip)."));
    EXPECT_FALSE(dialog->passphrase_shown());
}

TEST_F(VerifyDialogTest, AFileThatDoesNotExistIsUnreadable) {
    verify(dir / "absent.zip");
    EXPECT_EQ(dialog->tone(), VerdictTone::grey);
    EXPECT_EQ(dialog->explanation(), "This file does not exist.");
}

TEST_F(VerifyDialogTest, OneDroppedFileIsVerifiedAndSeveralAreRefused) {
    const auto b = make_bundle();
    const fs::path zip = dir / "dropped.zip";
    scelle::test::write_bundle_zip(b, zip);
    wxArrayString two;
    two.Add(wxString::FromUTF8(zip.string()));
    two.Add(wxString::FromUTF8(zip.string()));
    EXPECT_FALSE(dialog->DropFiles(two));
    EXPECT_EQ(dialog->headline(), "One bundle at a time");
    EXPECT_FALSE(dialog->running());

    wxDropTarget* target = dialog->GetDropTarget();
    ASSERT_NE(target, nullptr) << "the window accepts dropped files";
    auto* files = dynamic_cast<wxFileDropTarget*>(target);
    ASSERT_NE(files, nullptr);
    wxArrayString one;
    one.Add(wxString::FromUTF8(zip.string()));
    EXPECT_TRUE(files->OnDropFiles(10, 10, one));
    ASSERT_TRUE(pump_until([&] { return !dialog->running(); }));
    EXPECT_EQ(dialog->bundle(), zip);
    EXPECT_EQ(dialog->tone(), VerdictTone::green);
}

TEST(VerifyText, TheColoursMapScelleCliVerifyExitCodesExactly) {
    EXPECT_EQ(dlg::verdict_exit_code(BundleVerdict::intact_and_sealed), 0);
    EXPECT_EQ(dlg::verdict_exit_code(BundleVerdict::intact_unsealed), 3);
    EXPECT_EQ(dlg::verdict_exit_code(BundleVerdict::altered), 1);
    EXPECT_EQ(dlg::verdict_exit_code(BundleVerdict::unsafe), 1);
    EXPECT_EQ(dlg::verdict_exit_code(BundleVerdict::unreadable), 2);
    EXPECT_EQ(dlg::verdict_tone(BundleVerdict::intact_and_sealed), VerdictTone::green);
    EXPECT_EQ(dlg::verdict_tone(BundleVerdict::intact_unsealed), VerdictTone::orange);
    EXPECT_EQ(dlg::verdict_tone(BundleVerdict::altered), VerdictTone::red);
    EXPECT_EQ(dlg::verdict_tone(BundleVerdict::unsafe), VerdictTone::red);
    EXPECT_EQ(dlg::verdict_tone(BundleVerdict::unreadable), VerdictTone::grey);
}

}  // namespace
}  // namespace scelle::gui::test
