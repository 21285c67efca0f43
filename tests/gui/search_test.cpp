// The desktop's search of the machine transcripts: "Read the pictures" makes them on a worker
// while the window stays usable, the words are found whatever their accents and capitals, and
// a hit opens the viewer with its line framed on the picture. Real Tesseract, real SQLite.
#include <wx/listbox.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "child_process.h"
#include "gui_test_env.h"
#include "item_viewer.h"
#include "main_frame_ids.h"
#include "scelle/ocr/ocr.h"
#include "search_dialog.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

class SearchTest : public MainFrameTest {
  protected:
    // A light chat picture with known French text, drawn by ImageMagick with DejaVu Sans.
    fs::path chat_png(const std::string& name) {
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
                                    "Léa : non, pourquoi ?",
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

}  // namespace
}  // namespace scelle::gui::test
