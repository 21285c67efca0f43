// Identifiers given after an item or an account was recorded: an item's message link
// (`item.url`) and an account's profile address, display name and platform ID
// (`account.updated`). Each change is one custody line, read back as written; a change to what
// already is writes nothing; every refusal writes nothing; `check` follows the last line and
// catches a value changed in the database without one. Real SQLite, real files.
#include <gtest/gtest.h>

#include "scelle/store/store.h"
#include "sql_exec.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

using nlohmann::json;

const std::string kMsg = "https://discord.com/channels/@me/111111111111111111/222222222222222222";
const std::string kUserId = "123456789012345678";

class Identifiers : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Léa sur Discord", std::nullopt, {}, std::nullopt});
        ASSERT_TRUE(id.ok()) << id.error().detail;
        case_id = *id;
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
        ASSERT_TRUE(kase->add_account({"Discord", "max_2011", std::nullopt, std::nullopt}).ok());
        const auto f = dir / "capture.txt";
        test::write_file(f, "what the chat showed");
        ASSERT_TRUE(
            kase->import_files({{f}, std::nullopt, std::nullopt, std::string("max_2011"), false})
                .ok());
        ASSERT_TRUE(kase->add_link("https://example.org/p", std::nullopt, std::nullopt).ok());
    }

    std::size_t lines() { return kase->log_lines()->size(); }
    json last() { return json::parse(kase->log_lines()->back()); }
    void tamper_sql(const std::string& sql) {
        EXPECT_EQ(test::exec_sql(store.cases_dir() / case_id / "case.sqlite", sql), "");
    }
    std::vector<Finding> problems() {
        auto cs = store.open_case(case_id, Access::read_only);
        EXPECT_TRUE(cs.ok());
        auto report = (*cs)->check();
        EXPECT_TRUE(report.ok());
        return report->problems;
    }

    test::TempDir dir;
    Store store{dir / "store"};
    std::string case_id;
    std::unique_ptr<CaseStore> kase;
};

TEST_F(Identifiers, AMessageLinkIsOneLineReadBackAndCheckFollowsIt) {
    const auto before = lines();
    auto r = kase->set_item_url(1, kMsg);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(*r);
    EXPECT_EQ(lines(), before + 1);
    EXPECT_EQ(kase->item(1)->url, kMsg);
    json line = last();
    EXPECT_EQ(line["action"], "item.url");
    EXPECT_EQ(line["item"], 1);
    EXPECT_EQ(line["url"], kMsg);
    EXPECT_TRUE(kase->check()->intact());

    // The same link again: nothing written, and said.
    r = kase->set_item_url(1, kMsg);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(*r);
    EXPECT_EQ(lines(), before + 1);

    // Cleared: the line says null.
    r = kase->set_item_url(1, std::nullopt);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(*r);
    EXPECT_FALSE(kase->item(1)->url.has_value());
    line = last();
    EXPECT_TRUE(line.contains("url"));
    EXPECT_TRUE(line["url"].is_null());
    EXPECT_EQ(lines(), before + 2);
    EXPECT_TRUE(kase->check()->intact());
}

TEST_F(Identifiers, EveryRefusedLinkWritesNothing) {
    const auto before = lines();
    const auto link_url = kase->item(2)->url;
    // A link item: its address is the evidence itself.
    auto r = kase->set_item_url(2, kMsg);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_EQ(r.error().subject, "--url");
    EXPECT_NE(r.error().detail.find("is a link"), std::string::npos);
    EXPECT_EQ(kase->set_item_url(2, std::nullopt).error().code, Errc::usage);
    EXPECT_EQ(kase->item(2)->url, link_url);
    // Not a web address.
    for (const char* bad : {"ftp://example.org/x", "discord.com/channels/1/2", "", "https://",
                            "https://a b", "javascript:alert(1)"})
        EXPECT_EQ(kase->set_item_url(1, std::string(bad)).error().code, Errc::usage) << bad;
    // An unknown item.
    EXPECT_EQ(kase->set_item_url(9, kMsg).error().code, Errc::unknown_item);
    EXPECT_EQ(lines(), before);
    // A withdrawn item.
    ASSERT_TRUE(kase->withdraw(1, "en double").ok());
    const auto withdrawn = lines();
    EXPECT_EQ(kase->set_item_url(1, kMsg).error().code, Errc::already_withdrawn);
    EXPECT_EQ(lines(), withdrawn);
    EXPECT_FALSE(kase->item(1)->url.has_value());
}

TEST_F(Identifiers, AnAccountUpdateNamesOnlyWhatChanges) {
    const auto before = lines();
    AccountUpdate u;
    u.platform_id = std::optional<std::string>(kUserId);
    u.url = std::optional<std::string>("https://discord.com/users/" + kUserId);
    auto r = kase->update_account(1, u);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(r->second);
    EXPECT_EQ(r->first.platform_id, kUserId);
    EXPECT_EQ(lines(), before + 1);
    json line = last();
    EXPECT_EQ(line["action"], "account.updated");
    EXPECT_EQ(line["account"], 1);
    EXPECT_EQ(line["platform_id"], kUserId);
    EXPECT_EQ(line["url"], "https://discord.com/users/" + kUserId);
    EXPECT_FALSE(line.contains("display_name"));
    EXPECT_FALSE(line.contains("platform"));
    EXPECT_FALSE(line.contains("handle"));
    auto accounts = kase->accounts();
    ASSERT_EQ(accounts->size(), 1u);
    EXPECT_EQ((*accounts)[0].platform_id, kUserId);
    EXPECT_EQ((*accounts)[0].handle, "max_2011");
    EXPECT_EQ((*accounts)[0].platform, "Discord");
    EXPECT_TRUE(kase->check()->intact());

    // The same values again, and nothing asked: nothing written.
    r = kase->update_account(1, u);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->second);
    EXPECT_FALSE(kase->update_account(1, AccountUpdate{})->second);
    EXPECT_EQ(lines(), before + 1);

    // A display name set and the address cleared: one line, with exactly those.
    AccountUpdate v;
    v.display_name = std::optional<std::string>("Max");
    v.url = std::optional<std::string>();
    v.platform_id = std::optional<std::string>(kUserId);  // unchanged: not in the line
    r = kase->update_account(1, v);
    ASSERT_TRUE(r.ok());
    line = last();
    EXPECT_EQ(line["display_name"], "Max");
    EXPECT_TRUE(line["url"].is_null());
    EXPECT_FALSE(line.contains("platform_id"));
    EXPECT_EQ(lines(), before + 2);
    EXPECT_FALSE((*kase->accounts())[0].url.has_value());
    EXPECT_EQ((*kase->accounts())[0].display_name, "Max");
    EXPECT_TRUE(kase->check()->intact());
}

TEST_F(Identifiers, EveryRefusedAccountUpdateWritesNothing) {
    const auto before = lines();
    auto refused = [&](AccountUpdate u, const char* subject) {
        auto r = kase->update_account(1, u);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::usage);
        EXPECT_EQ(r.error().subject, subject);
    };
    AccountUpdate u;
    u.url = std::optional<std::string>("ftp://example.org/u");
    refused(u, "--url");
    u = {};
    u.platform_id = std::optional<std::string>("");
    refused(u, "--platform-id");
    u.platform_id = std::optional<std::string>("12\n34");
    refused(u, "--platform-id");
    u = {};
    u.display_name = std::optional<std::string>("");
    refused(u, "--display-name");
    // A valid field beside a refused one: the valid one is not written either.
    u = {};
    u.display_name = std::optional<std::string>("Max");
    u.url = std::optional<std::string>("not a url");
    refused(u, "--url");
    u = {};
    u.platform_id = std::optional<std::string>(kUserId);
    EXPECT_EQ(kase->update_account(7, u).error().code, Errc::unknown_account);
    EXPECT_EQ(lines(), before);
    EXPECT_FALSE((*kase->accounts())[0].display_name.has_value());
    EXPECT_FALSE((*kase->accounts())[0].platform_id.has_value());
}

TEST_F(Identifiers, FindAccountTakesAHandlePlatformHandleOrNumber) {
    ASSERT_TRUE(kase->add_account({"Snapchat", "max_2011", std::nullopt, std::nullopt}).ok());
    EXPECT_EQ(kase->find_account("Discord:max_2011")->id, 1);
    EXPECT_EQ(kase->find_account("Snapchat:max_2011")->id, 2);
    EXPECT_EQ(kase->find_account("2")->id, 2);
    EXPECT_EQ(kase->find_account("max_2011").error().code, Errc::ambiguous_account);
    EXPECT_EQ(kase->find_account("9").error().code, Errc::unknown_account);
    EXPECT_EQ(kase->find_account("personne").error().code, Errc::unknown_account);
}

TEST_F(Identifiers, CheckCatchesIdentifiersChangedWithoutALine) {
    ASSERT_TRUE(kase->set_item_url(1, kMsg).ok());
    AccountUpdate u;
    u.platform_id = std::optional<std::string>(kUserId);
    ASSERT_TRUE(kase->update_account(1, u).ok());
    ASSERT_TRUE(problems().empty());

    tamper_sql("UPDATE items SET url = 'https://discord.com/channels/@me/1/9' WHERE seq = 1");
    auto p = problems();
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].kind, Finding::Kind::item_log_mismatch);
    EXPECT_EQ(p[0].item, 1);
    tamper_sql("UPDATE items SET url = '" + kMsg + "' WHERE seq = 1");
    ASSERT_TRUE(problems().empty());

    tamper_sql("UPDATE accounts SET platform_id = '999' WHERE id = 1");
    p = problems();
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].kind, Finding::Kind::account_log_mismatch);
    // The value before the update is not what the log last says either.
    tamper_sql("UPDATE accounts SET platform_id = NULL WHERE id = 1");
    EXPECT_EQ(problems().size(), 1u);
    tamper_sql("UPDATE accounts SET platform_id = '" + kUserId + "' WHERE id = 1");
    EXPECT_TRUE(problems().empty());
}

}  // namespace
}  // namespace scelle::core
