// Taking back a mistake from the command line (issue 15): renaming a case and changing or
// removing the account of an item, each a new custody line; the bundle's case.json follows the
// log, and verify calls a case.json changed without a line "altered" (the forger of
// tests/forger/forge.py rewrites it and recomputes the manifests).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "scelle/base/png_writer.h"
#include "temp_dir.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

class CliUndo : public test::CliCaseTest {
  protected:
    CliUndo() : CliCaseTest("scelle-cli-undo") {}
    void SetUp() override {
        auto r = cli({"case", "new", "--title", "Dossier sans nom"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
        ASSERT_EQ(cli({"account", "add", id, "--platform", "snapchat", "--handle", "predator42"})
                      .exit_code,
                  0);
        ASSERT_EQ(cli({"account", "add", id, "--platform", "instagram", "--handle", "leo.2010"})
                      .exit_code,
                  0);
        grey_png("a.png", 120, 80, 90);
        r = cli({"import", id, (dir / "a.png").string(), "--account", "predator42", "--offline"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        r = cli({"link", id, "https://example.org/u/predator42", "--offline"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
    }
    fs::path forge_py() const { return SCELLE_FORGE_PY; }
};

TEST_F(CliUndo, RenameWritesOneLineAndCaseShowFollows) {
    auto r = cli({"case", "rename", id, "  Harcèlement de Léa sur Snapchat "});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("Case renamed: “Harcèlement de Léa sur Snapchat”"), std::string::npos)
        << r.err;
    EXPECT_EQ(show()["title"], "Harcèlement de Léa sur Snapchat");
    const json line = last_line();
    EXPECT_EQ(line["action"], "case.renamed");
    EXPECT_EQ(line["title"], "Harcèlement de Léa sur Snapchat");
    EXPECT_EQ(line["case"], id);
    EXPECT_NE(cli({"case", "list"}).out.find("Harcèlement de Léa sur Snapchat"), std::string::npos);
    // In French, and by a unique prefix of the id.
    r = cli({"--lang", "fr", "case", "rename", id.substr(0, 12), "Léa — Snapchat"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("Dossier renommé\u00a0: «\u00a0Léa — Snapchat\u00a0»"), std::string::npos)
        << r.err;
    r = cli({"--json", "case", "rename", id, "Léa"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(json::parse(r.out)["title"], "Léa");
    EXPECT_EQ(cli({"check", id}).exit_code, 0) << dump(cli({"check", id}));
}

TEST_F(CliUndo, ABadTitleOrCaseIsOneSentenceExit2AndNothingWritten) {
    const std::string before = log();
    struct Bad {
        std::string title;
        std::string words;
    };
    const std::vector<Bad> bad = {{"", "empty"},
                                  {"    ", "empty"},
                                  {std::string(201, 'x'), "at most 200 characters"},
                                  {"deux\nlignes", "one line"}};
    for (const auto& b : bad) {
        auto r = cli({"case", "rename", id, b.title});
        EXPECT_EQ(r.exit_code, 2) << b.title << dump(r);
        EXPECT_EQ(lines(r.err), 1) << r.err;
        EXPECT_NE(r.err.find(b.words), std::string::npos) << dump(r);
    }
    auto r = cli({"--lang", "fr", "case", "rename", id, ""});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("le nouveau titre est vide"), std::string::npos) << r.err;
    r = cli({"case", "rename", "20990101-ffffffff", "Titre"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("no case"), std::string::npos) << r.err;
    EXPECT_EQ(log(), before);
    EXPECT_EQ(show()["title"], "Dossier sans nom");
}

TEST_F(CliUndo, DescribeAccountAndNoAccountWriteOneLineEach) {
    ASSERT_EQ(show()["items"][0]["account"], 1);
    auto r = cli({"describe", id, "1", "--account", "leo.2010"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_EQ(show()["items"][0]["account"], 2);
    json line = last_line();
    EXPECT_EQ(line["action"], "item.account");
    EXPECT_EQ(line["item"], 1);
    EXPECT_EQ(line["account"], 2);
    // By the account's number, for the link.
    ASSERT_EQ(cli({"describe", id, "2", "--account", "1"}).exit_code, 0);
    EXPECT_EQ(show()["items"][1]["account"], 1);
    r = cli({"--lang", "fr", "describe", id, "1", "--no-account"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("ne désigne plus aucun compte"), std::string::npos) << r.err;
    EXPECT_TRUE(show()["items"][0]["account"].is_null());
    line = last_line();
    EXPECT_EQ(line["action"], "item.account");
    EXPECT_TRUE(line["account"].is_null());
    EXPECT_EQ(cli({"check", id}).exit_code, 0);

    // Refusals: nothing written.
    const std::string before = log();
    r = cli({"describe", id, "1", "--account", "personne", "--description", "x"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("no account “personne”"), std::string::npos) << r.err;
    EXPECT_NE(cli({"describe", id, "1", "--account", "leo.2010", "--no-account"}).exit_code, 0);
    EXPECT_EQ(cli({"describe", id, "9", "--account", "leo.2010"}).exit_code, 2);
    EXPECT_EQ(log(), before);
    ASSERT_EQ(cli({"withdraw", id, "2", "--reason", "lien en double"}).exit_code, 0);
    const std::string withdrawn = log();
    r = cli({"describe", id, "2", "--no-account"});
    EXPECT_NE(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("withdrawn"), std::string::npos) << r.err;
    EXPECT_EQ(log(), withdrawn);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliUndo, TheBundleFollowsTheLogAndAForgedCaseJsonIsAltered) {
    ASSERT_EQ(cli({"case", "rename", id, "Harcèlement de Léa"}).exit_code, 0);
    ASSERT_EQ(cli({"describe", id, "1", "--account", "leo.2010"}).exit_code, 0);
    ASSERT_EQ(cli({"describe", id, "2", "--account", "predator42"}).exit_code, 0);
    ASSERT_EQ(cli({"describe", id, "2", "--no-account"}).exit_code, 0);
    const fs::path zip = dir / "b.zip";
    auto r = cli({"export", id, "-o", zip.string(), "--offline", "--no-report"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    r = cli({"--json", "verify", zip.string()});
    EXPECT_EQ(r.exit_code, 3) << dump(r);  // intact, not sealed (offline)
    const json cj = json::parse(
        test::run({"python3", forge_py().string(), "read", zip.string(), "data/case.json"}).out);
    EXPECT_EQ(cj["case"]["title"], "Harcèlement de Léa");
    EXPECT_EQ(cj["items"][0]["account"], 2);
    EXPECT_TRUE(cj["items"][1]["account"].is_null());

    // A forger changes case.json alone and recomputes the manifests: the log says otherwise.
    struct Forgery {
        std::string jpath, value, words;
    };
    const std::vector<Forgery> forgeries = {{"case.title", "\"Dossier sans nom\"", "title"},
                                            {"items[0].account", "1", "account"},
                                            {"items[1].account", "2", "account"}};
    int n = 0;
    for (const auto& f : forgeries) {
        const fs::path out = dir / ("forged-" + std::to_string(++n) + ".zip");
        auto fr = test::run({"python3", forge_py().string(), "edit", zip.string(), out.string(),
                             "edit-json", f.jpath, f.value, "+", "remanifest"});
        ASSERT_EQ(fr.exit_code, 0) << dump(fr);
        auto v = cli({"--json", "verify", out.string()});
        EXPECT_EQ(v.exit_code, 1) << f.jpath << dump(v);
        const json j = json::parse(v.out, nullptr, false);
        bool named = false;
        for (const auto& p : j.value("problems", json::array()))
            named = named || (p.value("kind", "") == "case_mismatch" &&
                              p.value("path", "") == "data/case.json" &&
                              p.value("detail", "").find(f.words) != std::string::npos);
        EXPECT_TRUE(named) << f.jpath << v.out;
    }
}

TEST_F(CliUndo, TheReportShowsTheNewTitleAndTheCurrentAccount) {
    ASSERT_EQ(cli({"case", "rename", id, "Harcèlement de Léa"}).exit_code, 0);
    ASSERT_EQ(cli({"describe", id, "1", "--account", "leo.2010"}).exit_code, 0);
    const fs::path pdf = dir / "r.pdf";
    auto r = cli({"report", id, "-o", pdf.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const std::string text = test::run({"pdftotext", pdf.string(), "-"}).out;
    EXPECT_NE(text.find("Harcèlement de Léa"), std::string::npos) << text;
    EXPECT_EQ(text.find("Dossier sans nom"), std::string::npos);
    EXPECT_NE(text.find("leo.2010"), std::string::npos);
    EXPECT_NE(text.find("Case renamed"), std::string::npos);  // the custody log annex
}

}  // namespace
}  // namespace scelle
