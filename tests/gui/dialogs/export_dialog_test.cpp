// The export dialog driven as a user would (form, Export, Close), without ShowModal: the zip it
// writes is checked by the core's verifier, a cancellation or a refusal leaves nothing at the
// target, an encrypted bundle opens with its passphrase only.
#include <atomic>
#include <fstream>
#include <future>

#include <wx/app.h>
#include <wx/button.h>

#include "dialog_support.h"
#include "dialog_test_env.h"
#include "export_dialog.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/crypto/trust_store.h"
#include "verify_dialog.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;
using dlg::ExportDialog;
using dlg::JobState;

// A top-level window is destroyed by wx, not by delete.
struct DestroyLater {
    void operator()(wxWindow* w) const { w->Destroy(); }
};
template <typename T>
using WindowPtr = std::unique_ptr<T, DestroyLater>;

class ExportDialogTest : public DialogTest {
  protected:
    WindowPtr<ExportDialog> open(const std::string& case_id) {
        WindowPtr<ExportDialog> d(new ExportDialog(nullptr, *store, case_id, gui));
        d->set_launcher([this](const fs::path& p) {
            launched.push_back(p);
            return true;
        });
        d->Show();
        return d;
    }
    // Runs the export to its end; false if it did not end in time.
    static bool run(ExportDialog& d) {
        if (!d.Start())
            return false;
        return pump_until([&] { return !d.running(); });
    }
    core::BundleReport verify(const fs::path& zip, std::optional<std::string> pass = {}) {
        crypto::TrustStoreOptions o{crypto::SystemAnchors::skip, std::nullopt, {}};
        if (!ca_pem.empty())
            o.user_files.push_back(ca_pem);
        auto trust = crypto::TrustStore::create(o);
        EXPECT_TRUE(trust.ok());
        core::VerifyOptions v;
        v.trust = &*trust;
        v.passphrase = std::move(pass);
        return core::verify_bundle(zip, v);
    }

    std::vector<fs::path> launched;
};

TEST_F(ExportDialogTest, ExportWithTheLocalTsaWritesABundleTheVerifierFindsIntactAndSealed) {
    use_local_tsa();
    const std::string id = make_case();
    auto d = open(id);
    const fs::path out = out_dir / "preuves.zip";
    d->set_target(out);
    d->set_language("fr");
    EXPECT_TRUE(d->include_report());
    ASSERT_TRUE(run(*d));
    ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
    EXPECT_TRUE(d->message().Contains(wxString::FromUTF8(out.string()))) << d->message();
    EXPECT_TRUE(d->message().Contains("Sealed: time-stamped by")) << d->message();
    // Sealed: the only outcome in green.
    EXPECT_EQ(d->message_tone(), dlg::Tone::success);
    EXPECT_EQ(d->message_colour(), dlg::tone_text_colour(dlg::Tone::success));
    ASSERT_TRUE(d->outcome().has_value());
    EXPECT_TRUE(d->outcome()->sealed);
    ASSERT_TRUE(d->outcome()->report.has_value());
    EXPECT_EQ(d->outcome()->report->lang, "fr");

    const core::BundleReport r = verify(out);
    EXPECT_EQ(r.verdict, core::BundleVerdict::intact_and_sealed);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.case_id, id);

    // "Open folder" opens the folder that holds the bundle.
    EXPECT_TRUE(d->can_open_result());
    d->OpenResult();
    ASSERT_EQ(launched.size(), 1u);
    EXPECT_EQ(launched[0], out_dir);
}

TEST_F(ExportDialogTest, AnOfflineExportIsIntactButNotSealedAndSaysSo) {
    const std::string id = make_case();
    auto d = open(id);
    const fs::path out = out_dir / "offline.zip";
    d->set_target(out);
    d->set_include_report(false);
    ASSERT_TRUE(run(*d));
    ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
    EXPECT_TRUE(d->message().Contains("NOT sealed")) << d->message();
    EXPECT_TRUE(d->message().Contains("No time-stamp authority is configured")) << d->message();
    EXPECT_FALSE(d->outcome()->report.has_value());
    EXPECT_EQ(verify(out).verdict, core::BundleVerdict::intact_unsealed);
    // Written but not sealed: orange, never the green of a sealed bundle.
    EXPECT_EQ(d->message_tone(), dlg::Tone::caution);
    EXPECT_EQ(d->message_colour(), dlg::tone_text_colour(dlg::Tone::caution));
    EXPECT_NE(d->message_colour(), dlg::tone_text_colour(dlg::Tone::success));
}

// Each outcome has its own colour: green for success only, orange for done with a
// reservation, red for a failure.
TEST_F(ExportDialogTest, TheMessageColourFollowsWhatTheOutcomeMeans) {
    const wxColour green = dlg::tone_text_colour(dlg::Tone::success);
    const wxColour orange = dlg::tone_text_colour(dlg::Tone::caution);
    const wxColour red = dlg::tone_text_colour(dlg::Tone::failure);
    EXPECT_NE(green, orange);
    EXPECT_NE(green, red);
    EXPECT_NE(orange, red);
    // Green is green, orange is orange, red is red.
    EXPECT_GT(green.Green(), green.Red());
    EXPECT_GT(orange.Red(), orange.Green());
    EXPECT_GT(orange.Green(), orange.Blue());
    EXPECT_GT(red.Red(), 2 * red.Green());
    EXPECT_FALSE(dlg::tone_text_colour(dlg::Tone::neutral).IsOk());

    // A refused form: red.
    const std::string id = make_case();
    const fs::path taken = out_dir / "existe.zip";
    scelle::test::write_file(taken, "x");
    auto refused = open(id);
    refused->set_target(taken);
    EXPECT_FALSE(refused->Start());
    EXPECT_EQ(refused->message_tone(), dlg::Tone::failure);
    EXPECT_EQ(refused->message_colour(), red);

    // A sealed export (green) whose folder then cannot be opened: orange, no longer green.
    use_local_tsa();
    auto d = open(id);
    d->set_launcher([](const fs::path&) { return false; });
    d->set_target(out_dir / "scelle.zip");
    d->set_include_report(false);
    ASSERT_TRUE(run(*d));
    ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
    EXPECT_EQ(d->message_colour(), green) << d->message();
    d->OpenResult();
    EXPECT_TRUE(d->message().Contains("could not be opened")) << d->message();
    EXPECT_EQ(d->message_tone(), dlg::Tone::caution);
    EXPECT_EQ(d->message_colour(), orange);
}

TEST_F(ExportDialogTest, TheDefaultTargetIsTheCaseNamedZipAndANameWithoutExtensionGetsOne) {
    const std::string id = make_case();
    auto d = open(id);
    // The case's title (accents kept) and today's date, never its id.
    const std::string today = wxDateTime::Now().FormatISODate().utf8_string();
    const std::string name = "Messages insistants sur le jeu Étoiles " + today + ".zip";
    EXPECT_EQ(d->target().filename().string(), name);
    d->set_target(out_dir / "sans-extension");
    EXPECT_EQ(d->target(), out_dir / "sans-extension.zip");
    d.reset();
    // A file of that name is never proposed again.
    // In the test's own home (dialog_test_env.cpp), never the person's.
    const fs::path taken = dlg::documents_dir() / name;
    ASSERT_EQ(taken.parent_path().string().rfind(dir.path().string(), 0), 0u) << taken;
    const bool made = !fs::exists(taken);
    if (made)
        std::ofstream(taken) << "x";
    auto again = open(id);
    EXPECT_NE(again->target(), taken);
    EXPECT_EQ(again->target().filename().string(),
              "Messages insistants sur le jeu Étoiles " + today + "-2.zip");
    if (made)
        fs::remove(taken);
}

TEST(FileStemFromTitle, KeepsLettersAndRefusesWhatFileSystemsRefuse) {
    EXPECT_EQ(dlg::file_stem_from_title("Léa : « Max » / Snap?"), "Léa « Max » Snap");
    EXPECT_EQ(dlg::file_stem_from_title("  a\tb<>|*\"c  ..."), "a b c");
    EXPECT_EQ(dlg::file_stem_from_title("con"), "con_");
    EXPECT_EQ(dlg::file_stem_from_title("Com1.txt"), "Com1_.txt");
    EXPECT_EQ(dlg::file_stem_from_title("???"), "scelle");
    const std::string longer(70, 'a');
    EXPECT_EQ(dlg::file_stem_from_title(longer + "ééééééé"), longer + "ééééé");
}

TEST_F(ExportDialogTest, ClosingDuringTheExportAsksThenCancelsAndLeavesNothingAtTheTarget) {
    const std::string id = make_case(24u << 20);
    auto d = open(id);
    const fs::path out = out_dir / "cancelled.zip";
    d->set_target(out);
    d->set_include_report(false);
    // Hold the worker inside the core once the zip is being written, until the user has closed
    // the window: the cancellation then lands in the middle of the write, deterministically.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> held{false};
    ExportDialog* raw = d.get();
    d->set_poll_hook([raw, released, &held] {
        if (raw->job_progress() >= 0 && !held.exchange(true))
            released.wait();
    });
    int asked = 0;
    d->set_confirm_stop([&] {
        ++asked;
        return true;
    });
    ASSERT_TRUE(d->Start());
    ASSERT_TRUE(pump_until([&] { return held.load(); }));
    EXPECT_TRUE(d->running());
    d->Close();  // the window's close box
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(d->running()) << "the dialog waits for the core to clean up";
    release.set_value();
    ASSERT_TRUE(pump_until([&] { return !d->running(); }));
    EXPECT_EQ(d->state(), JobState::cancelled);
    EXPECT_TRUE(d->message().StartsWith("Export cancelled: nothing was written at"))
        << d->message();
    EXPECT_TRUE(d->closed());
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(names_in(out_dir), std::vector<std::string>{}) << "no temporary file left";
}

TEST_F(ExportDialogTest, AnsweringContinueWhenClosingLetsTheExportFinish) {
    const std::string id = make_case();
    auto d = open(id);
    const fs::path out = out_dir / "continued.zip";
    d->set_target(out);
    d->set_include_report(false);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> held{false};
    d->set_poll_hook([released, &held] {
        if (!held.exchange(true))
            released.wait();
    });
    d->set_confirm_stop([] { return false; });
    ASSERT_TRUE(d->Start());
    ASSERT_TRUE(pump_until([&] { return held.load(); }));
    d->Close();
    release.set_value();
    ASSERT_TRUE(pump_until([&] { return !d->running(); }));
    EXPECT_EQ(d->state(), JobState::succeeded) << d->message();
    EXPECT_FALSE(d->closed());
    EXPECT_TRUE(fs::exists(out));
}

TEST_F(ExportDialogTest, AnExistingTargetIsRefusedInOneSentenceAndIsNotReplaced) {
    const std::string id = make_case();
    const fs::path out = out_dir / "existe.zip";
    scelle::test::write_file(out, "not mine to replace");
    auto d = open(id);
    d->set_target(out);
    EXPECT_FALSE(d->Start());
    EXPECT_EQ(d->state(), JobState::editing);
    EXPECT_EQ(d->message(), wxString::FromUTF8("“" + out.string() +
                                               "” already exists and was left untouched; choose "
                                               "another name."));
    EXPECT_EQ(scelle::test::read_file(out), "not mine to replace");
}

TEST_F(ExportDialogTest, AFolderThatDoesNotExistIsRefusedInOneSentence) {
    const std::string id = make_case();
    auto d = open(id);
    d->set_target(out_dir / "absent" / "b.zip");
    EXPECT_FALSE(d->Start());
    EXPECT_TRUE(d->message().StartsWith(wxString::FromUTF8("The folder “"))) << d->message();
    EXPECT_TRUE(d->message().Contains("does not exist")) << d->message();
}

TEST_F(ExportDialogTest, EncryptionShowsTheWarningAndRefusesEmptyOrDifferentPassphrases) {
    const std::string id = make_case();
    auto d = open(id);
    d->set_target(out_dir / "chiffre.zip");
    EXPECT_FALSE(d->warning_shown());
    d->set_encrypt(true);
    EXPECT_TRUE(d->warning_shown()) << "the lost-passphrase warning comes before writing";
    d->set_passphrases("", "");
    EXPECT_FALSE(d->Start());
    EXPECT_TRUE(d->message().StartsWith("Type a passphrase, twice")) << d->message();
    d->set_passphrases("un secret", "un autre");
    EXPECT_FALSE(d->Start());
    EXPECT_EQ(d->message(), "The two passphrases differ: type them again.");
    EXPECT_FALSE(fs::exists(out_dir / "chiffre.zip"));
}

// Ticking "Encrypt" shows the passphrase boxes and the warning: the dialog grows to them, and
// its buttons stay whole inside it (they were cut off under the warning at 200 %).
TEST_F(ExportDialogTest, TickingEncryptGrowsTheDialogAndKeepsItsButtonsInside) {
    const std::string id = make_case();
    auto d = open(id);
    pump_for(std::chrono::milliseconds(200));
    const int before = d->GetSize().y;
    d->set_encrypt(true);
    pump_for(std::chrono::milliseconds(300));
    EXPECT_GT(d->GetSize().y, before);
    const wxRect inside(d->ClientToScreen(wxPoint(0, 0)), d->GetClientSize());
    int buttons = 0;
    for (wxWindow* w : d->GetChildren()) {
        if (!w->IsShown())
            continue;
        const wxRect r = w->GetScreenRect();
        EXPECT_TRUE(inside.Contains(r))
            << w->GetClassInfo()->GetClassName() << " \"" << w->GetLabel() << "\" at (" << r.x
            << "," << r.y << " " << r.width << "x" << r.height << ") is outside the dialog ("
            << inside.x << "," << inside.y << " " << inside.width << "x" << inside.height << ")";
        if (dynamic_cast<wxButton*>(w))
            ++buttons;
    }
    EXPECT_GE(buttons, 2);
}

TEST_F(ExportDialogTest, AnEncryptedBundleVerifiesWithTheRightPassphraseOnly) {
    const std::string id = make_case();
    auto d = open(id);
    const fs::path out = out_dir / "chiffre.zip";
    d->set_target(out);
    d->set_include_report(false);
    d->set_encrypt(true);
    const wxString pass = wxString::FromUTF8("phrase très secrète");
    d->set_passphrases(pass, pass);
    ASSERT_TRUE(run(*d));
    ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
    EXPECT_TRUE(d->outcome()->encrypted);
    EXPECT_TRUE(d->message().Contains("open it with 7-Zip")) << d->message();

    // The verification window: it asks for the passphrase, refuses a wrong one, then says
    // intact (not sealed: offline) with the right one.
    WindowPtr<dlg::VerifyDialog> v(new dlg::VerifyDialog(nullptr, gui));
    v->Show();
    ASSERT_TRUE(v->Verify(out));
    ASSERT_TRUE(pump_until([&] { return !v->running(); }));
    EXPECT_TRUE(v->passphrase_shown());
    EXPECT_EQ(v->headline(), "Encrypted: passphrase needed");
    EXPECT_EQ(v->tone(), dlg::VerdictTone::grey);

    v->set_passphrase("pas la bonne");
    ASSERT_TRUE(v->Verify(out));
    ASSERT_TRUE(pump_until([&] { return !v->running(); }));
    EXPECT_EQ(v->headline(), "Wrong passphrase");
    EXPECT_EQ(v->explanation(), "The passphrase is wrong. Type its passphrase, then click Verify.");
    EXPECT_TRUE(v->passphrase_shown());

    v->set_passphrase(pass);
    ASSERT_TRUE(v->Verify(out));
    ASSERT_TRUE(pump_until([&] { return !v->running(); }));
    ASSERT_TRUE(v->report().has_value());
    EXPECT_EQ(v->report()->verdict, core::BundleVerdict::intact_unsealed);
    EXPECT_EQ(v->tone(), dlg::VerdictTone::orange);
    EXPECT_EQ(v->headline(), "Intact, but not sealed");
}

}  // namespace
}  // namespace scelle::gui::test
