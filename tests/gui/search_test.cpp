// The desktop's search of the machine transcripts: "Read the pictures" makes them on a worker
// while the window stays usable, the words are found whatever their accents and capitals, and
// a hit opens the viewer with its line framed on the picture. The pictures are also read in
// the background after each import (PictureReader), never a sensitive one, not when switched
// off, and closing the window stops the reading and keeps what was read. Real Tesseract, real
// SQLite.
#include <wx/listbox.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "child_process.h"
#include "gui_test_env.h"
#include "item_viewer.h"
#include "main_frame_ids.h"
#include "scelle/ocr/ocr.h"
#include "scelle/store/store.h"
#include "search_dialog.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

class SearchTest : public MainFrameTest {
  protected:
    // A light chat picture with known French text, drawn by ImageMagick with DejaVu Sans;
    // `last` ends it (pictures that differ).
    fs::path chat_png(const std::string& name, const std::string& last = "Léa : non, pourquoi ?") {
        const fs::path p = dir / name;
        auto r = scelle::test::run({"convert",
                                    "-size",
                                    "700x260",
                                    "xc:#f2f3f5",
                                    "-font",
                                    "DejaVu-Sans",
                                    "-pointsize",
                                    "22",
                                    "-fill",
                                    "#202225",
                                    "-annotate",
                                    "+20+50",
                                    "Léa : salut, ça va ?",
                                    "-annotate",
                                    "+20+110",
                                    "Max_92 : donne-moi ton ADRESSE",
                                    "-annotate",
                                    "+20+170",
                                    last,
                                    p.string()});
        EXPECT_EQ(r.exit_code, 0) << scelle::test::dump(r);
        return p;
    }
};

TEST_F(SearchTest, ReadThePicturesFindTheWordsAndSeeThemFramed) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    make_case("Recherche");
    frame->import_paths({chat_png("chat.png")});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);

    SearchDialog* dlg = frame->show_search();
    ASSERT_NE(dlg, nullptr);
    ASSERT_TRUE(dlg->IsShown());
    // Nothing read yet: nothing found, and said so.
    dlg->search(wxT("adresse"));
    EXPECT_TRUE(dlg->hits().empty());
    EXPECT_FALSE(dlg->status().empty());

    dlg->transcribe_missing();
    EXPECT_TRUE(dlg->transcribing());
    // The main window answers meanwhile.
    frame->reload_items();
    ASSERT_TRUE(pump_until([&] { return !dlg->transcribing(); }, std::chrono::seconds(120)));

    dlg->search(wxT("adrésse"));  // accents and capitals do not matter
    ASSERT_EQ(dlg->hits().size(), 1u) << dlg->status();
    EXPECT_EQ(dlg->hits()[0].item_seq, frame->items()[0].seq);
    EXPECT_NE(dlg->hits()[0].found.text.find("ADRESSE"), std::string::npos);
    EXPECT_EQ(dlg->results_ctrl()->GetCount(), 1u);

    dlg->open_hit(0);
    ItemViewer* v = frame->viewer();
    ASSERT_NE(v, nullptr);
    ASSERT_TRUE(pump_until([&] { return v->state() == ItemViewer::State::picture; },
                           std::chrono::seconds(20)));
    EXPECT_EQ(v->marks_shown(), 1u);
    // Another search that finds nothing says so.
    dlg->search(wxT("motdepasse"));
    EXPECT_TRUE(dlg->hits().empty());
    EXPECT_EQ(dlg->results_ctrl()->GetCount(), 0u);
}

// The window as a person gets it: every new picture is read in the background.
class BackgroundReadingTest : public SearchTest {
  protected:
    BackgroundReadingTest() { read_pictures = true; }

    std::unique_ptr<core::CaseStore> open_store(const std::string& id) {
        core::Store store(store_root);
        auto cs = store.open_case(id, core::Access::read_write);
        EXPECT_TRUE(cs.ok());
        return cs.ok() ? std::move(cs).value() : nullptr;
    }
    // How many of the case's items have a transcript.
    std::size_t transcripts(const std::string& id) {
        auto cs = open_store(id);
        std::size_t n = 0;
        for (const auto& it : frame->items())
            if (auto t = cs->transcript(it.seq); t.ok() && t->has_value())
                ++n;
        return n;
    }
    bool reading_ends() {
        return pump_until([&] { return !frame->picture_reader().running(); },
                          std::chrono::seconds(120));
    }
};

TEST_F(BackgroundReadingTest, AnImportedPictureIsReadWithoutAnyoneAsking) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    const std::string id = make_case("Lecture");
    frame->import_paths({chat_png("chat.png")});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    // The import is over and shown; the reading goes on beside it, and the window answers.
    EXPECT_TRUE(frame->picture_reader().running());
    frame->reload_items();
    ASSERT_TRUE(reading_ends());
    EXPECT_EQ(transcripts(id), 1u);
    EXPECT_TRUE(frame->reading_status().empty()) << frame->reading_status();

    // Found at once, with no "Read the pictures" pressed.
    SearchDialog* dlg = frame->show_search();
    ASSERT_NE(dlg, nullptr);
    EXPECT_FALSE(dlg->transcribing());
    dlg->search(wxT("adresse"));
    ASSERT_EQ(dlg->hits().size(), 1u) << dlg->status();
    EXPECT_EQ(dlg->hits()[0].item_seq, frame->items()[0].seq);
}

TEST_F(BackgroundReadingTest, ASensitivePictureIsNeverReadTheOthersAre) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    const std::string id = make_case("Sensible");
    ASSERT_TRUE(reading_ends());
    {
        // Added through scelle-cli's code path while the window shows the case.
        auto cs = open_store(id);
        core::ImportRequest req;
        req.files = {chat_png("sensible.png", "Max_92 : photo")};
        req.sensitive = true;
        ASSERT_TRUE(cs->import_files(req).ok());
        core::ImportRequest plain;
        plain.files = {chat_png("simple.png")};
        ASSERT_TRUE(cs->import_files(plain).ok());
    }
    // Opening the case reads what it holds unread.
    frame->open_case(id);
    ASSERT_TRUE(
        pump_until([&] { return frame->picture_reader().running(); }, std::chrono::seconds(10)));
    ASSERT_TRUE(reading_ends());
    ASSERT_EQ(frame->items().size(), 2u);
    auto cs = open_store(id);
    for (const auto& it : frame->items()) {
        auto t = cs->transcript(it.seq);
        ASSERT_TRUE(t.ok());
        EXPECT_EQ(t->has_value(), !it.sensitive) << "item " << it.seq;
    }
}

TEST_F(SearchTest, SwitchedOffInTheSettingsNothingIsReadUntilAsked) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    make_case("Sans lecture");
    frame->import_paths({chat_png("chat.png")});
    ASSERT_TRUE(wait_idle());
    // Started at once when it is on (the test above): never started here.
    EXPECT_FALSE(frame->picture_reader().running());
    SearchDialog* dlg = frame->show_search();
    dlg->search(wxT("adresse"));
    EXPECT_TRUE(dlg->hits().empty());
}

TEST_F(BackgroundReadingTest, ClosingTheWindowStopsTheReadingAndKeepsWhatWasRead) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    const std::string id = make_case("Fermeture");
    std::vector<fs::path> files;
    for (int i = 0; i < 8; ++i)
        files.push_back(chat_png("chat" + std::to_string(i) + ".png",
                                 "Léa : message numéro " + std::to_string(i)));
    frame->import_paths(files);
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 8u);
    ASSERT_TRUE(pump_until([&] { return frame->picture_reader().progress().done >= 1; },
                           std::chrono::seconds(120)));
    EXPECT_FALSE(frame->reading_status().empty());  // "Reading the pictures: 1 of 8…"
    frame->Destroy();
    frame = nullptr;
    pump_for(std::chrono::milliseconds(50));

    // The pictures under way were finished; the others were left for the next time.
    core::Store store(store_root);
    auto cs = store.open_case(id, core::Access::read_write);
    ASSERT_TRUE(cs.ok());
    auto left = (*cs)->items_to_transcribe();
    ASSERT_TRUE(left.ok());
    EXPECT_GE(left->size(), 1u);
    EXPECT_LE(left->size(), 7u);
    auto check = (*cs)->check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->intact());
}

}  // namespace
}  // namespace scelle::gui::test
