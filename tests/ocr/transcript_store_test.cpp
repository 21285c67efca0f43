// Machine transcripts in the case store (schema 4): saving, searching with FTS5 (case and
// accents ignored, query syntax never interpreted), and their removal with the item. Real
// SQLite, real files; the transcripts here are written by hand (the engine is tested in
// ocr_engine_test.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "scelle/base/png_writer.h"
#include "scelle/store/store.h"
#include "sql_exec.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

class TranscriptStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Transcriptions", "police", {"harassment"}, std::nullopt});
        ASSERT_TRUE(id.ok()) << id.error().detail;
        case_id = *id;
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }

    // Imports `n` distinct small PNG images; returns their item numbers.
    std::vector<std::int64_t> import_images(int n, bool sensitive = false) {
        ImportRequest req;
        req.sensitive = sensitive;
        for (int i = 0; i < n; ++i) {
            std::vector<std::uint8_t> rgb(4 * 3 * 3, static_cast<std::uint8_t>(i % 251));
            rgb[0] = static_cast<std::uint8_t>(i / 251);
            rgb[1] = static_cast<std::uint8_t>(sensitive ? 7 : 3);
            auto png = encode_png_rgb8(4, 3, rgb);
            EXPECT_TRUE(png.ok());
            fs::path p = dir / ("img-" + std::to_string(counter++) + ".png");
            test::write_file(
                p, std::string_view(reinterpret_cast<const char*>(png->data()), png->size()));
            req.files.push_back(p);
        }
        auto out = kase->import_files(req);
        EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().detail);
        std::vector<std::int64_t> seqs;
        if (out.ok())
            for (const auto& o : *out)
                seqs.push_back(o.seq);
        return seqs;
    }

    Transcript make(std::int64_t seq, std::vector<std::string> lines) {
        Transcript t;
        t.item_seq = seq;
        t.engine = "tesseract 5.3.0";
        t.languages = "fra+eng";
        t.confidence = 90;
        std::int64_t y = 10;
        for (auto& l : lines) {
            t.lines.push_back({std::move(l), 12, y, 300, 20, 91});
            y += 40;
        }
        return t;
    }

    std::string count(const std::string& table) {
        return test::query_text(store.cases_dir() / case_id / "case.sqlite",
                                "SELECT count(*) FROM " + table);
    }

    test::TempDir dir;
    Store store{dir / "store"};
    std::string case_id;
    std::unique_ptr<CaseStore> kase;
    int counter = 0;
};

TEST_F(TranscriptStoreTest, SearchIgnoresCaseAndAccents) {
    auto seqs = import_images(2);
    ASSERT_EQ(seqs.size(), 2u);
    ASSERT_TRUE(
        kase->save_transcript(make(seqs[0], {"Léa: tu habites où ?", "Donne ton ADRESSE"})).ok());
    ASSERT_TRUE(kase->save_transcript(make(seqs[1], {"c'était cet été", "mon adrésse mail"})).ok());

    auto hits = kase->search_transcripts("adresse");
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 2u);
    EXPECT_EQ((*hits)[0].item_seq, seqs[0]);
    EXPECT_EQ((*hits)[0].line, 2);
    EXPECT_EQ((*hits)[0].found.text, "Donne ton ADRESSE");
    EXPECT_EQ((*hits)[0].found.y, 50);
    EXPECT_EQ((*hits)[1].item_seq, seqs[1]);
    EXPECT_EQ((*hits)[1].line, 2);

    for (const char* q : {"ou", "OÙ", "lea", "Léa", "ete", "ÉTÉ", "habites où"}) {
        auto h = kase->search_transcripts(q);
        ASSERT_TRUE(h.ok()) << q;
        EXPECT_FALSE(h->empty()) << q;
    }
    // A phrase: the words in this order only.
    auto phrase = kase->search_transcripts("ton adresse");
    ASSERT_TRUE(phrase.ok());
    EXPECT_EQ(phrase->size(), 1u);
    auto reversed = kase->search_transcripts("adresse ton");
    ASSERT_TRUE(reversed.ok());
    EXPECT_TRUE(reversed->empty());

    auto t = kase->transcript(seqs[0]);
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE(t->has_value());
    EXPECT_EQ((*t)->engine, "tesseract 5.3.0");
    EXPECT_EQ((*t)->languages, "fra+eng");
    EXPECT_EQ((*t)->lines.size(), 2u);
    EXPECT_FALSE((*t)->made_at.empty());
}

TEST_F(TranscriptStoreTest, QuerySyntaxIsPlainText) {
    auto seqs = import_images(1);
    ASSERT_TRUE(
        kase->save_transcript(make(seqs[0], {"NEAR the e-mail \"quoted\" word*", "x AND y"})).ok());
    for (const char* q : {"\"",
                          "\"\"",
                          "'",
                          "*",
                          "adr*",
                          "NEAR(a b)",
                          "NEAR",
                          "-été",
                          "e-mail",
                          "a OR b",
                          "x AND y",
                          "^start",
                          "col:text",
                          "(",
                          ")",
                          "{a b}",
                          ":",
                          "\"quoted\"",
                          "word*",
                          "\\",
                          "%",
                          "_",
                          ";DROP TABLE items;--"}) {
        auto h = kase->search_transcripts(q);
        EXPECT_TRUE(h.ok()) << q << ": " << (h.ok() ? "" : h.error().detail);
    }
    auto near = kase->search_transcripts("NEAR");
    ASSERT_TRUE(near.ok());
    EXPECT_EQ(near->size(), 1u);
    auto mail = kase->search_transcripts("e-mail");
    ASSERT_TRUE(mail.ok());
    EXPECT_EQ(mail->size(), 1u);
    auto quoted = kase->search_transcripts("\"quoted\"");
    ASSERT_TRUE(quoted.ok());
    EXPECT_EQ(quoted->size(), 1u);
    // Operators are words, not operators: "a OR b" is a phrase no line holds.
    auto orq = kase->search_transcripts("a OR b");
    ASSERT_TRUE(orq.ok());
    EXPECT_TRUE(orq->empty());
    EXPECT_EQ(fts5_phrase("a\"b"), "\"a\"\"b\"");
}

TEST_F(TranscriptStoreTest, NeverEvidenceNeverInTheLog) {
    auto seqs = import_images(1);
    auto before = kase->log_lines();
    ASSERT_TRUE(before.ok());
    ASSERT_TRUE(kase->save_transcript(make(seqs[0], {"adresse"})).ok());
    // Saved again: replaced, not added.
    ASSERT_TRUE(kase->save_transcript(make(seqs[0], {"adresse", "encore"})).ok());
    auto after = kase->log_lines();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(before->size(), after->size());
    EXPECT_EQ(count("transcripts"), "1");
    EXPECT_EQ(count("transcript_lines"), "2");
    auto report = kase->check();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact());
}

TEST_F(TranscriptStoreTest, WithdrawalAndSensitiveRemoveTheTranscript) {
    auto seqs = import_images(2);
    ASSERT_TRUE(kase->save_transcript(make(seqs[0], {"adresse un"})).ok());
    ASSERT_TRUE(kase->save_transcript(make(seqs[1], {"adresse deux"})).ok());
    ASSERT_TRUE(kase->withdraw(seqs[0], "mauvaise capture").ok());
    EXPECT_EQ(count("transcripts"), "1");
    EXPECT_EQ(count("transcript_lines"), "1");
    ASSERT_TRUE(kase->set_sensitive(seqs[1], true).ok());
    EXPECT_EQ(count("transcripts"), "0");
    EXPECT_EQ(count("transcript_lines"), "0");
    auto hits = kase->search_transcripts("adresse");
    ASSERT_TRUE(hits.ok());
    EXPECT_TRUE(hits->empty());

    // Neither may get one again.
    for (std::int64_t seq : seqs) {
        auto r = kase->save_transcript(make(seq, {"adresse"}));
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::not_available);
    }
    auto w = kase->save_transcript(make(seqs[0], {"x"}));
    EXPECT_EQ(w.error().detail, "withdrawn");
    auto s = kase->save_transcript(make(seqs[1], {"x"}));
    EXPECT_EQ(s.error().detail, "sensitive");
    auto todo = kase->items_to_transcribe();
    ASSERT_TRUE(todo.ok());
    EXPECT_TRUE(todo->empty());
}

TEST_F(TranscriptStoreTest, OnlyImagesAreTranscribed) {
    auto link = kase->add_link("https://example.org/profil", std::nullopt, std::nullopt);
    ASSERT_TRUE(link.ok());
    EXPECT_EQ(transcribe_refusal(*link), TranscribeRefusal::not_an_image);
    auto r = kase->save_transcript(make(link->seq, {"x"}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "not an image");
    fs::path txt = dir / "notes.txt";
    test::write_file(txt, "adresse\n");
    ImportRequest req;
    req.files = {txt};
    auto imp = kase->import_files(req);
    ASSERT_TRUE(imp.ok());
    auto it = kase->item((*imp)[0].seq);
    ASSERT_TRUE(it.ok());
    EXPECT_EQ(transcribe_refusal(*it), TranscribeRefusal::not_an_image);
    auto sensitive = import_images(1, true);
    auto image = import_images(1);
    auto todo = kase->items_to_transcribe();
    ASSERT_TRUE(todo.ok());
    EXPECT_EQ(*todo, image);
    auto unknown = kase->save_transcript(make(999, {"x"}));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, Errc::unknown_item);
}

TEST_F(TranscriptStoreTest, AnEarlierSchemaGetsTheTables) {
    kase.reset();
    const fs::path db = store.cases_dir() / case_id / "case.sqlite";
    EXPECT_EQ(test::exec_sql(db,
                             "DROP TABLE transcript_lines; DROP TABLE transcripts; "
                             "PRAGMA user_version = 4;"),
              "");
    auto cs = store.open_case(case_id, Access::read_write);
    ASSERT_TRUE(cs.ok());
    EXPECT_EQ(test::query_text(db, "PRAGMA user_version"), std::to_string(kSchemaVersion));
    auto hits = (*cs)->search_transcripts("adresse");
    ASSERT_TRUE(hits.ok());
    EXPECT_TRUE(hits->empty());
}

// 200 items of chat-like transcripts: every one that holds the word is found, and only those.
// The time is printed, never asserted (docs/performance.md has the figures).
TEST_F(TranscriptStoreTest, SearchAcross200Items) {
    auto seqs = import_images(200);
    ASSERT_EQ(seqs.size(), 200u);
    std::vector<std::int64_t> expected;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        std::vector<std::string> lines = {"Salut, ça va ?", "Tu joues ce soir ?",
                                          "Message numéro " + std::to_string(i),
                                          "Je t'envoie le lien demain", "ok à plus"};
        if (i % 7 == 0) {
            lines.push_back("donne-moi ton Adrésse exacte");
            expected.push_back(seqs[i]);
        }
        ASSERT_TRUE(kase->save_transcript(make(seqs[i], lines)).ok());
    }
    const auto start = std::chrono::steady_clock::now();
    auto hits = kase->search_transcripts("adresse");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(hits.ok());
    std::vector<std::int64_t> found;
    for (const auto& h : *hits) {
        found.push_back(h.item_seq);
        EXPECT_EQ(h.line, 6);
    }
    EXPECT_EQ(found, expected);
    std::cout << "search across 200 items (" << hits->size()
              << " hits): " << std::chrono::duration<double, std::milli>(elapsed).count()
              << " ms\n";
    auto one = kase->search_transcripts("numéro 137");
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].item_seq, seqs[137]);
}

}  // namespace
}  // namespace scelle::core
