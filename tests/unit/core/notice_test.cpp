// The notice for the platform (scelle/report/notice.h): what a Discord case's notice holds, in
// French and English, what it must never hold (the child's details), and that its words match
// the report's labels and the facts table (docs/report-sources.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "scelle/report/notice.h"

namespace scelle::core {
namespace {

bool has(const std::string& text, const std::string& s) {
    return text.find(s) != std::string::npos;
}

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

NoticeInput discord_case(const std::string& lang) {
    NoticeInput in;
    in.info.id = "2026-12-06-abcd";
    in.info.title = "Léa — Discord";
    in.info.summary = "Léa, 12 ans, au collège Jean-Moulin, contactée par un adulte.";
    in.info.recorded_by = "la mère de Léa";
    in.info.incidents = {"grooming", "threats"};
    Account a;
    a.id = 1;
    a.platform = "Discord";
    a.handle = "max_2011";
    a.display_name = "Max ✨";
    a.platform_id = "123456789012345678";
    a.url = "https://discord.com/users/123456789012345678";
    in.accounts.push_back(a);
    Account other;
    other.id = 2;
    other.platform = "Snapchat";
    other.handle = "someone.else";
    in.accounts.push_back(other);

    Item shot;
    shot.seq = 1;
    shot.kind = "screenshot";
    shot.sha256 = std::string(64, 'a');
    shot.recorded_at = "2026-11-21T10:00:05Z";
    shot.happened = "2026-11-20T21:04+01:00";
    shot.url = "https://discord.com/channels/@me/111111111111111111/222222222222222222";
    shot.description = "Léa répond à Max";
    shot.account_id = 1;
    shot.timestamp.status = TimestampStatus::granted;
    shot.timestamp.tsa = "Test TSA";
    shot.timestamp.gen_time = "2026-11-21T10:00:07Z";
    in.items.push_back(shot);

    Item link;
    link.seq = 2;
    link.kind = "link";
    link.recorded_at = "2026-11-21T10:05:00Z";
    link.url = "https://discord.com/channels/@me/111111111111111111/333333333333333333";
    link.description = "photo de Léa";
    link.sensitive = true;
    link.account_id = 1;
    in.items.push_back(link);

    Item snap;  // another platform's item: not in Discord's notice
    snap.seq = 3;
    snap.kind = "file";
    snap.recorded_at = "2026-11-22T08:00:00Z";
    snap.url = "https://snapchat.com/add/someone.else";
    snap.account_id = 2;
    in.items.push_back(snap);

    Item withdrawn;
    withdrawn.seq = 4;
    withdrawn.kind = "link";
    withdrawn.recorded_at = "2026-11-22T08:00:00Z";
    withdrawn.url = "https://discord.com/channels/@me/1/4444";
    withdrawn.account_id = 1;
    withdrawn.withdrawn_at = "2026-11-23T08:00:00Z";
    in.items.push_back(withdrawn);

    in.platform = "discord";
    in.lang = lang;
    in.made_on = "2026-12-06";
    return in;
}

TEST(Notice, DiscordCaseHoldsTheIdsAndLinksGiven) {
    for (const char* lang : {"fr", "en"}) {
        SCOPED_TRACE(lang);
        const Notice n = make_notice(discord_case(lang));
        const std::string& t = n.text;
        EXPECT_EQ(n.platform_name, "Discord");
        EXPECT_EQ(n.accounts, 1);
        EXPECT_EQ(n.items, 2);
        EXPECT_TRUE(has(t, "123456789012345678"));
        EXPECT_TRUE(has(t, "https://discord.com/users/123456789012345678"));
        EXPECT_TRUE(
            has(t, "https://discord.com/channels/@me/111111111111111111/222222222222222222"));
        EXPECT_TRUE(
            has(t, "https://discord.com/channels/@me/111111111111111111/333333333333333333"));
        EXPECT_TRUE(has(t, std::string(64, 'a')));
        EXPECT_TRUE(has(t, "2026-11-20 21:04 (UTC+01:00)"));
        EXPECT_TRUE(has(t, "2026-11-21 10:00 UTC"));
        EXPECT_TRUE(has(t, "2026-12-06"));
        EXPECT_TRUE(has(t, "Test TSA"));
        EXPECT_TRUE(has(t, "2022/2065"));
        // Another platform's account and item, and a withdrawn item, are not in it.
        EXPECT_FALSE(has(t, "someone.else"));
        EXPECT_FALSE(has(t, "4444"));
        EXPECT_TRUE(n.missing.empty());
    }
}

TEST(Notice, HandleAndDisplayNameAreLabelled) {
    const Notice en = make_notice(discord_case("en"));
    EXPECT_TRUE(has(en.text, "Username (handle): max_2011\n"));
    EXPECT_TRUE(has(en.text, "Display name: Max ✨\n"));
    EXPECT_TRUE(has(en.text, "Discord user ID: 123456789012345678\n"));
    EXPECT_TRUE(has(en.text, "Message link: https://discord.com/channels/@me/"));
    const Notice fr = make_notice(discord_case("fr"));
    EXPECT_TRUE(has(fr.text, "Nom d’utilisateur (identifiant @) : max_2011\n"));
    EXPECT_TRUE(has(fr.text, "Nom affiché : Max ✨\n"));
    EXPECT_TRUE(has(fr.text, "Identifiant d’utilisateur Discord (ID) : 123456789012345678\n"));
    EXPECT_TRUE(has(fr.text, "Lien du message : https://discord.com/channels/@me/"));
    EXPECT_TRUE(has(fr.text, "Déclaration"));
    EXPECT_TRUE(has(fr.text, "de bonne foi"));
}

TEST(Notice, NoDetailOfTheChildLeaks) {
    for (const char* lang : {"fr", "en"}) {
        SCOPED_TRACE(lang);
        const Notice n = make_notice(discord_case(lang));
        for (const std::string& s : {n.text, n.notes}) {
            EXPECT_FALSE(has(s, "Léa"));
            EXPECT_FALSE(has(s, "12 ans"));
            EXPECT_FALSE(has(s, "Jean-Moulin"));
            EXPECT_FALSE(has(s, "photo de"));  // a sensitive item's description
        }
        EXPECT_TRUE(has(n.text, lang == std::string("fr") ? "lien enregistré, contenu non copié"
                                                          : "link recorded, content not copied"));
    }
}

TEST(Notice, MissingIdentifiersAreListed) {
    NoticeInput in = discord_case("en");
    in.accounts[0].platform_id.reset();
    in.items[0].url.reset();
    const Notice n = make_notice(in);
    ASSERT_EQ(n.missing.size(), 2u);
    EXPECT_EQ(n.missing[0].what, MissingIdentifier::What::user_id);
    EXPECT_EQ(n.missing[0].handle, "max_2011");
    EXPECT_EQ(n.missing[1].what, MissingIdentifier::What::message_link);
    EXPECT_EQ(n.missing[1].item_seq, 1);
    EXPECT_TRUE(has(n.text, "Discord user ID: [to fill in]"));
    EXPECT_TRUE(has(n.notes, "the user ID of account max_2011"));
}

TEST(Notice, OtherPlatformsAskForTheProfileUrl) {
    NoticeInput in = discord_case("fr");
    in.platform = "snapchat";
    const Notice n = make_notice(in);
    EXPECT_EQ(n.platform_name, "Snapchat");
    EXPECT_TRUE(has(n.text, "someone.else"));
    EXPECT_TRUE(has(n.text, "Adresse (URL) : https://snapchat.com/add/someone.else"));
    ASSERT_EQ(n.missing.size(), 1u);
    EXPECT_EQ(n.missing[0].what, MissingIdentifier::What::profile_url);
    EXPECT_FALSE(has(n.notes, "Developer Mode"));
}

TEST(Notice, OutsideTextCannotStartALine) {
    NoticeInput in = discord_case("en");
    in.accounts[0].handle = "max\nName: forged";
    const Notice n = make_notice(in);
    EXPECT_FALSE(has(n.text, "\nName: forged"));
}

TEST(Notice, PlatformNames) {
    EXPECT_EQ(notice_platform_key(" Discord "), "discord");
    EXPECT_EQ(notice_platform_key("X (Twitter)"), "x");
    EXPECT_FALSE(notice_platform_key("Yubo"));
    EXPECT_TRUE(same_platform("Yubo", "yubo "));
    EXPECT_FALSE(same_platform("Discord", "Snapchat"));
    EXPECT_TRUE(has(notice_how_to_find("Discord", "en"), "Copy User ID"));
    EXPECT_TRUE(has(notice_how_to_find("Discord", "fr"), "Copy Message Link"));
    EXPECT_TRUE(has(notice_how_to_find("TikTok", "fr"), "URL"));
}

// The incident types are said with the report's own words (report-templates/*/labels.json).
TEST(Notice, IncidentWordsAreTheReportsLabels) {
    for (const char* lang : {"fr", "en"}) {
        SCOPED_TRACE(lang);
        const auto labels = nlohmann::json::parse(
            read_text(std::string(SCELLE_TEMPLATES_DIR) + "/" + lang + "/labels.json"));
        NoticeInput in = discord_case(lang);
        in.info.incidents = {"grooming",        "sextortion",    "harassment", "threats",
                             "intimate-images", "impersonation", "hate",       "other"};
        const Notice n = make_notice(in);
        for (const std::string& inc : in.info.incidents)
            EXPECT_TRUE(has(n.text, "- " + labels.at("incident_" + inc).get<std::string>() + "\n"))
                << inc;
    }
}

// The facts the notice states are those of docs/report-sources.md's "notice" table.
TEST(Notice, FactsMatchTheSourcesTable) {
    const std::string sources =
        read_text(std::string(SCELLE_TEMPLATES_DIR) + "/../docs/report-sources.md");
    ASSERT_TRUE(has(sources, "## notice — The notice for the platform"));
    const std::string table = sources.substr(sources.find("## notice — "));
    for (const char* fact :
         {"Article 16 of Regulation (EU) 2022/2065", "Articles 3 to 7 of Directive 2011/93/EU",
          "art. 22", "3018.fr", "pointdecontact.net", "9:00 to 23:00", "Copy Message Link",
          "Copy User ID", "Developer Mode", "I'm the parent or guardian of a user", "17 or 112"}) {
        SCOPED_TRACE(fact);
        EXPECT_TRUE(has(table, fact));
        const Notice n = make_notice(discord_case("en"));
        EXPECT_TRUE(has(n.text + n.notes, fact));
    }
}

}  // namespace
}  // namespace scelle::core
