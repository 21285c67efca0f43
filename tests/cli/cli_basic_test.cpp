// End-to-end tests of scelle-cli's everyday commands, run as a separate process on temporary
// stores: what each command prints, in which language, with which exit code, and that what it
// records can be checked with standard tools (sha256sum, `head -n K`).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "scelle/base/png_writer.h"
#include "scelle/base/version.h"
#include "scelle/jobs/sentences.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What a failed assertion shows about a run.
using test::dump;

// The SHA-256 of some bytes, by OpenSSL (not Scellé's own code).
std::string openssl_sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
        hex += digits[md[i] >> 4];
        hex += digits[md[i] & 15];
    }
    return hex;
}

// The SHA-256 of a file, by the sha256sum tool.
std::string sha256sum(const fs::path& p) {
    auto r = test::run({"sha256sum", "--", p.string()});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    return r.out.substr(0, 64);
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

class CliBasic : public ::testing::Test {
  protected:
    // Runs scelle-cli on this test's store. Messages are English unless a test asks otherwise.
    test::ProcResult cli(std::vector<std::string> args, test::RunOptions opts = {}) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        opts.env.emplace("LC_ALL", "C");
        return test::run(argv, opts);
    }
    // Runs scelle-cli without --store.
    static test::ProcResult bare(std::vector<std::string> args, test::RunOptions opts = {}) {
        args.insert(args.begin(), SCELLE_CLI_PATH);
        opts.env.emplace("LC_ALL", "C");
        return test::run(args, opts);
    }

    std::string new_case(const std::string& title = "Messages d’un inconnu") {
        auto r = cli({"case", "new", "--title", title});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        std::string id = r.out;
        if (!id.empty() && id.back() == '\n')
            id.pop_back();
        return id;
    }

    json show_json(const std::string& id) {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out, nullptr, false);
    }

    fs::path file(const std::string& name, std::string_view content) {
        fs::create_directories(dir / "in");
        fs::path p = dir / "in" / name;
        test::write_file(p, content);
        return p;
    }

    std::string png_bytes(std::uint32_t w, std::uint32_t h) {
        std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 3);
        for (std::size_t i = 0; i < px.size(); ++i)
            px[i] = static_cast<std::uint8_t>(i * 7);
        auto png = core::encode_png_rgb8(w, h, px);
        EXPECT_TRUE(png.ok());
        return std::string(reinterpret_cast<const char*>(png->data()), png->size());
    }

    std::vector<std::string> object_names(const std::string& id) {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(store / "cases" / id / "objects"))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

    test::TempDir dir{"scelle-cli-basic"};
    fs::path store = dir / "store";
};

const std::regex kCaseId("^[0-9]{8}-[0-9a-f]{8}$");

TEST(CliStartUp, LibcurlPodofoAndTheCaptureLibrariesAreNotLinkedButLoadedWhenNeeded) {
    // The ~55 libraries libcurl, PoDoFo, Xlib and libportal bring cost most of the start-up of
    // every command (docs/performance.md): scelle-cli must not name them among the libraries
    // it needs. They are loaded by the first time-stamp request, the first report and the
    // first capture.
    auto r = test::run({"readelf", "-d", SCELLE_CLI_PATH});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find("(NEEDED)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libcurl"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libpodofo"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libportal"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libgio"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libX11"), std::string::npos) << r.out;
}

TEST_F(CliBasic, CaseNewPrintsTheIdAloneOnStdout) {
    auto r = cli({"case", "new", "--title", "Harcèlement sur un jeu", "--destination", "3018",
                  "--incident", "grooming", "--incident", "harassment", "--summary", "Un adulte."});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    ASSERT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.back(), '\n');
    const std::string id = r.out.substr(0, r.out.size() - 1);
    EXPECT_TRUE(std::regex_match(id, kCaseId)) << "stdout was: " << r.out;
    EXPECT_NE(r.err.find("Harcèlement sur un jeu"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_regular_file(store / "cases" / id / "case.sqlite"));

    json doc = show_json(id);
    EXPECT_EQ(doc["id"], id);
    EXPECT_EQ(doc["title"], "Harcèlement sur un jeu");
    EXPECT_EQ(doc["destination"], "3018");
    EXPECT_EQ(doc["incidents"], json::array({"grooming", "harassment"}));
    EXPECT_EQ(doc["summary"], "Un adulte.");
}

TEST_F(CliBasic, CaseNewJsonGivesOnlyTheId) {
    auto r = cli({"--json", "case", "new", "--title", "Sextorsion"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(doc.is_object()) << r.out;
    ASSERT_EQ(doc.size(), 1u) << r.out;
    ASSERT_TRUE(doc["id"].is_string());
    const std::string id = doc["id"];
    EXPECT_TRUE(std::regex_match(id, kCaseId)) << id;
    EXPECT_TRUE(fs::is_directory(store / "cases" / id));
}

TEST_F(CliBasic, CaseListHumanAndJson) {
    auto empty = cli({"case", "list"});
    EXPECT_EQ(empty.exit_code, 0) << dump(empty);
    EXPECT_EQ(empty.out, "");
    EXPECT_NE(empty.err.find("No case yet"), std::string::npos) << empty.err;
    auto empty_json = cli({"--json", "case", "list"});
    EXPECT_EQ(json::parse(empty_json.out, nullptr, false), json({{"cases", json::array()}}));

    const std::string a = new_case("Premier dossier");
    const std::string b = new_case("Second dossier");
    ASSERT_NE(a, b);
    ASSERT_EQ(cli({"import", a, file("x.txt", "bonjour")}).exit_code, 0);

    auto human = cli({"case", "list"});
    ASSERT_EQ(human.exit_code, 0) << dump(human);
    auto lines = split_lines(human.out);
    ASSERT_EQ(lines.size(), 2u) << human.out;
    // Sorted by id; each line names the case, its title and its number of items.
    const auto& [first, second] = std::minmax(a, b);
    EXPECT_EQ(lines[0].rfind(first, 0), 0u) << human.out;
    EXPECT_EQ(lines[1].rfind(second, 0), 0u) << human.out;
    const std::string& line_a = lines[a == first ? 0 : 1];
    EXPECT_NE(line_a.find("Premier dossier"), std::string::npos) << line_a;
    EXPECT_NE(line_a.find("1 items"), std::string::npos) << line_a;

    auto j = cli({"--json", "case", "list"});
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    json doc = json::parse(j.out, nullptr, false);
    ASSERT_TRUE(doc["cases"].is_array()) << j.out;
    ASSERT_EQ(doc["cases"].size(), 2u);
    std::map<std::string, json> by_id;
    for (const auto& c : doc["cases"])
        by_id[c["id"]] = c;
    EXPECT_EQ(by_id[a]["title"], "Premier dossier");
    EXPECT_EQ(by_id[a]["items"], 1);
    EXPECT_EQ(by_id[b]["title"], "Second dossier");
    EXPECT_EQ(by_id[b]["items"], 0);
    EXPECT_FALSE(by_id[a].contains("error"));
}

TEST_F(CliBasic, CaseShowJsonHasTheStableKeys) {
    const std::string id = new_case();
    ASSERT_EQ(
        cli({"account", "add", id, "--platform", "Discord", "--handle", "xX_ami_Xx"}).exit_code, 0);
    ASSERT_EQ(cli({"import", id, file("capture.png", png_bytes(40, 30))}).exit_code, 0);
    ASSERT_EQ(cli({"link", id, "https://example.org/m/42"}).exit_code, 0);

    json doc = show_json(id);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc["id"], id);
    EXPECT_EQ(doc["title"], "Messages d’un inconnu");
    ASSERT_TRUE(doc["accounts"].is_array());
    ASSERT_EQ(doc["accounts"].size(), 1u);
    EXPECT_EQ(doc["accounts"][0]["platform"], "Discord");
    EXPECT_EQ(doc["accounts"][0]["handle"], "xX_ami_Xx");
    ASSERT_TRUE(doc["items"].is_array());
    ASSERT_EQ(doc["items"].size(), 2u);
    for (const auto& it : doc["items"])
        for (const char* key : {"seq", "kind", "sha256", "name", "size", "media_type", "withdrawn"})
            EXPECT_TRUE(it.contains(key)) << key << " missing in " << it.dump();

    const json& png = doc["items"][0];
    EXPECT_EQ(png["seq"], 1);
    EXPECT_EQ(png["kind"], "file");
    EXPECT_EQ(png["name"], "capture.png");
    EXPECT_EQ(png["media_type"], "image/png");
    EXPECT_EQ(png["size"], fs::file_size(dir / "in" / "capture.png"));
    EXPECT_EQ(png["width"], 40);
    EXPECT_EQ(png["height"], 30);
    EXPECT_EQ(png["withdrawn"], false);
    EXPECT_EQ(png["sha256"], sha256sum(dir / "in" / "capture.png"));

    const json& link = doc["items"][1];
    EXPECT_EQ(link["seq"], 2);
    EXPECT_EQ(link["kind"], "link");
    EXPECT_TRUE(link["sha256"].is_null());
    EXPECT_EQ(link["url"], "https://example.org/m/42");

    // The human view names the same things.
    auto human = cli({"case", "show", id});
    ASSERT_EQ(human.exit_code, 0) << dump(human);
    EXPECT_NE(human.out.find("Case " + id), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("xX_ami_Xx"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("capture.png"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("40×30"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("https://example.org/m/42"), std::string::npos) << human.out;
}

TEST_F(CliBasic, AccountAddRecordsOnceAndSaysSo) {
    const std::string id = new_case();
    auto r = cli({"--json", "account", "add", id, "--platform", "Instagram", "--handle", "loup_77",
                  "--url", "https://instagram.com/loup_77", "--display-name", "Léo"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json acc = json::parse(r.out, nullptr, false);
    EXPECT_EQ(acc["id"], 1);
    EXPECT_EQ(acc["existed"], false);
    EXPECT_EQ(acc["display_name"], "Léo");

    auto again = cli({"account", "add", id, "--platform", "Instagram", "--handle", "loup_77"});
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_NE(again.err.find("already recorded"), std::string::npos) << again.err;

    auto other = cli({"account", "add", id, "--platform", "TikTok", "--handle", "loup_77"});
    ASSERT_EQ(other.exit_code, 0) << dump(other);
    EXPECT_NE(other.err.find("Account 2 recorded"), std::string::npos) << other.err;

    json doc = show_json(id);
    ASSERT_EQ(doc["accounts"].size(), 2u);
    EXPECT_EQ(doc["accounts"][0]["url"], "https://instagram.com/loup_77");

    // The same handle on two platforms must be written PLATFORM:HANDLE.
    auto ambiguous = cli({"link", id, "https://example.org/p", "--account", "loup_77"});
    EXPECT_EQ(ambiguous.exit_code, 2) << dump(ambiguous);
    auto precise =
        cli({"--json", "link", id, "https://example.org/p", "--account", "TikTok:loup_77"});
    ASSERT_EQ(precise.exit_code, 0) << dump(precise);
    EXPECT_EQ(json::parse(precise.out, nullptr, false)["account"], 2);

    auto bad_url = cli({"account", "add", id, "--platform", "X", "--handle", "h", "--url", "nope"});
    EXPECT_EQ(bad_url.exit_code, 2) << dump(bad_url);
    EXPECT_EQ(show_json(id)["accounts"].size(), 2u);
}

// Repeatable options take one value each: a file named after --tsa, --ca or --incident is
// still a file, never a second authority, anchor or incident.
TEST_F(CliBasic, AFileAfterARepeatableOptionIsStillImported) {
    const std::string id = new_case();
    const fs::path a = file("a.png", png_bytes(20, 10));
    const fs::path b = file("b.png", png_bytes(21, 10));
    auto r =
        cli({"import", id, a.string(), "--tsa", "http://127.0.0.1:9/tsa", b.string(), "--offline"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(show_json(id)["items"].size(), 2u) << r.out;

    auto two = cli({"--json", "case", "new", "--title", "T", "--incident", "grooming", "--incident",
                    "harassment"});
    ASSERT_EQ(two.exit_code, 0) << dump(two);
    // A stray word after --incident is refused instead of being taken as a second incident.
    auto stray = cli({"case", "new", "--title", "T", "--incident", "grooming", "harassment"});
    EXPECT_EQ(stray.exit_code, 2) << dump(stray);
}

TEST_F(CliBasic, ImportThenExtractGivesTheSameBytes) {
    const std::string id = new_case();
    ASSERT_EQ(
        cli({"account", "add", id, "--platform", "Snapchat", "--handle", "inconnu"}).exit_code, 0);
    const fs::path png = file("IMG_0042.png", png_bytes(64, 48));
    const fs::path txt = file("conversation.txt", "[21:42] t'as quel âge ?\n");
    auto r = cli({"--json", "import", id, png.string(), txt.string(), "--description",
                  "Captures du téléphone", "--account", "inconnu", "--source-url",
                  "https://snapchat.com/add/inconnu", "--sensitive"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json out = json::parse(r.out, nullptr, false);
    ASSERT_EQ(out["imported"].size(), 2u) << r.out;
    EXPECT_EQ(out["imported"][0]["item"], 1);
    EXPECT_EQ(out["imported"][0]["duplicate"], false);
    EXPECT_EQ(out["imported"][0]["sha256"], sha256sum(png));
    EXPECT_EQ(out["imported"][1]["item"], 2);

    json doc = show_json(id);
    ASSERT_EQ(doc["items"].size(), 2u);
    for (const auto& it : doc["items"]) {
        EXPECT_EQ(it["description"], "Captures du téléphone");
        EXPECT_EQ(it["url"], "https://snapchat.com/add/inconnu");
        EXPECT_EQ(it["account"], 1);
        EXPECT_EQ(it["platform"], "Snapchat");
        EXPECT_EQ(it["sensitive"], true);
    }
    EXPECT_EQ(doc["items"][1]["media_type"], "text/plain");
    EXPECT_EQ(doc["items"][1]["name"], "conversation.txt");

    int n = 1;
    for (const fs::path& original : {png, txt}) {
        const fs::path out_file = dir / ("extracted-" + std::to_string(n));
        auto x = cli({"extract", id, std::to_string(n), "-o", out_file.string()});
        ASSERT_EQ(x.exit_code, 0) << dump(x);
        EXPECT_EQ(test::read_file(out_file), test::read_file(original));
        EXPECT_EQ(sha256sum(out_file), sha256sum(original));
        EXPECT_EQ(doc["items"][n - 1]["sha256"], sha256sum(out_file));
        // The object is stored under its hash, read-only.
        const fs::path object = store / "cases" / id / "objects" / sha256sum(original);
        ASSERT_TRUE(fs::is_regular_file(object));
        EXPECT_EQ(fs::status(object).permissions() & fs::perms::all, fs::perms::owner_read);
        ++n;
    }

    // The same content again is not stored twice; its outcome names the first item.
    auto dup = cli({"--json", "import", id, file("copie.png", test::read_file(png)).string()});
    ASSERT_EQ(dup.exit_code, 0) << dump(dup);
    json d = json::parse(dup.out, nullptr, false);
    EXPECT_EQ(d["imported"][0]["duplicate"], true);
    EXPECT_EQ(d["imported"][0]["item"], 1);
    EXPECT_EQ(show_json(id)["items"].size(), 2u);
    EXPECT_EQ(object_names(id).size(), 2u);
}

TEST_F(CliBasic, ImportHumanOutputGoesToStderr) {
    const std::string id = new_case();
    const fs::path a = file("a.txt", "alpha");
    auto r = cli({"import", id, a.string(), a.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("+ " + a.string() + " → item 1 (SHA-256 " + sha256sum(a)),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("same content as item 1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 new item(s) recorded"), std::string::npos) << r.err;
}

TEST_F(CliBasic, LinkRecordsTheUrlWithoutDownloading) {
    const std::string id = new_case();
    auto r = cli({"link", id, "https://example.org/joueurs/x/message-42", "--description",
                  "Image non capturée"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("Link recorded as item 1"), std::string::npos) << r.err;
    json doc = show_json(id);
    ASSERT_EQ(doc["items"].size(), 1u);
    EXPECT_EQ(doc["items"][0]["kind"], "link");
    EXPECT_EQ(doc["items"][0]["description"], "Image non capturée");
    EXPECT_TRUE(object_names(id).empty());

    for (const char* bad : {"ftp://example.org/x", "example.org", "https://", "javascript:x"}) {
        auto b = cli({"link", id, bad});
        EXPECT_EQ(b.exit_code, 2) << bad << ": " << dump(b);
    }
    EXPECT_EQ(show_json(id)["items"].size(), 1u);
}

TEST_F(CliBasic, DescribeAddsADescriptionAndKeepsTheOldOne) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.txt", "alpha"), "--description", "première"}).exit_code,
              0);
    auto r = cli({"describe", id, "1", "--description", "  seconde version  "});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(show_json(id)["items"][0]["description"], "seconde version");

    auto log = cli({"log", id});
    auto lines = split_lines(log.out);
    ASSERT_EQ(lines.size(), 3u) << log.out;
    json last = json::parse(lines[2]);
    EXPECT_EQ(last["action"], "item.described");
    EXPECT_EQ(last["item"], 1);
    EXPECT_EQ(last["description"], "seconde version");
    EXPECT_EQ(json::parse(lines[1])["description"], "première");

    auto empty = cli({"describe", id, "1", "--description", "   "});
    EXPECT_EQ(empty.exit_code, 2) << dump(empty);
    EXPECT_EQ(split_lines(cli({"log", id}).out).size(), 3u);
}

// Marking an item sensitive afterwards, and back: one item.sensitive line each time it
// changes, none when it is already so; `check` follows the last line; a bad value is refused.
TEST_F(CliBasic, DescribeMarksAnItemSensitiveAndBackWithALineEachTime) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.txt", "alpha")}).exit_code, 0);
    EXPECT_EQ(show_json(id)["items"][0]["sensitive"], false);
    auto r = cli({"describe", id, "1", "--sensitive", "yes"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(show_json(id)["items"][0]["sensitive"], true);
    ASSERT_EQ(cli({"describe", id, "1", "--sensitive", "yes"}).exit_code, 0);  // already so
    ASSERT_EQ(cli({"describe", id, "1", "--sensitive", "no"}).exit_code, 0);
    EXPECT_EQ(show_json(id)["items"][0]["sensitive"], false);

    auto lines = split_lines(cli({"log", id}).out);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(json::parse(lines[2])["action"], "item.sensitive");
    EXPECT_EQ(json::parse(lines[2])["sensitive"], true);
    EXPECT_EQ(json::parse(lines[3])["sensitive"], false);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);

    auto bad = cli({"describe", id, "1", "--sensitive", "peut-être"});
    EXPECT_EQ(bad.exit_code, 2) << dump(bad);
    EXPECT_EQ(split_lines(cli({"log", id}).out).size(), 4u);
}

TEST_F(CliBasic, WithdrawRemovesTheObjectAndTheLogKeepsHashAndReason) {
    const std::string id = new_case();
    const fs::path a = file("a.txt", "to be withdrawn");
    const fs::path b = file("b.txt", "to be kept");
    ASSERT_EQ(cli({"import", id, a.string(), b.string()}).exit_code, 0);
    const std::string sha_a = sha256sum(a);
    ASSERT_TRUE(fs::exists(store / "cases" / id / "objects" / sha_a));

    auto r = cli({"withdraw", id, "1", "--reason", "Photo intime envoyée par erreur"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_FALSE(fs::exists(store / "cases" / id / "objects" / sha_a));
    EXPECT_EQ(object_names(id), std::vector<std::string>{sha256sum(b)});

    json it = show_json(id)["items"][0];
    EXPECT_EQ(it["withdrawn"], true);
    EXPECT_EQ(it["withdraw_reason"], "Photo intime envoyée par erreur");
    EXPECT_EQ(it["sha256"], sha_a);

    auto lines = split_lines(cli({"log", id}).out);
    ASSERT_EQ(lines.size(), 4u);
    json last = json::parse(lines.back());
    EXPECT_EQ(last["action"], "item.withdrawn");
    EXPECT_EQ(last["item"], 1);
    EXPECT_EQ(last["sha256"], sha_a);
    EXPECT_EQ(last["reason"], "Photo intime envoyée par erreur");

    auto again = cli({"withdraw", id, "1", "--reason", "encore"});
    EXPECT_EQ(again.exit_code, 1) << dump(again);
    EXPECT_NE(again.err.find("already withdrawn"), std::string::npos) << again.err;
    auto extract = cli({"extract", id, "1", "-o", (dir / "out").string()});
    EXPECT_EQ(extract.exit_code, 1) << dump(extract);
    EXPECT_FALSE(fs::exists(dir / "out"));
    auto no_reason = cli({"withdraw", id, "2", "--reason", " "});
    EXPECT_EQ(no_reason.exit_code, 2) << dump(no_reason);

    auto check = cli({"check", id});
    EXPECT_EQ(check.exit_code, 0) << dump(check);
    // The same content can be imported again after a withdrawal: it is a new item.
    auto re = cli({"--json", "import", id, a.string()});
    ASSERT_EQ(re.exit_code, 0) << dump(re);
    EXPECT_EQ(json::parse(re.out)["imported"][0]["item"], 3);
    EXPECT_TRUE(fs::exists(store / "cases" / id / "objects" / sha_a));
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliBasic, LogIsACanonicalHashChainAndHeadGivesItsPrefixes) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"account", "add", id, "--platform", "Discord", "--handle", "é_ü"}).exit_code, 0);
    ASSERT_EQ(cli({"import", id, file("a.txt", "alpha"), file("b.txt", "beta")}).exit_code, 0);
    ASSERT_EQ(cli({"link", id, "https://example.org/x"}).exit_code, 0);
    ASSERT_EQ(
        cli({"describe", id, "2", "--description", "« citation »\nsur deux lignes"}).exit_code, 0);
    ASSERT_EQ(cli({"withdraw", id, "1", "--reason", "doublon"}).exit_code, 0);

    auto r = cli({"log", id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    ASSERT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.back(), '\n');
    EXPECT_EQ(r.out.find('\r'), std::string::npos);
    auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 7u) << r.out;

    std::string prev(64, '0');
    std::vector<std::string> actions;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        json j = json::parse(lines[i], nullptr, false);
        ASSERT_TRUE(j.is_object()) << lines[i];
        // Canonical: sorted keys, no insignificant space, so re-serialising changes nothing.
        EXPECT_EQ(j.dump(), lines[i]);
        EXPECT_EQ(j["v"], 1);
        EXPECT_EQ(j["seq"], static_cast<int>(i + 1));
        EXPECT_EQ(j["prev"], prev) << "line " << i + 1;
        EXPECT_TRUE(j["at"].is_string());
        actions.push_back(j["action"]);
        prev = openssl_sha256(lines[i]);
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"case.created", "account.added", "item.imported",
                                                 "item.imported", "link.recorded", "item.described",
                                                 "item.withdrawn"}));

    // Each imported item's line carries the file's SHA-256, as sha256sum computes it.
    json third = json::parse(lines[2]);
    EXPECT_EQ(third["sha256"], sha256sum(dir / "in" / "a.txt"));

    // `log | head -n K` is exactly the first K lines: what a timestamp over K lines covers.
    for (std::size_t k : {1u, 3u, 7u}) {
        auto head = test::run(
            {"sh", "-c",
             "\"$0\" --store \"$1\" log \"$2\" | head -n \"$3\" > \"$4\" && sha256sum \"$4\"",
             SCELLE_CLI_PATH, store.string(), id, std::to_string(k), (dir / "prefix").string()});
        ASSERT_EQ(head.exit_code, 0) << dump(head);
        std::string expected;
        for (std::size_t i = 0; i < k; ++i)
            expected += lines[i] + "\n";
        EXPECT_EQ(test::read_file(dir / "prefix"), expected);
        EXPECT_EQ(head.out.substr(0, 64), openssl_sha256(expected));
    }

    // --json gives the same lines as parsed objects.
    auto j = cli({"--json", "log", id});
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    json doc = json::parse(j.out, nullptr, false);
    ASSERT_EQ(doc["lines"].size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        EXPECT_EQ(doc["lines"][i], json::parse(lines[i]));
}

TEST_F(CliBasic, CheckSaysIntact) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.txt", "alpha"), file("b.png", png_bytes(8, 8))}).exit_code,
              0);
    auto r = cli({"check", id});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find("Intact: 3 custody log lines chained, 2 originals re-hashed"),
              std::string::npos)
        << r.out;
    auto j = cli({"--json", "check", id});
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    json doc = json::parse(j.out, nullptr, false);
    EXPECT_EQ(doc["case"], id);
    EXPECT_EQ(doc["intact"], true);
    EXPECT_EQ(doc["log_lines"], 3);
    EXPECT_EQ(doc["items"], 2);
    EXPECT_EQ(doc["objects_hashed"], 2);
    EXPECT_EQ(doc["problems"], json::array());
    EXPECT_EQ(doc["notes"], json::array());
}

TEST_F(CliBasic, DemoWritesACheckedCaseIntoTheGivenFolder) {
    const fs::path out = dir / "demo";
    auto r = cli({"demo", "-o", out.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find("1. Made 3 sample files"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("intact"), std::string::npos) << r.out;
    // The tests configure no TSA: the demo says it is not sealed yet, and how to seal it.
    EXPECT_NE(r.out.find("6. No timestamp"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("and verified it: intact, not sealed"), std::string::npos) << r.out;
    const fs::path demo_store = out / "store";
    ASSERT_TRUE(fs::is_directory(demo_store / "cases"));
    // The demo uses its own store, never the one named by --store.
    EXPECT_FALSE(fs::exists(store / "cases"));

    auto list = bare({"--store", demo_store.string(), "--json", "case", "list"});
    ASSERT_EQ(list.exit_code, 0) << dump(list);
    json cases = json::parse(list.out, nullptr, false)["cases"];
    ASSERT_EQ(cases.size(), 1u) << list.out;
    const std::string id = cases[0]["id"];
    EXPECT_EQ(cases[0]["items"], 4);
    auto check = bare({"--store", demo_store.string(), "check", id});
    EXPECT_EQ(check.exit_code, 0) << dump(check);
    EXPECT_EQ(fs::file_size(out / "samples" / "capture-telephone-1.png") > 0, true);
    EXPECT_NE(r.out.find("--store " + demo_store.string() + " check " + id), std::string::npos);

    // A folder that is not empty is left alone.
    auto again = cli({"demo", "-o", out.string()});
    EXPECT_EQ(again.exit_code, 2) << dump(again);
    EXPECT_NE(again.err.find(out.string()), std::string::npos) << again.err;
}

TEST_F(CliBasic, DemoWithoutOutputUsesANewTemporaryFolder) {
    const fs::path tmp = dir / "tmp";
    fs::create_directories(tmp);
    test::RunOptions opts;
    opts.env["TMPDIR"] = tmp.string();
    auto r = cli({"--json", "--lang", "fr", "demo"}, opts);
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(doc.is_object()) << r.out;
    EXPECT_EQ(doc["intact"], true);
    EXPECT_EQ(doc["items"], 4);
    EXPECT_EQ(doc["timestamp"], "pending");
    const fs::path demo_dir = doc["dir"].get<std::string>();
    EXPECT_EQ(demo_dir.parent_path(), tmp);
    EXPECT_EQ(demo_dir.filename().string().rfind("scelle-demo-", 0), 0u);
    // The steps go to stderr with --json, in French.
    EXPECT_NE(r.err.find("Dossier vérifié\u00a0: intact"), std::string::npos) << r.err;
    auto check = bare({"--store", doc["store"].get<std::string>(), "check", doc["case"]});
    EXPECT_EQ(check.exit_code, 0) << dump(check);
}

TEST_F(CliBasic, DemoIsSealedWhenATsaAnswers) {
    test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    tsa.pki().write_ca_pem(dir / "tsa-ca.pem");
    test::RunOptions opts;
    opts.env["SCELLE_TSA_URLS"] = tsa.url();
    opts.env["SCELLE_TRUST_ANCHORS"] = (dir / "tsa-ca.pem").string();
    auto r = cli({"--json", "demo", "-o", (dir / "demo").string()}, opts);
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(r.out, nullptr, false);
    EXPECT_EQ(doc["timestamp"], "granted") << r.out;
    EXPECT_EQ(doc["bundle_verdict"], "intact_and_sealed") << r.out;
    EXPECT_TRUE(fs::is_regular_file(doc["bundle"].get<std::string>()));
    EXPECT_NE(r.err.find("6. Timestamp obtained from"), std::string::npos) << r.err;
    EXPECT_EQ(tsa.request_count(), 2u);  // the whole demo case in one request, the bundle in one
    auto show = bare({"--store", doc["store"].get<std::string>(), "--json", "case", "show",
                      doc["case"].get<std::string>()});
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    for (const auto& it : json::parse(show.out)["items"])
        EXPECT_EQ(it["timestamp"]["status"], "granted") << it.dump();
}

TEST_F(CliBasic, HelpAndVersion) {
    auto help = bare({"--help"});
    EXPECT_EQ(help.exit_code, 0) << dump(help);
    for (const char* cmd : {"case", "account", "import", "link", "describe", "withdraw", "extract",
                            "log", "check", "demo"})
        EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd << " missing from --help";
    auto sub = bare({"import", "--help"});
    EXPECT_EQ(sub.exit_code, 0) << dump(sub);
    EXPECT_NE(sub.out.find("--sensitive"), std::string::npos) << sub.out;

    auto version = bare({"--version"});
    EXPECT_EQ(version.exit_code, 0) << dump(version);
    EXPECT_EQ(version.out, std::string("scelle-cli ") + kVersion + "\n");
    EXPECT_TRUE(std::regex_search(version.out, std::regex("[0-9]+\\.[0-9]+"))) << version.out;
}

TEST_F(CliBasic, UsageErrorsExitWith2) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.txt", "alpha")}).exit_code, 0);
    const std::vector<std::vector<std::string>> cases = {
        {"frobnicate"},
        {},
        {"case"},
        {"case", "new"},
        {"case", "new", "--title", "t", "--destination", "interpol"},
        {"case", "new", "--title", "t", "--incident", "unknown"},
        {"case", "new", "--title", "  "},
        {"case", "new", "--title", "deux\nlignes"},
        {"account", "add", id, "--platform", "X"},
        {"import", id},
        {"describe", id, "abc", "--description", "x"},
        {"describe", id, "1"},
        {"withdraw", id, "un", "--reason", "x"},
        {"extract", id, "1"},
        {"extract", id, "1x", "-o", (dir / "never").string()},
        {"--lang", "de", "case", "list"},
        {"case", "show"},
        {"import", id, (dir / "in" / "a.txt").string(), "--source-url", "file:///etc/passwd"},
        {"import", id, (dir / "in" / "a.txt").string(), "--account", "personne"},
    };
    for (const auto& args : cases) {
        auto r = cli(args);
        std::string joined;
        for (const auto& a : args)
            joined += a + " ";
        EXPECT_EQ(r.exit_code, 2) << joined << "\n" << dump(r);
        EXPECT_FALSE(r.err.empty()) << joined;
    }
    EXPECT_FALSE(fs::exists(dir / "never"));
    // Nothing above changed the case.
    EXPECT_EQ(show_json(id)["items"].size(), 1u);
    EXPECT_EQ(split_lines(cli({"log", id}).out).size(), 2u);
    auto list = cli({"--json", "case", "list"});
    EXPECT_EQ(json::parse(list.out)["cases"].size(), 1u);
}

// The command line prints the shared sentence (scelle/jobs/sentences.h), the one the desktop
// shows too (tests/gui/error_text_test.cpp), followed by its own advice.
TEST_F(CliBasic, AnErrorIsTheSharedSentenceWithTheCommandLinesAdvice) {
    auto r = cli({"--lang", "en", "case", "show", "20000101-00000000"});
    EXPECT_EQ(r.exit_code, 2);
    std::string sentence = scelle::jobs::describe_error(
        scelle::make_error(scelle::Errc::unknown_case, "20000101-00000000"));
    EXPECT_EQ(sentence, "there is no case “20000101-00000000” in this store.");
    sentence.pop_back();  // the advice comes before the full stop
    EXPECT_EQ(r.err, "scelle-cli: " + sentence + " (see “scelle-cli case list”).\n");
    // In French on stderr, in English in the JSON document (never translated).
    auto fr = cli({"--lang", "fr", "--json", "case", "show", "20000101-00000000"});
    EXPECT_EQ(fr.err,
              "scelle-cli: aucun dossier «\u00a020000101-00000000\u00a0» dans ce magasin (voir "
              "«\u00a0scelle-cli case list\u00a0»).\n");
    EXPECT_EQ(json::parse(fr.out, nullptr, false)["error"]["message"],
              sentence + " (see “scelle-cli case list”).");

    const std::string id = new_case();
    auto no_account = cli({"link", id, "https://example.org/p", "--account", "personne"});
    EXPECT_EQ(no_account.exit_code, 2) << dump(no_account);
    std::string account =
        scelle::jobs::describe_error(scelle::make_error(scelle::Errc::unknown_account, "personne"));
    account.pop_back();
    EXPECT_EQ(no_account.err, "scelle-cli: " + account + "; add it first with “account add”.\n");
}

TEST_F(CliBasic, LanguageIsChosenByLangThenByTheEnvironment) {
    auto fr = cli({"--lang", "fr", "case", "new", "--title", "Essai"});
    ASSERT_EQ(fr.exit_code, 0) << dump(fr);
    EXPECT_NE(fr.err.find("Dossier créé\u00a0: «\u00a0Essai\u00a0»."), std::string::npos) << fr.err;
    const std::string id = fr.out.substr(0, fr.out.size() - 1);

    auto en = cli({"--lang", "en", "case", "new", "--title", "Essai"});
    ASSERT_EQ(en.exit_code, 0) << dump(en);
    EXPECT_NE(en.err.find("Case created: “Essai”."), std::string::npos) << en.err;

    auto fr_error = cli({"--lang=fr", "case", "show", "20000101-00000000"});
    EXPECT_EQ(fr_error.exit_code, 2);
    EXPECT_NE(fr_error.err.find("aucun dossier «\u00a020000101-00000000\u00a0» dans ce magasin"),
              std::string::npos)
        << fr_error.err;
    auto fr_help = cli({"--lang", "fr", "--help"});
    EXPECT_NE(fr_help.out.find("mettre sous scellés"), std::string::npos) << fr_help.out;
    auto fr_check = cli({"--lang", "fr", "check", id});
    EXPECT_NE(fr_check.out.find("Intact\u00a0: 1 lignes du journal chaînées"), std::string::npos)
        << fr_check.out;

    // Without --lang, the locale decides; --lang wins over it.
    test::RunOptions french_locale;
    french_locale.env = {{"LC_ALL", ""}, {"LC_MESSAGES", ""}, {"LANG", "fr_FR.UTF-8"}};
    auto by_env =
        cli({"account", "add", id, "--platform", "Discord", "--handle", "a"}, french_locale);
    ASSERT_EQ(by_env.exit_code, 0) << dump(by_env);
    EXPECT_NE(by_env.err.find("Compte 1 enregistré\u00a0: a sur Discord."), std::string::npos)
        << by_env.err;
    auto forced =
        cli({"--lang", "en", "account", "add", id, "--platform", "Discord", "--handle", "b"},
            french_locale);
    EXPECT_NE(forced.err.find("Account 2 recorded: b on Discord."), std::string::npos)
        << forced.err;

    // Machine output is never translated.
    auto fr_json = cli({"--lang", "fr", "--json", "check", id});
    EXPECT_NE(fr_json.out.find("\"intact\": true"), std::string::npos) << fr_json.out;
}

TEST_F(CliBasic, ScelleStoreEnvironmentVariableIsHonoured) {
    const fs::path env_store = dir / "env-store";
    test::RunOptions opts;
    opts.env["SCELLE_STORE"] = env_store.string();
    auto r = bare({"case", "new", "--title", "Par l’environnement"}, opts);
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const std::string id = r.out.substr(0, r.out.size() - 1);
    EXPECT_TRUE(fs::is_directory(env_store / "cases" / id));
    EXPECT_FALSE(fs::exists(store));

    auto show = bare({"--json", "case", "show", id}, opts);
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    EXPECT_EQ(json::parse(show.out)["title"], "Par l’environnement");

    // --store wins over SCELLE_STORE.
    auto other = bare({"--store", store.string(), "case", "show", id}, opts);
    EXPECT_EQ(other.exit_code, 2) << dump(other);

    // Without either, the XDG data folder is used.
    test::RunOptions xdg;
    xdg.env = {{"SCELLE_STORE", ""}, {"XDG_DATA_HOME", (dir / "xdg").string()}};
    auto x = bare({"case", "new", "--title", "XDG"}, xdg);
    ASSERT_EQ(x.exit_code, 0) << dump(x);
    EXPECT_TRUE(fs::is_directory(dir / "xdg" / "scelle" / "cases" / x.out.substr(0, 17)));
}

TEST_F(CliBasic, CaseIsNamedByAUniquePrefix) {
    const std::string a = new_case("A");
    const std::string b = new_case("B");
    ASSERT_NE(a, b);
    std::size_t common = 0;
    while (common < a.size() && a[common] == b[common])
        ++common;
    ASSERT_GE(common, 2u) << "two ids made now start with the same year: " << a << " " << b;

    const std::string unique_a = a.substr(0, common + 1);
    auto r = cli({"--json", "case", "show", unique_a});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(json::parse(r.out)["id"], a);
    ASSERT_EQ(cli({"import", b.substr(0, common + 1), file("x.txt", "x")}).exit_code, 0);
    EXPECT_EQ(show_json(b)["items"].size(), 1u);
    EXPECT_EQ(show_json(a)["items"].size(), 0u);

    const std::string ambiguous = a.substr(0, common);
    auto amb = cli({"case", "show", ambiguous});
    EXPECT_EQ(amb.exit_code, 2) << dump(amb);
    EXPECT_NE(amb.err.find("matches several cases"), std::string::npos) << amb.err;
    EXPECT_NE(amb.err.find(a), std::string::npos) << amb.err;
    EXPECT_NE(amb.err.find(b), std::string::npos) << amb.err;
    auto amb_import = cli({"--json", "import", ambiguous, (dir / "in" / "x.txt").string()});
    EXPECT_EQ(amb_import.exit_code, 2) << dump(amb_import);
    EXPECT_EQ(json::parse(amb_import.out, nullptr, false)["error"]["code"], "ambiguous_case");
    EXPECT_EQ(show_json(a)["items"].size(), 0u);

    for (const std::string& bad : std::vector<std::string>{"zz", "../cases", a + "0", ""}) {
        auto u = cli({"case", "show", bad});
        EXPECT_EQ(u.exit_code, 2) << "“" << bad << "”: " << dump(u);
    }
}

}  // namespace
}  // namespace scelle
