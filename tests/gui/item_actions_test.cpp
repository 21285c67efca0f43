// What the parent does to an item from the main window: a sensitive item is a neutral tile
// (no pixel of its picture on screen).
#include <wx/image.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui_test_env.h"
#include "scelle/store/store.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

class ItemActions : public MainFrameTest {
  protected:
    // A PNG of pure red, the colour no tile of the list uses.
    fs::path write_red_png(const std::string& name, int w, int h) {
        wxImage img(w, h);
        img.SetRGB(wxRect(0, 0, w, h), 255, 0, 0);
        const fs::path p = dir / name;
        EXPECT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
        return p;
    }
    // How many pixels of `bmp` are clearly red.
    static int red_pixels(const wxBitmap& bmp) {
        const wxImage img = bmp.ConvertToImage();
        int n = 0;
        for (int y = 0; y < img.GetHeight(); ++y)
            for (int x = 0; x < img.GetWidth(); ++x)
                if (img.GetRed(x, y) > 200 && img.GetGreen(x, y) < 60 && img.GetBlue(x, y) < 60)
                    ++n;
        return n;
    }
    // The case's custody log, one JSON object a line.
    std::vector<nlohmann::json> log() {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        EXPECT_TRUE(cs.ok());
        std::vector<nlohmann::json> out;
        if (!cs.ok())
            return out;
        auto lines = (*cs)->log_lines();
        EXPECT_TRUE(lines.ok());
        if (!lines.ok())
            return out;
        const std::vector<std::string> all = std::move(lines).value();
        for (const auto& l : all)
            out.push_back(nlohmann::json::parse(l));
        return out;
    }
    // A menu command, as the menu bar, its shortcut or the context menu sends it.
    void command(int id) {
        wxCommandEvent e(wxEVT_MENU, id);
        e.SetEventObject(frame);
        frame->ProcessWindowEvent(e);
    }
    // Imports one red picture through the window and waits for its thumbnail.
    core::Item import_red(const std::string& name, int w = 160, int h = 120) {
        frame->import_paths({write_red_png(name, w, h)});
        EXPECT_TRUE(wait_idle());
        const core::Item it = frame->items().back();
        EXPECT_TRUE(pump_until([&] {
            return frame->item_list()->thumbnail_state(it.seq) == ItemList::Thumb::picture;
        }));
        return it;
    }
    // Imports `file` straight through the store, as `scelle-cli import --sensitive` does.
    void import_sensitive(const fs::path& file) {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        core::ImportRequest req;
        req.files = {file};
        req.sensitive = true;
        ASSERT_TRUE((*cs)->import_files(req).ok());
        frame->reload_items();
    }
};

TEST_F(ItemActions, ASensitiveImageIsANeutralTileWithNoPixelOfThePicture) {
    make_case();
    // First an ordinary red picture: its thumbnail is red, so the count below can see red.
    frame->import_paths({write_red_png("ordinary.png", 200, 150)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const auto plain = frame->items().front().seq;
    ASSERT_TRUE(pump_until(
        [&] { return frame->item_list()->thumbnail_state(plain) == ItemList::Thumb::picture; }));
    EXPECT_GT(red_pixels(frame->item_list()->shown_bitmap(plain)), 1000);

    import_sensitive(write_red_png("sensitive.png", 201, 150));
    ASSERT_EQ(frame->items().size(), 2u);
    const core::Item it = frame->items().back();
    ASSERT_TRUE(it.sensitive);
    // Time enough for any decoding to come back: the tile stays neutral.
    pump_for(std::chrono::milliseconds(700));
    EXPECT_EQ(frame->item_list()->thumbnail_state(it.seq), ItemList::Thumb::hidden);
    const wxBitmap tile = frame->item_list()->shown_bitmap(it.seq);
    ASSERT_TRUE(tile.IsOk());
    EXPECT_EQ(red_pixels(tile), 0);
    // Its caption says what it is, not its file name.
    bool named = false;
    for (long i = 0; i < frame->item_list()->GetItemCount(); ++i)
        if (frame->item_list()->seq_at(i) == it.seq)
            named = frame->item_list()->GetItemText(i).Contains(wxT("sensitive.png"));
    EXPECT_FALSE(named);
    // The details pane says its picture is never shown.
    frame->item_list()->select_seq(it.seq);
    pump_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(frame->details()->field(wxT("sensitive")).Contains(wxT("never shown")))
        << frame->details()->field(wxT("sensitive"));
}

TEST_F(ItemActions, ASensitiveLinkIsANeutralTileToo) {
    make_case();
    frame->record_link({"https://cdn.example.invalid/img/1.jpg", std::nullopt, {}, true, ""});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const core::Item it = frame->items().front();
    EXPECT_EQ(frame->item_list()->thumbnail_state(it.seq), ItemList::Thumb::hidden);
    // The address is not the caption.
    EXPECT_FALSE(frame->item_list()->GetItemText(0).Contains(wxT("cdn.example")))
        << frame->item_list()->GetItemText(0);
}

}  // namespace
}  // namespace scelle::gui::test
