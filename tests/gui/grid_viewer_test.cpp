// The thumbnail grid runs in rows from left to right and scrolls down; the keyboard moves by
// one tile and by one row; the item viewer opens from a double click, Enter and the Item menu,
// goes to the next and previous items, zooms; a sensitive item is never decoded in it.
#include <wx/display.h>
#include <wx/image.h>
#include <wx/listbase.h>
#include <wx/menu.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "accessible.h"
#include "gui_test_env.h"
#include "item_viewer.h"
#include "main_frame_ids.h"
#include "scelle/store/store.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

class GridViewer : public MainFrameTest {
  protected:
    // A PNG of one colour, `rgb`.
    fs::path write_plain_png(const std::string& name, int w, int h, unsigned char r,
                             unsigned char g, unsigned char b) {
        wxImage img(w, h);
        img.SetRGB(wxRect(0, 0, w, h), r, g, b);
        const fs::path p = dir / name;
        EXPECT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
        return p;
    }
    static int red_pixels(const wxBitmap& bmp) {
        const wxImage img = bmp.ConvertToImage();
        int n = 0;
        for (int y = 0; y < img.GetHeight(); ++y)
            for (int x = 0; x < img.GetWidth(); ++x)
                if (img.GetRed(x, y) > 200 && img.GetGreen(x, y) < 60 && img.GetBlue(x, y) < 60)
                    ++n;
        return n;
    }
    void command(int id) {
        wxCommandEvent e(wxEVT_MENU, id);
        e.SetEventObject(frame);
        frame->ProcessWindowEvent(e);
    }
    void key(wxWindow* w, int code, wxEventType type = wxEVT_KEY_DOWN) {
        wxKeyEvent e(type);
        e.m_keyCode = code;
        e.m_uniChar = code < 128 ? static_cast<wxChar>(code) : 0;
        e.SetEventObject(w);
        w->GetEventHandler()->ProcessEvent(e);
        pump_for(std::chrono::milliseconds(20));
    }
    // `n` small pictures, imported through the window.
    void import_pictures(int n) {
        std::vector<fs::path> files;
        for (int i = 0; i < n; ++i)
            files.push_back(write_plain_png("p" + std::to_string(i) + ".png", 40 + i, 30, 0,
                                            static_cast<unsigned char>(20 * i), 200));
        frame->import_paths(files);
        ASSERT_TRUE(wait_idle());
        ASSERT_EQ(frame->items().size(), static_cast<std::size_t>(n));
    }
    void close_viewer() {
        if (ItemViewer* v = frame->viewer())
            v->Close();
        pump_until([&] { return frame->viewer() == nullptr; }, std::chrono::seconds(5));
        ASSERT_EQ(frame->viewer(), nullptr);
    }
    bool wait_picture(ItemViewer* v) {
        return pump_until([&] { return v->state() == ItemViewer::State::picture; },
                          std::chrono::seconds(20));
    }
};

TEST_F(GridViewer, TilesRunInRowsFromLeftToRightAndScrollDown) {
    make_case("Rows");
    import_pictures(12);
    ItemList* grid = frame->item_list();
    pump_for(std::chrono::milliseconds(200));
    ASSERT_EQ(grid->GetItemCount(), 12);
    const int cols = grid->columns();
    ASSERT_GE(cols, 3) << "grid width " << grid->GetClientSize().x;
    const wxRect first = grid->tile_rect(0);
    const wxRect second = grid->tile_rect(1);
    const wxRect below = grid->tile_rect(cols);
    EXPECT_GT(second.x, first.x);
    EXPECT_EQ(second.y, first.y);
    EXPECT_EQ(below.x, first.x);
    EXPECT_GT(below.y, first.y);
    // The columns fit the width: nothing to scroll sideways.
    EXPECT_LE(grid->tile_rect(cols - 1).GetRight(), grid->GetClientSize().x);
    EXPECT_LE(grid->GetVirtualSize().x, grid->GetClientSize().x);
    EXPECT_FALSE(grid->HasScrollbar(wxHORIZONTAL));
    // A click on a tile selects its item.
    EXPECT_EQ(grid->seq_at(grid->index_at(second.GetPosition() + wxPoint(5, 5))),
              frame->items()[1].seq);

    // Narrower: fewer columns, still row-major.
    frame->SetSize(wxSize(frame->GetMinSize().x, frame->GetSize().y));
    pump_for(std::chrono::milliseconds(300));
    EXPECT_LE(grid->columns(), cols);
    if (grid->columns() >= 2)
        EXPECT_EQ(grid->tile_rect(1).y, grid->tile_rect(0).y);
    else
        EXPECT_GT(grid->tile_rect(1).y, grid->tile_rect(0).y);
    EXPECT_LE(grid->GetVirtualSize().x, grid->GetClientSize().x);
}

TEST_F(GridViewer, ArrowsMoveByOneTileAndByOneRowAndTheScreenReaderHearsIt) {
    make_case("Keys");
    import_pictures(10);
    ItemList* grid = frame->item_list();
    pump_for(std::chrono::milliseconds(200));
    const int cols = grid->columns();
    ASSERT_GE(cols, 2);
    EXPECT_TRUE(accessible_role_is_list(grid));
    grid->select_seq(frame->items()[0].seq);
    grid->SetFocus();
    key(grid, WXK_RIGHT);
    EXPECT_EQ(grid->selected_seq(), frame->items()[1].seq);
    // The selection reached the window: the details pane shows the item.
    EXPECT_EQ(frame->details()->shown_seq(), frame->items()[1].seq);
    EXPECT_TRUE(accessible_description(grid).Contains(wxT("2 of 10")))
        << accessible_description(grid);
    EXPECT_TRUE(accessible_description(grid).StartsWith(wxT("2. ")))
        << accessible_description(grid);
    key(grid, WXK_DOWN);
    EXPECT_EQ(grid->selected_seq(), frame->items()[static_cast<std::size_t>(1 + cols)].seq);
    key(grid, WXK_UP);
    EXPECT_EQ(grid->selected_seq(), frame->items()[1].seq);
    key(grid, WXK_LEFT);
    EXPECT_EQ(grid->selected_seq(), frame->items()[0].seq);
    key(grid, WXK_END);
    EXPECT_EQ(grid->selected_seq(), frame->items()[9].seq);
    key(grid, WXK_HOME);
    EXPECT_EQ(grid->selected_seq(), frame->items()[0].seq);
}

TEST_F(GridViewer, TheViewerOpensFromADoubleClickEnterAndTheMenuAndGoesThroughTheItems) {
    make_case("Viewer");
    frame->import_paths({write_plain_png("red.png", 200, 150, 255, 0, 0),
                         write_plain_png("blue.png", 120, 90, 0, 0, 255),
                         write_plain_png("green.png", 80, 60, 0, 200, 0)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 3u);
    ItemList* grid = frame->item_list();
    pump_for(std::chrono::milliseconds(200));

    // A double click on the first tile.
    {
        const wxRect r = grid->tile_rect(0);
        wxMouseEvent e(wxEVT_LEFT_DCLICK);
        e.SetPosition(r.GetPosition() + wxPoint(r.width / 2, r.height / 2));
        e.SetEventObject(grid);
        grid->GetEventHandler()->ProcessEvent(e);
    }
    ItemViewer* v = frame->viewer();
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->IsShown());
    EXPECT_EQ(v->shown_seq(), frame->items()[0].seq);
    EXPECT_TRUE(v->GetTitle().StartsWith(wxT("1 of 3"))) << v->GetTitle();
    ASSERT_TRUE(wait_picture(v));
    // Fitted at first (a small picture at its own size), then zoomed: drawn larger, and the
    // red on the screen grows with it.
    EXPECT_TRUE(v->fitted());
    const wxSize before = v->drawn_size();
    EXPECT_EQ(before, wxSize(200, 150));
    const int red_before = red_pixels(v->snapshot());
    EXPECT_GT(red_before, 200 * 150 * 9 / 10);
    key(v, '+', wxEVT_CHAR_HOOK);
    EXPECT_GT(v->scale(), 1.0);
    EXPECT_GT(v->drawn_size().x, before.x);
    EXPECT_GT(red_pixels(v->snapshot()), red_before * 3 / 2 - 200);
    key(v, '-', wxEVT_CHAR_HOOK);
    key(v, '-', wxEVT_CHAR_HOOK);
    EXPECT_LT(v->drawn_size().x, before.x);
    EXPECT_LT(red_pixels(v->snapshot()), red_before);
    key(v, '1', wxEVT_CHAR_HOOK);
    EXPECT_EQ(v->drawn_size(), before);
    key(v, '+', wxEVT_CHAR_HOOK);
    key(v, '0', wxEVT_CHAR_HOOK);
    EXPECT_TRUE(v->fitted());

    // Next and previous, by key and by call.
    key(v, WXK_RIGHT, wxEVT_CHAR_HOOK);
    EXPECT_EQ(v->shown_seq(), frame->items()[1].seq);
    EXPECT_TRUE(v->GetTitle().StartsWith(wxT("2 of 3"))) << v->GetTitle();
    ASSERT_TRUE(wait_picture(v));
    EXPECT_EQ(v->drawn_size(), wxSize(120, 90));
    EXPECT_EQ(red_pixels(v->snapshot()), 0);
    v->next();
    EXPECT_EQ(v->shown_seq(), frame->items()[2].seq);
    v->next();  // the last one stays
    EXPECT_EQ(v->shown_seq(), frame->items()[2].seq);
    key(v, WXK_PAGEUP, wxEVT_CHAR_HOOK);
    EXPECT_EQ(v->shown_seq(), frame->items()[1].seq);
    v->previous();
    EXPECT_EQ(v->shown_seq(), frame->items()[0].seq);
    close_viewer();

    // Enter on the selected tile.
    grid->select_seq(frame->items()[1].seq);
    key(grid, WXK_RETURN);
    ASSERT_NE(frame->viewer(), nullptr);
    EXPECT_EQ(frame->viewer()->shown_seq(), frame->items()[1].seq);
    close_viewer();

    // Item > View larger, in the menu bar and in the context menu.
    ASSERT_NE(frame->GetMenuBar()->FindItem(ID_ITEM_VIEW), nullptr);
    {
        std::unique_ptr<wxMenu> menu(frame->make_item_menu());
        EXPECT_NE(menu->FindItem(ID_ITEM_VIEW), nullptr);
    }
    grid->select_seq(frame->items()[2].seq);
    command(ID_ITEM_VIEW);
    ASSERT_NE(frame->viewer(), nullptr);
    EXPECT_EQ(frame->viewer()->shown_seq(), frame->items()[2].seq);
    // Never larger than the screen.
    const wxRect screen = wxDisplay(0u).GetClientArea();
    EXPECT_LE(frame->viewer()->GetSize().x, screen.width);
    EXPECT_LE(frame->viewer()->GetSize().y, screen.height);
    // Esc closes it.
    key(frame->viewer(), WXK_ESCAPE, wxEVT_CHAR_HOOK);
    EXPECT_TRUE(pump_until([&] { return frame->viewer() == nullptr; }, std::chrono::seconds(5)));
}

TEST_F(GridViewer, ASensitivePictureIsNeverDecodedNorDrawnInTheViewer) {
    make_case("Sensitive");
    frame->import_paths({write_plain_png("plain.png", 200, 150, 255, 0, 0)});
    ASSERT_TRUE(wait_idle());
    {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        core::ImportRequest req;
        req.files = {write_plain_png("intimate.png", 201, 151, 255, 0, 0)};
        req.sensitive = true;
        ASSERT_TRUE((*cs)->import_files(req).ok());
    }
    frame->reload_items();
    ASSERT_EQ(frame->items().size(), 2u);
    const core::Item hidden = frame->items()[1];
    ASSERT_TRUE(hidden.sensitive);
    // The grid's tile for it is the neutral one, as before.
    EXPECT_EQ(frame->item_list()->thumbnail_state(hidden.seq), ItemList::Thumb::hidden);
    EXPECT_EQ(red_pixels(frame->item_list()->shown_bitmap(hidden.seq)), 0);
    EXPECT_FALSE(frame->item_list()->GetItemText(1).Contains(wxT("intimate")));

    const int decodes = ItemViewer::decodes();
    frame->item_list()->select_seq(hidden.seq);
    command(ID_ITEM_VIEW);
    ItemViewer* v = frame->viewer();
    ASSERT_NE(v, nullptr);
    pump_for(std::chrono::milliseconds(500));
    EXPECT_EQ(v->state(), ItemViewer::State::hidden);
    EXPECT_EQ(ItemViewer::decodes(), decodes) << "the sensitive picture was read";
    EXPECT_EQ(red_pixels(v->snapshot()), 0);
    EXPECT_TRUE(v->message().Contains(wxT("sensitive"))) << v->message();
    EXPECT_FALSE(v->GetTitle().Contains(wxT("intimate"))) << v->GetTitle();

    // The ordinary picture before it is decoded and drawn: the count above could see one.
    key(v, WXK_LEFT, wxEVT_CHAR_HOOK);
    // The grid follows: the Item menu acts on the item the viewer shows.
    EXPECT_EQ(frame->item_list()->selected_seq(), frame->items()[0].seq);
    ASSERT_TRUE(wait_picture(v));
    EXPECT_EQ(ItemViewer::decodes(), decodes + 1);
    EXPECT_GT(red_pixels(v->snapshot()), 20000);

    // Marked sensitive while it is shown: the viewer hides it at once.
    command(ID_ITEM_SENSITIVE);
    ASSERT_TRUE(wait_idle());
    ASSERT_TRUE(frame->items()[0].sensitive);
    pump_for(std::chrono::milliseconds(100));
    EXPECT_EQ(v->state(), ItemViewer::State::hidden);
    EXPECT_EQ(red_pixels(v->snapshot()), 0);
    close_viewer();
}

TEST_F(GridViewer, TheViewerSaysWhatALinkAndAFileAre) {
    make_case("Link");
    const fs::path notes = dir / "notes.txt";
    {
        std::ofstream out(notes);
        out << "what was said\n";
    }
    frame->import_paths({notes});
    ASSERT_TRUE(wait_idle());
    const std::string url = "https://example.org/a/very/long/address?with=parameters&and=more";
    {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        core::LinkRequest req;
        req.url = url;
        ASSERT_TRUE((*cs)->add_link(req).ok());
    }
    frame->reload_items();
    ASSERT_EQ(frame->items().size(), 2u);
    frame->item_list()->select_seq(frame->items()[0].seq);
    ItemViewer* v = frame->open_viewer();
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->state(), ItemViewer::State::file);
    EXPECT_TRUE(v->message().Contains(wxT("notes.txt"))) << v->message();
    EXPECT_TRUE(v->message().Contains(wxT("text/plain"))) << v->message();
    v->next();
    EXPECT_EQ(v->state(), ItemViewer::State::link);
    EXPECT_EQ(v->address(), wxString::FromUTF8(url));
    close_viewer();
}

}  // namespace
}  // namespace scelle::gui::test

namespace scelle::gui::test {
namespace {

// Two thousand items: the grid shows them at once and draws only the rows in view.
TEST_F(GridViewer, TwoThousandItemsShowAndScrollAtOnce) {
    make_case("Large");
    {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        for (int i = 0; i < 2000; ++i) {
            core::LinkRequest req;
            req.url = "https://example.org/post/" + std::to_string(i);
            ASSERT_TRUE((*cs)->add_link(req).ok()) << i;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    frame->reload_items();
    ItemList* grid = frame->item_list();
    grid->Update();
    const auto shown = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(grid->GetItemCount(), 2000);
    EXPECT_LT(shown, std::chrono::seconds(2));
    grid->SetFocus();
    key(grid, WXK_END);
    EXPECT_EQ(grid->selected_seq(), frame->items().back().seq);
    // The last tile is in view, and the first is scrolled away above.
    const wxRect last = grid->tile_rect(1999);
    EXPECT_GE(last.y, 0);
    EXPECT_LE(last.GetBottom(), grid->GetClientSize().y);
    EXPECT_LT(grid->tile_rect(0).y, 0);
    EXPECT_FALSE(grid->HasScrollbar(wxHORIZONTAL));
    const auto t = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        key(grid, WXK_PAGEUP);
        grid->Update();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - t, std::chrono::seconds(3));
    key(grid, WXK_HOME);
    EXPECT_EQ(grid->selected_seq(), frame->items().front().seq);
    EXPECT_GE(grid->tile_rect(0).y, 0);
}

}  // namespace
}  // namespace scelle::gui::test
