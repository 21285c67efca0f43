// `scelle-cli verify` end to end: a valid bundle (made from a real case by the test fixture and
// sealed by the in-process test TSA) gives exit 0 with the TSA's CA and 3 without; every hostile
// or tampered bundle gives exit 1 or 2 with its reason naming the path, writes nothing outside
// its temporary space, and a 1 GiB deflate bomb is refused within bounded memory.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "bundle_corpus.h"
#include "bundle_fixture.h"
#include "child_process.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::BundleFiles;
using test::run;
using test::TempDir;

bool empty_dir(const fs::path& p) {
    return fs::is_empty(p);
}

class CliVerify : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tsa = new test::TestTsa();
        ASSERT_TRUE(s_tsa->start()) << s_tsa->last_error();
        s_dir = new TempDir("scelle-cli-verify");
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "a", *s_tsa));
        s_other = new BundleFiles(test::make_valid_bundle(s_dir->path() / "b", *s_tsa));
        s_tsa->pki().write_ca_pem(s_dir->path() / "ca.pem");
    }
    static void TearDownTestSuite() {
        delete s_other;
        delete s_base;
        delete s_dir;
        delete s_tsa;
    }
    static std::string ca() { return (s_dir->path() / "ca.pem").string(); }

    // Runs verify in an empty working folder with an empty TMPDIR, and checks that both are
    // still empty afterwards: nothing is extracted or written anywhere.
    test::ProcResult verify(std::vector<std::string> args, bool measure_memory = false) {
        TempDir cwd("scelle-verify-cwd");
        TempDir tmpdir("scelle-verify-tmp");
        std::vector<std::string> argv;
        if (measure_memory)
            argv = {"/usr/bin/time", "-f", "MAXRSS=%M"};
        argv.push_back(SCELLE_CLI_PATH);
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions o;
        o.cwd = cwd.path().string();
        o.env["TMPDIR"] = tmpdir.path().string();
        o.env["LANG"] = "C";
        auto r = run(argv, o);
        EXPECT_TRUE(empty_dir(cwd.path())) << "verify wrote into its working folder";
        EXPECT_TRUE(empty_dir(tmpdir.path())) << "verify left files in TMPDIR";
        return r;
    }
    fs::path write_zip(const BundleFiles& b, const test::ZipOptions& zo = {}) {
        const fs::path p = tmp / "bundle.zip";
        test::write_bundle_zip(b, p, zo);
        return p;
    }
    static long max_rss_kb(const test::ProcResult& r) {
        const auto at = r.err.rfind("MAXRSS=");
        return at == std::string::npos ? -1 : std::stol(r.err.substr(at + 7));
    }

    static test::TestTsa* s_tsa;
    static TempDir* s_dir;
    static BundleFiles* s_base;
    static BundleFiles* s_other;
    TempDir tmp{"scelle-cli-verify-case"};
};
test::TestTsa* CliVerify::s_tsa = nullptr;
TempDir* CliVerify::s_dir = nullptr;
BundleFiles* CliVerify::s_base = nullptr;
BundleFiles* CliVerify::s_other = nullptr;

TEST_F(CliVerify, SealedBundleWithTheTsaCaExitsZero) {
    const fs::path zip = write_zip(*s_base);
    auto r = verify({"verify", zip.string(), "--ca", ca()});
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
    EXPECT_EQ(r.out.rfind("Intact and sealed — nothing in it was changed since ", 0), 0u) << r.out;
    r = verify({"--lang", "fr", "verify", zip.string(), "--ca", ca()});
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
    EXPECT_EQ(r.out.rfind("Intacte et scellée — rien n’y a été modifié depuis que ", 0), 0u)
        << r.out;
}

TEST_F(CliVerify, WithoutTheTsaCaTheBundleIsIntactButNotSealed) {
    auto r = verify({"verify", write_zip(*s_base).string()});
    EXPECT_EQ(r.exit_code, 3) << test::dump(r);
    EXPECT_NE(r.out.find("Intact, but not sealed — every file matches, but the seal of "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("comes from an authority you do not trust; if you know this authority, "
                         "name its CA with --ca."),
              std::string::npos)
        << r.out;
    // SCELLE_TRUST_ANCHORS adds anchors as --ca does.
    TempDir cwd("scelle-verify-env");
    test::RunOptions o;
    o.env["SCELLE_TRUST_ANCHORS"] = ca();
    r = run({SCELLE_CLI_PATH, "verify", (tmp / "bundle.zip").string()}, o);
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
}

TEST_F(CliVerify, JsonReportHasStableKeys) {
    auto r = verify({"--json", "verify", write_zip(*s_base).string(), "--ca", ca()});
    ASSERT_EQ(r.exit_code, 0) << test::dump(r);
    const json j = json::parse(r.out);
    EXPECT_EQ(j["verdict"], "intact_and_sealed");
    EXPECT_EQ(j["intact"], true);
    EXPECT_EQ(j["sealed"], true);
    EXPECT_EQ(j["case"], s_base->case_id);
    EXPECT_TRUE(j["problems"].empty());
    ASSERT_EQ(j["tokens"].size(), 2u);
    EXPECT_EQ(j["tokens"][0]["covers_what"], "manifest");
    EXPECT_EQ(j["tokens"][1]["covers"], 5);
    EXPECT_EQ(j["tokens"][1]["trusted"], true);
    EXPECT_EQ(j["checks"].size(), 15u);
    EXPECT_EQ(j["counts"]["items"], 4);
    EXPECT_TRUE(j["notes"].is_array() && j["notes"].empty()) << j.dump(2);
    ASSERT_EQ(j["item_seals"].size(), 4u) << j.dump(2);
    EXPECT_EQ(j["item_seals"][0]["first_seal"]["token"], "timestamps/custody-log-5.tsr");
    EXPECT_EQ(j["item_seals"][3]["first_seal"]["token"], "timestamps/manifest-sha256.txt.tsr");
}

TEST_F(CliVerify, EveryHostileOrTamperedBundleIsRefusedNamingThePath) {
    for (const auto& c : test::make_corpus(*s_base, *s_other)) {
        const fs::path zip = tmp / c.file;
        test::write_file(zip, c.bytes);
        auto r = verify({"--json", "verify", zip.string(), "--ca", ca()});
        EXPECT_EQ(r.exit_code, c.exit_code) << c.file << "\n" << test::dump(r);
        const json j = json::parse(r.out, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << c.file << r.out;
        bool found = false;
        for (const auto& p : j["problems"])
            found = found || (p["kind"] == c.kind && p["path"] == c.path);
        EXPECT_TRUE(found) << c.file << ": no " << c.kind << " [" << c.path << "]\n" << r.out;
        // The human form names the path too, in one line with its reason.
        r = verify({"verify", zip.string(), "--ca", ca()});
        if (!c.path.empty() && c.file != "non_utf8_name.zip") {
            EXPECT_NE(r.out.find("✗ " + c.path + ": "), std::string::npos) << c.file << r.out;
        }
    }
}

TEST_F(CliVerify, EncryptedBundlePassphrases) {
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    const fs::path zip = write_zip(*s_base, zo);
    test::write_file(tmp / "good.txt", "correct horse battery\n");
    test::write_file(tmp / "bad.txt", "wrong horse\n");
    auto r = verify(
        {"verify", zip.string(), "--ca", ca(), "--password-file", (tmp / "good.txt").string()});
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
    r = verify(
        {"verify", zip.string(), "--ca", ca(), "--password-file", (tmp / "bad.txt").string()});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    EXPECT_NE(r.out.find("the passphrase is wrong"), std::string::npos) << r.out;
    r = verify({"verify", zip.string(), "--password-file", (tmp / "none.txt").string()});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    EXPECT_NE(r.err.find("none.txt"), std::string::npos) << r.err;
}

TEST_F(CliVerify, TooManyEntries) {
    std::vector<test::RawEntry> entries;
    for (int i = 0; i < 100001; ++i)
        entries.emplace_back(s_base->folder() + "/data/evidence/" + std::to_string(i), "");
    test::write_file(tmp / "many.zip", test::raw_zip(entries));
    auto r = verify({"verify", (tmp / "many.zip").string()}, true);
    EXPECT_EQ(r.exit_code, 1) << test::dump(r);
    EXPECT_NE(r.out.find("too many entries"), std::string::npos) << r.out;
    const long rss = max_rss_kb(r);
    EXPECT_GT(rss, 0);
    EXPECT_LT(rss, 256 * 1024) << "peak RSS " << rss << " KiB";
    std::cerr << "[ info ] 100,001 entries: peak RSS " << rss << " KiB\n";
}

TEST_F(CliVerify, OneGibDeflateBombStaysInBoundedMemory) {
    const fs::path zip = tmp / "bomb.zip";
    test::write_zero_bomb(zip, s_base->folder() + "/data/evidence/0001-file.bin", 1ull << 30);
    ASSERT_LT(fs::file_size(zip), 4u << 20);
    auto r = verify({"verify", zip.string()}, true);
    EXPECT_EQ(r.exit_code, 1) << test::dump(r);
    EXPECT_NE(r.out.find("zip bomb"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("data/evidence/0001-file.bin"), std::string::npos) << r.out;
    const long rss = max_rss_kb(r);
    EXPECT_GT(rss, 0);
    EXPECT_LT(rss, 256 * 1024) << "peak RSS " << rss << " KiB";
    std::cerr << "[ info ] 1 GiB deflate bomb: peak RSS " << rss << " KiB\n";
}

TEST_F(CliVerify, ABombThatLiesAboutItsSizeIsStoppedWhileReading) {
    // 256 MiB of zeros that declare 1,000 bytes: the ratio looks harmless, so only the
    // reader's own count stops it.
    std::vector<test::RawEntry> entries = test::raw_entries(*s_base);
    entries.emplace_back(s_base->folder() + "/data/evidence/0009-file.bin",
                         std::string(256u << 20, '\0'), 0100644, true, 1000u);
    test::write_file(tmp / "liar.zip", test::raw_zip(entries));
    entries.clear();
    auto r = verify({"verify", (tmp / "liar.zip").string()}, true);
    EXPECT_EQ(r.exit_code, 1) << test::dump(r);
    EXPECT_NE(r.out.find("data/evidence/0009-file.bin"), std::string::npos) << r.out;
    const long rss = max_rss_kb(r);
    EXPECT_LT(rss, 256 * 1024) << "peak RSS " << rss << " KiB";
    std::cerr << "[ info ] lying deflate bomb: peak RSS " << rss << " KiB\n";
}

TEST_F(CliVerify, UnreadableInputsAndUsage) {
    auto r = verify({"verify", (tmp / "missing.zip").string()});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;
    test::write_file(tmp / "empty.zip", "");
    r = verify({"verify", (tmp / "empty.zip").string()});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    EXPECT_NE(r.out.find("empty"), std::string::npos) << r.out;
    r = verify({"verify"});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    r = verify({"verify", write_zip(*s_base).string(), "--ca", (tmp / "nope.pem").string()});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
}

}  // namespace
}  // namespace scelle
