// The case store against a real SQLite database and real files in a temporary folder.
#include "scelle/store/store.h"
#include "scelle/base/text.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "scelle/base/png_writer.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/custody_log.h"
#include "sql_exec.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Harcèlement — test", "3018", {"harassment"}, "résumé"});
        ASSERT_TRUE(id.ok()) << id.error().detail;
        case_id = *id;
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }

    // `name` in UTF-8, on Windows too.
    fs::path file(std::string_view name, std::string_view content) {
        fs::path p = dir.path() / utf8_to_path(name);
        test::write_file(p, content);
        return p;
    }

    std::vector<std::string> object_names() {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(kase->dir() / "objects"))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

    // Runs SQL directly on the case database, as someone tampering with it would.
    void tamper_sql(const std::string& sql) {
        EXPECT_EQ(test::exec_sql(store.cases_dir() / case_id / "case.sqlite", sql), "");
    }

    std::vector<Finding::Kind> problem_kinds() {
        auto report = kase->check();
        EXPECT_TRUE(report.ok());
        std::vector<Finding::Kind> out;
        for (const auto& f : report->problems)
            out.push_back(f.kind);
        return out;
    }

    test::TempDir dir;
    Store store{dir / "store"};
    std::string case_id;
    std::unique_ptr<CaseStore> kase;
};

bool contains(const std::vector<Finding::Kind>& v, Finding::Kind k) {
    return std::find(v.begin(), v.end(), k) != v.end();
}

TEST_F(StoreTest, NewCaseHasOneCustodyLineAndPrivateFolders) {
    EXPECT_EQ(kase->info().title, "Harcèlement — test");
    EXPECT_EQ(kase->info().destination, "3018");
    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), 1u);
    json first = json::parse(lines->front());
    EXPECT_EQ(first["action"], "case.created");
    EXPECT_EQ(first["case"], case_id);
    if constexpr (test::kPosixModes) {
        EXPECT_EQ(test::posix_mode(kase->dir()), 0700u);
        EXPECT_EQ(test::posix_mode(kase->dir() / "case.sqlite") & 0077, 0u);
    }
    EXPECT_FALSE(fs::exists(store.cases_dir() / ("." + case_id + ".new")));
}

TEST_F(StoreTest, CasesAreFoundByPrefixAndAmbiguityIsReported) {
    auto second = store.create_case({"Autre", std::nullopt, {}, std::nullopt});
    ASSERT_TRUE(second.ok());
    auto list = store.list_cases();
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 2u);
    auto r = store.resolve(case_id.substr(0, 12));
    if (second->substr(0, 12) != case_id.substr(0, 12)) {
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(*r, case_id);
    }
    auto amb = store.resolve(case_id.substr(0, 8));  // same date: both match
    ASSERT_FALSE(amb.ok());
    EXPECT_EQ(amb.error().code, Errc::ambiguous_case);
    auto unknown = store.resolve("zzz");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, Errc::unknown_case);
    auto traversal = store.resolve("../etc");
    ASSERT_FALSE(traversal.ok());
    EXPECT_EQ(traversal.error().code, Errc::unknown_case);
}

TEST_F(StoreTest, InvalidCaseFieldsAreRefused) {
    EXPECT_EQ(store.create_case({"  ", std::nullopt, {}, std::nullopt}).error().code, Errc::usage);
    EXPECT_EQ(store.create_case({"ok", "fbi", {}, std::nullopt}).error().code, Errc::usage);
    EXPECT_EQ(store.create_case({"ok", std::nullopt, {"robbery"}, std::nullopt}).error().code,
              Errc::usage);
}

TEST_F(StoreTest, ImportKeepsExactBytesAndReadsPixelSize) {
    std::vector<std::uint8_t> rgb(64 * 48 * 3, 200);
    auto png = encode_png_rgb8(64, 48, rgb);
    ASSERT_TRUE(png.ok());
    std::string bytes(reinterpret_cast<const char*>(png->data()), png->size());
    auto p = file("capture écran.png", bytes);
    auto r = kase->import_files({{p}, "Premier message", std::nullopt, std::nullopt, false});
    ASSERT_TRUE(r.ok()) << r.error().detail;
    ASSERT_EQ(r->size(), 1u);
    const auto& o = r->front();
    EXPECT_FALSE(o.duplicate);
    EXPECT_EQ(o.seq, 1);
    EXPECT_EQ(o.sha256, crypto::sha256_hex(bytes));

    auto it = kase->item(1);
    ASSERT_TRUE(it.ok());
    EXPECT_EQ(it->kind, "file");
    EXPECT_EQ(it->media_type, "image/png");
    EXPECT_EQ(it->width, 64);
    EXPECT_EQ(it->height, 48);
    EXPECT_EQ(it->name, "capture écran.png");
    EXPECT_EQ(it->size, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(it->description, "Premier message");

    const fs::path obj = kase->object_path(o.sha256);
    EXPECT_EQ(test::read_file(obj), bytes);
    if constexpr (test::kPosixModes) {
        EXPECT_EQ(test::posix_mode(obj), 0400u);
    }

    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), 2u);
    json line = json::parse(lines->back());
    EXPECT_EQ(line["action"], "item.imported");
    EXPECT_EQ(line["sha256"], o.sha256);
    EXPECT_EQ(line["item"], 1);
    EXPECT_TRUE(custody::check_chain(*lines).empty());
}

TEST_F(StoreTest, SameContentIsStoredOnceAndNamesTheItemHoldingIt) {
    auto a = file("a.txt", "le même contenu");
    auto b = file("b.txt", "le même contenu");
    auto c = file("c.txt", "autre chose");
    auto first = kase->import_files({{a}, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(first.ok());
    auto again = kase->import_files({{b, c, a}, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->size(), 3u);
    EXPECT_TRUE((*again)[0].duplicate);
    EXPECT_EQ((*again)[0].seq, 1);
    EXPECT_FALSE((*again)[1].duplicate);
    EXPECT_EQ((*again)[1].seq, 2);
    EXPECT_TRUE((*again)[2].duplicate);
    EXPECT_EQ(object_names().size(), 2u);
    EXPECT_EQ(kase->items()->size(), 2u);
}

TEST_F(StoreTest, AccountsAreRecordedOnceAndLinkedToItems) {
    auto a = kase->add_account({"Discord", "prédateur#1234", "https://discord.com/users/1", "P"});
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a->second);
    auto again = kase->add_account({"Discord", "prédateur#1234", std::nullopt, std::nullopt});
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->second);
    EXPECT_EQ(again->first.id, a->first.id);
    ASSERT_TRUE(kase->add_account({"Snapchat", "prédateur#1234", std::nullopt, std::nullopt}).ok());

    auto f = file("x.txt", "x");
    auto amb = kase->import_files({{f}, std::nullopt, std::nullopt, "prédateur#1234", false});
    ASSERT_FALSE(amb.ok());
    EXPECT_EQ(amb.error().code, Errc::ambiguous_account);
    auto ok = kase->import_files({{f}, std::nullopt, std::nullopt, "Discord:prédateur#1234", true});
    ASSERT_TRUE(ok.ok());
    auto it = kase->item(ok->front().seq);
    EXPECT_EQ(it->account_id, a->first.id);
    EXPECT_EQ(it->platform, "Discord");
    EXPECT_TRUE(it->sensitive);
    auto unknown = kase->add_link("https://x.example/1", std::nullopt, std::string("nobody"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, Errc::unknown_account);
    EXPECT_EQ(kase->add_account({"", "h", std::nullopt, std::nullopt}).error().code, Errc::usage);
    EXPECT_EQ(kase->add_account({"p", "h", "javascript:alert(1)", std::nullopt}).error().code,
              Errc::usage);
}

TEST_F(StoreTest, LinksAreRecordedWithoutAnyObject) {
    auto l = kase->add_link("https://example.org/post/42", std::string("image non capturée"),
                            std::nullopt);
    ASSERT_TRUE(l.ok());
    EXPECT_EQ(l->kind, "link");
    EXPECT_EQ(l->url, "https://example.org/post/42");
    EXPECT_FALSE(l->sha256.has_value());
    EXPECT_TRUE(object_names().empty());
    for (const char* bad :
         {"", "example.org/x", "ftp://x", "https://", "https://a b", "https:///path"}) {
        auto r = kase->add_link(bad, std::nullopt, std::nullopt);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, Errc::usage);
    }
}

TEST_F(StoreTest, DescribeAddsALineAndKeepsHistory) {
    auto f = file("x.txt", "x");
    ASSERT_TRUE(kase->import_files({{f}, "avant", std::nullopt, std::nullopt, false}).ok());
    ASSERT_TRUE(kase->describe(1, "après").ok());
    EXPECT_EQ(kase->item(1)->description, "après");
    auto lines = kase->log_lines();
    EXPECT_EQ(json::parse(lines->back())["action"], "item.described");
    EXPECT_EQ(kase->describe(9, "x").error().code, Errc::unknown_item);
    EXPECT_EQ(kase->describe(1, "   ").error().code, Errc::usage);
}

TEST_F(StoreTest, MarkingSensitiveAddsALineEachTimeItChangesAndCheckFollowsTheLastOne) {
    auto f = file("x.png", "not really a png");
    ASSERT_TRUE(kase->import_files({{f}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    const auto before = kase->log_lines()->size();
    ASSERT_TRUE(kase->set_sensitive(1, true).ok());
    EXPECT_TRUE(kase->item(1)->sensitive);
    json line = json::parse(kase->log_lines()->back());
    EXPECT_EQ(line["action"], "item.sensitive");
    EXPECT_EQ(line["item"], 1);
    EXPECT_EQ(line["sensitive"], true);
    EXPECT_EQ(kase->log_lines()->size(), before + 1);
    // Asking for what already is writes nothing.
    ASSERT_TRUE(kase->set_sensitive(1, true).ok());
    EXPECT_EQ(kase->log_lines()->size(), before + 1);
    EXPECT_TRUE(kase->check()->intact());
    ASSERT_TRUE(kase->set_sensitive(1, false).ok());
    EXPECT_FALSE(kase->item(1)->sensitive);
    EXPECT_EQ(json::parse(kase->log_lines()->back())["sensitive"], false);
    EXPECT_EQ(kase->log_lines()->size(), before + 2);
    EXPECT_TRUE(kase->check()->intact());
    EXPECT_EQ(kase->set_sensitive(9, true).error().code, Errc::unknown_item);
}

TEST_F(StoreTest, RenamingAddsOneLineAndCheckFollowsTheLastTitle) {
    const auto before = kase->log_lines()->size();
    ASSERT_TRUE(kase->rename("  Harcèlement sur Discord  ").ok());
    EXPECT_EQ(kase->info().title, "Harcèlement sur Discord");
    json line = json::parse(kase->log_lines()->back());
    EXPECT_EQ(line["action"], "case.renamed");
    EXPECT_EQ(line["case"], case_id);
    EXPECT_EQ(line["title"], "Harcèlement sur Discord");
    EXPECT_EQ(kase->log_lines()->size(), before + 1);
    EXPECT_TRUE(kase->check()->intact());
    // Another process sees the new title; the first one stays in line 1.
    auto other = store.open_case(case_id, Access::read_only);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ((*other)->info().title, "Harcèlement sur Discord");
    EXPECT_EQ(json::parse(kase->log_lines()->front())["title"], "Harcèlement — test");
    EXPECT_EQ((*store.list_cases()).front().title, "Harcèlement sur Discord");

    // The same title again, and every refusal, write nothing.
    ASSERT_TRUE(kase->rename("Harcèlement sur Discord").ok());
    const std::string at_limit(kMaxCaseTitle, 'x');
    for (std::string bad : {std::string(), std::string("   "), std::string("deux\nlignes"),
                            at_limit + "x", std::string("\x01 contrôle")}) {
        auto r = kase->rename(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, Errc::usage);
        EXPECT_EQ(r.error().subject, "--title");
    }
    EXPECT_EQ(kase->log_lines()->size(), before + 1);
    EXPECT_EQ(kase->info().title, "Harcèlement sur Discord");
    // The limit counts characters, not bytes.
    std::string accented;
    for (std::size_t i = 0; i < kMaxCaseTitle; ++i)
        accented += "é";
    ASSERT_TRUE(kase->rename(accented).ok());
    EXPECT_EQ(kase->log_lines()->size(), before + 2);
    EXPECT_TRUE(kase->check()->intact());
    // A new case's title follows the same rules.
    EXPECT_EQ(store.create_case({at_limit + "x", std::nullopt, {}, std::nullopt}).error().code,
              Errc::usage);

    // A title changed without a line is caught.
    tamper_sql("UPDATE case_info SET title = 'Autre titre'");
    auto reopened = store.open_case(case_id, Access::read_only);
    ASSERT_TRUE(reopened.ok());
    auto report = (*reopened)->check();
    ASSERT_TRUE(report.ok());
    ASSERT_FALSE(report->intact());
    EXPECT_EQ(report->problems.front().kind, Finding::Kind::case_log_mismatch);
}

TEST_F(StoreTest, ChangingAnItemsAccountAddsOneLineAndCheckFollowsTheLastOne) {
    ASSERT_TRUE(kase->add_account({"Discord", "loup", std::nullopt, std::nullopt}).ok());
    ASSERT_TRUE(kase->add_account({"Snapchat", "renard", std::nullopt, std::nullopt}).ok());
    auto f = file("x.png", "not really a png");
    ASSERT_TRUE(
        kase->import_files({{f}, std::nullopt, std::nullopt, std::string("loup"), false}).ok());
    ASSERT_TRUE(kase->add_link("https://example.org/p", std::nullopt, std::nullopt).ok());
    EXPECT_EQ(kase->item(1)->account_id, 1);
    const auto before = kase->log_lines()->size();

    ASSERT_TRUE(kase->set_item_account(1, std::string("renard")).ok());
    EXPECT_EQ(kase->item(1)->account_id, 2);
    EXPECT_EQ(kase->item(1)->platform, "Snapchat");
    json line = json::parse(kase->log_lines()->back());
    EXPECT_EQ(line["action"], "item.account");
    EXPECT_EQ(line["item"], 1);
    EXPECT_EQ(line["account"], 2);
    EXPECT_EQ(kase->log_lines()->size(), before + 1);
    EXPECT_TRUE(kase->check()->intact());
    // By number, and a link gets one too.
    ASSERT_TRUE(kase->set_item_account(2, std::string("1")).ok());
    EXPECT_EQ(kase->item(2)->account_id, 1);
    EXPECT_EQ(kase->log_lines()->size(), before + 2);
    // No account: the line says null.
    ASSERT_TRUE(kase->set_item_account(1, std::nullopt).ok());
    EXPECT_FALSE(kase->item(1)->account_id.has_value());
    line = json::parse(kase->log_lines()->back());
    EXPECT_TRUE(line.contains("account"));
    EXPECT_TRUE(line["account"].is_null());
    EXPECT_EQ(kase->log_lines()->size(), before + 3);
    EXPECT_TRUE(kase->check()->intact());
    // What already is, and every refusal, write nothing.
    ASSERT_TRUE(kase->set_item_account(1, std::nullopt).ok());
    EXPECT_EQ(kase->set_item_account(1, std::string("personne")).error().code,
              Errc::unknown_account);
    EXPECT_EQ(kase->set_item_account(1, std::string("7")).error().code, Errc::unknown_account);
    EXPECT_EQ(kase->set_item_account(9, std::string("loup")).error().code, Errc::unknown_item);
    ASSERT_TRUE(kase->withdraw(2, "mauvais lien").ok());
    const auto withdrawn = kase->log_lines()->size();
    EXPECT_EQ(kase->set_item_account(2, std::string("renard")).error().code,
              Errc::already_withdrawn);
    EXPECT_EQ(kase->set_item_account(2, std::nullopt).error().code, Errc::already_withdrawn);
    EXPECT_EQ(kase->log_lines()->size(), withdrawn);
    EXPECT_EQ(kase->item(2)->account_id, 1);
    EXPECT_TRUE(kase->check()->intact());

    // An account changed without a line is caught.
    tamper_sql("UPDATE items SET account_id = 2 WHERE seq = 1");
    EXPECT_TRUE(contains(problem_kinds(), Finding::Kind::item_log_mismatch));
}

TEST_F(StoreTest, WithdrawRemovesTheBytesAndKeepsHashAndReason) {
    auto f = file("x.bin", "secret bytes");
    auto r = kase->import_files({{f}, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(r.ok());
    const std::string sha = r->front().sha256;
    ASSERT_TRUE(kase->withdraw(1, "importé par erreur").ok());
    EXPECT_FALSE(fs::exists(kase->object_path(sha)));
    auto it = kase->item(1);
    EXPECT_TRUE(it->withdrawn_at.has_value());
    EXPECT_EQ(it->withdraw_reason, "importé par erreur");
    json line = json::parse(kase->log_lines()->back());
    EXPECT_EQ(line["action"], "item.withdrawn");
    EXPECT_EQ(line["sha256"], sha);
    EXPECT_EQ(line["reason"], "importé par erreur");
    EXPECT_EQ(kase->withdraw(1, "again").error().code, Errc::already_withdrawn);
    EXPECT_EQ(kase->extract(1, dir / "out").error().code, Errc::not_available);
    EXPECT_TRUE(kase->check()->intact());

    // The same content can be imported again as a new item.
    auto again = kase->import_files({{f}, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->front().duplicate);
    EXPECT_EQ(again->front().seq, 2);
    EXPECT_TRUE(fs::exists(kase->object_path(sha)));
    EXPECT_TRUE(kase->check()->intact());
}

TEST_F(StoreTest, ExtractWritesTheOriginalAndNeverOverwrites) {
    const std::string bytes = test::pseudo_random_bytes(3'000'000, 3);
    auto f = file("big.bin", bytes);
    ASSERT_TRUE(kase->import_files({{f}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    ASSERT_TRUE(kase->extract(1, dir / "copy.bin").ok());
    EXPECT_EQ(test::read_file(dir / "copy.bin"), bytes);
    test::write_file(dir / "keep.txt", "do not touch");
    EXPECT_EQ(kase->extract(1, dir / "keep.txt").error().code, Errc::target_exists);
    EXPECT_EQ(test::read_file(dir / "keep.txt"), "do not touch");
    EXPECT_EQ(kase->extract(5, dir / "none").error().code, Errc::unknown_item);
}

TEST_F(StoreTest, CheckCatchesAlteredAndMissingObjects) {
    auto a = file("a.txt", "original A");
    auto b = file("b.txt", "original B");
    auto r = kase->import_files({{a, b}, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(problem_kinds().empty());
    const fs::path pa = kase->object_path((*r)[0].sha256);
    fs::permissions(pa, fs::perms::owner_write, fs::perm_options::add);
    test::write_file(pa, "original a");
    // Deleted, read-only as it is (Windows refuses to delete a read-only file).
    const fs::path pb = kase->object_path((*r)[1].sha256);
    fs::permissions(pb, fs::perms::owner_write, fs::perm_options::add);
    fs::remove(pb);
    auto report = kase->check();
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->problems.size(), 2u);
    EXPECT_EQ(report->problems[0].kind, Finding::Kind::object_altered);
    EXPECT_EQ(report->problems[0].item, 1);
    EXPECT_EQ(report->problems[1].kind, Finding::Kind::object_missing);
    EXPECT_EQ(report->problems[1].item, 2);
}

TEST_F(StoreTest, CheckCatchesLogTampering) {
    auto a = file("a.txt", "A");
    auto b = file("b.txt", "B");
    ASSERT_TRUE(kase->import_files({{a, b}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    ASSERT_TRUE(kase->describe(1, "desc").ok());
    // Line 2 records item 1 ("a.txt"); rename it in place, keeping the JSON canonical.
    tamper_sql("UPDATE custody SET line = replace(line, '\"a.txt\"', '\"z.txt\"') WHERE seq = 2");
    auto kinds = problem_kinds();
    EXPECT_TRUE(contains(kinds, Finding::Kind::log_chain_broken));
    EXPECT_TRUE(contains(kinds, Finding::Kind::log_hash_mismatch));
}

TEST_F(StoreTest, CheckCatchesRemovedAndReorderedLines) {
    auto a = file("a.txt", "A");
    auto b = file("b.txt", "B");
    ASSERT_TRUE(kase->import_files({{a}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    ASSERT_TRUE(kase->import_files({{b}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    ASSERT_TRUE(kase->describe(2, "desc").ok());
    tamper_sql(
        "UPDATE custody SET seq = -2 WHERE seq = 2; UPDATE custody SET seq = 2 WHERE seq = 3; "
        "UPDATE custody SET seq = 3 WHERE seq = -2;");
    EXPECT_TRUE(contains(problem_kinds(), Finding::Kind::log_chain_broken));
    tamper_sql("DELETE FROM custody WHERE seq = 4");  // the last line: no chain after it
    auto kinds = problem_kinds();
    EXPECT_FALSE(kinds.empty());
}

TEST_F(StoreTest, CheckCatchesARemovedItemRowAndARemovedLastLine) {
    auto a = file("a.txt", "A");
    ASSERT_TRUE(kase->import_files({{a}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    tamper_sql("DELETE FROM custody WHERE seq = 2");
    EXPECT_TRUE(contains(problem_kinds(), Finding::Kind::item_log_mismatch));
    tamper_sql("PRAGMA foreign_keys=OFF; DELETE FROM descriptions; DELETE FROM items;");
    EXPECT_TRUE(problem_kinds().empty());  // both gone: only a timestamp can tell (issue 3)
}

TEST_F(StoreTest, ANewerSchemaIsRefusedClearly) {
    kase.reset();
    tamper_sql("PRAGMA user_version = 99");
    auto r = store.open_case(case_id, Access::read_write);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::store_too_new);
}

}  // namespace
}  // namespace scelle::core
