// The status line's counts, and the line shown by the window after real imports.
#include <ctime>

#include "gui_test_env.h"
#include "item_details.h"
#include "item_list.h"
#include "status_counts.h"
#include "test_tsa.h"

namespace scelle::gui::test {
namespace {

core::Item item(core::TimestampStatus s, bool with_error = false, bool withdrawn = false) {
    core::Item it;
    it.timestamp.status = s;
    if (with_error)
        it.timestamp.error = "no TSA configured";
    if (withdrawn)
        it.withdrawn_at = "2026-12-04T10:00:00Z";
    return it;
}

TEST(StatusCounts, EachStateIsCountedOnceAndWithdrawnItemsAreLeftOut) {
    using S = core::TimestampStatus;
    const auto c =
        count_items({item(S::granted), item(S::granted), item(S::pending), item(S::pending, true),
                     item(S::failed, true), item(S::granted, false, true)});
    EXPECT_EQ(c.total, 5);
    EXPECT_EQ(c.sealed, 2);
    EXPECT_EQ(c.pending, 1);
    EXPECT_EQ(c.offline, 1);
    EXPECT_EQ(c.failed, 1);
    // Untranslated in the tests: the source strings.
    EXPECT_EQ(status_text(c).utf8_string().substr(0, 49),
              "5 items: 2 sealed, 1 pending, 1 offline, 1 failed");
}

using StatusLine = MainFrameTest;

TEST_F(StatusLine, SaysHowManyItemsAreSealedPendingAndOffline) {
    make_case();
    EXPECT_EQ(frame->status_line(), wxT("No items in this case yet."));
    frame->import_paths({write_png("a.png", 40, 30), write_png("b.png", 41, 30)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 2u);
    // No TSA (SCELLE_TSA_URLS is empty): the background request was made and found none, so
    // both items are offline, and the line says so.
    const StatusCounts c = count_items(frame->items());
    EXPECT_EQ(c.offline, 2);
    EXPECT_EQ(frame->status_line(), status_text(c));
    EXPECT_TRUE(frame->status_line().StartsWith(wxT("2 items: 0 sealed, 0 pending, 2 offline")))
        << frame->status_line();
}

// Offline when the evidence was kept, online later: Scellé asks again by itself while it is
// open, and the items become sealed without anything being clicked.
TEST_F(StatusLine, WhatWasKeptOfflineIsSealedByItselfOnceATsaAnswers) {
    make_case();
    frame->import_paths({write_png("a.png", 40, 30)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(count_items(frame->items()).offline, 1);

    scelle::test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    const auto ca = dir / "test-ca.pem";
    tsa.pki().write_ca_pem(ca);
    ::setenv("SCELLE_TSA_URLS", tsa.url().c_str(), 1);
    ::setenv("SCELLE_TRUST_ANCHORS", ca.c_str(), 1);
    frame->set_retry_interval(std::chrono::milliseconds(300));
    const bool sealed = pump_until([&] { return count_items(frame->items()).sealed == 1; });
    ::setenv("SCELLE_TSA_URLS", "", 1);
    ::unsetenv("SCELLE_TRUST_ANCHORS");
    ASSERT_TRUE(sealed) << frame->status_line();
    ASSERT_TRUE(wait_idle());
    EXPECT_GE(tsa.request_count(), 1u);
    EXPECT_TRUE(frame->status_line().StartsWith(wxT("1 item: 1 sealed"))) << frame->status_line();
}

// A computer whose clock is behind: the window says so once the authority's time is known,
// as `scelle-cli case show` does.
TEST_F(StatusLine, AClockOffByMoreThanTwoMinutesIsSaid) {
    make_case();
    scelle::test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    // The authority is 15 min 40 s ahead: the window says "15 min" (whole minutes) as long as
    // the import answers within 40 s, which a loaded machine needs (a second was not enough).
    tsa.signer().set_fixed_time(std::time(nullptr) + 15 * 60 + 40);
    const auto ca = dir / "test-ca.pem";
    tsa.pki().write_ca_pem(ca);
    ::setenv("SCELLE_TSA_URLS", tsa.url().c_str(), 1);
    ::setenv("SCELLE_TRUST_ANCHORS", ca.c_str(), 1);
    frame->import_paths({write_png("a.png", 40, 30)});
    const bool done = wait_idle() && pump_until([&] {
                          return frame->idle() && count_items(frame->items()).sealed == 1;
                      });
    ::setenv("SCELLE_TSA_URLS", "", 1);
    ::unsetenv("SCELLE_TRUST_ANCHORS");
    ASSERT_TRUE(done) << frame->status_line() << " / " << frame->last_notice();
    EXPECT_TRUE(frame->last_notice().Contains(wxT("behind"))) << frame->last_notice();
    EXPECT_TRUE(frame->last_notice().Contains(wxT("15 min"))) << frame->last_notice();
}

// A laptop at 200 % has a 960×540 desktop: every part of the window must stay reachable.
TEST_F(StatusLine, OnASmallWindowTheDetailsScrollAndTheHintWraps) {
    make_case("Messages d’un inconnu sur Discord, depuis la rentrée de septembre");
    frame->import_paths({write_png("a.png", 40, 30)});
    ASSERT_TRUE(wait_idle());
    // Opened again on that case, as Scellé starts: small from the start.
    frame->Destroy();
    GuiSettings settings;
    settings.store = store_root;
    frame = new MainFrame(store_root, settings, FirstRun::quiet);
    frame->SetSize(frame->FromDIP(wxSize(960, 540)));
    frame->SetPosition(wxPoint(0, 0));
    frame->Show();
    pump_for(std::chrono::milliseconds(500));
    ASSERT_EQ(frame->details()->shown_seq().value_or(0), 1);

    ItemDetails* details = frame->details();
    wxWindow* save = wxWindow::FindWindowByName(wxT("save_description"), details);
    wxWindow* note = wxWindow::FindWindowByName(wxT("description_note"), details);
    ASSERT_TRUE(save && note);
    // Scrolled to the end, the button and the sentence under it are inside the pane.
    details->Scroll(0, 100000);
    pump_for(std::chrono::milliseconds(200));
    const wxRect pane = details->GetScreenRect();
    EXPECT_TRUE(pane.Contains(save->GetScreenRect()))
        << "pane " << pane.y << "+" << pane.height << ", button " << save->GetScreenRect().y << "+"
        << save->GetScreenRect().height;
    EXPECT_TRUE(pane.Contains(note->GetScreenRect()))
        << "pane " << pane.y << "+" << pane.height << ", note " << note->GetScreenRect().y << "+"
        << note->GetScreenRect().height;

    // The texts above the thumbnails are wrapped to their width, not cut.
    const int width = frame->item_list()->GetSize().x;
    for (const char* name : {"case_heading", "case_hint"}) {
        wxWindow* w = wxWindow::FindWindowByName(wxString::FromAscii(name), frame);
        ASSERT_TRUE(w) << name;
        EXPECT_LE(w->GetSize().x, width) << name;
        EXPECT_GE(w->GetBestSize().y, 2 * w->GetCharHeight()) << name << " is on one line";
    }
}

}  // namespace
}  // namespace scelle::gui::test
