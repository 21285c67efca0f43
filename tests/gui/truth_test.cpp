// What the main window says is what happened: a case folder that cannot be written is said
// when the case opens, and a picture the store refuses is held (not lost) until it is saved
// elsewhere or stored; "Seal now" says what came of it; the delay goes back to none after a
// capture; the proposed case name differs from the existing ones; a second start of the
// program brings the first one forward and ends.
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <wx/choice.h>
#include <wx/clipbrd.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "child_process.h"
#include "gui_test_env.h"
#include "new_case_wizard.h"
#include "translations.h"
#include "x11_active.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

// A folder made read-only for everybody, root included, by a read-only bind mount of itself;
// undone at the end of the scope.
class ReadOnlyFolder {
  public:
    explicit ReadOnlyFolder(const fs::path& p) : m_path(p) {
        if (::mount(p.c_str(), p.c_str(), nullptr, MS_BIND, nullptr) != 0)
            return;
        m_mounted = true;
        if (::mount(nullptr, p.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
            undo();
    }
    ~ReadOnlyFolder() { undo(); }
    bool active() const { return m_mounted; }
    void undo() {
        if (m_mounted)
            ::umount2(m_path.c_str(), MNT_DETACH);
        m_mounted = false;
    }

  private:
    fs::path m_path;
    bool m_mounted = false;
};

wxImage small_pattern() {
    wxImage img(48, 24);
    for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 48; ++x) {
            const auto c = pattern_pixel(x, y);
            img.SetRGB(x, y, c[0], c[1], c[2]);
        }
    return img;
}

void put_on_clipboard(const wxImage& img) {
    ASSERT_TRUE(wxTheClipboard->Open());
    wxTheClipboard->SetData(new wxBitmapDataObject(wxBitmap(img, 24)));
    wxTheClipboard->Close();
}

// Back to English when the test ends, whatever it asserted.
struct French {
    French() { ok = setup_translations("fr", fs::path(SCELLE_TEST_SHARE_DIR) / "locale"); }
    ~French() { setup_translations("en", fs::path(SCELLE_TEST_SHARE_DIR) / "locale"); }
    bool ok = false;
};

// The system's words (SQLite's, in English) must not reach the person.
void expect_no_english(const wxString& text) {
    for (const char* word :
         {"readonly", "read-only", "database", "attempt", "Permission", "file system"})
        EXPECT_FALSE(text.Contains(wxString::FromUTF8(word))) << word << " in: " << text;
}

using Truth = MainFrameTest;

TEST_F(Truth, AReadOnlyCaseIsSaidAndARefusedPasteIsHeldThenSavedElsewhereOrStored) {
    const std::string id = make_case();
    ASSERT_TRUE(wait_idle());
    ASSERT_TRUE(frame->case_writable());
    ReadOnlyFolder ro(store_root / "cases" / id);
    if (!ro.active())
        GTEST_SKIP() << "cannot mount here: " << std::strerror(errno);
    French fr;
    ASSERT_TRUE(fr.ok);

    // Said when the case is opened, in French, with what to do.
    frame->open_case(id);
    EXPECT_FALSE(frame->case_writable());
    const wxString opened = frame->last_notice();
    EXPECT_TRUE(opened.Contains(wxString::FromUTF8("ne peut pas être modifié"))) << opened;
    EXPECT_TRUE(opened.Contains(wxString::FromUTF8("Réglages"))) << opened;
    expect_no_english(opened);

    // A pasted picture the store refuses is held, and the notice says it was NOT kept.
    const wxImage img = small_pattern();
    put_on_clipboard(img);
    frame->paste_image();
    ASSERT_TRUE(wait_idle());
    EXPECT_TRUE(frame->items().empty());
    EXPECT_EQ(frame->unsaved_count(), 1u);
    const wxString refused = frame->last_notice();
    EXPECT_TRUE(refused.Contains(wxString::FromUTF8("PAS été gardée"))) << refused;
    EXPECT_FALSE(refused.Lower().Contains(wxString::FromUTF8("rien n’est perdu"))) << refused;
    expect_no_english(refused);

    // Saved elsewhere: a PNG with exactly the pixels pasted.
    const fs::path elsewhere = dir / "ailleurs";
    fs::create_directories(elsewhere);
    wxString problem;
    ASSERT_TRUE(frame->save_unsaved_to(elsewhere, &problem)) << problem;
    EXPECT_EQ(frame->unsaved_count(), 0u);
    std::vector<fs::path> saved;
    for (const auto& e : fs::directory_iterator(elsewhere))
        saved.push_back(e.path());
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].extension(), ".png");
    wxImage back(wxString(saved[0].c_str()), wxBITMAP_TYPE_PNG);
    ASSERT_TRUE(back.IsOk());
    ASSERT_EQ(back.GetWidth(), 48);
    for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 48; ++x)
            ASSERT_EQ(back.GetRed(x, y), img.GetRed(x, y)) << x << "," << y;

    // Refused again, then stored once the folder can be written.
    put_on_clipboard(img);
    frame->paste_image();
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(frame->unsaved_count(), 1u);
    frame->retry_unsaved();
    EXPECT_EQ(frame->unsaved_count(), 1u);  // still read-only
    ro.undo();
    frame->retry_unsaved();
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(frame->unsaved_count(), 0u);
    ASSERT_EQ(frame->items().size(), 1u) << frame->last_notice();
    EXPECT_EQ(frame->items().front().source.value_or(""), "clipboard");
    EXPECT_TRUE(frame->case_writable());
}

TEST_F(Truth, SealNowOfflineSaysNothingWasSealedAndWhenItIsAskedAgain) {
    make_case();
    frame->record_link({"https://example.invalid/p", std::string("profil"), {}, false, ""}, false,
                       nullptr);
    ASSERT_TRUE(wait_idle());
    // No authority set: said, with where to set one.
    frame->seal_now();
    ASSERT_TRUE(wait_idle());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("no time-stamp authority is set")))
        << frame->last_notice();
    // An authority that does not answer (nothing listens on port 9).
    ::setenv("SCELLE_TSA_URLS", "http://127.0.0.1:9/tsa", 1);
    French fr;
    ASSERT_TRUE(fr.ok);
    frame->seal_now();
    ASSERT_TRUE(wait_idle());
    const wxString said = frame->last_notice();
    ::setenv("SCELLE_TSA_URLS", "", 1);
    EXPECT_TRUE(said.Contains(wxString::FromUTF8("aucune autorité d’horodatage n’a répondu")))
        << said;
    EXPECT_TRUE(said.Contains(wxString::FromUTF8("toutes les cinq minutes"))) << said;
}

TEST_F(Truth, TheDelayGoesBackToNoneAfterACapture) {
    make_case();
    auto* delay = dynamic_cast<wxChoice*>(wxWindow::FindWindowByName(wxT("delay"), frame));
    ASSERT_NE(delay, nullptr);
    delay->SetSelection(1);
    ASSERT_EQ(frame->delay_seconds(), 3);
    frame->capture(capture::Target::all_screens, 0);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->IsShown(); }));
    EXPECT_EQ(frame->items().size(), 1u) << frame->last_notice();
    EXPECT_EQ(frame->delay_seconds(), 0);
    EXPECT_EQ(delay->GetSelection(), 0);
}

TEST_F(Truth, TheProposedCaseNameDiffersFromTheCasesOfThatDay) {
    auto* first = new NewCaseWizard(frame, frame->case_titles());
    const std::string proposed = first->title_ctrl()->GetValue().utf8_string();
    first->Destroy();
    make_case(proposed);
    auto* second = new NewCaseWizard(frame, frame->case_titles());
    const std::string next = second->title_ctrl()->GetValue().utf8_string();
    second->Destroy();
    EXPECT_EQ(next, proposed + " (2)");
    make_case(next);
    auto* third = new NewCaseWizard(frame, frame->case_titles());
    EXPECT_EQ(third->title_ctrl()->GetValue().utf8_string(), proposed + " (3)");
    third->Destroy();
}

// Waits up to `timeout` for the child to end; its exit code, or nullopt while it runs.
std::optional<int> ended(pid_t pid, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    do {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < end);
    return std::nullopt;
}

void stop(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

// A started Scellé's environment: everything of its own under `home`, no TSA.
std::map<std::string, std::string> own_home(const scelle::test::TempDir& home) {
    return {{"HOME", home.path().string()},
            {"XDG_RUNTIME_DIR", ""},
            {"XDG_CONFIG_HOME", (home / "config").string()},
            {"XDG_DATA_HOME", (home / "data").string()},
            {"SCELLE_STORE", (home / "store").string()},
            {"SCELLE_TSA_URLS", ""}};
}

TEST(SingleInstance, ASecondStartRaisesTheFirstAndEndsEvenAfterACrash) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    scelle::test::TempDir home{"scelle-single"};
    scelle::test::RunOptions opts;
    opts.env = own_home(home);
    const fs::path state = home / ".local" / "state" / "scelle";
    auto socket_exists = [&] {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(state, ec))
            if (e.path().extension() == ".socket")
                return true;
        return false;
    };
    const pid_t first = scelle::test::spawn({SCELLE_TEST_APP}, opts);
    bool listening = false;
    for (int i = 0; i < 400 && !listening; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        listening = socket_exists();
    }
    ASSERT_TRUE(listening) << "the first start made no socket in " << state;
    ASSERT_FALSE(ended(first, std::chrono::milliseconds(0)));

    // The second start is answered by the first and ends at once, successfully.
    const pid_t second = scelle::test::spawn({SCELLE_TEST_APP}, opts);
    const auto second_end = ended(second, std::chrono::seconds(20));
    if (!second_end)
        stop(second);
    EXPECT_EQ(second_end, std::optional<int>(0));
    EXPECT_FALSE(ended(first, std::chrono::milliseconds(0))) << "the first one stopped";

    // A crash leaves the lock and the socket behind: the next start runs all the same...
    stop(first);
    const pid_t third = scelle::test::spawn({SCELLE_TEST_APP}, opts);
    EXPECT_FALSE(ended(third, std::chrono::seconds(3))) << "a stale lock stopped Scellé starting";
    // ...and answers the one after it.
    const pid_t fourth = scelle::test::spawn({SCELLE_TEST_APP}, opts);
    const auto fourth_end = ended(fourth, std::chrono::seconds(20));
    if (!fourth_end)
        stop(fourth);
    EXPECT_EQ(fourth_end, std::optional<int>(0));
    stop(third);
}

// `scelle --verify BUNDLE` (the "Verify with Scellé" entry of a zip's menu on Windows): the
// verification window alone, which opens no store and leaves a running Scellé alone.
TEST(SingleInstance, VerifyFromTheCommandLineOpensTheVerificationAlone) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    scelle::test::TempDir home{"scelle-verify-arg"};
    scelle::test::write_file(home / "reçu de Zoë.zip", "not a zip");
    scelle::test::RunOptions opts;
    opts.env = own_home(home);
    opts.env["LANGUAGE"] = "en";
    const pid_t pid = scelle::test::spawn(
        {SCELLE_TEST_APP, "--verify", (home / "reçu de Zoë.zip").string()}, opts);
    bool shown = false, main_window = false;
    for (int i = 0; i < 400 && !shown; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const std::string& n : window_names()) {
            shown = shown || n == "Verify a bundle" || n == "Vérifier une archive";
            main_window = main_window || n.rfind("Scellé", 0) == 0;
        }
    }
    EXPECT_TRUE(shown) << "no verification window appeared";
    EXPECT_FALSE(main_window) << "the main window opened too";
    EXPECT_FALSE(ended(pid, std::chrono::milliseconds(0))) << "it ended without showing anything";
    stop(pid);
    EXPECT_FALSE(fs::exists(home / "store")) << "a store was opened";
    EXPECT_FALSE(fs::exists(home / ".local" / "state" / "scelle")) << "it took the single instance";
}

}  // namespace
}  // namespace scelle::gui::test
