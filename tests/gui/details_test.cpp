// The details pane: long values (an authority's name, a time) are wrapped to the room the pane
// has, so that no line is wider than its cell (GTK would then wrap it again and the row would
// be too short to show the end: the time of the seal).
#include <wx/clipbrd.h>
#include <wx/tokenzr.h>

#include "art.h"
#include "gui_test_env.h"
#include "item_details.h"

namespace scelle::gui::test {
namespace {

// Every line of `value` fits its cell, the row is tall enough for all of them, and the cell is
// inside the pane, not beyond its right edge (`width`: the pane's, for the messages).
void expect_lines_fit(wxWindow* value, wxWindow* details, int width) {
    const wxArrayString lines = wxSplit(value->GetLabel(), '\n', '\0');
    for (const wxString& line : lines)
        EXPECT_LE(value->GetTextExtent(line).x, value->GetSize().x)
            << "at " << width << " px, this line is wider than its cell: " << line;
    EXPECT_GE(value->GetSize().y, static_cast<int>(lines.size()) * value->GetCharHeight() - 1)
        << "at " << width << " px, the row is shorter than its " << lines.size() << " lines";
    EXPECT_LE(value->GetScreenRect().GetRight(), details->GetScreenRect().GetRight());
}

TEST(ItemDetailsPane, LongValuesAreWrappedToTheirCellAndShownWhole) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    auto* frame = new wxFrame(nullptr, wxID_ANY, wxT("details"));
    auto* details = new ItemDetails(frame);
    for (const int width : {360, 700}) {
        frame->SetClientSize(frame->FromDIP(wxSize(width, 700)));
        frame->Show();
        core::Item it;
        it.seq = 1;
        it.kind = "screenshot";
        it.timestamp.status = core::TimestampStatus::granted;
        it.timestamp.tsa = "CN=Sectigo Public Time Stamping Signer R36,O=Sectigo Limited,C=GB";
        it.timestamp.gen_time = "2026-12-04T21:19:37Z";
        details->show(it, {});
        pump_for(std::chrono::milliseconds(300));
        auto* value = wxWindow::FindWindowByName(wxT("timestamp"), details);
        ASSERT_NE(value, nullptr);
        const wxString text = value->GetLabel();
        EXPECT_TRUE(text.Contains(wxT("21:19:37")) || text.Contains(wxT("2026"))) << text;
        expect_lines_fit(value, details, width);
    }
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
}

// A stored link is shown whole, in a read-only box that can be selected and copied, tall
// enough for the lines it wraps to, never cut at the pane's edge.
TEST(ItemDetailsPane, ALongLinkIsWholeSelectableAndCopyable) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    auto* frame = new wxFrame(nullptr, wxID_ANY, wxT("details"));
    auto* details = new ItemDetails(frame);
    frame->SetClientSize(frame->FromDIP(wxSize(380, 700)));
    frame->Show();
    core::Item it;
    it.seq = 1;
    it.kind = "link";
    it.url =
        "https://www.instagram.com/p/C3xYz_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/"
        "?igsh=MWQ1ZGUxMzBkMA%3D%3D&utm_source=ig_web_copy_link&img_index=3";
    details->show(it, {});
    pump_for(std::chrono::milliseconds(300));
    wxTextCtrl* url = details->url_ctrl();
    const wxString whole = wxString::FromUTF8(*it.url);
    EXPECT_EQ(details->field(wxT("url")), whole);
    EXPECT_FALSE(url->IsEditable());
    // Broken into lines here, each fitting the box, and nothing added but the line breaks (GTK
    // would draw a hyphen where it broke a word itself).
    wxString shown = url->GetValue();
    const wxArrayString lines = wxSplit(shown, '\n', '\0');
    ASSERT_GT(lines.size(), 1u) << shown;
    for (const wxString& line : lines)
        EXPECT_LE(url->GetTextExtent(line).x, url->GetClientSize().x) << line;
    shown.Replace(wxT("\n"), wxString());
    EXPECT_EQ(shown, whole);
    EXPECT_GE(url->GetSize().y, static_cast<int>(lines.size()) * url->GetCharHeight());
    // Copying gives the address as stored, without the display's line breaks.
    url->SelectAll();
    details->copy_url();
    ASSERT_TRUE(wxTheClipboard->Open());
    wxTextDataObject data;
    EXPECT_TRUE(wxTheClipboard->GetData(data));
    wxTheClipboard->Close();
    EXPECT_EQ(data.GetText(), whole);
    EXPECT_LE(url->GetScreenRect().GetRight(), details->GetScreenRect().GetRight());
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
}

// The authority is named as people know it (its organisation), not by its certificate's
// subject; a pasted picture is said to be pasted, not a capture made by Scellé.
TEST(ItemDetailsPane, TheAuthorityIsNamedShortAndAPastedImageIsSaidPasted) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    auto* frame = new wxFrame(nullptr, wxID_ANY, wxT("details"));
    auto* details = new ItemDetails(frame);
    frame->SetClientSize(frame->FromDIP(wxSize(700, 700)));
    frame->Show();
    core::Item it;
    it.seq = 1;
    it.kind = "screenshot";
    it.source = "clipboard";
    it.timestamp.status = core::TimestampStatus::granted;
    it.timestamp.tsa = "CN=DigiCert Timestamp 2023,O=DigiCert\\, Inc.,C=US";
    it.timestamp.gen_time = "2026-12-04T21:19:37Z";
    details->show(it, {});
    pump_for(std::chrono::milliseconds(100));
    wxString ts = details->field(wxT("timestamp"));
    ts.Replace(wxT("\n"), wxT(" "));
    EXPECT_TRUE(ts.Contains(wxT("DigiCert, Inc."))) << ts;
    EXPECT_FALSE(ts.Contains(wxT("CN="))) << ts;
    EXPECT_EQ(details->field(wxT("kind")), wxT("Image pasted from the clipboard"));
    it.source = "Screen 1 (640×480)";
    details->show(it, {});
    EXPECT_EQ(details->field(wxT("kind")), wxT("Screen capture made by Scellé"));
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
}

// A file name without spaces (a phone's "Screenshot_2026-12-01-14-33-22-...") is broken into
// lines here, after - _ . where it can be: GTK broke it itself, the row kept the height of one
// line, and the end of the name was cut.
TEST(ItemDetailsPane, AFileNameWithoutSpacesIsBrokenIntoLinesThatAllShow) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    auto* frame = new wxFrame(nullptr, wxID_ANY, wxT("details"));
    auto* details = new ItemDetails(frame);
    const wxString name =
        wxT("Screenshot_2026-12-01-14-33-22-512_com.instagram.android-conversation-avec-max.png");
    for (const int width : {300, 420}) {
        frame->SetClientSize(frame->FromDIP(wxSize(width, 700)));
        frame->Show();
        core::Item it;
        it.seq = 1;
        it.kind = "file";
        it.name = std::string(name.utf8_str());
        details->show(it, {});
        pump_for(std::chrono::milliseconds(300));
        auto* value = wxWindow::FindWindowByName(wxT("name"), details);
        ASSERT_NE(value, nullptr);
        const wxString text = value->GetLabel();
        EXPECT_GE(wxSplit(text, '\n', '\0').size(), 2u) << text;
        wxString joined = text;
        joined.Replace(wxT("\n"), wxString());
        EXPECT_EQ(joined, name) << "every character of the name, none added";
        expect_lines_fit(value, details, width);
    }
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
}

// A sensitive file's name may say what the picture shows: the pane does not show it, nor
// its picture.
TEST(ItemDetailsPane, ASensitiveFilesNameIsNotShown) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    auto* frame = new wxFrame(nullptr, wxID_ANY, wxT("details"));
    auto* details = new ItemDetails(frame);
    frame->SetClientSize(frame->FromDIP(wxSize(500, 700)));
    frame->Show();
    core::Item it;
    it.seq = 4;
    it.kind = "file";
    it.media_type = "image/jpeg";
    it.name = "photo-nue-lea.jpg";
    it.sensitive = true;
    details->show(it, {});
    pump_for(std::chrono::milliseconds(100));
    wxString name = details->field(wxT("name"));
    name.Replace(wxT("\n"), wxT(" "));
    EXPECT_FALSE(name.Contains(wxT("nue"))) << name;
    EXPECT_TRUE(name.Contains(wxT("Not shown"))) << name;
    it.sensitive = false;
    details->show(it, {});
    name = details->field(wxT("name"));
    name.Replace(wxT("\n"), wxString());
    EXPECT_EQ(name, wxT("photo-nue-lea.jpg"));
    frame->Destroy();
    pump_for(std::chrono::milliseconds(50));
}

TEST(AppIcons, TheWindowIconComesInEverySizeDrawnByTheBuild) {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display";
    const wxIconBundle icons = app_icons(SCELLE_TEST_SHARE_DIR);
    ASSERT_EQ(icons.GetIconCount(), 7u);
    EXPECT_TRUE(icons.GetIcon(wxSize(48, 48), wxIconBundle::FALLBACK_NONE).IsOk());
    EXPECT_EQ(icons.GetIcon(wxSize(256, 256), wxIconBundle::FALLBACK_NONE).GetWidth(), 256);
    EXPECT_TRUE(app_icons("/nonexistent").IsEmpty());
}

}  // namespace
}  // namespace scelle::gui::test
