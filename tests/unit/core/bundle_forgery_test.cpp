// A forger holding a trusted TSA (issue 12, docs/bundle-format.md sections 3.2, 4, 5.1 and 7):
// case.json rewritten to say something the custody log does not, then every manifest recomputed
// and the manifest re-sealed by a TSA the reader trusts; log tokens swapped for others over the
// same prefix; bag-info.txt used to hide an altered file; certificates planted. Each is refused
// with the file and the field named. The same bundle untouched, or honestly re-sealed, still
// verifies, and says when each item was sealed.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "bundle_fixture.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/crypto/sha256.h"
#include "scelle/crypto/tsp.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/custody_log.h"
#include "temp_dir.h"
#include "test_pki.h"
#include "test_tsa.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::BundleFiles;
using test::TempDir;

std::string dump(const BundleReport& r) {
    std::string s = std::string("verdict ") + to_string(r.verdict) + "\n";
    for (const auto& p : r.problems)
        s += "  " + p.kind + " [" + p.path + "] " + p.detail + "\n";
    for (const auto& n : r.notes)
        s += "  note " + n.kind + " [" + n.path + "] " + n.detail + "\n";
    for (const auto& t : r.tokens)
        s += "  token " + t.path + (t.trusted ? " trusted" : t.intact ? " intact" : " BAD") + "\n";
    return s;
}

// The problem of `kind` on `path` whose detail holds every word of `words`.
bool has(const BundleReport& r, std::string_view kind, std::string_view path,
         std::initializer_list<std::string_view> words = {}) {
    for (const auto& p : r.problems) {
        if (p.kind != kind || p.path != path)
            continue;
        if (std::all_of(words.begin(), words.end(),
                        [&](std::string_view w) { return p.detail.find(w) != std::string::npos; }))
            return true;
    }
    return false;
}

bool has_kind(const BundleReport& r, std::string_view kind) {
    return std::any_of(r.problems.begin(), r.problems.end(),
                       [&](const BundleProblem& p) { return p.kind == kind; });
}

class BundleForgery : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tsa = new test::TestTsa();
        ASSERT_TRUE(s_tsa->start()) << s_tsa->last_error();
        s_dir = new TempDir("scelle-bundle-forgery");
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "a", *s_tsa));
        s_tsa->pki().write_ca_pem(s_dir->path() / "ca.pem");
        test::write_file(s_dir->path() / "other-ca.pem", s_tsa->pki().other_ca_pem());
        auto trust = crypto::TrustStore::create(
            {crypto::SystemAnchors::skip,
             std::nullopt,
             {s_dir->path() / "ca.pem", s_dir->path() / "other-ca.pem"}});
        ASSERT_TRUE(trust.ok());
        s_trust_both = new crypto::TrustStore(std::move(trust).value());
        auto only_other = crypto::TrustStore::create(
            {crypto::SystemAnchors::skip, std::nullopt, {s_dir->path() / "other-ca.pem"}});
        ASSERT_TRUE(only_other.ok());
        s_trust_other = new crypto::TrustStore(std::move(only_other).value());
    }
    static void TearDownTestSuite() {
        delete s_trust_other;
        delete s_trust_both;
        delete s_base;
        delete s_dir;
        delete s_tsa;
    }

    // Both the test TSA's CA and the "other" CA are trusted: any token either signs is as good
    // as one from a public TSA the reader trusts.
    BundleReport verify(const BundleFiles& b, const crypto::TrustStore* trust = s_trust_both) {
        const fs::path zip = tmp.path() / "bundle.zip";
        test::write_bundle_zip(b, zip);
        VerifyOptions o;
        o.trust = trust;
        return verify_bundle(zip, o);
    }

    // A genuine token, obtained now, over `data`: from the test TSA, or signed under the other CA.
    static std::string token_over(std::string_view data, bool other_ca = false) {
        auto req = crypto::make_timestamp_request(crypto::sha256(data));
        EXPECT_TRUE(req.ok());
        const std::string der(req->der.begin(), req->der.end());
        return s_tsa->signer().respond(
            der, other_ca ? test::TsaFault::untrusted_ca : test::TsaFault::none);
    }

    // What a forger does after changing payload files: every derived file recomputed, and the
    // manifest sealed again by a trusted TSA.
    static void reseal(BundleFiles& b, bool other_ca = false) {
        test::rewrite_manifest(b);
        test::rewrite_payload_oxum(b);
        b.files[std::string(bundle::kManifestToken)] =
            token_over(b.files.at(std::string(bundle::kManifest)), other_ca);
        test::rewrite_tsa_certs(b);
        test::rewrite_tagmanifest(b);
    }

    static void edit_case(BundleFiles& b, const std::function<void(json&)>& edit) {
        std::string& text = b.files.at(std::string(bundle::kCaseJson));
        json doc = json::parse(text);
        edit(doc);
        text = doc.dump(2) + "\n";
    }

    static json& item(json& doc, std::int64_t seq) {
        for (auto& it : doc["items"])
            if (it["seq"] == seq)
                return it;
        throw std::runtime_error("no such item");
    }

    static test::TestTsa* s_tsa;
    static TempDir* s_dir;
    static BundleFiles* s_base;
    static crypto::TrustStore* s_trust_both;
    static crypto::TrustStore* s_trust_other;
    TempDir tmp{"scelle-forgery-case"};
};
test::TestTsa* BundleForgery::s_tsa = nullptr;
TempDir* BundleForgery::s_dir = nullptr;
BundleFiles* BundleForgery::s_base = nullptr;
crypto::TrustStore* BundleForgery::s_trust_both = nullptr;
crypto::TrustStore* BundleForgery::s_trust_other = nullptr;

TEST_F(BundleForgery, TheUntouchedBundleIsSealedAndSaysWhenEachItemWas) {
    const BundleReport r = verify(*s_base);
    ASSERT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    ASSERT_EQ(r.item_seals.size(), 4u);
    // Items 1-3 are covered by the log token over 5 lines; item 4 only by the manifest's.
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(r.item_seals[i].first) << i;
        EXPECT_EQ(r.item_seals[i].first->token, "timestamps/custody-log-5.tsr");
        EXPECT_EQ(r.item_seals[i].last->token, std::string(bundle::kManifestToken));
    }
    ASSERT_TRUE(r.item_seals[3].first);
    EXPECT_EQ(r.item_seals[3].first->token, std::string(bundle::kManifestToken));
    EXPECT_TRUE(r.notes.empty()) << dump(r);
}

TEST_F(BundleForgery, ADescriptionRewrittenAndResealedIsAltered) {
    BundleFiles b = *s_base;
    edit_case(b, [](json& d) { item(d, 2)["description"] = "rien de grave"; });
    reseal(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "case_mismatch", "data/case.json", {"item 2", "description"})) << dump(r);
    EXPECT_FALSE(has_kind(r, "payload_oxum_mismatch")) << dump(r);
    EXPECT_FALSE(has_kind(r, "token_imprint_mismatch")) << dump(r);
}

TEST_F(BundleForgery, EveryFieldTheLogStatesIsCompared) {
    const struct {
        const char* field;
        std::function<void(json&)> edit;
        std::vector<std::string_view> words;
    } cases[] = {
        {"title", [](json& d) { d["case"]["title"] = "Autre chose"; }, {"case", "title"}},
        {"handle",
         [](json& d) { d["accounts"][0]["handle"] = "innocent"; },
         {"account 1", "handle"}},
        {"url",
         [](json& d) { item(d, 3)["url"] = "https://example.org/elsewhere"; },
         {"item 3", "url"}},
        {"name", [](json& d) { item(d, 1)["name"] = "vacances.png"; }, {"item 1", "name"}},
        {"account", [](json& d) { item(d, 3)["account"] = nullptr; }, {"item 3", "account"}},
        {"sensitive",
         [](json& d) { item(d, 1)["sensitive"] = !item(d, 1)["sensitive"].get<bool>(); },
         {"item 1", "sensitive"}},
        {"gen_time",
         [](json& d) { d["timestamps"][0]["gen_time"] = "2025-03-08T21:04:00Z"; },
         {"timestamp 5", "gen_time"}},
        {"tsa", [](json& d) { d["timestamps"][0]["tsa"] = "DigiCert"; }, {"timestamp 5", "tsa"}},
        {"item tsa",
         [](json& d) { item(d, 1)["timestamp"]["tsa"] = "DigiCert"; },
         {"item 1 timestamp", "tsa"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.field);
        BundleFiles b = *s_base;
        edit_case(b, c.edit);
        reseal(b);
        const BundleReport r = verify(b);
        EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
        bool found = false;
        for (const auto& p : r.problems)
            found = found || (p.kind == "case_mismatch" && p.path == "data/case.json" &&
                              std::all_of(c.words.begin(), c.words.end(), [&](std::string_view w) {
                                  return p.detail.find(w) != std::string::npos;
                              }));
        EXPECT_TRUE(found) << dump(r);
    }
}

TEST_F(BundleForgery, AnItemDeletedOrWithdrawnBehindTheLogsBackIsAltered) {
    BundleFiles b = *s_base;
    edit_case(b, [](json& d) {
        auto& items = d["items"];
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [](const json& it) { return it["seq"] == 1; }),
                    items.end());
    });
    b.files.erase("data/evidence/0001-file.png");
    reseal(b);
    BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "case_mismatch", "data/case.json", {"item 1", "missing from case.json"}))
        << dump(r);

    b = *s_base;
    edit_case(b, [](json& d) {
        json& it = item(d, 1);
        it["withdrawn"] = true;
        it["withdrawn_at"] = "2026-11-30T10:00:00.000Z";
        it["withdraw_reason"] = "erreur";
        it["file"] = nullptr;
    });
    b.files.erase("data/evidence/0001-file.png");
    reseal(b);
    r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "case_mismatch", "data/case.json", {"item 1", "withdrawn"})) << dump(r);
}

TEST_F(BundleForgery, ALogTokenSwappedForAnotherOverTheSamePrefixIsAltered) {
    const std::string& log = s_base->files.at(std::string(bundle::kCustodyLog));
    std::size_t pos = 0;
    for (int i = 0; i < 5; ++i)
        pos = log.find('\n', pos) + 1;
    const std::string prefix = log.substr(0, pos);
    for (bool other : {false, true}) {
        SCOPED_TRACE(other ? "another CA" : "the same TSA, later");
        BundleFiles b = *s_base;
        b.files["timestamps/custody-log-5.tsr"] = token_over(prefix, other);
        test::rewrite_tsa_certs(b);
        test::rewrite_tagmanifest(b);
        const BundleReport r = verify(b);
        EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
        EXPECT_TRUE(has(r, "token_not_recorded", "timestamps/custody-log-5.tsr")) << dump(r);
    }
    // Removed, with case.json and the manifests made to agree: the log still records it.
    BundleFiles b = *s_base;
    b.files.erase("timestamps/custody-log-5.tsr");
    edit_case(b, [](json& d) {
        d["timestamps"] = json::array();
        for (auto& it : d["items"])
            it["timestamp"] = {
                {"status", "pending"}, {"token", nullptr}, {"tsa", nullptr}, {"gen_time", nullptr}};
    });
    reseal(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "token_missing", "timestamps/custody-log-5.tsr")) << dump(r);
}

TEST_F(BundleForgery, OneSealTheReaderDoesNotTrustLeavesTheBundleUnsealed) {
    // The manifest honestly re-sealed under the other CA, and only that CA trusted: the manifest
    // token is trusted, the log token is not.
    BundleFiles b = *s_base;
    reseal(b, /*other_ca=*/true);
    const BundleReport r = verify(b, s_trust_other);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_unsealed) << dump(r);
    ASSERT_NE(r.manifest_token(), nullptr);
    EXPECT_TRUE(r.manifest_token()->trusted);
    bool log_untrusted = false;
    for (const auto& t : r.tokens)
        log_untrusted = log_untrusted || (t.covers && t.intact && !t.trusted);
    EXPECT_TRUE(log_untrusted) << dump(r);
    // With both trusted, the honest re-seal is sealed, and the items keep their first seal.
    const BundleReport both = verify(b);
    EXPECT_EQ(both.verdict, BundleVerdict::intact_and_sealed) << dump(both);
    EXPECT_EQ(both.item_seals[0].first->token, "timestamps/custody-log-5.tsr");
}

TEST_F(BundleForgery, BagInfoCannotHideAnAlteredFile) {
    auto alter_evidence = [](BundleFiles& b) {
        std::string& png = b.files.at("data/evidence/0001-file.png");
        png[png.size() / 2] = static_cast<char>(png[png.size() / 2] ^ 0x55);
    };
    // A newer version claimed: the altered file is named, not "update Scellé".
    BundleFiles b = *s_base;
    alter_evidence(b);
    std::string& info = b.files.at(std::string(bundle::kBagInfoTxt));
    info.replace(info.find("Scelle-Bundle-Version: 1"), 24, "Scelle-Bundle-Version: 2");
    test::rewrite_tagmanifest(b);
    BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "hash_mismatch", "data/evidence/0001-file.png")) << dump(r);
    EXPECT_FALSE(has_kind(r, "unsupported_version")) << dump(r);

    // CR LF line endings: said as such, and the altered file still named.
    b = *s_base;
    alter_evidence(b);
    std::string crlf;
    for (char c : b.files.at(std::string(bundle::kBagInfoTxt)))
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    b.files[std::string(bundle::kBagInfoTxt)] = crlf;
    test::rewrite_tagmanifest(b);
    r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "hash_mismatch", "data/evidence/0001-file.png")) << dump(r);
    EXPECT_TRUE(has(r, "bag_info_invalid", "bag-info.txt", {"CR"})) << dump(r);
    EXPECT_FALSE(has_kind(r, "unsupported_version")) << dump(r);

    // Nothing else altered: then, and only then, a newer version.
    b = *s_base;
    std::string& info2 = b.files.at(std::string(bundle::kBagInfoTxt));
    info2.replace(info2.find("Scelle-Bundle-Version: 1"), 24, "Scelle-Bundle-Version: 2");
    test::rewrite_tagmanifest(b);
    r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::unreadable) << dump(r);
    EXPECT_TRUE(has(r, "unsupported_version", "bag-info.txt")) << dump(r);
}

TEST_F(BundleForgery, AnUnknownSchemaIsSaidOnlyWhenNothingIsAltered) {
    BundleFiles b = *s_base;
    edit_case(b, [](json& d) { d["scelle_case_schema"] = 4; });
    reseal(b);
    BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::unreadable) << dump(r);
    EXPECT_TRUE(has(r, "unsupported_case_schema", "data/case.json")) << dump(r);
    // The same with an evidence byte changed: the file is named, not the version.
    std::string& png = b.files.at("data/evidence/0001-file.png");
    png[10] = static_cast<char>(png[10] ^ 1);
    test::rewrite_tagmanifest(b);
    r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "hash_mismatch", "data/evidence/0001-file.png")) << dump(r);
}

TEST_F(BundleForgery, EveryValueOfBagInfoIsACoveredValue) {
    BundleFiles b = *s_base;
    std::string& info = b.files.at(std::string(bundle::kBagInfoTxt));
    const std::size_t at = info.find("Scelle-Exported-At: ") + 20;
    info.replace(at, 4, "2025");
    test::rewrite_tagmanifest(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "bag_info_invalid", "bag-info.txt", {"Scelle-Exported-At"})) << dump(r);
}

TEST_F(BundleForgery, CertificatesCannotBePlanted) {
    BundleFiles b = *s_base;
    b.files[std::string(bundle::kTsaCerts)] += s_tsa->pki().other_ca_pem();
    test::rewrite_tagmanifest(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "certs_mismatch", std::string(bundle::kTsaCerts))) << dump(r);
}

TEST_F(BundleForgery, AManifestSealedLongAfterTheExportIsSaid) {
    BundleFiles b = *s_base;
    s_tsa->signer().set_fixed_time(std::time(nullptr) + 9 * 86400);
    reseal(b);
    s_tsa->signer().set_fixed_time(std::nullopt);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    ASSERT_EQ(r.notes.size(), 1u) << dump(r);
    EXPECT_EQ(r.notes[0].kind, "time_disagreement");
    EXPECT_EQ(r.item_seals[0].first->token, "timestamps/custody-log-5.tsr");
    EXPECT_GT(r.item_seals[0].last->gen_time, r.item_seals[0].first->gen_time);
}

TEST_F(BundleForgery, AReportNoCustodyLineRecordsIsSaidToBeCoveredOnlyByTheManifest) {
    BundleFiles b = *s_base;
    b.files[std::string(bundle::kReportPdf)] = "%PDF-1.4\n% a report made elsewhere\n";
    reseal(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    ASSERT_EQ(r.notes.size(), 1u) << dump(r);
    EXPECT_EQ(r.notes[0].kind, "report_not_recorded");
    EXPECT_EQ(r.notes[0].path, std::string(bundle::kReportPdf));
}

TEST(BundlePreviousVersion, ABundleOfThePreviousVersionStillVerifies) {
    const fs::path dir = fs::path(SCELLE_BAD_BUNDLES_DIR).parent_path() / "previous";
    auto trust =
        crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {dir / "ca.pem"}});
    ASSERT_TRUE(trust.ok());
    VerifyOptions o;
    o.trust = &*trust;
    const BundleReport r = verify_bundle(dir / "previous-v0.1.0.zip", o);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    // Its report was not recorded in the log then: said, not held against it.
    ASSERT_EQ(r.notes.size(), 1u) << dump(r);
    EXPECT_EQ(r.notes[0].kind, "report_not_recorded");
    // Three items: the first described later, the second withdrawn, a link; each sealed by the
    // first log token after it.
    ASSERT_EQ(r.item_seals.size(), 3u);
    EXPECT_EQ(r.item_seals[0].first->token, "timestamps/custody-log-4.tsr");
    EXPECT_EQ(r.item_seals[2].first->token, "timestamps/custody-log-6.tsr");
}

// A line appended to the custody log, chained as Scellé would chain it, with case.json written to
// follow it if `follow` says how, bag-info's line count and every manifest recomputed, and the
// manifest re-sealed: what a forger who knows the format can make.
void append_log_line(BundleFiles& b, json fields, const std::function<void(json&)>& follow = {}) {
    std::string& log = b.files.at(std::string(bundle::kCustodyLog));
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = log.find('\n', start)) != std::string::npos;
         start = end + 1)
        lines.push_back(log.substr(start, end - start));
    fields["at"] = "2026-12-06T10:00:00Z";
    log += custody::make_line(static_cast<std::int64_t>(lines.size()) + 1,
                              custody::line_hash(lines.back()), std::move(fields)) +
           "\n";
    std::string& info = b.files.at("bag-info.txt");
    const auto at = info.find("Scelle-Log-Lines: ");
    ASSERT_NE(at, std::string::npos);
    info = info.substr(0, at) + "Scelle-Log-Lines: " + std::to_string(lines.size() + 1) + "\n";
    if (follow) {
        std::string& text = b.files.at(std::string(bundle::kCaseJson));
        json doc = json::parse(text);
        follow(doc);
        text = doc.dump(2) + "\n";
    }
}

TEST_F(BundleForgery, IdentifiersGivenByLaterLinesAreReplayed) {
    // An honest `item.url` and `account.updated`, with case.json following them: intact.
    BundleFiles b = *s_base;
    append_log_line(b, {{"action", "item.url"}, {"item", 1}, {"url", "https://example.org/m/1"}},
                    [](json& d) { item(d, 1)["url"] = "https://example.org/m/1"; });
    append_log_line(b, {{"action", "account.updated"}, {"account", 1}, {"platform_id", "4242"}},
                    [](json& d) { d["accounts"][0]["platform_id"] = "4242"; });
    reseal(b);
    BundleReport r = verify(b);
    EXPECT_TRUE(r.verdict == BundleVerdict::intact_and_sealed) << dump(r);

    // The same lines, case.json left as it was: it differs from the log.
    BundleFiles stale = *s_base;
    append_log_line(stale,
                    {{"action", "item.url"}, {"item", 1}, {"url", "https://example.org/m/1"}});
    append_log_line(stale,
                    {{"action", "account.updated"}, {"account", 1}, {"platform_id", "4242"}});
    reseal(stale);
    r = verify(stale);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has(r, "case_mismatch", "data/case.json", {"item 1", "url"})) << dump(r);
    EXPECT_TRUE(has(r, "case_mismatch", "data/case.json", {"account 1", "platform_id"})) << dump(r);
}

TEST_F(BundleForgery, ALinksAddressOrAnUnknownAccountChangedByALineIsAMalformedLog) {
    std::int64_t link = 0;
    const json doc = json::parse(s_base->files.at(std::string(bundle::kCaseJson)));
    for (const auto& it : doc["items"])
        if (it["kind"] == "link")
            link = it["seq"];
    ASSERT_NE(link, 0);
    const std::string path(bundle::kCustodyLog);
    struct Case {
        json line;
        std::vector<std::string_view> words;
    } cases[] = {
        {{{"action", "item.url"}, {"item", link}, {"url", "https://example.org/other"}},
         {"changes the address", "a link"}},
        {{{"action", "item.url"}, {"item", 99}, {"url", "https://example.org/other"}},
         {"changes an item that no earlier line records"}},
        {{{"action", "account.updated"}, {"account", 9}, {"platform_id", "1"}},
         {"changes an account that no earlier line adds"}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.line.dump());
        BundleFiles b = *s_base;
        append_log_line(b, c.line);
        reseal(b);
        const BundleReport r = verify(b);
        EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
        bool named = false;
        for (const auto& p : r.problems)
            if (p.kind == "log_malformed" && p.path == path &&
                std::all_of(c.words.begin(), c.words.end(), [&](std::string_view w) {
                    return p.detail.find(w) != std::string::npos;
                }))
                named = true;
        EXPECT_TRUE(named) << dump(r);
    }
}

}  // namespace
}  // namespace scelle::core
