// Imports into the main window: files (with their thumbnails), a dropped folder, a damaged
// image, a pasted image, a link and a description.
#include <wx/clipbrd.h>
#include <wx/dnd.h>

#include <fstream>

#include "gui_test_env.h"
#include "link_dialog.h"

namespace scelle::gui::test {
namespace {

using Import = MainFrameTest;

TEST_F(Import, APngBecomesAnItemWithItsThumbnailAndDetails) {
    make_case();
    const auto png = write_png("phone screenshot.png", 120, 90);
    frame->import_paths({png});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.kind, "file");
    EXPECT_EQ(it.name.value_or(""), "phone screenshot.png");
    EXPECT_EQ(it.width.value_or(0), 120);
    EXPECT_EQ(it.height.value_or(0), 90);
    // The thumbnail is decoded on a worker and then shown.
    EXPECT_TRUE(pump_until(
        [&] { return frame->item_list()->thumbnail_state(it.seq) == ItemList::Thumb::picture; }));
    EXPECT_EQ(frame->item_list()->GetItemCount(), 1);
    // The new item is selected and its details are on the right.
    EXPECT_EQ(frame->item_list()->selected_seq(), it.seq);
    EXPECT_EQ(frame->details()->field(wxT("sha256")), wxString::FromUTF8(*it.sha256));
    EXPECT_EQ(frame->details()->field(wxT("pixels")), wxString::FromUTF8("120 × 90"));
    // The original is kept byte for byte.
    std::ifstream a(png, std::ios::binary), b(original_of(it), std::ios::binary);
    const std::string sa((std::istreambuf_iterator<char>(a)), {});
    const std::string sb((std::istreambuf_iterator<char>(b)), {});
    EXPECT_EQ(sa, sb);
}

TEST_F(Import, ADroppedFolderIsExplainedInOneSentenceAndNothingIsAdded) {
    make_case();
    std::filesystem::create_directories(dir / "Photos");
    write_png("Photos/inside.png", 10, 10);
    auto* drop = dynamic_cast<wxFileDropTarget*>(frame->item_list()->GetDropTarget());
    ASSERT_NE(drop, nullptr);
    wxArrayString names;
    names.Add(wxString((dir / "Photos").c_str()));
    EXPECT_TRUE(drop->OnDropFiles(10, 10, names));
    ASSERT_TRUE(wait_idle());
    EXPECT_TRUE(frame->items().empty());
    EXPECT_TRUE(frame->last_notice().Contains(wxString::FromUTF8("“Photos” is a folder")))
        << frame->last_notice();
}

TEST_F(Import, AFolderAmongFilesIsSkippedAndTheFilesAreImported) {
    make_case();
    std::filesystem::create_directories(dir / "Photos");
    frame->import_paths({dir / "Photos", write_png("one.png", 20, 20)});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    EXPECT_TRUE(frame->last_notice().Contains(wxT("is a folder")));
    EXPECT_TRUE(frame->last_notice().Contains(wxT("1 file imported")));
}

TEST_F(Import, ADamagedImageIsKeptAsAFileWithoutAThumbnail) {
    make_case();
    const auto bad = dir / "broken.png";
    {
        std::ofstream f(bad, std::ios::binary);
        f << "\x89PNG\r\n\x1a\n" << std::string(500, '\x42');
    }
    frame->import_paths({bad});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const auto seq = frame->items().front().seq;
    EXPECT_EQ(frame->items().front().kind, "file");
    // Give the thumbnail worker time to try and fail; the item keeps its generic icon.
    pump_for(std::chrono::milliseconds(500));
    EXPECT_EQ(frame->item_list()->thumbnail_state(seq), ItemList::Thumb::placeholder);
    EXPECT_TRUE(frame->IsShown());
}

TEST_F(Import, APastedImageIsSealedAsAScreenshotFromTheClipboard) {
    make_case();
    wxImage img(64, 32);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x) {
            const auto c = pattern_pixel(x, y);
            img.SetRGB(x, y, c[0], c[1], c[2]);
        }
    ASSERT_TRUE(wxTheClipboard->Open());
    wxTheClipboard->SetData(new wxBitmapDataObject(wxBitmap(img, 24)));
    wxTheClipboard->Close();
    frame->paste_image();
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u) << frame->last_notice();
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.kind, "screenshot");
    EXPECT_EQ(it.source.value_or(""), "clipboard");
    wxImage sealed(wxString(original_of(it).c_str()), wxBITMAP_TYPE_PNG);
    ASSERT_TRUE(sealed.IsOk());
    ASSERT_EQ(sealed.GetWidth(), 64);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x)
            ASSERT_EQ(sealed.GetRed(x, y), img.GetRed(x, y)) << x << "," << y;
}

TEST_F(Import, ALinkAndADescriptionAreRecorded) {
    make_case();
    frame->record_link(
        {"https://example.invalid/profile/max", std::string("profile"), {}, false, ""}, false,
        nullptr);
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    EXPECT_EQ(frame->items().front().kind, "link");
    EXPECT_EQ(frame->item_list()->thumbnail_state(frame->items().front().seq),
              ItemList::Thumb::placeholder);
    frame->describe_item(frame->items().front().seq, wxString::FromUTF8("Le profil de « Max »"));
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(frame->items().front().description.value_or(""), "Le profil de « Max »");
    // A bad link is one sentence, and nothing is added.
    frame->record_link({"not a link", std::nullopt, std::nullopt, false, ""}, false, nullptr);
    EXPECT_EQ(frame->items().size(), 1u);
    EXPECT_FALSE(frame->last_notice().empty());
}

// A link recorded instead of a sexual image of a minor is marked sensitive, with when it was
// sent; the date of the facts is changed from the details pane, and a bad one is refused in
// one sentence without changing anything.
TEST_F(Import, ASensitiveLinkAndTheDateOfTheFactsAreRecordedAndEditable) {
    make_case();
    frame->record_link(
        {"https://cdn.example.invalid/img/1.jpg", std::nullopt, {}, true, "08/03/2025 21:04"},
        false, nullptr);
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const core::Item it = frame->items().front();
    EXPECT_TRUE(it.sensitive);
    EXPECT_EQ(it.happened.value_or("").substr(0, 16), "2025-03-08T21:04");
    frame->set_item_happened(it.seq, wxT("31/02/2025"));
    EXPECT_NE(frame->last_notice().Find(wxT("calendar")), wxNOT_FOUND) << frame->last_notice();
    EXPECT_EQ(frame->items().front().happened, it.happened);
    frame->set_item_happened(it.seq, wxT("09/03/2025"));
    ASSERT_TRUE(wait_idle());
    EXPECT_EQ(frame->items().front().happened.value_or(""), "2025-03-09");
    frame->set_item_happened(it.seq, wxString());
    ASSERT_TRUE(wait_idle());
    EXPECT_FALSE(frame->items().front().happened.has_value());
    // A bad date in the link dialog adds nothing.
    frame->record_link({"https://example.invalid/x", std::nullopt, {}, false, "hier"}, false,
                       nullptr);
    EXPECT_EQ(frame->items().size(), 1u);
}

// The link dialog closes only on what can be recorded: an empty address, another scheme and
// a date it cannot read are said inside it, and what was typed stays; an address copied
// without its scheme gets "https://", and the person is told.
TEST_F(Import, TheLinkDialogKeepsWhatWasTypedAndAddsTheMissingScheme) {
    make_case();
    LinkDialog dlg(frame, {});
    dlg.Show();
    auto press_record = [&] {
        wxWindow* ok = dlg.FindWindow(wxID_OK);
        ASSERT_NE(ok, nullptr);
        wxCommandEvent click(wxEVT_BUTTON, wxID_OK);
        click.SetEventObject(ok);
        ok->GetEventHandler()->ProcessEvent(click);
    };
    press_record();
    EXPECT_TRUE(dlg.IsShown());
    EXPECT_FALSE(dlg.problem().empty());

    dlg.url_ctrl()->ChangeValue(wxT("ftp://files.example.invalid/x"));
    press_record();
    EXPECT_TRUE(dlg.IsShown());
    EXPECT_TRUE(dlg.problem().Contains(wxT("https://"))) << dlg.problem();
    EXPECT_EQ(dlg.url_ctrl()->GetValue(), wxT("ftp://files.example.invalid/x"));

    dlg.url_ctrl()->ChangeValue(wxT("  instagram.com/max.du.93 "));
    dlg.description_ctrl()->ChangeValue(wxT("son profil"));
    dlg.happened_ctrl()->ChangeValue(wxT("hier soir"));
    press_record();
    EXPECT_TRUE(dlg.IsShown());
    EXPECT_FALSE(dlg.problem().empty());
    EXPECT_EQ(dlg.url_ctrl()->GetValue(), wxT("https://instagram.com/max.du.93"));
    EXPECT_EQ(dlg.description_ctrl()->GetValue(), wxT("son profil"));
    EXPECT_EQ(dlg.happened_ctrl()->GetValue(), wxT("hier soir"));

    dlg.happened_ctrl()->ChangeValue(wxString());
    press_record();
    EXPECT_FALSE(dlg.IsShown());
    EXPECT_TRUE(dlg.problem().empty());
    EXPECT_TRUE(dlg.scheme_added());
    const LinkAnswers a = dlg.answers();
    EXPECT_EQ(a.url, "https://instagram.com/max.du.93");
    wxString problem;
    ASSERT_TRUE(frame->record_link(a, dlg.scheme_added(), &problem)) << problem;
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    EXPECT_EQ(frame->items().front().url.value_or(""), "https://instagram.com/max.du.93");
    EXPECT_TRUE(frame->last_notice().Contains(wxT("“https://” was added"))) << frame->last_notice();

    // What the store refuses comes back as the reason, for the dialog to show.
    EXPECT_FALSE(frame->record_link(
        {"https://example.invalid/y", std::nullopt, {}, false, "31/02/2025"}, false, &problem));
    EXPECT_FALSE(problem.empty());
    EXPECT_EQ(frame->items().size(), 1u);
}

TEST_F(Import, WithoutACaseNothingIsImportedAndTheUserIsToldWhy) {
    frame->import_paths({write_png("x.png", 5, 5)});
    ASSERT_TRUE(wait_idle());
    EXPECT_FALSE(frame->current_case().has_value());
    EXPECT_TRUE(frame->last_notice().Contains(wxT("New case"))) << frame->last_notice();
}

}  // namespace
}  // namespace scelle::gui::test
