// `scelle-cli transcribe` and `scelle-cli search`: the whole path on generated chat images,
// and every refusal in one sentence with its exit code (DESIGN.md: 2 for input that cannot be
// used, 1 when the operation failed).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "../cli/cli_fixture.h"
#include "ocr_images.h"
#include "scelle/ocr/ocr.h"
#include "temp_dir.h"

namespace scelle::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One sentence: a single line on stderr, ending with a full stop.
void expect_one_sentence(const ProcResult& r) {
    ASSERT_FALSE(r.err.empty()) << dump(r);
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << dump(r);
    EXPECT_EQ(r.err[r.err.size() - 2], '.') << dump(r);
}

class OcrCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!ocr::available())
            GTEST_SKIP() << "this build has no OCR engine";
        auto r = cli({"case", "new", "--title", "Transcriptions"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        case_id = first_line(r.out);
    }

    ProcResult cli(const std::vector<std::string>& args) { return run_cli(dir / "store", args); }

    // Imports a generated chat image; returns its item number.
    std::string import_chat(const std::string& name, const ChatImage& img,
                            std::vector<std::string> extra = {}) {
        EXPECT_TRUE(draw_chat(dir / name, img));
        return import_file(dir / name, std::move(extra));
    }

    std::string import_file(const fs::path& p, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--json", "import", case_id, p.string(), "--offline"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = cli(args);
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        auto doc = json::parse(r.out, nullptr, false);
        return std::to_string(doc["imported"][0]["item"].get<std::int64_t>());
    }

    TempDir dir;
    std::string case_id;
};

const std::vector<std::string> kChat = {"Léa : tu habites où ?", "Donne ton adresse e-mail",
                                        "C'était cet été"};

TEST_F(OcrCliTest, TranscribeThenSearch) {
    const std::string light = import_chat("light.png", {false, 22, kChat});
    const std::string dark = import_chat("dark.png", {true, 22, kChat});
    auto t = cli({"transcribe", case_id});
    ASSERT_EQ(t.exit_code, 0) << dump(t);
    EXPECT_NE(t.err.find("[2/2]"), std::string::npos) << dump(t);
    EXPECT_NE(t.err.find("not evidence"), std::string::npos) << dump(t);
    // Nothing left to do: the second run says so.
    auto again = cli({"transcribe", case_id});
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_NE(again.err.find("Nothing to transcribe"), std::string::npos) << dump(again);

    auto s = cli({"search", case_id, "adresse"});
    ASSERT_EQ(s.exit_code, 0) << dump(s);
    EXPECT_NE(s.out.find("Machine transcripts"), std::string::npos) << dump(s);
    EXPECT_NE(s.out.find("check each line against the image"), std::string::npos);
    EXPECT_NE(s.out.find("item " + light + ", line 2"), std::string::npos) << dump(s);
    EXPECT_NE(s.out.find("item " + dark + ", line 2"), std::string::npos) << dump(s);

    auto j = cli({"--json", "search", case_id, "ETE"});
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    auto doc = json::parse(j.out, nullptr, false);
    ASSERT_TRUE(doc.is_object()) << j.out;
    EXPECT_EQ(doc["query"], "ETE");
    EXPECT_EQ(doc["machine_transcript"], true);
    ASSERT_EQ(doc["hits"].size(), 2u) << j.out;
    for (const auto& h : doc["hits"]) {
        EXPECT_TRUE(h["item"].is_number_integer());
        EXPECT_TRUE(h["line"].is_number_integer());
        EXPECT_NE(h["text"].get<std::string>().find("t"), std::string::npos);
        for (const char* k : {"x", "y", "width", "height"})
            EXPECT_TRUE(h["box"][k].is_number_integer()) << k;
        EXPECT_TRUE(h["confidence"].is_number_integer());
    }
    EXPECT_TRUE(doc["not_transcribed"].empty());

    // In French, the search's words and the note are translated.
    auto fr = cli({"--lang", "fr", "search", case_id, "adresse"});
    ASSERT_EQ(fr.exit_code, 0) << dump(fr);
    EXPECT_NE(fr.out.find("Transcriptions automatiques"), std::string::npos) << dump(fr);

    // Withdrawn: its lines are no longer found.
    auto w = cli({"withdraw", case_id, light, "--reason", "doublon"});
    ASSERT_EQ(w.exit_code, 0) << dump(w);
    auto after = cli({"--json", "search", case_id, "adresse"});
    auto doc2 = json::parse(after.out, nullptr, false);
    ASSERT_EQ(doc2["hits"].size(), 1u) << after.out;
    EXPECT_EQ(std::to_string(doc2["hits"][0]["item"].get<std::int64_t>()), dark);
}

// The report's annex: the transcripts, marked as a machine's reading to check against the
// image; a sensitive item's picture is never read, so it has no transcript to show.
TEST_F(OcrCliTest, ReportAnnex) {
    const std::string item = import_chat("a.png", {false, 22, kChat});
    import_chat("s.png", {true, 22, {"secret sensible"}}, {"--sensitive"});
    ASSERT_EQ(cli({"transcribe", case_id}).exit_code, 0);
    auto r =
        cli({"--lang", "fr", "report", case_id, "-o", (dir / "r.pdf").string(), "--transcripts"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    auto text = run({"pdftotext", (dir / "r.pdf").string(), "-"});
    ASSERT_EQ(text.exit_code, 0) << dump(text);
    EXPECT_NE(text.out.find("Annexe — transcriptions automatiques"), std::string::npos);
    EXPECT_NE(text.out.find("Transcription automatique, à vérifier sur l’image"),
              std::string::npos);
    EXPECT_NE(text.out.find("adresse"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("fra+eng"), std::string::npos);
    EXPECT_EQ(text.out.find("secret sensible"), std::string::npos);
    // Without the flag, no annex.
    auto plain = cli({"report", case_id, "-o", (dir / "plain.pdf").string()});
    ASSERT_EQ(plain.exit_code, 0) << dump(plain);
    auto text2 = run({"pdftotext", (dir / "plain.pdf").string(), "-"});
    EXPECT_EQ(text2.out.find("machine transcripts"), std::string::npos);
}

TEST_F(OcrCliTest, SuggestOffersAndNeverAdds) {
    import_chat("a.png", {false,
                          22,
                          {"Écris-moi sur lea.martin@example.fr", "Mon compte : @joueur_du_93",
                           "Appelle au 06 12 34 56 78"}});
    ASSERT_EQ(cli({"transcribe", case_id}).exit_code, 0);
    auto r = cli({"--json", "suggest", case_id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    auto doc = json::parse(r.out, nullptr, false);
    EXPECT_EQ(doc["added"], false);
    std::set<std::string> values;
    for (const auto& s : doc["suggestions"])
        values.insert(s["kind"].get<std::string>() + " " + s["value"].get<std::string>());
    EXPECT_TRUE(values.count("email lea.martin@example.fr")) << r.out;
    EXPECT_TRUE(values.count("phone 0612345678")) << r.out;
    auto show = cli({"--json", "case", "show", case_id});
    EXPECT_TRUE(json::parse(show.out, nullptr, false)["accounts"].empty()) << show.out;
    auto human = cli({"suggest", case_id});
    ASSERT_EQ(human.exit_code, 0) << dump(human);
    EXPECT_NE(human.out.find("nothing was added"), std::string::npos) << dump(human);
}

TEST_F(OcrCliTest, TranscribeJson) {
    const std::string item = import_chat("a.png", {false, 22, kChat});
    auto t = cli({"--json", "transcribe", case_id, item});
    ASSERT_EQ(t.exit_code, 0) << dump(t);
    auto doc = json::parse(t.out, nullptr, false);
    ASSERT_EQ(doc["transcribed"].size(), 1u) << t.out;
    const auto& d = doc["transcribed"][0];
    EXPECT_EQ(std::to_string(d["item"].get<std::int64_t>()), item);
    EXPECT_EQ(d["machine_transcript"], true);
    EXPECT_EQ(d["languages"], "fra+eng");
    EXPECT_GE(d["lines"].get<int>(), 3);
    EXPECT_TRUE(doc["failed"].empty());
}

TEST_F(OcrCliTest, RefusalsInOneSentence) {
    auto unknown_case = cli({"transcribe", "nosuchcase"});
    EXPECT_EQ(unknown_case.exit_code, 2) << dump(unknown_case);
    auto unknown_case_search = cli({"search", "nosuchcase", "adresse"});
    EXPECT_EQ(unknown_case_search.exit_code, 2) << dump(unknown_case_search);

    auto unknown_item = cli({"transcribe", case_id, "42"});
    EXPECT_EQ(unknown_item.exit_code, 2) << dump(unknown_item);
    expect_one_sentence(unknown_item);

    auto link = cli({"--json", "link", case_id, "https://example.org/u/1", "--offline"});
    ASSERT_EQ(link.exit_code, 0) << dump(link);
    auto not_image = cli({"transcribe", case_id, "1"});
    EXPECT_EQ(not_image.exit_code, 2) << dump(not_image);
    expect_one_sentence(not_image);
    EXPECT_NE(not_image.err.find("not an image"), std::string::npos) << dump(not_image);

    const std::string sensitive = import_chat("s.png", {false, 22, kChat}, {"--sensitive"});
    auto s = cli({"transcribe", case_id, sensitive});
    EXPECT_EQ(s.exit_code, 2) << dump(s);
    expect_one_sentence(s);
    EXPECT_NE(s.err.find("sensitive"), std::string::npos) << dump(s);
    auto sj = cli({"--json", "transcribe", case_id, sensitive});
    auto doc = json::parse(sj.out, nullptr, false);
    EXPECT_EQ(doc["error"]["code"], "not_available") << sj.out;
    EXPECT_EQ(doc["error"]["detail"], "sensitive") << sj.out;

    const std::string gone = import_chat("g.png", {true, 22, kChat});
    ASSERT_EQ(cli({"withdraw", case_id, gone, "--reason", "erreur"}).exit_code, 0);
    auto w = cli({"transcribe", case_id, gone});
    EXPECT_EQ(w.exit_code, 2) << dump(w);
    expect_one_sentence(w);
    EXPECT_NE(w.err.find("withdrawn"), std::string::npos) << dump(w);

    for (const char* empty : {"", "   "}) {
        auto e = cli({"search", case_id, empty});
        EXPECT_EQ(e.exit_code, 2) << dump(e);
        expect_one_sentence(e);
    }
    // Nothing was transcribed by any of these.
    auto none = cli({"--json", "search", case_id, "adresse"});
    EXPECT_EQ(json::parse(none.out, nullptr, false)["hits"].size(), 0u) << none.out;
}

TEST_F(OcrCliTest, SearchSyntaxIsPlainText) {
    import_chat("a.png", {false, 22, kChat});
    ASSERT_EQ(cli({"transcribe", case_id}).exit_code, 0);
    for (const char* q : {"\"adresse", "adr*", "NEAR(adresse ton)", "ton -adresse", "a OR", "\"\"",
                          "*", "adresse\"", "(", "e-mail", "col:x", "^ton"}) {
        auto r = cli({"search", case_id, q});
        EXPECT_EQ(r.exit_code, 0) << q << ": " << dump(r);
        EXPECT_EQ(r.err.find("cannot"), std::string::npos) << q << ": " << dump(r);
        EXPECT_EQ(r.err.find("error"), std::string::npos) << q << ": " << dump(r);
    }
    auto mail = cli({"--json", "search", case_id, "e-mail"});
    EXPECT_EQ(json::parse(mail.out, nullptr, false)["hits"].size(), 1u) << mail.out;
}

TEST_F(OcrCliTest, ACorruptImageFailsThatItemInOneSentence) {
    ASSERT_TRUE(draw_chat(dir / "whole.png", {false, 22, kChat}));
    write_file(dir / "cut.png", read_file(dir / "whole.png").substr(0, 80));
    const std::string cut = import_file(dir / "cut.png");
    auto r = cli({"transcribe", case_id, cut});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.err.find("could not be read"), std::string::npos) << dump(r);
    // One sentence: no decoder's own complaint on stderr.
    expect_one_sentence(r);
    auto j = cli({"--json", "transcribe", case_id, cut});
    EXPECT_EQ(j.exit_code, 1) << dump(j);
    auto doc = json::parse(j.out, nullptr, false);
    ASSERT_EQ(doc["failed"].size(), 1u) << j.out;
    EXPECT_EQ(doc["failed"][0]["error"]["code"], "input_unreadable") << j.out;
}

}  // namespace
}  // namespace scelle::test
