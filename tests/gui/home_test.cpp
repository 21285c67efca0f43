// The case's home: three steps (Capture, Describe, Send) and the "ready to send?" checklist;
// and the count that matters to a stressed parent: from a fresh start to a first sealed,
// exported bundle in six clicks, each one a real mouse click on the screen; and in six key
// presses for a person who uses only the keyboard (Enter ×3, Alt+S, Ctrl+E, Enter).
#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/display.h>
#include <wx/timer.h>
#include <wx/uiaction.h>
#include <wx/wizard.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "case_steps.h"
#include "gui_test_env.h"
#include "new_case_wizard.h"
#include "scelle/store/store.h"
#include "status_counts.h"
#include "test_tsa.h"
#include "translations.h"
#include "x11_active.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

core::Item item(std::int64_t seq, std::int64_t log_seq, bool sealed, bool described) {
    core::Item it;
    it.seq = seq;
    it.kind = "screenshot";
    it.log_seq = log_seq;
    if (sealed)
        it.timestamp.status = core::TimestampStatus::granted;
    if (described)
        it.description = "what it shows";
    return it;
}

std::string line(const std::string& action, const nlohmann::json& more = {}) {
    nlohmann::json j = more.is_object() ? more : nlohmann::json::object();
    j["action"] = action;
    return j.dump();
}

TEST(Readiness, FollowsTheItemsAndWhatTheLogSaysWasMadeAfterTheLastOne) {
    // Lines: 1 case, 2 item 1, 3 report, 4 item 2.
    std::vector<std::string> log = {line("case.created"), line("item.captured"),
                                    line("report.made"), line("item.captured")};
    std::vector<core::Item> items = {item(1, 2, true, true), item(2, 4, false, false)};
    Readiness r = ready_to_send(items, log);
    EXPECT_EQ(r.items, 2);
    EXPECT_EQ(r.sealed, 1);
    EXPECT_EQ(r.described, 1);
    // The report was made before the second item: it does not cover it.
    EXPECT_FALSE(r.report_made);
    EXPECT_FALSE(r.exported);

    log.push_back(line("bundle.exported", {{"bundle", "a.zip"}, {"report_sha256", "00"}}));
    r = ready_to_send(items, log);
    EXPECT_TRUE(r.report_made);
    EXPECT_TRUE(r.exported);
    EXPECT_EQ(r.bundle, "a.zip");

    // A bundle without its report is not a report.
    log.back() = line("bundle.exported", {{"bundle", "b.zip"}});
    r = ready_to_send(items, log);
    EXPECT_TRUE(r.exported);
    EXPECT_FALSE(r.report_made);

    // A withdrawn item is not counted: the report of line 3 covers every item still there.
    items[1].withdrawn_at = "2026-12-05T10:00:00Z";
    r = ready_to_send(items, log);
    EXPECT_EQ(r.items, 1);
    EXPECT_EQ(r.sealed, 1);
    EXPECT_TRUE(r.report_made);
}

using Home = MainFrameTest;

TEST_F(Home, TheStepsAndTheChecklistFollowTheCase) {
    // No case: no steps.
    EXPECT_FALSE(frame->steps()->IsShown());
    make_case();
    ASSERT_TRUE(frame->steps()->IsShown());
    EXPECT_FALSE(frame->steps()->send_button()->IsEnabled()) << "nothing to send yet";
    EXPECT_TRUE(frame->steps()->checklist_text().Contains(wxT("nothing captured yet")))
        << frame->steps()->checklist_text();

    frame->import_paths({write_png("a.png", 40, 30), write_png("b.png", 50, 30)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 2u);
    EXPECT_TRUE(frame->steps()->send_button()->IsEnabled());
    EXPECT_TRUE(frame->steps()->checklist_text().Contains(wxT("Sealed: 0 of 2 items")))
        << frame->steps()->checklist_text();
    EXPECT_TRUE(frame->steps()->checklist_text().Contains(wxT("Described: 0 of 2 items")));

    // "2. Describe" goes to the first item without a description, its box focused; once it
    // is described, to the next one.
    frame->describe_item(frame->items()[0].seq, wxT("the first message"));
    ASSERT_TRUE(wait_idle());
    frame->steps()->describe_button()->SetFocus();
    frame->describe_step();
    pump_for(std::chrono::milliseconds(100));
    EXPECT_EQ(frame->details()->shown_seq(), frame->items()[1].seq);
    EXPECT_EQ(wxWindow::FindFocus(), frame->details()->description_ctrl());
    EXPECT_TRUE(frame->steps()->checklist_text().Contains(wxT("Described: 1 of 2 items")))
        << frame->steps()->checklist_text();
}

// A click at the middle of `w`, on the screen, as a person makes it.
void click(wxWindow* w, int& clicks) {
    wxUIActionSimulator sim;
    const wxRect r = w->GetScreenRect();
    sim.MouseMove(r.x + r.width / 2, r.y + r.height / 2);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseClick();
    ++clicks;
}

template <typename T>
T* shown_top_level() {
    for (wxWindow* w : wxTopLevelWindows)
        if (auto* t = dynamic_cast<T*>(w); t && t->IsShown())
            return t;
    return nullptr;
}

// Steps that run from a timer, so they go on inside the wizard's and the dialogs' own
// event loops: each waits until `ready`, then acts.
class Script {
  public:
    struct Step {
        std::string what;
        std::function<bool()> ready;
        std::function<void()> act;
    };
    explicit Script(std::vector<Step> steps, std::chrono::seconds limit)
        : m_steps(std::move(steps)), m_deadline(std::chrono::steady_clock::now() + limit) {
        m_timer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll(); });
        m_timer.Start(100);
    }
    bool done() const { return m_next == m_steps.size(); }
    bool timed_out() const { return m_timed_out; }
    std::string waiting_for() const { return done() ? "" : m_steps[m_next].what; }

  private:
    void poll() {
        if (m_busy || done() || m_timed_out)
            return;
        if (std::chrono::steady_clock::now() > m_deadline) {
            // Stuck: the modal windows are closed so that the test ends and says where.
            m_timed_out = true;
            for (wxWindow* w : wxTopLevelWindows)
                if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal())
                    d->EndModal(wxID_CANCEL);
            return;
        }
        if (!m_steps[m_next].ready())
            return;
        m_busy = true;
        const std::size_t at = m_next++;
        m_steps[at].act();
        m_busy = false;
    }
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    std::chrono::steady_clock::time_point m_deadline;
    bool m_busy = false;
    bool m_timed_out = false;
    wxTimer m_timer;
};

// On a short window (1920×1080 at 200 % leaves GTK about 960×540) the lines under the steps
// and the hint are left out, so that a row of thumbnails shows whole; on a tall one they are
// there. The buttons keep their lines as tooltips.
TEST_F(Home, AShortWindowKeepsARowOfThumbnailsWhole) {
    make_case();
    frame->import_paths({write_png("a.png", 40, 30), write_png("b.png", 50, 30)});
    ASSERT_TRUE(wait_idle());
    for (const int height : {900, 540}) {
        frame->SetSize(frame->FromDIP(wxSize(960, height)));
        frame->Layout();
        pump_for(std::chrono::milliseconds(400));
        const wxRect tile = frame->item_list()->tile_rect(0);
        const wxRect view(frame->item_list()->GetClientSize());
        EXPECT_TRUE(view.Contains(tile))
            << "at " << height << " px high, the first thumbnail (" << tile.y << "+" << tile.height
            << ") is cut by the grid's " << view.height << " px";
        EXPECT_EQ(frame->steps()->compact(), height < 600) << height;
        EXPECT_FALSE(frame->steps()->capture_button()->GetToolTipText().empty());
    }
}

TEST_F(Home, AFirstSealedExportedBundleTakesSixClicksFromAFreshStart) {
    scelle::test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    const fs::path ca = dir / "test-ca.pem";
    tsa.pki().write_ca_pem(ca);
    const fs::path home = dir / "home";
    fs::create_directories(home);
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", home.c_str(), 1);
    ::setenv("SCELLE_TSA_URLS", tsa.url().c_str(), 1);
    ::setenv("SCELLE_TRUST_ANCHORS", ca.c_str(), 1);

    // A fresh start: an empty store, the window that offers the new-case steps by itself.
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
    GuiSettings settings;
    settings.store = store_root;
    frame = new MainFrame(store_root, settings, FirstRun::offer_new_case);
    frame->SetPosition(wxPoint(0, 0));
    frame->Show();

    int clicks = 0;
    auto wizard = [] { return shown_top_level<NewCaseWizard>(); };
    auto next = [&] { click(wizard()->FindWindow(wxID_FORWARD), clicks); };
    wxWizardPage* page = nullptr;
    auto page_changed = [&] {
        return wizard() && wizard()->GetCurrentPage() != page &&
               wizard()->GetCurrentPage()->IsShownOnScreen();
    };
    auto remember_and_next = [&] {
        page = wizard()->GetCurrentPage();
        next();
    };
    // The bundle exists, and the case's log says it was exported sealed.
    auto exported = [&]() -> std::optional<nlohmann::json> {
        if (!frame->current_case())
            return std::nullopt;
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        if (!cs.ok())
            return std::nullopt;
        auto lines = (*cs)->log_lines();
        if (!lines.ok())
            return std::nullopt;
        for (const auto& l : *lines) {
            auto j = nlohmann::json::parse(l, nullptr, false);
            if (j.is_object() && j.value("action", "") == "bundle.exported")
                return j;
        }
        return std::nullopt;
    };
    Script script(
        {
            {"the new-case steps", [&] { return page_changed(); }, remember_and_next},
            {"page 2", [&] { return page_changed(); }, remember_and_next},
            {"page 3", [&] { return page_changed(); }, remember_and_next},
            {"the last page's capture button",
             [&] {
                 return page_changed() &&
                        wizard()->FindWindow(wxT("capture-now"))->IsShownOnScreen();
             },
             [&] { click(wizard()->FindWindow(wxT("capture-now")), clicks); }},
            {"the capture, sealed",
             [&] {
                 return !wizard() && frame->IsShown() && frame->idle() &&
                        count_items(frame->items()).sealed == 1 &&
                        frame->steps()->send_button()->IsEnabled();
             },
             [&] { click(frame->steps()->send_button(), clicks); }},
            {"the export dialog",
             [&] {
                 auto* d = shown_top_level<wxDialog>();
                 return d != nullptr && d->FindWindow(wxID_OK) != nullptr &&
                        d->FindWindow(wxID_OK)->IsShownOnScreen();
             },
             [&] { click(shown_top_level<wxDialog>()->FindWindow(wxID_OK), clicks); }},
            // Not a click of the count: the bundle is there; the dialog is closed for the test.
            {"the bundle, written and recorded", [&] { return exported().has_value(); },
             [&] {
                 if (auto* d = shown_top_level<wxDialog>())
                     d->EndModal(wxID_CANCEL);
             }},
        },
        std::chrono::seconds(120));
    const bool finished = pump_until([&] { return script.done() || script.timed_out(); },
                                     std::chrono::seconds(150)) &&
                          script.done();
    pump_for(std::chrono::milliseconds(100));
    ::setenv("HOME", old_home.c_str(), 1);
    ::setenv("SCELLE_TSA_URLS", "", 1);
    ::unsetenv("SCELLE_TRUST_ANCHORS");
    ASSERT_TRUE(finished) << "stuck waiting for " << script.waiting_for() << " after " << clicks
                          << " clicks; " << frame->last_notice().utf8_string();
    EXPECT_LE(clicks, 6);
    const auto line = *exported();
    EXPECT_TRUE(line.value("sealed", false)) << line.dump();
    EXPECT_TRUE(line.contains("report_sha256")) << "the bundle holds its report";
    EXPECT_TRUE(fs::is_regular_file(home / line.value("bundle", std::string("?")))) << line.dump();
    EXPECT_EQ(count_items(frame->items()).sealed, 1);
}

// The same first bundle for a person who uses only the keyboard, in `lang`: every key is a
// real key press through XTest (a chord such as Alt+S is one press), sent to whichever window
// the X server gives the keyboard, as a person's keys are. `frame` is replaced by the window
// of a first start on a store of its own.
void first_bundle_by_keyboard(const std::string& lang, const fs::path& dir, MainFrame*& frame) {
    ASSERT_TRUE(setup_translations(lang, fs::path(SCELLE_TEST_SHARE_DIR) / "locale")) << lang;
    const fs::path store_root = dir / ("store-" + lang);
    scelle::test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    const fs::path ca = dir / "test-ca.pem";
    tsa.pki().write_ca_pem(ca);
    const fs::path home = dir / ("home-" + lang);
    fs::create_directories(home);
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", home.c_str(), 1);
    ::setenv("SCELLE_TSA_URLS", tsa.url().c_str(), 1);
    ::setenv("SCELLE_TRUST_ANCHORS", ca.c_str(), 1);

    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
    GuiSettings settings;
    settings.store = store_root;
    // The mouse pointer out of the way, over no window: without a window manager the X server
    // sends the keys to the window under the pointer unless a window takes the keyboard; a
    // keyboard user's keys must not depend on where the mouse was left.
    {
        const wxRect screen = wxDisplay(0u).GetGeometry();
        warp_pointer(screen.GetBottomRight());
    }
    frame = new MainFrame(store_root, settings, FirstRun::offer_new_case);
    frame->SetPosition(wxPoint(0, 0));
    frame->Show();

    int keys = 0;
    std::vector<std::string> typed;
    auto press = [&](std::vector<std::string> chord) {
        std::string name;
        for (const auto& k : chord)
            name += (name.empty() ? "" : "+") + k;
        typed.push_back(name + " (focus: " + keyboard_focus() + ")");
        EXPECT_TRUE(press_keys(chord)) << name;
        ++keys;
    };
    auto wizard = [] { return shown_top_level<NewCaseWizard>(); };
    wxWizardPage* page = nullptr;
    auto page_changed = [&] {
        return wizard() && wizard()->GetCurrentPage() != page &&
               wizard()->GetCurrentPage()->IsShownOnScreen();
    };
    // A person types once the window is there and takes the keys: the X server gives them to
    // `w`, or to its parent while `w` is modal (GTK hands them on to the modal window).
    auto keys_reach = [&](wxWindow* w) {
        return w != nullptr && (has_keyboard_focus(w) ||
                                (w->GetParent() != nullptr && has_keyboard_focus(w->GetParent())));
    };
    auto enter_on_page = [&] {
        page = wizard()->GetCurrentPage();
        press({"Return"});
    };
    auto exported = [&]() -> std::optional<nlohmann::json> {
        if (!frame->current_case())
            return std::nullopt;
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        if (!cs.ok())
            return std::nullopt;
        auto lines = (*cs)->log_lines();
        if (!lines.ok())
            return std::nullopt;
        for (const auto& l : *lines) {
            auto j = nlohmann::json::parse(l, nullptr, false);
            if (j.is_object() && j.value("action", "") == "bundle.exported")
                return j;
        }
        return std::nullopt;
    };
    Script script(
        {
            {"the new-case steps, taking the keys",
             [&] { return page_changed() && keys_reach(wizard()); }, enter_on_page},
            {"page 2", [&] { return page_changed(); }, enter_on_page},
            {"page 3", [&] { return page_changed(); }, enter_on_page},
            {"the last page",
             [&] {
                 return page_changed() &&
                        wizard()->FindWindow(wxT("capture-now"))->IsShownOnScreen();
             },
             [&] {
                 page = wizard()->GetCurrentPage();
                 // "Capture the &screen now", by its underlined letter in this language.
                 const wxString label = wizard()->FindWindow(wxT("capture-now"))->GetLabel();
                 const int amp = label.Find('&');
                 press({"Alt_L",
                        amp == wxNOT_FOUND ? "none" : label.Mid(amp + 1, 1).Lower().utf8_string()});
             }},
            {"the capture, sealed, and the window back",
             [&] {
                 return !wizard() && frame->IsShownOnScreen() && keys_reach(frame) &&
                        frame->idle() && count_items(frame->items()).sealed == 1 &&
                        frame->steps()->send_button()->IsEnabled();
             },
             // "3. Send" is the Case menu's "Export the bundle…".
             [&] {
                 press({"Control_L", "e"});
             }},
            {"the export dialog",
             [&] {
                 auto* d = shown_top_level<wxDialog>();
                 return d != nullptr && d->FindWindow(wxID_OK) != nullptr &&
                        d->FindWindow(wxID_OK)->IsShownOnScreen() && keys_reach(d);
             },
             [&] { press({"Return"}); }},
            {"the bundle, written and recorded", [&] { return exported().has_value(); },
             [&] {
                 if (auto* d = shown_top_level<wxDialog>())
                     d->EndModal(wxID_CANCEL);
             }},
        },
        std::chrono::seconds(120));
    const bool finished = pump_until([&] { return script.done() || script.timed_out(); },
                                     std::chrono::seconds(150)) &&
                          script.done();
    pump_for(std::chrono::milliseconds(100));
    ::setenv("HOME", old_home.c_str(), 1);
    ::setenv("SCELLE_TSA_URLS", "", 1);
    ::unsetenv("SCELLE_TRUST_ANCHORS");
    std::string log;
    for (const auto& t : typed)
        log += "\n  " + t;
    ASSERT_TRUE(finished) << lang << ": stuck waiting for " << script.waiting_for() << " after "
                          << keys << " keys (the window " << (frame->IsShown() ? "shown" : "hidden")
                          << ", keyboard: " << keyboard_focus(frame) << "); "
                          << frame->last_notice().utf8_string() << log;
    EXPECT_LE(keys, 6) << lang << log;
    const auto line = *exported();
    EXPECT_TRUE(line.value("sealed", false)) << line.dump();
    EXPECT_TRUE(line.contains("report_sha256")) << "the bundle holds its report";
    EXPECT_TRUE(fs::is_regular_file(home / line.value("bundle", std::string("?")))) << line.dump();
    EXPECT_EQ(count_items(frame->items()).sealed, 1);
}

class HomeKeys : public MainFrameTest {
  protected:
    void TearDown() override {
        MainFrameTest::TearDown();
        if (g_wx_ready)
            setup_translations("en", fs::path(SCELLE_TEST_SHARE_DIR) / "locale");
    }
};

TEST_F(HomeKeys, AFirstSealedExportedBundleByKeyboardOnlyInEnglish) {
    first_bundle_by_keyboard("en", dir.path(), frame);
}

// The underlined letters and the shortcuts of the French window (Alt+C, Ctrl+E).
TEST_F(HomeKeys, AFirstSealedExportedBundleByKeyboardOnlyInFrench) {
    first_bundle_by_keyboard("fr", dir.path(), frame);
}

}  // namespace
}  // namespace scelle::gui::test
