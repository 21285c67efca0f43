// End-to-end tests of `scelle-cli notice`: the notice for a Discord case holds the IDs and links
// given, in French and English, on stdout or in a file written whole; missing identifiers are
// warnings; bad inputs are one sentence, exit 2, and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

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
const std::string kMsg1 = "https://discord.com/channels/@me/111111111111111111/222222222222222222";
const std::string kMsg2 = "https://discord.com/channels/@me/111111111111111111/333333333333333333";

class CliNotice : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r =
            cli({"case", "new", "--title", "Léa sur Discord", "--incident", "grooming", "--summary",
                 "Léa, 12 ans, collège Jean-Moulin.", "--recorded-by", "la mère de Léa"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
        auto acc = cli({"account", "add", id, "--platform", "Discord", "--handle", "max_2011",
                        "--display-name", "Max", "--platform-id", kUserId, "--url", kProfile});
        ASSERT_EQ(acc.exit_code, 0) << dump(acc);
        std::vector<std::uint8_t> px(40 * 30 * 3, 180);
        auto png = core::encode_png_rgb8(40, 30, px);
        ASSERT_TRUE(png.ok());
        test::write_file(dir / "capture.png",
                         std::string(reinterpret_cast<const char*>(png->data()), png->size()));
        auto imp = cli({"import", id, (dir / "capture.png").string(), "--source-url", kMsg1,
                        "--account", "max_2011", "--happened", "2026-11-20 21:04", "--description",
                        "Léa répond", "--offline"});
        ASSERT_EQ(imp.exit_code, 0) << dump(imp);
        auto link = cli({"link", id, kMsg2, "--account", "max_2011", "--sensitive", "--description",
                         "photo de Léa", "--offline"});
        ASSERT_EQ(link.exit_code, 0) << dump(link);
    }
    test::ProcResult cli(const std::vector<std::string>& args) {
        return test::run_cli(dir / "store", args);
    }

    test::TempDir dir{"scelle-cli-notice"};
    std::string id;
};

TEST_F(CliNotice, DiscordNoticeHoldsTheIdsAndLinksGiven) {
    for (const char* lang : {"fr", "en"}) {
        SCOPED_TRACE(lang);
        auto r = cli({"--lang", lang, "notice", id});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        for (const std::string& s : {kUserId, kProfile, kMsg1, kMsg2, std::string("max_2011"),
                                     std::string("2026-11-20 21:04"), std::string("2022/2065")})
            EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
        EXPECT_EQ(r.out.find("Léa"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("12 ans"), std::string::npos) << r.out;
        EXPECT_TRUE(r.err.empty()) << r.err;  // nothing missing
    }
    auto fr = cli({"--lang", "fr", "notice", id, "--platform", "discord"});
    EXPECT_NE(fr.out.find("Nom d’utilisateur (identifiant @) : max_2011"), std::string::npos);
    EXPECT_NE(fr.out.find("Nom affiché : Max"), std::string::npos);
    EXPECT_NE(fr.out.find("Je déclare de bonne foi"), std::string::npos);
    auto en = cli({"--lang", "en", "notice", id});
    EXPECT_NE(en.out.find("Username (handle): max_2011"), std::string::npos);
    EXPECT_NE(en.out.find("Display name: Max"), std::string::npos);
    const auto day = en.out.find("Date of this notice: ");
    ASSERT_NE(day, std::string::npos);
    EXPECT_EQ(en.out.substr(day + 25, 1), "-") << en.out.substr(day, 40);  // "2026-12-06"
}

TEST_F(CliNotice, WritesAFileWholeAndTheJsonSaysWhere) {
    const fs::path out = dir / "notice.txt";
    auto r = cli({"--json", "notice", id, "-o", out.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["platform"], "Discord");
    EXPECT_EQ(doc["items"], 2);
    EXPECT_EQ(doc["accounts"], 1);
    EXPECT_TRUE(doc["missing"].empty());
    const std::string text = test::read_file(out);
    EXPECT_NE(text.find(kMsg1), std::string::npos);
    EXPECT_NE(text.find(kUserId), std::string::npos);
    // Nothing else is left beside it.
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir.path()))
        files += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, 2);  // capture.png and notice.txt
    // A second time onto the same file: refused, the file unchanged.
    auto again = cli({"notice", id, "-o", out.string()});
    EXPECT_EQ(again.exit_code, 2) << dump(again);
    EXPECT_EQ(test::read_file(out), text);
}

TEST_F(CliNotice, MissingIdentifiersAreWarnings) {
    auto acc = cli({"account", "add", id, "--platform", "discord", "--handle", "autre"});
    ASSERT_EQ(acc.exit_code, 0) << dump(acc);
    test::write_file(dir / "other.txt", "another file");
    auto link =
        cli({"import", id, (dir / "other.txt").string(), "--account", "autre", "--offline"});
    ASSERT_EQ(link.exit_code, 0) << dump(link);
    auto r = cli({"notice", id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("warning: Discord asks for the user ID of account autre"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("in place of “[to fill in]”"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("item 3 has none"), std::string::npos) << r.err;
}

TEST_F(CliNotice, BadInputsAreOneSentenceAndNothingWritten) {
    const fs::path out = dir / "n.txt";
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"notice", "nosuchcase", "-o", out.string()}, "nosuchcase"},
        {{"notice", id, "--platform", "Snapchat", "-o", out.string()},
         "has no account on Snapchat"},
        {{"notice", id, "--platform", "Myspace2", "-o", out.string()},
         "unknown platform “Myspace2”"},
        {{"notice", id, "-o", (dir / "missing" / "n.txt").string()}, "does not exist"},
        {{"notice", id, "-o", dir.path().string()}, ""},
    };
    for (const Case& c : cases) {
        auto r = cli(c.args);
        SCOPED_TRACE(dump(r));
        EXPECT_NE(r.exit_code, 0);
        EXPECT_NE(r.exit_code, 1);
        EXPECT_NE(r.err.find(c.says), std::string::npos);
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
        EXPECT_TRUE(r.out.empty());
        EXPECT_FALSE(fs::exists(out));
    }
    auto empty = cli({"case", "new", "--title", "vide"});
    const std::string empty_id = test::first_line(empty.out);
    ASSERT_EQ(cli({"account", "add", empty_id, "--platform", "Discord", "--handle", "x"}).exit_code,
              0);
    auto r = cli({"notice", empty_id});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("has no item yet"), std::string::npos) << r.err;
    auto fr = cli({"--lang", "fr", "notice", empty_id});
    EXPECT_NE(fr.err.find("n’a encore aucun élément"), std::string::npos) << fr.err;
}

}  // namespace
}  // namespace scelle
