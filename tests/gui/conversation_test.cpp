// Capture ▸ Capture a long conversation in a region…: the zone drawn on the frozen screen (the
// messages only, without the header and the message box around them) is scrolled where it is
// and its screens joined, as `scelle-cli capture --scroll --region` does. Real Xvfb, XTEST
// wheel events, the chat window of the scrolling capture's test, real SQLite.
#include <wx/uiaction.h>

#include <chrono>

#include "gui_test_env.h"
#include "region_overlay.h"
// Xlib last (chat_window.h): its macros clash with other headers' names.
#include "chat_window.h"

namespace scelle::gui::test {
namespace {

class ConversationZone : public MainFrameTest {};

TEST_F(ConversationZone, TheZoneDrawnIsScrolledAndItsScreensJoined) {
    scelle::test::ChatWindow chat({});
    ASSERT_TRUE(chat.ok());
    chat.start();
    make_case("Conversation");
    frame->capture_conversation_region(0);
    ASSERT_TRUE(pump_until([&] { return frame->overlay() && frame->overlay()->IsShown(); }))
        << frame->last_notice();
    pump_for(std::chrono::milliseconds(300));
    // The chat window is at (100, 80): its messages lie below the 40-pixel header, 400 high.
    const int x = 100, y = 80 + scelle::test::kHeader;
    wxUIActionSimulator sim;
    sim.MouseMove(x, y);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseDown();
    pump_for(std::chrono::milliseconds(50));
    sim.MouseMove(x + 300, y + 200);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseMove(x + scelle::test::kWidth, y + scelle::test::kBody);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseUp();
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->items().size() > 2; },
                           std::chrono::seconds(120)))
        << frame->last_notice();
    chat.stop();

    // Every screen an original of the zone's size; the last item joins them.
    const auto& items = frame->items();
    for (std::size_t i = 0; i + 1 < items.size(); ++i) {
        EXPECT_FALSE(items[i].derived) << "item " << items[i].seq;
        EXPECT_EQ(items[i].width.value_or(0), scelle::test::kWidth);
        EXPECT_EQ(items[i].height.value_or(0), scelle::test::kBody);
    }
    const core::Item& joined = items.back();
    ASSERT_TRUE(joined.derived.has_value()) << frame->last_notice();
    EXPECT_EQ(core::derived_frames(joined).size(), items.size() - 1);
    // The whole conversation, 300 lines of 20 pixels, from its first line to its last.
    EXPECT_EQ(joined.height.value_or(0), scelle::test::kLines * scelle::test::kLine);
    EXPECT_NE(frame->last_notice().Find(wxT("Conversation captured")), wxNOT_FOUND)
        << frame->last_notice();
}

}  // namespace
}  // namespace scelle::gui::test
