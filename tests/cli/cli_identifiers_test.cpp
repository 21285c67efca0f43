// Identifiers given after recording, from the command line: `describe --url/--no-url` (a
// message's link for a screenshot or an imported file) and `account update` (an account's
// profile address, display name, platform ID). Each change is one custody line; every bad input
// is one sentence, exit 2, and leaves the log as it was; the exported bundle verifies, and a
// case.json changed without a line (tests/forger/forge.py) does not; the notice holds what was
// completed and no longer asks for it.
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

const std::string kUserId = "123456789012345678";
const std::string kProfile = "https://discord.com/users/123456789012345678";
const std::string kMsg = "https://discord.com/channels/@me/111111111111111111/222222222222222222";

class CliIdentifiers : public test::CliCaseTest {
  protected:
    CliIdentifiers() : CliCaseTest("scelle-cli-identifiers") {}
    void SetUp() override {
        auto r = cli({"case", "new", "--title", "Léa sur Discord"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
        ASSERT_EQ(
            cli({"account", "add", id, "--platform", "Discord", "--handle", "max_2011"}).exit_code,
            0);
        grey_png("a.png", 60, 40, 120);
        r = cli({"import", id, (dir / "a.png").string(), "--account", "max_2011", "--offline"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        r = cli({"link", id, "https://example.org/u/max", "--account", "max_2011", "--offline"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
    }
};

TEST_F(CliIdentifiers, DescribeUrlAndNoUrlWriteOneLineEach) {
    const int before = lines(log());
    auto r = cli({"describe", id, "1", "--url", kMsg});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(kMsg), std::string::npos) << r.err;
    EXPECT_EQ(show()["items"][0]["url"], kMsg);
    json line = last_line();
    EXPECT_EQ(line["action"], "item.url");
    EXPECT_EQ(line["item"], 1);
    EXPECT_EQ(line["url"], kMsg);
    EXPECT_EQ(lines(log()), before + 1);

    // The same again: nothing written, and said.
    r = cli({"--json", "describe", id, "1", "--url", kMsg});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["url"], kMsg);
    EXPECT_EQ(doc["url_changed"], false);
    r = cli({"--lang", "fr", "describe", id, "1", "--url", kMsg});
    EXPECT_NE(r.err.find("rien n’a été changé"), std::string::npos) << r.err;
    EXPECT_EQ(lines(log()), before + 1);

    r = cli({"describe", id, "1", "--no-url"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_TRUE(show()["items"][0]["url"].is_null());
    line = last_line();
    EXPECT_EQ(line["action"], "item.url");
    EXPECT_TRUE(line["url"].is_null());
    EXPECT_EQ(lines(log()), before + 2);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliIdentifiers, AccountUpdateWritesOneLineWithWhatChanged) {
    auto r = cli({"--json", "account", "update", id, "max_2011", "--platform-id", kUserId, "--url",
                  kProfile});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(r.out);
    EXPECT_EQ(doc["platform_id"], kUserId);
    EXPECT_EQ(doc["url"], kProfile);
    EXPECT_EQ(doc["changed"], true);
    json line = last_line();
    EXPECT_EQ(line["action"], "account.updated");
    EXPECT_EQ(line["account"], 1);
    EXPECT_EQ(line["platform_id"], kUserId);
    EXPECT_FALSE(line.contains("display_name"));
    const json acc = show()["accounts"][0];
    EXPECT_EQ(acc["platform_id"], kUserId);
    EXPECT_EQ(acc["url"], kProfile);
    EXPECT_EQ(acc["handle"], "max_2011");

    // By PLATFORM:HANDLE and by number; a display name set, the address removed.
    const int before = lines(log());
    r = cli({"account", "update", id, "Discord:max_2011", "--display-name", "Max"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("Display name: Max"), std::string::npos) << r.err;
    r = cli({"--lang", "fr", "account", "update", id, "1", "--no-url"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("mis à jour"), std::string::npos) << r.err;
    EXPECT_EQ(lines(log()), before + 2);
    EXPECT_TRUE(show()["accounts"][0]["url"].is_null());
    EXPECT_EQ(show()["accounts"][0]["display_name"], "Max");
    // Nothing new: nothing written.
    r = cli({"account", "update", id, "1", "--display-name", "Max"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
    EXPECT_EQ(lines(log()), before + 2);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliIdentifiers, AccountAddOfAKnownAccountPointsToAccountUpdate) {
    const std::string before = log();
    auto r = cli({"account", "add", id, "--platform", "Discord", "--handle", "max_2011",
                  "--platform-id", kUserId});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("scelle-cli account update " + id + " 1"), std::string::npos) << r.err;
    EXPECT_EQ(log(), before);
}

TEST_F(CliIdentifiers, EveryBadInputIsOneSentenceAndTheLogIsUnchanged) {
    ASSERT_EQ(cli({"import", id, (dir / "a.png").string(), "--offline"}).exit_code, 0);
    test::write_file(dir / "b.txt", "another file");
    ASSERT_EQ(cli({"import", id, (dir / "b.txt").string(), "--offline"}).exit_code, 0);
    ASSERT_EQ(cli({"withdraw", id, "3", "--reason", "en double"}).exit_code, 0);
    const std::string before = log();
    struct Case {
        std::vector<std::string> args;
        std::string says;
        int exit_code = 2;  // a usage error; 1: the operation was refused (a withdrawn item)
    };
    const std::vector<Case> cases = {
        {{"describe", id, "2", "--url", kMsg}, "item 2 is a link"},
        {{"describe", id, "2", "--no-url"}, "item 2 is a link"},
        {{"describe", id, "3", "--url", kMsg}, "withdrawn", 1},
        {{"describe", id, "1", "--url", "ftp://example.org/x"}, "is not a web address"},
        {{"describe", id, "1", "--url", "discord.com/channels/1/2"}, "is not a web address"},
        {{"describe", id, "9", "--url", kMsg}, "no item number 9"},
        {{"account", "update", id, "max_2011", "--platform-id", ""}, "must be one line"},
        {{"account", "update", id, "max_2011", "--url", "ftp://example.org/u"},
         "is not a web address"},
        {{"account", "update", id, "max_2011", "--display-name", ""}, "display name"},
        {{"account", "update", id, "personne", "--platform-id", kUserId}, "no account “personne”"},
        {{"account", "update", id, "7", "--platform-id", kUserId}, "no account “7”"},
        {{"account", "update", id, "max_2011"}, "give --url URL"},
    };
    for (const Case& c : cases) {
        auto r = cli(c.args);
        SCOPED_TRACE(dump(r));
        EXPECT_EQ(r.exit_code, c.exit_code);
        EXPECT_NE(r.err.find(c.says), std::string::npos);
        EXPECT_EQ(lines(r.err), 1);
        EXPECT_TRUE(r.out.empty());
        EXPECT_EQ(log(), before);
    }
    // Both ways at once: CLI11 refuses it before anything runs.
    EXPECT_EQ(cli({"describe", id, "1", "--url", kMsg, "--no-url"}).exit_code, 2);
    EXPECT_EQ(cli({"account", "update", id, "1", "--url", kProfile, "--no-url"}).exit_code, 2);
    EXPECT_EQ(log(), before);
    // In French too, from the catalogue.
    auto fr = cli({"--lang", "fr", "describe", id, "2", "--url", kMsg});
    EXPECT_NE(fr.err.find("est un lien"), std::string::npos) << fr.err;
    fr = cli({"--lang", "fr", "account", "update", id, "max_2011", "--platform-id", ""});
    EXPECT_NE(fr.err.find("doit être une ligne de texte"), std::string::npos) << fr.err;
    // With --json, one document on stdout.
    auto j = cli({"--json", "describe", id, "2", "--url", kMsg});
    EXPECT_EQ(j.exit_code, 2);
    EXPECT_EQ(json::parse(j.out)["error"]["code"], "usage");
    EXPECT_EQ(log(), before);
}

TEST_F(CliIdentifiers, TheBundleVerifiesAndAForgedCaseJsonIsAltered) {
    ASSERT_EQ(cli({"describe", id, "1", "--url", kMsg}).exit_code, 0);
    ASSERT_EQ(cli({"account", "update", id, "max_2011", "--platform-id", kUserId}).exit_code, 0);
    const fs::path zip = dir / "b.zip";
    auto r = cli({"export", id, "-o", zip.string(), "--offline", "--no-report"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    r = cli({"--json", "verify", zip.string()});
    EXPECT_EQ(r.exit_code, 3) << dump(r);  // intact, not sealed (offline)
    const fs::path forge = SCELLE_FORGE_PY;
    const json cj = json::parse(
        test::run({"python3", forge.string(), "read", zip.string(), "data/case.json"}).out);
    EXPECT_EQ(cj["items"][0]["url"], kMsg);
    EXPECT_EQ(cj["accounts"][0]["platform_id"], kUserId);

    struct Forgery {
        std::string jpath, value, words;
    };
    const std::vector<Forgery> forgeries = {
        {"items[0].url", "\"https://discord.com/channels/@me/1/9\"", "item 1: url"},
        {"items[0].url", "null", "item 1: url"},
        {"accounts[0].platform_id", "\"999\"", "account 1: platform_id"},
        {"accounts[0].platform_id", "null", "account 1: platform_id"},
        {"accounts[0].url", "\"https://discord.com/users/999\"", "account 1: url"}};
    int n = 0;
    for (const auto& f : forgeries) {
        const fs::path out = dir / ("forged-" + std::to_string(++n) + ".zip");
        auto fr = test::run({"python3", forge.string(), "edit", zip.string(), out.string(),
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

TEST_F(CliIdentifiers, TheNoticeHoldsWhatWasCompletedAndNoLongerAsksForIt) {
    auto r = cli({"--json", "notice", id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(r.out);
    std::vector<std::string> missing;
    for (const auto& m : doc["missing"])
        missing.push_back(m["what"]);
    EXPECT_NE(std::find(missing.begin(), missing.end(), "user_id"), missing.end()) << doc.dump();
    EXPECT_NE(std::find(missing.begin(), missing.end(), "message_link"), missing.end());
    r = cli({"notice", id});
    EXPECT_NE(r.err.find("scelle-cli account update " + id + " max_2011 --platform-id ID"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("scelle-cli describe " + id + " 1 --url URL"), std::string::npos) << r.err;

    ASSERT_EQ(cli({"account", "update", id, "max_2011", "--platform-id", kUserId}).exit_code, 0);
    ASSERT_EQ(cli({"describe", id, "1", "--url", kMsg}).exit_code, 0);
    r = cli({"--json", "notice", id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    doc = json::parse(r.out);
    EXPECT_TRUE(doc["missing"].empty()) << doc["missing"].dump();
    const std::string text = doc["text"];
    EXPECT_NE(text.find(kUserId), std::string::npos) << text;
    EXPECT_NE(text.find(kMsg), std::string::npos) << text;
    r = cli({"notice", id});
    EXPECT_TRUE(r.err.empty()) << r.err;
}

}  // namespace
}  // namespace scelle
