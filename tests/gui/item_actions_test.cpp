// What the parent does to an item from the main window: a sensitive item is a neutral tile
// (no pixel of its picture on screen), marking and unmarking it, withdrawing it with a reason.
#include <wx/button.h>
#include <wx/image.h>
#include <wx/menu.h>
#include <wx/uiaction.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "countdown.h"
#include "gui_test_env.h"
#include "main_frame_ids.h"
#include "scelle/store/store.h"
#include "withdraw_dialog.h"

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
    frame->record_link({"https://cdn.example.invalid/img/1.jpg", std::nullopt, {}, true, ""}, false,
                       nullptr);
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const core::Item it = frame->items().front();
    EXPECT_EQ(frame->item_list()->thumbnail_state(it.seq), ItemList::Thumb::hidden);
    // The address is not the caption.
    EXPECT_FALSE(frame->item_list()->GetItemText(0).Contains(wxT("cdn.example")))
        << frame->item_list()->GetItemText(0);
}

// Marking and unmarking from the Item menu (the same entries as the context menu): each
// change is one custody line from CaseStore::set_sensitive, and the tile follows.
TEST_F(ItemActions, TheItemMenuMarksAndUnmarksSensitiveWithACustodyLineEachTime) {
    make_case();
    const core::Item it = import_red("capture.png");
    EXPECT_GT(red_pixels(frame->item_list()->shown_bitmap(it.seq)), 1000);
    frame->item_list()->select_seq(it.seq);

    // In the menu bar with a shortcut, so that the keyboard reaches it.
    wxMenuItem* entry = frame->GetMenuBar()->FindItem(ID_ITEM_SENSITIVE);
    ASSERT_NE(entry, nullptr);
    EXPECT_TRUE(entry->IsCheckable());
    EXPECT_NE(entry->GetItemLabel().Find(wxT("\t")), wxNOT_FOUND) << entry->GetItemLabel();
    ASSERT_NE(frame->GetMenuBar()->FindItem(ID_ITEM_WITHDRAW), nullptr);
    // The context menu has the same entries, the check mark following the item.
    {
        std::unique_ptr<wxMenu> menu(frame->make_item_menu());
        ASSERT_NE(menu->FindItem(ID_ITEM_SENSITIVE), nullptr);
        ASSERT_NE(menu->FindItem(ID_ITEM_WITHDRAW), nullptr);
        EXPECT_FALSE(menu->IsChecked(ID_ITEM_SENSITIVE));
        EXPECT_TRUE(menu->IsEnabled(ID_ITEM_WITHDRAW));
    }

    const auto lines = log().size();
    command(ID_ITEM_SENSITIVE);
    ASSERT_TRUE(wait_idle());
    EXPECT_TRUE(frame->items().back().sensitive);
    auto l = log();
    ASSERT_EQ(l.size(), lines + 1);
    EXPECT_EQ(l.back()["action"], "item.sensitive");
    EXPECT_EQ(l.back()["item"], it.seq);
    EXPECT_EQ(l.back()["sensitive"], true);
    EXPECT_EQ(frame->item_list()->thumbnail_state(it.seq), ItemList::Thumb::hidden);
    EXPECT_EQ(red_pixels(frame->item_list()->shown_bitmap(it.seq)), 0);
    EXPECT_TRUE(frame->last_notice().Contains(wxT("Marked sensitive"))) << frame->last_notice();
    {
        std::unique_ptr<wxMenu> menu(frame->make_item_menu());
        EXPECT_TRUE(menu->IsChecked(ID_ITEM_SENSITIVE));
    }

    // Showing it again asks first; "keep it hidden" changes nothing.
    int asked = 0;
    frame->set_confirm_show_again([&] {
        ++asked;
        return false;
    });
    command(ID_ITEM_SENSITIVE);
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(frame->items().back().sensitive);
    EXPECT_EQ(log().size(), lines + 1);
    frame->set_confirm_show_again([&] {
        ++asked;
        return true;
    });
    command(ID_ITEM_SENSITIVE);
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(asked, 2);
    EXPECT_FALSE(frame->items().back().sensitive);
    l = log();
    ASSERT_EQ(l.size(), lines + 2);
    EXPECT_EQ(l.back()["action"], "item.sensitive");
    EXPECT_EQ(l.back()["sensitive"], false);
    EXPECT_TRUE(pump_until(
        [&] { return frame->item_list()->thumbnail_state(it.seq) == ItemList::Thumb::picture; }));

    // The case is still intact: check follows the last line.
    core::Store store(store_root);
    auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
    ASSERT_TRUE(cs.ok());
    EXPECT_TRUE((*cs)->check()->intact());
}

TEST_F(ItemActions, TheWithdrawDialogNeedsAReasonAndExplainsASexualImageOfAMinor) {
    make_case();
    const core::Item it = import_red("x.png");
    auto* d = new WithdrawDialog(frame, it);
    // Nothing is chosen for the parent: "another reason" with nothing typed, the button waits.
    EXPECT_EQ(d->why(), WithdrawDialog::Why::other);
    EXPECT_TRUE(d->reason().empty());
    EXPECT_FALSE(d->can_withdraw());
    EXPECT_FALSE(d->explains_csam());
    d->choose(WithdrawDialog::Why::duplicate);
    EXPECT_TRUE(d->can_withdraw());
    EXPECT_EQ(d->reason(), wxT("A duplicate of another item"));
    d->choose(WithdrawDialog::Why::must_not_keep);
    EXPECT_TRUE(d->csam());
    EXPECT_TRUE(d->explains_csam());
    EXPECT_TRUE(d->can_withdraw());
    d->choose(WithdrawDialog::Why::other);
    EXPECT_FALSE(d->explains_csam());
    EXPECT_FALSE(d->can_withdraw());
    d->set_other_text(wxString::FromUTF8("  photo de vacances importée par erreur "));
    EXPECT_TRUE(d->can_withdraw());
    EXPECT_EQ(d->reason(), wxString::FromUTF8("photo de vacances importée par erreur"));
    // Its button says what it does, and the whole dialog fits its content.
    auto* ok = dynamic_cast<wxButton*>(d->FindWindow(wxID_OK));
    ASSERT_NE(ok, nullptr);
    EXPECT_TRUE(ok->GetLabel().Contains(wxT("delete the file"))) << ok->GetLabel();
    d->Destroy();
}

// Withdrawing from the Item menu: the reason asked, then CaseStore::withdraw as `scelle-cli
// withdraw` does it. The file is gone, the log keeps its SHA-256 and the reason, and the list
// shows the item as withdrawn, not as evidence.
TEST_F(ItemActions, WithdrawingDeletesTheFileAndTheLogKeepsTheHashAndTheReason) {
    make_case();
    const core::Item keep = import_red("keep.png", 100, 100);
    const core::Item it = import_red("wrong window.png", 120, 100);
    ASSERT_TRUE(std::filesystem::exists(original_of(it)));
    const fs::path file = original_of(it);
    frame->item_list()->select_seq(it.seq);

    // Cancelled: nothing happens.
    frame->set_ask_withdrawal([](const core::Item&) { return std::nullopt; });
    command(ID_ITEM_WITHDRAW);
    EXPECT_TRUE(fs::exists(file));
    EXPECT_FALSE(frame->items().back().withdrawn_at.has_value());

    std::int64_t asked_for = 0;
    frame->set_ask_withdrawal([&](const core::Item& i) {
        asked_for = i.seq;
        return std::optional<MainFrame::WithdrawAnswer>(
            MainFrame::WithdrawAnswer{wxT("The wrong window or screen was captured"), false});
    });
    command(ID_ITEM_WITHDRAW);
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(asked_for, it.seq);
    EXPECT_FALSE(fs::exists(file));
    EXPECT_TRUE(fs::exists(original_of(keep)));
    const auto l = log();
    const auto last_withdrawal = std::find_if(l.rbegin(), l.rend(), [](const nlohmann::json& j) {
        return j["action"] == "item.withdrawn";
    });
    ASSERT_NE(last_withdrawal, l.rend());
    EXPECT_EQ((*last_withdrawal)["item"], it.seq);
    EXPECT_EQ((*last_withdrawal)["sha256"], *it.sha256);
    EXPECT_EQ((*last_withdrawal)["reason"], "The wrong window or screen was captured");

    // In the list: withdrawn, no picture; no longer counted among the evidence.
    const core::Item& now = frame->items().back();
    EXPECT_TRUE(now.withdrawn_at.has_value());
    EXPECT_NE(frame->item_list()->thumbnail_state(it.seq), ItemList::Thumb::picture);
    EXPECT_EQ(red_pixels(frame->item_list()->shown_bitmap(it.seq)), 0);
    for (long i = 0; i < frame->item_list()->GetItemCount(); ++i)
        if (frame->item_list()->seq_at(i) == it.seq) {
            EXPECT_TRUE(frame->item_list()->GetItemText(i).Contains(wxT("(withdrawn)")));
        }
    EXPECT_TRUE(frame->status_line().StartsWith(wxT("1 item"))) << frame->status_line();
    // A withdrawn item can be neither marked nor withdrawn again.
    frame->item_list()->select_seq(it.seq);
    std::unique_ptr<wxMenu> menu(frame->make_item_menu());
    EXPECT_FALSE(menu->IsEnabled(ID_ITEM_WITHDRAW));
    EXPECT_FALSE(menu->IsEnabled(ID_ITEM_SENSITIVE));

    // A sexual image of a minor: the notice says why it had to go.
    frame->item_list()->select_seq(keep.seq);
    frame->set_ask_withdrawal([&](const core::Item&) {
        return std::optional<MainFrame::WithdrawAnswer>(
            MainFrame::WithdrawAnswer{wxT("A sexual image of a minor: I must not keep it"), true});
    });
    command(ID_ITEM_WITHDRAW);
    ASSERT_TRUE(wait_idle());
    EXPECT_FALSE(fs::exists(original_of(keep)));
    EXPECT_TRUE(frame->last_notice().Contains(wxT("offence"))) << frame->last_notice();
}

// The countdown of a delayed capture is as large as its content, its Cancel button whole and
// focused; Esc cancels, and nothing is captured.
TEST_F(ItemActions, EscCancelsTheCountdownWhoseButtonIsWholeAndNothingIsCaptured) {
    make_case();
    frame->capture(capture::Target::screen, 5);
    Countdown* cd = nullptr;
    ASSERT_TRUE(pump_until([&] {
        cd = dynamic_cast<Countdown*>(wxWindow::FindWindowByName(wxT("countdown")));
        return cd != nullptr && cd->IsShown();
    }));
    pump_for(std::chrono::milliseconds(300));
    wxButton* cancel = cd->cancel_button();
    const wxRect inside(cd->GetClientSize());
    const wxRect button(cd->ScreenToClient(cancel->GetScreenPosition()), cancel->GetSize());
    EXPECT_TRUE(inside.Contains(button))
        << "button " << button.x << "," << button.y << " " << button.width << "×" << button.height
        << " in " << inside.width << "×" << inside.height;
    EXPECT_GE(cancel->GetSize().y, cancel->GetBestSize().y);
    EXPECT_EQ(wxWindow::FindFocus(), cancel);

    wxUIActionSimulator sim;
    sim.Char(WXK_ESCAPE);
    ASSERT_TRUE(pump_until([&] { return frame->IsShown(); }, std::chrono::seconds(3)));
    EXPECT_EQ(wxWindow::FindWindowByName(wxT("countdown")), nullptr);
    // Past the end of the delay: still nothing.
    pump_for(std::chrono::milliseconds(5500));
    EXPECT_TRUE(frame->idle());
    EXPECT_TRUE(frame->items().empty());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("cancelled"))) << frame->last_notice();
}

TEST_F(ItemActions, ClickingCancelStopsTheCountdownToo) {
    make_case();
    frame->start_region_capture(3);
    Countdown* cd = nullptr;
    ASSERT_TRUE(pump_until([&] {
        cd = dynamic_cast<Countdown*>(wxWindow::FindWindowByName(wxT("countdown")));
        return cd != nullptr && cd->IsShown();
    }));
    pump_for(std::chrono::milliseconds(300));
    const wxRect b = cd->cancel_button()->GetScreenRect();
    wxUIActionSimulator sim;
    sim.MouseMove(b.x + b.width / 2, b.y + b.height / 2);
    pump_for(std::chrono::milliseconds(50));
    sim.MouseClick();
    ASSERT_TRUE(pump_until([&] { return frame->IsShown(); }, std::chrono::seconds(3)));
    pump_for(std::chrono::milliseconds(3500));
    EXPECT_EQ(frame->overlay(), nullptr);
    EXPECT_TRUE(frame->items().empty());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("cancelled"))) << frame->last_notice();
}

}  // namespace
}  // namespace scelle::gui::test
