// The OCR engine (Tesseract 5, fra+eng, from Debian) on generated chat images with known
// text, through the pool that transcribes a case's items; then the words are searched. Real
// Tesseract, real SQLite, no mocks.
#include <gtest/gtest.h>
#include <atomic>

#include "ocr_images.h"
#include "scelle/ocr/ocr.h"
#include "scelle/ocr/transcribe.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::ocr {
namespace {

namespace fs = std::filesystem;

class OcrEngineTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!available())
            GTEST_SKIP() << "this build has no OCR engine";
        auto id = store.create_case({"OCR", "police", {"grooming"}, std::nullopt});
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }

    std::int64_t import_chat(const std::string& name, const test::ChatImage& img,
                             bool sensitive = false) {
        fs::path p = dir / name;
        EXPECT_TRUE(test::draw_chat(p, img)) << "convert failed for " << name;
        core::ImportRequest req;
        req.files = {p};
        req.sensitive = sensitive;
        auto out = kase->import_files(req);
        EXPECT_TRUE(out.ok());
        return out.ok() ? (*out)[0].seq : 0;
    }

    std::vector<std::int64_t> hits_for(const std::string& text) {
        auto hits = kase->search_transcripts(text);
        EXPECT_TRUE(hits.ok());
        std::vector<std::int64_t> items;
        if (hits.ok())
            for (const auto& h : *hits)
                if (items.empty() || items.back() != h.item_seq)
                    items.push_back(h.item_seq);
        return items;
    }

    test::TempDir dir;
    core::Store store{dir / "store"};
    std::unique_ptr<core::CaseStore> kase;
};

const std::vector<std::string> kConversation = {
    "Léa : tu habites où exactement ?",
    "Donne-moi ton adresse, je passe te voir",
    "C'était cet été, à la piscine",
};

TEST_F(OcrEngineTest, LightAndDarkChatsAreFoundBySearch) {
    const std::int64_t light = import_chat("light.png", {false, 22, kConversation});
    const std::int64_t dark = import_chat("dark.png", {true, 22, kConversation});
    // Small text on a dark background: inverted and read at twice the size.
    const std::int64_t small = import_chat("small.png", {true, 11, kConversation});
    std::size_t calls = 0;
    auto out = transcribe_items(
        *kase, {light, dark, small},
        [&](const TranscribeProgress& p) {
            ++calls;
            EXPECT_EQ(p.total, 3u);
            EXPECT_EQ(p.done, calls);
        },
        2);
    ASSERT_TRUE(out.ok()) << out.error().detail;
    EXPECT_EQ(calls, 3u);
    for (const auto& o : *out) {
        ASSERT_TRUE(o.transcript.has_value()) << "item " << o.item << ": " << o.error->detail;
        EXPECT_EQ(o.transcript->languages, "fra+eng");
        EXPECT_EQ(o.transcript->engine.rfind("tesseract 5", 0), 0u) << o.transcript->engine;
        EXPECT_GE(o.transcript->confidence, 50);
        EXPECT_GE(o.transcript->lines.size(), 3u) << o.transcript->text();
    }
    const std::vector<std::int64_t> all = {light, dark, small};
    for (const char* word :
         {"adresse", "Adresse", "où", "ou", "été", "ete", "Léa", "lea", "piscine", "habites"})
        EXPECT_EQ(hits_for(word), all) << word;
    EXPECT_TRUE(hits_for("gendarmerie").empty());
}

TEST_F(OcrEngineTest, BoxesAreInTheOriginalPixels) {
    const std::int64_t small = import_chat("small.png", {false, 11, kConversation});
    auto out = transcribe_items(*kase, {small}, {}, 1);
    ASSERT_TRUE(out.ok());
    auto hits = kase->search_transcripts("adresse");
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 1u);
    const auto& box = (*hits)[0].found;
    // Line 2's baseline is at 40 + 33 = 73 in a 900 × 139 picture; its text starts at x 24.
    EXPECT_NEAR(static_cast<double>(box.x), 24.0, 6.0);
    EXPECT_LE(box.y, 73);
    EXPECT_GE(box.y + box.height, 68);
    EXPECT_LT(box.x + box.width, 900);
    EXPECT_GT(box.width, 150);
}

// The models are read through Scellé's own file reader, by their UTF-8 names: a folder named
// with accents and spaces (on Windows, "C:\\Program Files\\Scellé\\share\\scelle\\tessdata",
// which Tesseract's fopen() would not find) is read; a folder without them is one clear error.
TEST_F(OcrEngineTest, TheModelsAreReadFromAFolderNamedInUnicodeAndTheirAbsenceIsSaid) {
    const fs::path debian = "/usr/share/tesseract-ocr/5/tessdata";
    const fs::path models = dir / "Scellé à l’école" / "tessdata";
    fs::create_directories(models);
    for (const char* m : {"fra.traineddata", "eng.traineddata"})
        fs::copy_file(debian / m, models / m);
    const fs::path empty = dir / "vide é";
    fs::create_directories(empty);

    struct Restore {
        ~Restore() { unsetenv("TESSDATA_PREFIX"); }
    } restore;
    setenv("TESSDATA_PREFIX", models.c_str(), 1);
    auto engine = open_engine();
    ASSERT_TRUE(engine.ok()) << engine.error().detail;
    test::draw_chat(dir / "chat.png", {false, 22, kConversation});
    const std::string png = test::read_file(dir / "chat.png");
    auto read = (*engine)->read(std::as_bytes(std::span(png.data(), png.size())));
    ASSERT_TRUE(read.ok()) << read.error().detail;
    EXPECT_NE(read->text().find("adresse"), std::string::npos) << read->text();

    setenv("TESSDATA_PREFIX", empty.c_str(), 1);
    auto none = open_engine();
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, Errc::install_incomplete);
    EXPECT_NE(none.error().detail.find("language models could not be loaded"), std::string::npos)
        << none.error().detail;
}

TEST_F(OcrEngineTest, AnUnreadableImageIsAnErrorForThatItemOnly) {
    const std::int64_t good = import_chat("good.png", {false, 22, kConversation});
    // A PNG cut after its header: imported as a PNG (its header gives its size), but no
    // decoder can read its pixels.
    test::draw_chat(dir / "whole.png", {false, 22, {"coupé"}});
    std::string bytes = test::read_file(dir / "whole.png");
    test::write_file(dir / "cut.png", bytes.substr(0, 80));
    core::ImportRequest req;
    req.files = {dir / "cut.png"};
    auto imp = kase->import_files(req);
    ASSERT_TRUE(imp.ok());
    const std::int64_t cut = (*imp)[0].seq;
    auto out = transcribe_items(*kase, {cut, good});
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 2u);
    EXPECT_EQ((*out)[0].item, cut);
    ASSERT_TRUE((*out)[0].error.has_value());
    EXPECT_EQ((*out)[0].error->code, Errc::input_unreadable);
    EXPECT_TRUE((*out)[1].transcript.has_value());
    auto t = kase->transcript(cut);
    ASSERT_TRUE(t.ok());
    EXPECT_FALSE(t->has_value());
}

TEST_F(OcrEngineTest, SensitiveAndWithdrawnItemsAreNeverRead) {
    const std::int64_t sensitive = import_chat("s.png", {false, 22, kConversation}, true);
    const std::int64_t gone = import_chat("g.png", {true, 22, {"retiré"}});
    ASSERT_TRUE(kase->withdraw(gone, "erreur").ok());
    auto out = transcribe_items(*kase, {sensitive, gone});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ((*out)[0].error->detail, "sensitive");
    EXPECT_EQ((*out)[1].error->detail, "withdrawn");
    EXPECT_TRUE(hits_for("adresse").empty());
}

TEST_F(OcrEngineTest, AnAlteredOriginalIsNotRead) {
    const std::int64_t seq = import_chat("a.png", {false, 22, kConversation});
    auto it = kase->item(seq);
    ASSERT_TRUE(it.ok());
    const fs::path object = kase->object_path(*it->sha256);
    fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
    std::string bytes = test::read_file(object);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
    test::write_file(object, bytes);
    auto out = transcribe_items(*kase, {seq});
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)[0].error.has_value());
    EXPECT_EQ((*out)[0].error->code, Errc::store_corrupt);
}

TEST_F(OcrEngineTest, AStopLeavesWhatNoEngineTookUnread) {
    const std::int64_t first = import_chat("1.png", {false, 22, kConversation});
    const std::int64_t second = import_chat("2.png", {true, 22, {"deuxième"}});
    // Stopped before an engine takes anything (a window closed at once): nothing is read,
    // each item says why, and both stay to be read the next time.
    std::atomic<bool> stop{true};
    std::size_t reported = 0;
    auto out = transcribe_items(
        *kase, {first, second}, [&](const TranscribeProgress& p) { reported = p.done; }, 2,
        core::Env::system(), &stop);
    ASSERT_TRUE(out.ok());
    for (const auto& o : *out) {
        EXPECT_FALSE(o.transcript.has_value());
        ASSERT_TRUE(o.error.has_value());
        EXPECT_EQ(o.error->code, Errc::not_available);
    }
    EXPECT_EQ(reported, 2u);  // the progress still reaches the end
    auto left = kase->items_to_transcribe();
    ASSERT_TRUE(left.ok());
    EXPECT_EQ(*left, (std::vector<std::int64_t>{first, second}));
}

}  // namespace
}  // namespace scelle::ocr
