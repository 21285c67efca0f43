// Captures with the X11 backend under Xvfb: a known pattern is put on the screen and the
// sealed PNG must hold exactly its pixels — for the whole screen, and for a region chosen on
// the overlay with wxUIActionSimulator. Esc on the overlay adds nothing; a display that
// cannot be read gives one sentence and adds nothing.
#include <wx/display.h>
#include <wx/uiaction.h>

#include <cstdlib>

#include "gui_test_env.h"
#include "main_frame_ids.h"
#include "region_overlay.h"
#include "x11_active.h"

namespace scelle::gui::test {
namespace {

class Capture : public MainFrameTest {
  protected:
    void SetUp() override {
        MainFrameTest::SetUp();
        if (IsSkipped())
            return;
        screen = wxDisplay(0u).GetGeometry();
        pattern = new PatternFrame(screen);
        pattern->Show();
        pattern->Raise();
        // Wait for the pattern to be on the screen before anything reads it.
        pump_for(std::chrono::milliseconds(300));
        make_case();
    }
    void TearDown() override {
        if (pattern)
            pattern->Destroy();
        MainFrameTest::TearDown();
    }

    // How many pixels of the sealed item differ from the pattern at `origin`.
    long mismatches(const core::Item& it, wxPoint origin, std::string& first) {
        wxImage img(wxString(original_of(it).c_str()), wxBITMAP_TYPE_PNG);
        if (!img.IsOk()) {
            first = "the sealed PNG cannot be read";
            return -1;
        }
        long bad = 0;
        for (int y = 0; y < img.GetHeight(); ++y)
            for (int x = 0; x < img.GetWidth(); ++x) {
                const auto want = pattern_pixel(origin.x + x, origin.y + y);
                if (img.GetRed(x, y) != want[0] || img.GetGreen(x, y) != want[1] ||
                    img.GetBlue(x, y) != want[2]) {
                    if (bad++ == 0)
                        first = "first at " + std::to_string(x) + "," + std::to_string(y);
                }
            }
        return bad;
    }

    wxRect screen;
    PatternFrame* pattern = nullptr;
};

TEST_F(Capture, TheScreenIsSealedWithExactlyThePixelsShown) {
    frame->capture(capture::Target::screen, 0);
    // Scellé hides itself while the screen is read.
    EXPECT_FALSE(frame->IsShown());
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); }))
        << frame->last_notice();
    EXPECT_TRUE(frame->IsShown());
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.kind, "screenshot");
    EXPECT_EQ(it.width.value_or(0), screen.width);
    EXPECT_EQ(it.height.value_or(0), screen.height);
    std::string first;
    EXPECT_EQ(mismatches(it, screen.GetPosition(), first), 0) << first;
}

TEST_F(Capture, ARegionDraggedOnTheOverlayIsSealedAtItsExactBounds) {
    frame->start_region_capture(0);
    ASSERT_TRUE(pump_until([&] { return frame->overlay() && frame->overlay()->IsShown(); }))
        << frame->last_notice();
    pump_for(std::chrono::milliseconds(300));
    const int x = 300, y = 200;  // across a 256-pixel block edge, so an offset shows
    wxUIActionSimulator sim;
    sim.MouseMove(x, y);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseDown();
    pump_for(std::chrono::milliseconds(50));
    sim.MouseMove(x + 100, y + 75);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseMove(x + 200, y + 150);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseUp();
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); }))
        << frame->last_notice();
    EXPECT_EQ(frame->overlay(), nullptr);
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.kind, "screenshot");
    EXPECT_EQ(it.width.value_or(0), 200);
    EXPECT_EQ(it.height.value_or(0), 150);
    std::string first;
    EXPECT_EQ(mismatches(it, wxPoint(x, y), first), 0) << first;
}

TEST_F(Capture, ARegionPlacedWithTheKeyboardIsSealedAtItsExactBounds) {
    frame->start_region_capture(0);
    ASSERT_TRUE(pump_until([&] { return frame->overlay() && frame->overlay()->IsShown(); }))
        << frame->last_notice();
    pump_for(std::chrono::milliseconds(300));
    const wxSize client = frame->overlay()->GetClientSize();
    wxUIActionSimulator sim;
    // Without a window manager, X gives the keyboard to the window under the pointer.
    sim.MouseMove(5, 5);
    pump_for(std::chrono::milliseconds(50));
    auto press = [&](int key, int modifiers = wxMOD_NONE) {
        sim.Char(key, modifiers);
        pump_for(std::chrono::milliseconds(60));
    };
    // The first arrow shows a 400 × 300 rectangle in the middle of the screen.
    press(WXK_RIGHT);
    int x = (client.x - 400) / 2, y = (client.y - 300) / 2, w = 400, h = 300;
    press(WXK_RIGHT);
    press(WXK_RIGHT);
    press(WXK_RIGHT);  // 10 pixels a step
    x += 30;
    press(WXK_RIGHT, wxMOD_CONTROL);  // 50 with Ctrl
    x += 50;
    press(WXK_DOWN);
    y += 10;
    press(WXK_RIGHT, wxMOD_SHIFT);
    press(WXK_RIGHT, wxMOD_SHIFT);  // Shift: the size
    w += 20;
    press(WXK_UP, wxMOD_SHIFT);
    h -= 10;
    ASSERT_NE(frame->overlay(), nullptr) << "a key closed the overlay";
    press(WXK_RETURN);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); }))
        << frame->last_notice();
    EXPECT_EQ(frame->overlay(), nullptr);
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.width.value_or(0), w);
    EXPECT_EQ(it.height.value_or(0), h);
    std::string first;
    EXPECT_EQ(mismatches(it, screen.GetPosition() + wxPoint(x, y), first), 0) << first;
}

TEST_F(Capture, ADelayedCaptureHidesScelleCountsDownAndThenSeals) {
    frame->capture(capture::Target::screen, 3);
    // During the countdown Scellé is out of the way and nothing is read yet.
    pump_for(std::chrono::milliseconds(1500));
    EXPECT_FALSE(frame->IsShown());
    EXPECT_TRUE(frame->items().empty());
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); }))
        << frame->last_notice();
    EXPECT_TRUE(frame->IsShown());
    const core::Item& it = frame->items().front();
    std::string first;
    EXPECT_EQ(mismatches(it, screen.GetPosition(), first), 0) << first;
}

TEST_F(Capture, TheActiveWindowIsSealedWithItsTitle) {
    pattern->SetTitle(wxT("Discord — #général"));
    pump_for(std::chrono::milliseconds(100));
    if (!set_active_window(pattern))
        GTEST_SKIP() << "needs wxGTK on X11";
    frame->capture(capture::Target::window, 0);
    const bool done = pump_until([&] { return frame->idle() && !frame->items().empty(); });
    set_active_window(nullptr);
    ASSERT_TRUE(done) << frame->last_notice();
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.width.value_or(0), screen.width);
    EXPECT_EQ(it.height.value_or(0), screen.height);
    ASSERT_TRUE(it.source.has_value());
    EXPECT_NE(it.source->find("Discord — #général"), std::string::npos) << *it.source;
    std::string first;
    EXPECT_EQ(mismatches(it, screen.GetPosition(), first), 0) << first;
}

// A computer with two screens side by side: the button keeps the screen under the mouse
// pointer (where the user looks when a delay ends); the "which screen" menu lists each screen
// and all screens together, and each entry keeps exactly that area's pixels.
TEST_F(Capture, EachScreenCanBeKeptAndTheButtonKeepsTheOneUnderThePointer) {
    const wxRect left(0, 0, 1280, screen.height);
    const wxRect right(1280, 0, screen.width - 1280, screen.height);
    if (screen.width <= 1280 || !set_monitors({left, right}))
        GTEST_SKIP() << "needs X11 with RandR 1.5 and a screen wider than 1280 pixels";
    struct Restore {
        ~Restore() { set_monitors({}); }
    } restore;

    wxMenu menu;
    frame->fill_screens_menu(&menu);
    ASSERT_EQ(menu.GetMenuItemCount(), 4u);  // two screens, a separator, all screens
    const wxMenuItem* first = menu.FindItem(ID_CAPTURE_MONITOR);
    const wxMenuItem* second = menu.FindItem(ID_CAPTURE_MONITOR + 1);
    ASSERT_TRUE(first && second && menu.FindItem(ID_CAPTURE_ALL_SCREENS));
    EXPECT_TRUE(first->GetItemLabelText().Contains(wxString::Format(wxT("1280×%d"), screen.height)))
        << first->GetItemLabelText();
    EXPECT_TRUE(second->GetItemLabelText().Contains(
        wxString::Format(wxT("%d×%d"), right.width, right.height)))
        << second->GetItemLabelText();

    auto sealed_with_width = [&](int width) -> const core::Item* {
        for (const core::Item& it : frame->items())
            if (it.width.value_or(0) == width)
                return &it;
        return nullptr;
    };
    auto check = [&](const wxRect& area, const char* source) {
        const core::Item* it = sealed_with_width(area.width);
        ASSERT_NE(it, nullptr) << frame->last_notice();
        EXPECT_EQ(it->height.value_or(0), area.height);
        ASSERT_TRUE(it->source.has_value());
        EXPECT_NE(it->source->find(source), std::string::npos) << *it->source;
        std::string where;
        EXPECT_EQ(mismatches(*it, area.GetPosition(), where), 0) << where;
    };

    // The button: the pointer is on the right-hand screen.
    ASSERT_TRUE(warp_pointer(wxPoint(right.x + 100, 300)));
    frame->capture(capture::Target::screen, 0);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->items().size() == 1; }))
        << frame->last_notice();
    check(right, "Screen 2 of 2");

    // The menu's entries, as the menu bar and the toolbar's arrow send them.
    wxCommandEvent pick_first(wxEVT_MENU, ID_CAPTURE_MONITOR);
    frame->ProcessWindowEvent(pick_first);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->items().size() == 2; }))
        << frame->last_notice();
    check(left, "Screen 1 of 2");

    wxCommandEvent pick_all(wxEVT_MENU, ID_CAPTURE_ALL_SCREENS);
    frame->ProcessWindowEvent(pick_all);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->items().size() == 3; }))
        << frame->last_notice();
    check(screen, "All screens");
}

TEST_F(Capture, EscapeOnTheOverlayCancelsAndAddsNothing) {
    frame->start_region_capture(0);
    ASSERT_TRUE(pump_until([&] { return frame->overlay() && frame->overlay()->IsShown(); }));
    pump_for(std::chrono::milliseconds(300));
    wxUIActionSimulator sim;
    sim.MouseMove(600, 400);
    pump_for(std::chrono::milliseconds(50));
    sim.Char(WXK_ESCAPE);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->overlay() == nullptr; }));
    EXPECT_TRUE(frame->items().empty());
    EXPECT_TRUE(frame->IsShown());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("cancelled"))) << frame->last_notice();
}

TEST_F(Capture, ADisplayThatCannotBeReadGivesOneSentenceAndNothingIsAdded) {
    const std::string saved = std::getenv("DISPLAY");
    // The backend opens its own connection: point it at a display that does not exist.
    ::setenv("DISPLAY", ":987", 1);
    frame->capture(capture::Target::screen, 0);
    const bool done = pump_until([&] { return frame->idle() && frame->IsShown(); });
    ::setenv("DISPLAY", saved.c_str(), 1);
    ASSERT_TRUE(done);
    EXPECT_TRUE(frame->items().empty());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("Import"))) << frame->last_notice();
}

// The overlay's instructions fit a small screen, in lines: on one line they ran off a 1280-pixel
// screen in French and "Esc cancels" was not seen.
TEST(RegionOverlayHelp, TheInstructionsFitTheScreenInLines) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    capture::Frame grab;
    grab.width = 640;
    grab.height = 400;
    grab.rgb.assign(std::size_t{640} * 400 * 3, 90);
    grab.bounds = {0, 0, 640, 400};
    bool done = false;
    auto* overlay = new RegionOverlay(grab, [&](std::optional<capture::Rect>) { done = true; });
    overlay->Show();
    pump_until([&] { return !overlay->help_box().IsEmpty(); }, std::chrono::seconds(5));
    const wxRect box = overlay->help_box();
    EXPECT_FALSE(box.IsEmpty());
    EXPECT_TRUE(wxRect(overlay->GetClientSize()).Contains(box))
        << "the instructions (" << box.x << "," << box.y << " " << box.width << "x" << box.height
        << ") run off the " << overlay->GetClientSize().x << "-pixel screen";
    overlay->Close(true);
    pump_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(done);
}

}  // namespace
}  // namespace scelle::gui::test
