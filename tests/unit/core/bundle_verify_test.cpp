// The bundle reader (docs/bundle-format.md section 9): a valid bundle made from a real case and
// sealed by the in-process test TSA verifies; every hostile or tampered variant of it is
// refused with the right verdict, naming the path; the committed corpus in
// tests/data/bundles/invalid/ says the same as its README.
#include "scelle/bundle/bundle_verify.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "bundle_corpus.h"
#include "bundle_fixture.h"
#include "scelle/store/bundle_format.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using test::BundleFiles;
using test::TempDir;

std::string dump(const BundleReport& r) {
    std::string s = std::string("verdict ") + to_string(r.verdict) + "\n";
    for (const auto& p : r.problems)
        s += "  " + p.kind + " [" + p.path + "] " + p.detail + "\n";
    for (const auto& t : r.tokens)
        s += "  token " + t.path +
             (t.trusted  ? " trusted"
              : t.intact ? " intact"
                         : " BAD") +
             " " + t.detail + "\n";
    return s;
}

bool has_problem(const BundleReport& r, std::string_view kind, std::string_view path) {
    for (const auto& p : r.problems)
        if (p.kind == kind && p.path == path)
            return true;
    return false;
}

int exit_for(const BundleReport& r) {
    switch (r.verdict) {
        case BundleVerdict::intact_and_sealed:
            return 0;
        case BundleVerdict::intact_unsealed:
            return 3;
        case BundleVerdict::unreadable:
            return 2;
        default:
            return 1;
    }
}

// One valid bundle (and another, for foreign tokens) shared by the suite: making one costs a
// store, imports and two TSA requests.
class BundleVerify : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tsa = new test::TestTsa();
        ASSERT_TRUE(s_tsa->start()) << s_tsa->last_error();
        s_dir = new TempDir("scelle-bundle-verify");
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "a", *s_tsa));
        s_other = new BundleFiles(test::make_valid_bundle(s_dir->path() / "b", *s_tsa));
        s_tsa->pki().write_ca_pem(s_dir->path() / "ca.pem");
        auto trust = crypto::TrustStore::create(
            {crypto::SystemAnchors::skip, std::nullopt, {s_dir->path() / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        s_trust = new crypto::TrustStore(std::move(trust).value());
    }
    static void TearDownTestSuite() {
        delete s_trust;
        delete s_other;
        delete s_base;
        delete s_dir;
        delete s_tsa;
    }

    BundleReport verify(const BundleFiles& b, const test::ZipOptions& zo = {},
                        std::optional<std::string> passphrase = std::nullopt, bool trusted = true) {
        const fs::path zip = tmp / "bundle.zip";
        test::write_bundle_zip(b, zip, zo);
        VerifyOptions o;
        o.trust = trusted ? s_trust : nullptr;
        o.passphrase = std::move(passphrase);
        return verify_bundle(zip, o);
    }
    BundleReport verify_bytes(const std::string& bytes) {
        const fs::path zip = tmp / "bytes.zip";
        test::write_file(zip, bytes);
        VerifyOptions o;
        o.trust = s_trust;
        return verify_bundle(zip, o);
    }

    static test::TestTsa* s_tsa;
    static TempDir* s_dir;
    static BundleFiles* s_base;
    static BundleFiles* s_other;
    static crypto::TrustStore* s_trust;
    TempDir tmp{"scelle-verify-case"};
};
test::TestTsa* BundleVerify::s_tsa = nullptr;
TempDir* BundleVerify::s_dir = nullptr;
BundleFiles* BundleVerify::s_base = nullptr;
BundleFiles* BundleVerify::s_other = nullptr;
crypto::TrustStore* BundleVerify::s_trust = nullptr;

TEST_F(BundleVerify, ValidBundleIsIntactAndSealed) {
    ASSERT_FALSE(s_base->files.empty());
    const BundleReport r = verify(*s_base);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    EXPECT_TRUE(r.problems.empty()) << dump(r);
    EXPECT_EQ(r.case_id, s_base->case_id);
    EXPECT_EQ(r.items, 4);
    EXPECT_EQ(r.evidence_files, 3);
    EXPECT_EQ(r.payload_files, 5);
    EXPECT_EQ(r.log_lines, 7);
    ASSERT_EQ(r.tokens.size(), 2u) << dump(r);
    EXPECT_EQ(r.tokens[0].path, bundle::kManifestToken);
    EXPECT_FALSE(r.tokens[0].covers);
    EXPECT_EQ(r.tokens[1].covers, 5);
    for (const auto& t : r.tokens) {
        EXPECT_TRUE(t.trusted) << t.path << ": " << t.detail;
        EXPECT_FALSE(t.gen_time.empty());
        EXPECT_FALSE(t.tsa.empty());
    }
    // Every check passes; the report's is not run, the fixture having no report, nor the
    // derivations', the fixture having no joined conversation.
    for (const auto& c : r.checks)
        EXPECT_EQ(c.outcome, c.name == "report" || c.name == "derivations"
                                 ? crypto::CheckOutcome::not_run
                                 : crypto::CheckOutcome::passed)
            << c.name;
    EXPECT_EQ(r.checks.size(), 15u);
}

TEST_F(BundleVerify, WithoutTheTsaAnchorTheBundleIsIntactButNotSealed) {
    const BundleReport r = verify(*s_base, {}, std::nullopt, false);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_unsealed) << dump(r);
    ASSERT_NE(r.manifest_token(), nullptr);
    EXPECT_TRUE(r.manifest_token()->intact);
    EXPECT_FALSE(r.manifest_token()->trusted);
    EXPECT_FALSE(r.manifest_token()->detail.empty());
}

TEST_F(BundleVerify, ABundleWithoutManifestTokenIsIntactButNotSealed) {
    test::FixtureOptions fo;
    fo.seal_manifest = false;
    const BundleFiles b = test::make_valid_bundle(tmp.path() / "unsealed", *s_tsa, fo);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_unsealed) << dump(r);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.manifest_token(), nullptr);
}

TEST_F(BundleVerify, TheArchiveCommentIsTheFixedNoteOrNothing) {
    // Covered by no hash: any other comment is refused, on a plain or an encrypted bundle.
    test::ZipOptions zo;
    zo.comment = "Authentique, certifie par la police.";
    BundleReport r = verify(*s_base, zo);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has_problem(r, "zip_comment_mismatch", "")) << dump(r);
    zo.comment = std::string(bundle::archive_comment(true));  // the note, on a plain bundle
    EXPECT_TRUE(has_problem(verify(*s_base, zo), "zip_comment_mismatch", ""));

    zo.password = "correct horse battery";
    zo.comment = std::nullopt;  // the note: as written
    r = verify(*s_base, zo, std::string("correct horse battery"));
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    zo.comment = "";  // no note on an encrypted bundle
    r = verify(*s_base, zo, std::string("correct horse battery"));
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has_problem(r, "zip_comment_mismatch", "")) << dump(r);
    std::string changed(bundle::archive_comment(true));
    changed[0] = 'B';
    zo.comment = changed;
    EXPECT_TRUE(has_problem(verify(*s_base, zo, std::string("correct horse battery")),
                            "zip_comment_mismatch", ""));
}

TEST_F(BundleVerify, FolderEntriesAreOptional) {
    test::ZipOptions zo;
    zo.folder_entries = false;
    EXPECT_EQ(verify(*s_base, zo).verdict, BundleVerdict::intact_and_sealed);
}

TEST_F(BundleVerify, EncryptedBundleNeedsItsPassphrase) {
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    BundleReport r = verify(*s_base, zo, std::string("correct horse battery"));
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    EXPECT_TRUE(r.encrypted);
    r = verify(*s_base, zo, std::string("wrong horse"));
    EXPECT_EQ(r.verdict, BundleVerdict::unreadable) << dump(r);
    ASSERT_FALSE(r.problems.empty());
    EXPECT_EQ(r.problems[0].kind, "wrong_passphrase");
    r = verify(*s_base, zo);
    EXPECT_EQ(r.verdict, BundleVerdict::unreadable) << dump(r);
    EXPECT_TRUE(has_problem(r, "passphrase_needed", ""));
}

// Where each entry's stored bytes lie in a zip, read from its central directory (no zip64).
struct StoredRange {
    std::string name;
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<StoredRange> stored_ranges(const std::string& z) {
    auto u16 = [&z](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(z[at]) |
                                        static_cast<unsigned char>(z[at + 1]) << 8);
    };
    auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    const std::size_t eocd = z.rfind(std::string("PK\x05\x06", 4));
    std::vector<StoredRange> out;
    if (eocd == std::string::npos)
        return out;
    std::size_t at = u32(eocd + 16);
    for (std::size_t i = 0; i < u16(eocd + 10); ++i) {
        const std::size_t local = u32(at + 42);
        const std::size_t begin = local + 30 + u16(local + 26) + u16(local + 28);
        out.push_back({z.substr(at + 46, u16(at + 28)), begin, begin + u32(at + 20)});
        at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
    }
    return out;
}

// WinZip AES stores an HMAC-SHA1 of each entry's encrypted bytes in its last ten bytes. libzip
// checks it only when its decryption is read to the end, which its inflating never does: an
// altered code must still make the entry altered (7-Zip refuses it as a bad CRC).
TEST_F(BundleVerify, AnEncryptedEntryWhoseAuthenticationCodeChangedIsAltered) {
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    const fs::path zip = tmp / "enc.zip";
    test::write_bundle_zip(*s_base, zip, zo);
    const std::string bytes = test::read_file(zip);
    const auto ranges = stored_ranges(bytes);
    int checked = 0;
    for (const auto& r : ranges) {
        if (r.name.back() == '/')
            continue;
        ASSERT_GT(r.end - r.begin, 28u) << r.name;  // salt, verifier and code at least
        std::string altered = bytes;
        altered[r.end - 1] = static_cast<char>(altered[r.end - 1] ^ 0x01);
        test::write_file(zip, altered);
        VerifyOptions o;
        o.trust = s_trust;
        o.passphrase = "correct horse battery";
        const BundleReport rep = verify_bundle(zip, o);
        const std::string rel = r.name.substr(r.name.find('/') + 1);
        EXPECT_EQ(rep.verdict, BundleVerdict::altered) << r.name << "\n" << dump(rep);
        EXPECT_TRUE(has_problem(rep, "entry_corrupt", rel)) << dump(rep);
        ++checked;
    }
    EXPECT_GE(checked, 8);
}

// The salt or check value of an entry changed: the passphrase no longer opens it. Once it has
// opened another entry whose code matched, that is an alteration, not a wrong passphrase.
TEST_F(BundleVerify, AnEncryptedEntryThePassphraseNoLongerOpensIsAlteredAfterTheFirst) {
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    const fs::path zip = tmp / "enc.zip";
    test::write_bundle_zip(*s_base, zip, zo);
    const std::string bytes = test::read_file(zip);
    std::vector<StoredRange> files;
    for (const auto& r : stored_ranges(bytes))
        if (r.name.back() != '/')
            files.push_back(r);
    ASSERT_GE(files.size(), 8u);
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::string altered = bytes;
        altered[files[i].begin + 3] = static_cast<char>(altered[files[i].begin + 3] ^ 0x40);
        test::write_file(zip, altered);
        VerifyOptions o;
        o.trust = s_trust;
        o.passphrase = "correct horse battery";
        const BundleReport rep = verify_bundle(zip, o);
        const std::string rel = files[i].name.substr(files[i].name.find('/') + 1);
        if (i == 0) {
            EXPECT_EQ(rep.verdict, BundleVerdict::unreadable) << dump(rep);
            EXPECT_TRUE(has_problem(rep, "wrong_passphrase", rel)) << dump(rep);
        } else {
            EXPECT_EQ(rep.verdict, BundleVerdict::altered) << rel << "\n" << dump(rep);
            EXPECT_TRUE(has_problem(rep, "entry_corrupt", rel)) << dump(rep);
        }
    }
}

TEST_F(BundleVerify, EveryCaseOfTheCorpusIsRefusedWithItsReason) {
    for (const auto& c : test::make_corpus(*s_base, *s_other)) {
        const BundleReport r = verify_bytes(c.bytes);
        EXPECT_EQ(exit_for(r), c.exit_code) << c.file << "\n" << dump(r);
        EXPECT_TRUE(has_problem(r, c.kind, c.path))
            << c.file << ": expected " << c.kind << " [" << c.path << "]\n"
            << dump(r);
    }
}

TEST_F(BundleVerify, CaseJsonThatDisagreesWithTheEvidenceIsCaught) {
    BundleFiles b = *s_base;
    auto& j = b.files[std::string(bundle::kCaseJson)];
    const std::string png_sha = crypto::sha256_hex(b.files.at("data/evidence/0001-file.png"));
    j.replace(j.find(png_sha), 64, std::string(64, 'a'));
    test::rewrite_manifest(b);
    test::rewrite_tagmanifest(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has_problem(r, "case_mismatch", "data/evidence/0001-file.png")) << dump(r);
    EXPECT_TRUE(has_problem(r, "token_imprint_mismatch", std::string(bundle::kManifestToken)));
}

TEST_F(BundleVerify, CaseJsonSchemaAndVersionAreEnforced) {
    BundleFiles b = *s_base;
    auto& j = b.files[std::string(bundle::kCaseJson)];
    j.replace(j.find("\"sensitive\": false"), 18, "\"sensitive\": 0");
    test::rewrite_manifest(b);
    test::rewrite_tagmanifest(b);
    BundleReport r = verify(b);
    EXPECT_TRUE(has_problem(r, "case_schema_invalid", "data/case.json")) << dump(r);
    b = *s_base;
    auto& j2 = b.files[std::string(bundle::kCaseJson)];
    j2.replace(j2.find("\"scelle_case_schema\": 3"), 23, "\"scelle_case_schema\": 4");
    test::rewrite_manifest(b);
    test::rewrite_tagmanifest(b);
    // An unknown schema does not hide what is altered: the manifest was not sealed again, so
    // its token no longer covers it, and that is the verdict (tests/unit/core/
    // bundle_forgery_test.cpp: the same, re-sealed, is "a newer version").
    r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has_problem(r, "token_imprint_mismatch", std::string(bundle::kManifestToken)))
        << dump(r);
    EXPECT_FALSE(has_problem(r, "unsupported_case_schema", "data/case.json")) << dump(r);
    b = *s_base;
    b.files[std::string(bundle::kCaseJson)] = "{\"items\": [";
    r = verify(b);
    EXPECT_TRUE(has_problem(r, "case_json_invalid", "data/case.json")) << dump(r);
}

TEST_F(BundleVerify, ALogTruncatedBeforeAToken) {
    // The last lines removed with the chain intact: the token over 5 lines still holds, but
    // case.json and bag-info disagree; cut before line 5 and the token no longer has its lines.
    BundleFiles b = *s_base;
    auto& log = b.files[std::string(bundle::kCustodyLog)];
    std::size_t pos = 0;
    for (int i = 0; i < 4; ++i)
        pos = log.find('\n', pos) + 1;
    log.resize(pos);
    test::rewrite_manifest(b);
    test::rewrite_tagmanifest(b);
    const BundleReport r = verify(b);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    EXPECT_TRUE(has_problem(r, "token_imprint_mismatch", "timestamps/custody-log-5.tsr"))
        << dump(r);
}

TEST_F(BundleVerify, TooManyEntriesAreRefusedBeforeReading) {
    std::vector<test::RawEntry> entries;
    const std::string f = s_base->folder() + "/data/evidence/";
    for (int i = 0; i < 100001; ++i)
        entries.emplace_back(f + std::to_string(i), "");
    const BundleReport r = verify_bytes(test::raw_zip(entries));
    EXPECT_EQ(r.verdict, BundleVerdict::unsafe) << dump(r);
    EXPECT_TRUE(has_problem(r, "too_many_entries", "")) << dump(r);
}

TEST_F(BundleVerify, AHostileZipOfManyBadNamesGetsABoundedReport) {
    std::vector<test::RawEntry> entries;
    for (int i = 0; i < 5000; ++i)
        entries.emplace_back("../x" + std::to_string(i), "");
    const BundleReport r = verify_bytes(test::raw_zip(entries));
    EXPECT_EQ(r.verdict, BundleVerdict::unsafe);
    EXPECT_EQ(r.problems.size(), kMaxProblems);
    EXPECT_EQ(r.problems_omitted, 5000 - static_cast<std::int64_t>(kMaxProblems));
}

TEST_F(BundleVerify, MissingAndOddFilesAreUnreadable) {
    VerifyOptions o;
    EXPECT_EQ(verify_bundle(tmp.path() / "nope.zip", o).problems.at(0).kind, "not_found");
    EXPECT_EQ(verify_bundle(tmp.path(), o).problems.at(0).kind, "not_a_file");
    EXPECT_EQ(verify_bundle(tmp.path() / "nope.zip", o).verdict, BundleVerdict::unreadable);
}

TEST_F(BundleVerify, BytesInMemoryAreCheckedTheSameWay) {
    const std::string bytes = test::zip_bytes(*s_base, tmp.path());
    VerifyOptions o;
    o.trust = s_trust;
    const BundleReport r =
        verify_bundle_bytes({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, o);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
}

// The committed corpus: each file is refused as its README line says.
TEST(BundleVerifyCorpus, CommittedFilesAreRefusedAsTheReadmeSays) {
    std::ifstream readme(fs::path(SCELLE_BAD_BUNDLES_DIR) / "README.md");
    ASSERT_TRUE(readme) << "tests/data/bundles/invalid/README.md";
    std::string line;
    int cases = 0;
    while (std::getline(readme, line)) {
        if (line.rfind("| ", 0) != 0 || line.find(".zip |") == std::string::npos)
            continue;
        std::vector<std::string> cols;
        std::size_t pos = 2;
        while (pos < line.size()) {
            const std::size_t bar = line.find(" | ", pos);
            if (bar == std::string::npos)
                break;
            cols.push_back(line.substr(pos, bar - pos));
            pos = bar + 3;
        }
        ASSERT_GE(cols.size(), 4u) << line;
        const std::string path = cols[3] == "-" ? "" : cols[3];
        const BundleReport r = verify_bundle(fs::path(SCELLE_BAD_BUNDLES_DIR) / cols[0], {});
        EXPECT_EQ(exit_for(r), std::stoi(cols[1])) << cols[0] << "\n" << dump(r);
        EXPECT_TRUE(has_problem(r, cols[2], path))
            << cols[0] << ": expected " << cols[2] << " [" << path << "]\n"
            << dump(r);
        ++cases;
    }
    EXPECT_GE(cases, 20);
}

}  // namespace
}  // namespace scelle::core
