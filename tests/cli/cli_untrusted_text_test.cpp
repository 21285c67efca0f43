// Text from outside never drives the terminal: file names, handles, URLs, descriptions and
// titles holding newlines, carriage returns, ESC sequences, C1 controls or bidirectional
// overrides are printed with visible escapes by the human output of import, case show, case
// list, link, account add and the error messages, while --json keeps the exact original text.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "temp_dir.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

// What a forger or an abuser would put in a name to rewrite what the volunteer sees.
const std::string kNewline = "a\nb.png";
const std::string kReturn = "x\r\xe2\x9c\x93 intact.png";  // "x\r✓ intact.png"
const std::string kEsc = "\x1b[31mred\x1b[0m.png";
const std::string kLatin1 = "caf\xe9.png";  // not UTF-8
const std::string kCsi = "\xc2\x9b";        // U+009B, the C1 form of ESC [
const std::string kRlo = "\xe2\x80\xae";    // U+202E RIGHT-TO-LEFT OVERRIDE
// What each name must look like once escaped (core::terminal_safe).
const std::string kNewlineShown = R"(a\nb.png)";
const std::string kReturnShown = "x\\r\xe2\x9c\x93 intact.png";
const std::string kEscShown = R"(\x1b[31mred\x1b[0m.png)";
// How the store keeps a name that is not UTF-8 (its exact bytes go to name_bytes_hex).
const std::string kLatin1Stored = "caf\xef\xbf\xbd.png";

// No byte of the output may act on a terminal: no ESC, CR or other C0 control but the line
// ends, no DEL, no C1 control, no bidirectional override.
void expect_inert(const std::string& out, const std::string& what) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7f)
            << what << ": raw control 0x" << std::hex << int(c) << " at byte " << std::dec << i
            << " in:\n"
            << out;
    }
    EXPECT_EQ(out.find(kCsi), std::string::npos) << what << ": raw U+009B in:\n" << out;
    EXPECT_EQ(out.find(kRlo), std::string::npos) << what << ": raw U+202E in:\n" << out;
}

bool has(const std::string& out, const std::string& s) {
    return out.find(s) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

class CliUntrustedText : public ::testing::Test {
  protected:
    test::ProcResult cli(const std::vector<std::string>& args) {
        return test::run_cli(store, args);
    }

    fs::path file(const std::string& name, std::string_view content) {
        fs::create_directories(dir / "in");
        fs::path p = dir / "in" / name;
        test::write_file(p, content);
        return p;
    }

    test::TempDir dir{"scelle-cli-untrusted"};
    fs::path store = dir / "store";
};

TEST_F(CliUntrustedText, ImportAndCaseShowPrintNamesWithVisibleEscapes) {
    const std::string title = "Case " + kRlo + "gnp.exe " + kCsi + "31m";
    auto made = cli({"case", "new", "--title", title});
    ASSERT_EQ(made.exit_code, 0) << dump(made);
    const std::string id = test::first_line(made.out);
    expect_inert(made.err, "case new");
    EXPECT_TRUE(has(made.err, R"(Case \u{202E}gnp.exe \u{009B}31m)")) << made.err;

    const std::vector<std::string> names = {kNewline, kReturn, kEsc, kLatin1};
    std::vector<std::string> args = {"import", id, "--offline"};
    for (std::size_t i = 0; i < names.size(); ++i)
        args.push_back(file(names[i], "content " + std::to_string(i)).string());
    auto imp = cli(args);
    ASSERT_EQ(imp.exit_code, 0) << dump(imp);
    expect_inert(imp.err, "import");
    expect_inert(imp.out, "import (stdout)");
    // A name that is not UTF-8 is said as it is stored: U+FFFD for the bytes (its exact bytes
    // stay in name_bytes_hex).
    for (const auto& shown : {kNewlineShown, kReturnShown, kEscShown, kLatin1Stored})
        EXPECT_TRUE(has(imp.err, shown)) << "import does not show " << shown << " in:\n" << imp.err;
    // One "+" line per file: no name was split over two lines.
    int plus_lines = 0;
    for (const auto& line : lines_of(imp.err))
        plus_lines += line.rfind("+ ", 0) == 0;
    EXPECT_EQ(plus_lines, 4) << imp.err;

    auto show = cli({"case", "show", id});
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    expect_inert(show.out, "case show");
    expect_inert(show.err, "case show (stderr)");
    EXPECT_TRUE(has(show.out, R"(Title: Case \u{202E}gnp.exe \u{009B}31m)")) << show.out;
    for (const auto& shown : {kNewlineShown, kReturnShown, kEscShown, kLatin1Stored})
        EXPECT_TRUE(has(show.out, shown)) << "case show does not show " << shown << " in:\n"
                                          << show.out;
    // Every item is one line: "  N  file        <hash>  <name>".
    int item_lines = 0;
    for (const auto& line : lines_of(show.out))
        item_lines += line.find(" file ") != std::string::npos;
    EXPECT_EQ(item_lines, 4) << show.out;

    auto list = cli({"case", "list"});
    ASSERT_EQ(list.exit_code, 0) << dump(list);
    expect_inert(list.out, "case list");
    EXPECT_TRUE(has(list.out, R"(Case \u{202E}gnp.exe \u{009B}31m)")) << list.out;

    // --json keeps the exact text: its encoder escapes the controls itself.
    auto imp_json = cli({"--json", "case", "show", id});
    ASSERT_EQ(imp_json.exit_code, 0) << dump(imp_json);
    EXPECT_FALSE(has(imp_json.out, "\x1b")) << "a raw ESC in the JSON";
    EXPECT_FALSE(has(imp_json.out, "\r")) << "a raw CR in the JSON";
    EXPECT_TRUE(has(imp_json.out, R"(\u001b[31mred)")) << imp_json.out;
    const json doc = json::parse(imp_json.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << imp_json.out;
    EXPECT_EQ(doc["title"], title);
    std::set<std::string> got;
    std::string latin1_hex;
    for (const auto& it : doc["items"]) {
        got.insert(it.value("name", ""));
        if (it.contains("name_bytes_hex"))
            latin1_hex = it["name_bytes_hex"].get<std::string>();
    }
    EXPECT_TRUE(got.count(kNewline));
    EXPECT_TRUE(got.count(kReturn));
    EXPECT_TRUE(got.count(kEsc));
    // The name that is not UTF-8 keeps its exact bytes in hex.
    EXPECT_EQ(latin1_hex, "636166e92e706e67");
}

TEST_F(CliUntrustedText, AccountsLinksAndErrorsPrintTheirTextWithVisibleEscapes) {
    auto made = cli({"case", "new", "--title", "Comptes"});
    ASSERT_EQ(made.exit_code, 0) << dump(made);
    const std::string id = test::first_line(made.out);

    // The core refuses a handle with a newline or ESC; the C1 and bidirectional controls are
    // valid text, and as dangerous on a terminal.
    const std::string handle = "ami" + kCsi + "2J" + kRlo + "nimda";
    const std::string url = "https://example.org/" + kRlo + "/" + kCsi + "31m";
    auto acc = cli({"account", "add", id, "--platform", "Discord", "--handle", handle, "--url", url,
                    "--display-name", "Ami " + kRlo});
    ASSERT_EQ(acc.exit_code, 0) << dump(acc);
    expect_inert(acc.err, "account add");
    EXPECT_TRUE(has(acc.err, R"(ami\u{009B}2J\u{202E}nimda on Discord)")) << acc.err;

    // A description may hold newlines and tabs: shown as escapes, on one line.
    const std::string description = "line one\nline two\tand " + kRlo + "more & so";
    auto link =
        cli({"link", id, url, "--description", description, "--account", handle, "--offline"});
    ASSERT_EQ(link.exit_code, 0) << dump(link);
    expect_inert(link.err, "link");

    auto show = cli({"case", "show", id});
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    expect_inert(show.out, "case show");
    EXPECT_TRUE(has(show.out, R"(line one\nline two\tand \u{202E}more & so)")) << show.out;
    EXPECT_TRUE(has(show.out, R"(ami\u{009B}2J\u{202E}nimda)")) << show.out;
    EXPECT_TRUE(has(show.out, R"(https://example.org/\u{202E}/\u{009B}31m)")) << show.out;
    EXPECT_TRUE(has(show.out, R"(Ami \u{202E})")) << show.out;

    // A refused value is quoted in the error, escaped: an ESC sequence in a link.
    auto bad = cli({"link", id, "https://example.org/\x1b[2J\x1b[H\rALL CLEAR", "--offline"});
    EXPECT_EQ(bad.exit_code, 2) << dump(bad);
    expect_inert(bad.err, "link error");
    EXPECT_TRUE(has(bad.err, R"(https://example.org/\x1b[2J\x1b[H\rALL CLEAR)")) << bad.err;

    // A file that does not exist, named with controls: the error names it escaped.
    auto missing = cli({"import", id, "--offline", (dir / "in" / kEsc).string()});
    EXPECT_EQ(missing.exit_code, 2) << dump(missing);
    expect_inert(missing.err, "import error");
    EXPECT_TRUE(has(missing.err, kEscShown)) << missing.err;

    // --json: the exact text back, and no raw control in the document.
    auto j = cli({"--json", "case", "show", id});
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    EXPECT_FALSE(has(j.out, "\t")) << "a raw tab in the JSON";
    const json doc = json::parse(j.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << j.out;
    ASSERT_EQ(doc["accounts"].size(), 1u);
    EXPECT_EQ(doc["accounts"][0]["handle"], handle);
    EXPECT_EQ(doc["accounts"][0]["url"], url);
    ASSERT_EQ(doc["items"].size(), 1u);
    EXPECT_EQ(doc["items"][0]["description"], description);
    EXPECT_EQ(doc["items"][0]["url"], url);
    auto acc_json =
        cli({"--json", "account", "add", id, "--platform", "Discord", "--handle", handle});
    ASSERT_EQ(acc_json.exit_code, 0) << dump(acc_json);
    EXPECT_EQ(json::parse(acc_json.out, nullptr, false).value("handle", ""), handle);
    // The error's JSON keeps the refused value exactly.
    auto bad_json = cli({"--json", "link", id, "https://example.org/\x1b[2J", "--offline"});
    EXPECT_EQ(bad_json.exit_code, 2) << dump(bad_json);
    EXPECT_FALSE(has(bad_json.out, "\x1b"));
    const json err = json::parse(bad_json.out, nullptr, false);
    ASSERT_FALSE(err.is_discarded()) << bad_json.out;
    EXPECT_EQ(err["error"]["subject"], "https://example.org/\x1b[2J");
}

}  // namespace
}  // namespace scelle
