// Handles, links, e-mail addresses and phone numbers found in machine transcripts: offered,
// never added (scelle/ocr/suggestions.h).
#include "scelle/ocr/suggestions.h"

#include <gtest/gtest.h>

#include "scelle/base/png_writer.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::ocr {
namespace {

std::vector<std::pair<std::string, std::string>> found(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Contact& c : find_contacts(text))
        out.emplace_back(to_string(c.kind), c.value);
    return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(FindContacts, EachKind) {
    EXPECT_EQ(found("écris à lea.martin@example.fr stp"),
              (Pairs{{"email", "lea.martin@example.fr"}}));
    EXPECT_EQ(found("va sur https://discord.gg/abc123, vite"),
              (Pairs{{"url", "https://discord.gg/abc123"}}));
    EXPECT_EQ(found("www.exemple.com/profil."), (Pairs{{"url", "www.exemple.com/profil"}}));
    EXPECT_EQ(found("mon compte : @joueur_du_93 sur le jeu"), (Pairs{{"handle", "@joueur_du_93"}}));
    EXPECT_EQ(found("ajoute stranger#1234"), (Pairs{{"handle", "stranger#1234"}}));
    EXPECT_EQ(found("appelle au 06 12 34 56 78 ce soir"), (Pairs{{"phone", "0612345678"}}));
    EXPECT_EQ(found("ou au 06.12.34.56.78"), (Pairs{{"phone", "0612345678"}}));
    EXPECT_EQ(found("+33 6 12 34 56 78"), (Pairs{{"phone", "+33612345678"}}));
}

TEST(FindContacts, NoOverlapsAndNoNoise) {
    // An e-mail address is not also a handle, nor its domain a link.
    EXPECT_EQ(found("lea@example.fr"), (Pairs{{"email", "lea@example.fr"}}));
    // Times, dates, counts and plain words are none of these.
    EXPECT_TRUE(found("message 123 — 21:04 le 08/03/2025, 3 € et 12 %").empty());
    EXPECT_TRUE(found("Salut, tu habites où ?").empty());
    // Several, in order, each once.
    EXPECT_EQ(found("@a_b et @a_b puis http://x.fr et 0612345678"),
              (Pairs{{"handle", "@a_b"}, {"url", "http://x.fr"}, {"phone", "0612345678"}}));
}

TEST(Suggestions, OfferedNeverAddedNorKnown) {
    test::TempDir dir;
    core::Store store{dir / "store"};
    auto id = store.create_case({"Suggestions", "police", {"grooming"}, std::nullopt});
    ASSERT_TRUE(id.ok());
    auto cs = store.open_case(*id, core::Access::read_write);
    ASSERT_TRUE(cs.ok());
    core::CaseStore& kase = **cs;
    core::AccountRequest account;
    account.platform = "discord";
    account.handle = "stranger#1234";
    ASSERT_TRUE(kase.add_account(account).ok());
    std::vector<std::uint8_t> rgb(3 * 2 * 2, 9);
    auto png = core::encode_png_rgb8(2, 2, rgb);
    ASSERT_TRUE(png.ok());
    test::write_file(dir / "a.png",
                     std::string_view(reinterpret_cast<const char*>(png->data()), png->size()));
    core::ImportRequest req;
    req.files = {dir / "a.png"};
    auto imp = kase.import_files(req);
    ASSERT_TRUE(imp.ok());
    const std::int64_t seq = (*imp)[0].seq;
    core::Transcript t;
    t.item_seq = seq;
    t.engine = "tesseract 5.3.0";
    t.languages = "fra+eng";
    t.lines = {{"ajoute stranger#1234 ou @joueur_du_93", 0, 0, 10, 10, 90},
               {"écris à lea@example.fr", 0, 20, 10, 10, 90}};
    ASSERT_TRUE(kase.save_transcript(t).ok());
    const auto accounts_before = kase.accounts()->size();
    const auto log_before = kase.log_lines()->size();

    auto s = suggestions(kase);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 2u);
    EXPECT_EQ((*s)[0].contact.value, "@joueur_du_93");
    EXPECT_EQ((*s)[0].item, seq);
    EXPECT_EQ((*s)[0].line, 1);
    EXPECT_EQ((*s)[1].contact.kind, ContactKind::email);
    EXPECT_EQ((*s)[1].line, 2);
    // Nothing was added.
    EXPECT_EQ(kase.accounts()->size(), accounts_before);
    EXPECT_EQ(kase.log_lines()->size(), log_before);
    // A sensitive item's transcript is gone, and so are its suggestions.
    ASSERT_TRUE(kase.set_sensitive(seq, true).ok());
    auto none = suggestions(kase);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

// A link read without its scheme ("www.…") is recorded with "https://" in front (the link
// dialog adds it): once recorded it is no longer offered, nor with a final "/".
TEST(Suggestions, ALinkReadWithoutItsSchemeIsKnownOnceRecorded) {
    test::TempDir dir;
    core::Store store{dir / "store"};
    auto id = store.create_case({"Liens", "police", {"grooming"}, std::nullopt});
    ASSERT_TRUE(id.ok());
    auto cs = store.open_case(*id, core::Access::read_write);
    ASSERT_TRUE(cs.ok());
    core::CaseStore& kase = **cs;
    std::vector<std::uint8_t> rgb(3 * 2 * 2, 9);
    auto png = core::encode_png_rgb8(2, 2, rgb);
    ASSERT_TRUE(png.ok());
    test::write_file(dir / "a.png",
                     std::string_view(reinterpret_cast<const char*>(png->data()), png->size()));
    core::ImportRequest req;
    req.files = {dir / "a.png"};
    auto imp = kase.import_files(req);
    ASSERT_TRUE(imp.ok());
    core::Transcript t;
    t.item_seq = (*imp)[0].seq;
    t.engine = "tesseract 5.3.0";
    t.languages = "fra+eng";
    t.lines = {{"va sur www.exemple-jeu.fr/salon et http://autre.fr/", 0, 0, 10, 10, 90}};
    ASSERT_TRUE(kase.save_transcript(t).ok());
    auto before = suggestions(kase);
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->size(), 2u);
    ASSERT_TRUE(kase.add_link({"https://www.exemple-jeu.fr/salon", std::nullopt, std::nullopt,
                               false, std::nullopt})
                    .ok());
    ASSERT_TRUE(
        kase.add_link({"http://autre.fr", std::nullopt, std::nullopt, false, std::nullopt}).ok());
    auto after = suggestions(kase);
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->empty()) << (after->empty() ? "" : (*after)[0].contact.value);
}

}  // namespace
}  // namespace scelle::ocr
