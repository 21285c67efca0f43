// Someone changes a case behind Scellé's back: an original's bytes, a custody line in the
// database, a row. `scelle-cli check` must exit 1, name the problem in its output, and list it
// in --json `problems[]` with its kind and the line or item concerned.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "sql_exec.h"
#include "temp_dir.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::dump;

class CliTamper : public ::testing::Test {
  protected:
    // A case whose log reads:
    //   1 case.created, 2 account.added, 3-5 item.imported (items 1-3),
    //   6 link.recorded (item 4), 7 item.described (item 2).
    void SetUp() override {
        fs::create_directories(in);
        auto r = cli({"case", "new", "--title", "Altéré"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = r.out.substr(0, r.out.size() - 1);
        ASSERT_EQ(cli({"account", "add", id, "--platform", "Discord", "--handle", "x"}).exit_code,
                  0);
        std::vector<std::string> import = {"import", id};
        for (int i = 1; i <= 3; ++i) {
            fs::path p = in / ("capture-" + std::to_string(i) + ".png");
            test::write_file(p, test::pseudo_random_bytes(100'000, static_cast<std::uint64_t>(i)));
            import.push_back(p.string());
        }
        ASSERT_EQ(cli(import).exit_code, 0);
        ASSERT_EQ(cli({"link", id, "https://example.org/m/1"}).exit_code, 0);
        ASSERT_EQ(cli({"describe", id, "2", "--description", "la deuxième"}).exit_code, 0);
        auto check = cli({"check", id});
        ASSERT_EQ(check.exit_code, 0) << dump(check);
        items = json::parse(cli({"--json", "case", "show", id}).out)["items"];
        ASSERT_EQ(items.size(), 4u);
    }

    test::ProcResult cli(std::vector<std::string> args) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions opts;
        opts.env["LC_ALL"] = "C";
        return test::run(argv, opts);
    }

    fs::path case_dir() const { return store / "cases" / id; }
    fs::path object_of(int item) const {
        return case_dir() / "objects" / items[item - 1]["sha256"].get<std::string>();
    }

    // Runs SQL on the case database directly, as someone with a SQLite browser would.
    void tamper_sql(const std::string& sql) {
        EXPECT_EQ(test::exec_sql(case_dir() / "case.sqlite", sql), "");
    }

    std::string custody_line(int seq) {
        return test::query_text(case_dir() / "case.sqlite",
                                "SELECT line FROM custody WHERE seq = " + std::to_string(seq));
    }

    struct Checked {
        test::ProcResult human;
        json doc;
    };

    // Runs check twice (text and --json); both must say "not intact".
    Checked check_not_intact() {
        Checked c;
        c.human = cli({"check", id});
        EXPECT_EQ(c.human.exit_code, 1) << dump(c.human);
        EXPECT_NE(c.human.out.find("NOT INTACT"), std::string::npos) << c.human.out;
        EXPECT_NE(c.human.out.find("✗ "), std::string::npos) << c.human.out;
        auto j = cli({"--json", "check", id});
        EXPECT_EQ(j.exit_code, 1) << dump(j);
        c.doc = json::parse(j.out, nullptr, false);
        EXPECT_EQ(c.doc["intact"], false) << j.out;
        EXPECT_FALSE(c.doc["problems"].empty()) << j.out;
        for (const auto& p : c.doc["problems"]) {
            EXPECT_TRUE(p["kind"].is_string()) << p.dump();
            EXPECT_TRUE(p["message"].is_string()) << p.dump();
        }
        return c;
    }

    // The problem of this kind (and line or item, when not 0), or null.
    static json find_problem(const json& doc, const std::string& kind, std::int64_t line,
                             std::int64_t item) {
        for (const auto& p : doc["problems"]) {
            if (p["kind"] != kind)
                continue;
            if (line != 0 && p.value("line", std::int64_t{0}) != line)
                continue;
            if (item != 0 && p.value("item", std::int64_t{0}) != item)
                continue;
            return p;
        }
        return nullptr;
    }

    test::TempDir dir{"scelle-cli-tamper"};
    fs::path store = dir / "store";
    fs::path in = dir / "in";
    std::string id;
    json items;
};

TEST_F(CliTamper, OneByteChangedInAnObject) {
    const fs::path obj = object_of(2);
    ASSERT_EQ(::chmod(obj.c_str(), 0600), 0);
    {
        std::fstream f(obj, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(50'000);
        char c = 0;
        f.get(c);
        f.seekp(50'000);
        f.put(static_cast<char>(c ^ 0x01));
    }
    ASSERT_EQ(::chmod(obj.c_str(), 0400), 0);

    auto c = check_not_intact();
    EXPECT_NE(c.human.out.find("the original of item 2 was altered"), std::string::npos)
        << c.human.out;
    json p = find_problem(c.doc, "object_altered", 0, 2);
    ASSERT_FALSE(p.is_null()) << c.doc.dump(2);
    EXPECT_EQ(p["object"], items[1]["sha256"]);
    EXPECT_EQ(c.doc["problems"].size(), 1u) << c.doc.dump(2);

    // Extracting the altered original is refused rather than handing out wrong bytes.
    auto x = cli({"extract", id, "2", "-o", (dir / "out").string()});
    EXPECT_EQ(x.exit_code, 1) << dump(x);
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(CliTamper, ObjectDeleted) {
    fs::remove(object_of(3));
    auto c = check_not_intact();
    EXPECT_NE(c.human.out.find("the original of item 3 is missing"), std::string::npos)
        << c.human.out;
    json p = find_problem(c.doc, "object_missing", 0, 3);
    ASSERT_FALSE(p.is_null()) << c.doc.dump(2);
    EXPECT_EQ(p["object"], items[2]["sha256"]);
    EXPECT_EQ(c.doc["problems"].size(), 1u) << c.doc.dump(2);
}

TEST_F(CliTamper, CustodyLineChanged) {
    // Item 1's recorded size is changed in its custody line, the stored hash column kept.
    const std::string line = custody_line(3);
    ASSERT_NE(line.find("\"size\":100000"), std::string::npos) << line;
    tamper_sql(
        "UPDATE custody SET line = replace(line, '\"size\":100000', '\"size\":100001') "
        "WHERE seq = 3");
    auto c = check_not_intact();
    EXPECT_NE(c.human.out.find("custody log line 3 no longer matches its recorded hash"),
              std::string::npos)
        << c.human.out;
    EXPECT_FALSE(find_problem(c.doc, "log_hash_mismatch", 3, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "log_chain_broken", 4, 0).is_null()) << c.doc.dump(2);
}

TEST_F(CliTamper, CustodyLineChangedWithItsHashColumn) {
    // A careful forger also updates the hash column; the next line's "prev" still breaks.
    tamper_sql(
        "UPDATE custody SET line = replace(line, '\"handle\":\"x\"', '\"handle\":\"y\"') "
        "WHERE seq = 2");
    const std::string forged = custody_line(2);
    ASSERT_NE(forged.find("\"handle\":\"y\""), std::string::npos);
    auto r = test::run({"sh", "-c", "printf '%s' \"$0\" | sha256sum", forged});
    tamper_sql("UPDATE custody SET sha256 = '" + r.out.substr(0, 64) + "' WHERE seq = 2");
    auto c = check_not_intact();
    EXPECT_TRUE(find_problem(c.doc, "log_hash_mismatch", 0, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "log_chain_broken", 3, 0).is_null()) << c.doc.dump(2);
    EXPECT_NE(c.human.out.find("custody log line 3 does not follow the line before it"),
              std::string::npos)
        << c.human.out;
}

TEST_F(CliTamper, TwoLinesSwapped) {
    // Lines 4 and 5 (items 2 and 3) change places, with their hash columns.
    tamper_sql(
        "UPDATE custody SET seq = -4 WHERE seq = 4;"
        "UPDATE custody SET seq = 4 WHERE seq = 5;"
        "UPDATE custody SET seq = 5 WHERE seq = -4;");
    auto c = check_not_intact();
    EXPECT_FALSE(find_problem(c.doc, "log_bad_seq", 4, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "log_bad_seq", 5, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "log_chain_broken", 4, 0).is_null()) << c.doc.dump(2);
    EXPECT_NE(c.human.out.find("custody log line 4 has the wrong sequence number"),
              std::string::npos)
        << c.human.out;
}

TEST_F(CliTamper, MiddleLineRemoved) {
    // Line 6 (the link, item 4) disappears from the log, its item row kept.
    tamper_sql("DELETE FROM custody WHERE seq = 6");
    auto c = check_not_intact();
    // The old line 7 is now the 6th: wrong number, and it does not follow line 5.
    EXPECT_FALSE(find_problem(c.doc, "log_bad_seq", 6, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "log_chain_broken", 6, 0).is_null()) << c.doc.dump(2);
    EXPECT_FALSE(find_problem(c.doc, "item_log_mismatch", 0, 4).is_null()) << c.doc.dump(2);
    EXPECT_EQ(c.doc["log_lines"], 6);
    EXPECT_NE(c.human.out.find("item 4 does not match the custody log"), std::string::npos)
        << c.human.out;
}

TEST_F(CliTamper, ItemRowDeleted) {
    tamper_sql("DELETE FROM descriptions WHERE item_seq = 1; DELETE FROM items WHERE seq = 1");
    auto c = check_not_intact();
    json p = find_problem(c.doc, "log_item_missing", 3, 1);
    ASSERT_FALSE(p.is_null()) << c.doc.dump(2);
    EXPECT_NE(c.human.out.find("item 1, recorded at custody log line 3, is missing from the case"),
              std::string::npos)
        << c.human.out;
    // Its object is now named by no item: noted, not counted as a second problem.
    EXPECT_EQ(c.doc["problems"].size(), 1u) << c.doc.dump(2);
    ASSERT_EQ(c.doc["notes"].size(), 1u) << c.doc.dump(2);
    EXPECT_EQ(c.doc["notes"][0]["object"], items[0]["sha256"]);
}

// The tables the log indexes must agree with it: the newest line removed (a truncated log
// still chains), or a row changed behind the log's back, are caught by comparing them.
TEST_F(CliTamper, LastLineRemoved) {
    // Line 7 is item 2's description; its row in `descriptions` is kept.
    tamper_sql("DELETE FROM custody WHERE seq = 7");
    auto c = check_not_intact();
    EXPECT_EQ(c.doc["log_lines"], 6);
    EXPECT_TRUE(find_problem(c.doc, "log_chain_broken", 0, 0).is_null()) << c.doc.dump(2);
}

TEST_F(CliTamper, DescriptionRowChanged) {
    // `case show` would display a description that the custody log never recorded.
    tamper_sql("UPDATE descriptions SET text = 'texte inventé' WHERE item_seq = 2");
    auto c = check_not_intact();
    EXPECT_FALSE(find_problem(c.doc, "description_log_mismatch", 0, 2).is_null()) << c.doc.dump(2);
}

TEST_F(CliTamper, AccountRowChanged) {
    // `case show` would name another offender than the one the custody log recorded.
    tamper_sql("UPDATE accounts SET handle = 'quelqu_un_d_autre' WHERE id = 1");
    EXPECT_FALSE(check_not_intact().doc["problems"].empty());
}

TEST_F(CliTamper, ItemDetailsChangedInTheirRow) {
    // `case show` and the bundle would show a name, size or type the log never recorded.
    const fs::path db = case_dir() / "case.sqlite";
    const std::string name = test::query_text(db, "SELECT name FROM items WHERE seq = 1");
    const std::string size = test::query_text(db, "SELECT size FROM items WHERE seq = 1");
    const std::string type = test::query_text(db, "SELECT media_type FROM items WHERE seq = 1");
    const std::string restore = "UPDATE items SET name = '" + name + "', size = " + size +
                                ", media_type = '" + type + "', sensitive = 0 WHERE seq = 1";
    for (const char* sql : {"UPDATE items SET name = 'forged.png' WHERE seq = 1",
                            "UPDATE items SET size = size + 1 WHERE seq = 1",
                            "UPDATE items SET media_type = 'text/plain' WHERE seq = 1",
                            "UPDATE items SET sensitive = 1 WHERE seq = 1"}) {
        SCOPED_TRACE(sql);
        tamper_sql(sql);
        auto c = check_not_intact();
        EXPECT_FALSE(find_problem(c.doc, "item_log_mismatch", 0, 1).is_null()) << c.doc.dump(2);
        tamper_sql(restore);
        auto back = cli({"check", id});
        EXPECT_EQ(back.exit_code, 0) << dump(back);  // the restore is exact: intact again
    }
}

TEST_F(CliTamper, FrenchMessagesNameTheProblemToo) {
    fs::remove(object_of(1));
    std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string(), "--lang", "fr",
                                     "check",         id};
    auto r = test::run(argv);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.out.find("l’original de l’élément 1 a disparu"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("NON INTACT"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace scelle
