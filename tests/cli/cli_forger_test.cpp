// `scelle-cli verify` against a forger: bundles altered with tools written outside this project
// (tests/forger/forge.py: Python's zipfile, openssl and curl, none of Scellé's code), kept as
// consistent as an outsider can make them — manifests recomputed, Payload-Oxum fixed, a fresh
// manifest token from another TSA or none, case.json copying the new tokens' fields. Each
// alteration must still be exit 1 with a problem naming what changed.
//
// The case is real: made with scelle-cli against two test TSAs in this process, each under
// its own CA (the first trusted by every verify call, the second trusted or not).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "scelle/base/png_writer.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

// The problem kinds the verifier is expected to give, in one place for the lead to adjust.
constexpr const char* kCaseMismatch = "case_mismatch";           // case.json vs log + tokens
constexpr const char* kTokenNotRecorded = "token_not_recorded";  // a log token not in the log
constexpr const char* kHashMismatch = "hash_mismatch";           // a file vs the manifest
constexpr const char* kCaseJsonPath = "data/case.json";
constexpr const char* kForeignTokenKinds[] = {"token_not_recorded", "token_imprint_mismatch"};

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string png_bytes(int seed) {
    std::vector<std::uint8_t> px(64 * 48 * 3);
    for (std::size_t i = 0; i < px.size(); ++i)
        px[i] = static_cast<std::uint8_t>(i * static_cast<std::size_t>(seed));
    auto png = core::encode_png_rgb8(64, 48, px);
    EXPECT_TRUE(png.ok());
    return std::string(reinterpret_cast<const char*>(png->data()), png->size());
}

// The cases, bundles and TSAs every test uses, made once per process.
struct World {
    test::TempDir dir{"scelle-forger"};
    std::unique_ptr<test::TestTsa> tsa1, tsa2;  // tsa2 under its own CA
    fs::path ca1 = dir / "ca1.pem", ca2 = dir / "ca2.pem";
    fs::path original = dir / "original.zip";  // the main case, sealed by tsa1
    fs::path other = dir / "other.zip";        // another case: log token by tsa2, sealed by tsa1
    std::vector<int> log_token_ks;             // of the main bundle
    std::string id, error;

    test::ProcResult cli(const fs::path& store, std::vector<std::string> args,
                         const std::string& tsa_url) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions o;
        o.env["LC_ALL"] = "C";
        o.env["SCELLE_TRUST_ANCHORS"] = ca1.string();
        o.env["SCELLE_TSA_URLS"] = tsa_url;
        return test::run(argv, o);
    }
    bool step(const fs::path& store, std::vector<std::string> args, const std::string& url,
              std::string* out = nullptr) {
        auto r = cli(store, args, url);
        if (r.exit_code != 0) {
            error += args[0] + " failed: " + dump(r) + "\n";
            return false;
        }
        if (out)
            *out = r.out.substr(0, r.out.find('\n'));
        return true;
    }
    fs::path file(const std::string& name, const std::string& bytes) {
        test::write_file(dir / "in" / name, bytes);
        return dir / "in" / name;
    }

    bool make() {
        fs::create_directories(dir / "in");
        test::TestTsaOptions o1, o2;
        o1.pki = std::make_shared<const test::TestPki>();
        o2.pki = std::make_shared<const test::TestPki>();
        tsa1 = std::make_unique<test::TestTsa>(o1);
        tsa2 = std::make_unique<test::TestTsa>(o2);
        if (!tsa1->start() || !tsa2->start()) {
            error = tsa1->last_error() + tsa2->last_error();
            return false;
        }
        o1.pki->write_ca_pem(ca1);
        o2.pki->write_ca_pem(ca2);
        const std::string u1 = tsa1->url();
        // The main case: two accounts, two images (the second described later), a link, each
        // sealed by log tokens; exported with its report, sealed by a manifest token.
        const fs::path s = dir / "store";
        if (!step(s, {"case", "new", "--title", "Harcèlement de Léa"}, u1, &id) ||
            !step(s, {"account", "add", id, "--platform", "snapchat", "--handle", "predator42"},
                  u1) ||
            !step(s, {"account", "add", id, "--platform", "instagram", "--handle", "leo.2010"},
                  u1) ||
            !step(s,
                  {"import", id, file("IMG_0001.PNG", png_bytes(7)).string(), "--account",
                   "predator42", "--description", "Demande de photos"},
                  u1) ||
            !step(s, {"import", id, file("IMG_0002.PNG", png_bytes(11)).string()}, u1) ||
            !step(s,
                  {"link", id, "https://example.org/u/predator42", "--account",
                   "snapchat:predator42"},
                  u1) ||
            !step(s, {"describe", id, "2", "--description", "Menace de publier la photo"}, u1) ||
            !step(s, {"timestamp", id}, u1) ||
            !step(s, {"export", id, "-o", original.string()}, u1))
            return false;
        // Another case whose log token comes from tsa2, sealed at export by tsa1.
        const fs::path s2 = dir / "store2";
        std::string id2;
        if (!step(s2, {"case", "new", "--title", "Autre dossier"}, u1, &id2) ||
            !step(s2,
                  {"import", id2, file("other.png", png_bytes(13)).string(), "--tsa", tsa2->url(),
                   "--ca", ca2.string()},
                  u1) ||
            !step(s2, {"export", id2, "-o", other.string()}, u1))
            return false;
        auto list = test::run({"python3", forge().string(), "list", original.string()});
        for (std::size_t at = 0;
             (at = list.out.find("timestamps/custody-log-", at)) != std::string::npos; ++at)
            log_token_ks.push_back(std::stoi(list.out.substr(at + 23)));
        if (log_token_ks.empty())
            error = "the bundle has no log token:\n" + dump(list);
        return !log_token_ks.empty();
    }
    static fs::path forge() { return SCELLE_FORGE_PY; }
};

World& world() {
    static World* w = [] {
        auto* made = new World();
        made->make();
        return made;
    }();
    return *w;
}

class CliForger : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(w.error.empty()) << w.error; }

    // forge.py with its arguments; the forger's curl never uses a proxy (it asks local TSAs).
    test::ProcResult forge(std::vector<std::string> args) {
        std::vector<std::string> argv = {"python3", World::forge().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions o;
        o.env["no_proxy"] = "127.0.0.1,localhost";
        o.env["NO_PROXY"] = "127.0.0.1,localhost";
        return test::run(argv, o);
    }
    // forge.py edit ORIGINAL OUT ops... ; fails the test when the forger's tool fails.
    fs::path forged(const std::vector<std::string>& ops, const fs::path& in = {}) {
        const fs::path out = tmp / ("forged-" + std::to_string(++m_n) + ".zip");
        std::vector<std::string> args = {"edit", (in.empty() ? w.original : in).string(),
                                         out.string()};
        args.insert(args.end(), ops.begin(), ops.end());
        auto r = forge(args);
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return out;
    }
    // verify --json with the first TSA's CA (and the second's when `both`).
    json verify(const fs::path& zip, bool both, test::ProcResult* raw = nullptr) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--json", "verify",
                                         zip.string(),    "--ca",   w.ca1.string()};
        if (both) {
            argv.push_back("--ca");
            argv.push_back(w.ca2.string());
        }
        test::RunOptions o;
        o.env["LC_ALL"] = "C";
        auto r = test::run(argv, o);
        json j = json::parse(r.out, nullptr, false);
        if (j.is_object())
            j["exit"] = r.exit_code;
        else
            j = {{"exit", r.exit_code}, {"problems", json::array()}, {"raw", dump(r)}};
        if (raw)
            *raw = r;
        return j;
    }
    // A problem of `kind` at `path` whose detail names every word of `words`.
    static bool has_problem(const json& j, const std::string& kind, const std::string& path,
                            const std::vector<std::string>& words = {}) {
        for (const auto& p : j["problems"]) {
            if (p.value("kind", "") != kind || p.value("path", "") != path)
                continue;
            const std::string d = lower(p.value("detail", ""));
            if (std::all_of(words.begin(), words.end(),
                            [&](const std::string& word) { return d.find(lower(word)) != d.npos; }))
                return true;
        }
        return false;
    }
    const json* token(const json& j, const std::string& path) {
        for (const auto& t : j["tokens"])
            if (t.value("path", "") == path)
                return &t;
        return nullptr;
    }
    std::string log_token(int k) { return "timestamps/custody-log-" + std::to_string(k) + ".tsr"; }

    World& w = world();
    test::TempDir tmp{"scelle-forged"};
    int m_n = 0;
};

TEST_F(CliForger, TheOriginalBundlesVerify) {
    json j = verify(w.original, false);
    EXPECT_EQ(j["exit"], 0) << j.dump(2);
    j = verify(w.original, true);
    EXPECT_EQ(j["exit"], 0) << j.dump(2);
    EXPECT_EQ(j["counts"]["items"], 3) << j.dump(2);
    // The forger's repacking alone changes nothing a reader checks, nor does rewriting
    // case.json with a field set to the value it has.
    j = verify(forged({"remanifest"}), false);
    EXPECT_EQ(j["exit"], 0) << j.dump(2);
    j = verify(forged({"edit-json", "case.title", "\"Harcèlement de Léa\"", "+", "remanifest"}),
               false);
    EXPECT_EQ(j["exit"], 0) << j.dump(2);
}

// 1. Two zips in one file: a reader must not pick one of them.
TEST_F(CliForger, TwoZipsInOneFileAreRefused) {
    const fs::path altered = forged({"edit-json", "items[1].description", "\"Photo de vacances\"",
                                     "+", "remanifest", "+", "reseal", w.tsa2->url()});
    const fs::path ab = tmp / "valid-then-altered.zip", ba = tmp / "altered-then-valid.zip";
    ASSERT_EQ(forge({"splice", w.original.string(), altered.string(), ab.string()}).exit_code, 0);
    ASSERT_EQ(forge({"splice", altered.string(), w.original.string(), ba.string()}).exit_code, 0);
    // Python's zipfile reads the altered one from the valid-then-altered file.
    auto py = forge({"read", ab.string(), "data/case.json"});
    ASSERT_EQ(py.exit_code, 0) << dump(py);
    EXPECT_NE(py.out.find("Photo de vacances"), std::string::npos) << py.out;
    for (const fs::path& zip : {ab, ba}) {
        SCOPED_TRACE(zip.filename().string());
        for (bool both : {false, true}) {
            const json j = verify(zip, both);
            EXPECT_EQ(j["exit"], 1) << j.dump(2);
        }
    }
}

// 2. case.json disagrees with the custody log and the tokens.
struct CaseEdit {
    const char* name;
    std::vector<std::string> ops;    // forge.py operations before remanifest
    std::vector<std::string> words;  // the detail names these (item or account, and field)
};

void PrintTo(const CaseEdit& e, std::ostream* os) {
    *os << e.name;
}

class CliForgerCase : public CliForger, public ::testing::WithParamInterface<CaseEdit> {};

TEST_P(CliForgerCase, CaseJsonThatDisagreesWithTheLogIsAltered) {
    const CaseEdit& e = GetParam();
    // Unsealed (a verdict of 3 would hide the change) and resealed by a trusted TSA (0 would).
    for (bool reseal : {false, true}) {
        SCOPED_TRACE(reseal ? "resealed by a second trusted TSA" : "unsealed");
        std::vector<std::string> ops = e.ops;
        for (const std::string& s : {std::string("+"), std::string("remanifest"), std::string("+")})
            ops.push_back(s);
        if (reseal) {
            ops.push_back("reseal");
            ops.push_back(w.tsa2->url());
        } else {
            ops.push_back("unseal");
        }
        const json j = verify(forged(ops), reseal);
        EXPECT_EQ(j["exit"], 1) << j.dump(2);
        EXPECT_TRUE(has_problem(j, kCaseMismatch, kCaseJsonPath, e.words))
            << "expected " << kCaseMismatch << " naming " << testing::PrintToString(e.words) << "\n"
            << j["problems"].dump(2);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Alterations, CliForgerCase,
    ::testing::Values(
        CaseEdit{"ItemDeleted", {"delete-item", "2"}, {"item 2"}},
        CaseEdit{"ItemWithdrawnWithoutLogLine",
                 {"withdraw-item", "1", "Envoyée par erreur"},
                 {"item 1", "withdrawn"}},
        CaseEdit{"ItemReassigned", {"edit-json", "items[0].account", "2"}, {"item 1", "account"}},
        CaseEdit{"AccountHandle",
                 {"edit-json", "accounts[0].handle", "\"someone_else\""},
                 {"account 1", "handle"}},
        CaseEdit{"LinkUrl",
                 {"edit-json", "items[2].url", "\"https://example.org/u/innocent\""},
                 {"item 3", "url"}},
        CaseEdit{
            "CaseTitle", {"edit-json", "case.title", "\"Rien à signaler\""}, {"case", "title"}},
        CaseEdit{"Description",
                 {"edit-json", "items[1].description", "\"Photo de vacances\""},
                 {"item 2", "description"}},
        CaseEdit{"FileName", {"edit-json", "items[0].name", "\"montage.png\""}, {"item 1", "name"}},
        CaseEdit{"TimestampGenTime",
                 {"edit-json", "timestamps[0].gen_time", "\"2020-01-01T00:00:00Z\""},
                 {"timestamp", "gen_time"}},
        CaseEdit{"TimestampTsa",
                 {"edit-json", "timestamps[0].tsa", "\"CN=Some Public TSA\""},
                 {"timestamp", "tsa"}}),
    [](const ::testing::TestParamInfo<CaseEdit>& i) { return std::string(i.param.name); });

// 3. A log token swapped for another over the same log prefix, case.json following it and the
// bundle resealed by a trusted TSA.
TEST_F(CliForger, LogTokenFromAnUntrustedTsaOverTheSamePrefixIsNotRecorded) {
    const int k = w.log_token_ks.front();
    const json j = verify(
        forged({"swap-token", std::to_string(k), w.tsa2->url(), "+", "reseal", w.tsa1->url()}),
        false);
    EXPECT_EQ(j["exit"], 1) << j.dump(2);
    EXPECT_TRUE(has_problem(j, kTokenNotRecorded, log_token(k))) << j["problems"].dump(2);
}

TEST_F(CliForger, LaterTrustedLogTokenOverTheSamePrefixIsNotRecorded) {
    for (int k : w.log_token_ks) {
        SCOPED_TRACE("K = " + std::to_string(k));
        const json j = verify(
            forged({"swap-token", std::to_string(k), w.tsa1->url(), "+", "reseal", w.tsa1->url()}),
            true);
        EXPECT_EQ(j["exit"], 1) << j.dump(2);
        EXPECT_TRUE(has_problem(j, kTokenNotRecorded, log_token(k))) << j["problems"].dump(2);
    }
}

TEST_F(CliForger, LogTokenTakenFromAnotherBundleIsRefused) {
    // The other case has a single log token; give it the K the main bundle's first token has.
    auto list = forge({"list", w.other.string()});
    const auto at = list.out.find("timestamps/custody-log-");
    ASSERT_NE(at, std::string::npos) << list.out;
    const std::string theirs = list.out.substr(at, list.out.find('\n', at) - at);
    const fs::path tsr = tmp / "theirs.tsr";
    auto r = forge({"read", w.other.string(), theirs});
    ASSERT_EQ(r.exit_code, 0);
    test::write_file(tsr, r.out);
    const int k = w.log_token_ks.front();
    const json j = verify(
        forged({"put-token", std::to_string(k), tsr.string(), "+", "reseal", w.tsa1->url()}), true);
    EXPECT_EQ(j["exit"], 1) << j.dump(2);
    bool named = false;
    for (const char* kind : kForeignTokenKinds)
        named = named || has_problem(j, kind, log_token(k));
    EXPECT_TRUE(named) << j["problems"].dump(2);
}

TEST_F(CliForger, UntouchedBundleWithALogTokenFromAnUntrustedTsaIsNotSealed) {
    json j = verify(w.other, false);
    EXPECT_EQ(j["exit"], 3) << j.dump(2);
    bool untrusted_log_token = false;
    for (const auto& t : j["tokens"])
        if (!t["covers"].is_null() && t["trusted"] == false)
            untrusted_log_token = true;
    EXPECT_TRUE(untrusted_log_token) << j["tokens"].dump(2);
    // Trusting the second CA too, it is intact and sealed.
    j = verify(w.other, true);
    EXPECT_EQ(j["exit"], 0) << j.dump(2);
}

// 4. bag-info.txt cannot turn an altered bundle into an unreadable one.
TEST_F(CliForger, BagInfoTricksDoNotHideAnAlteredFile) {
    const std::string evidence = "data/evidence/0002-file.png";
    const fs::path fake = tmp / "fake.png";
    test::write_file(fake, png_bytes(3));
    const std::vector<std::vector<std::string>> tricks = {
        {"edit-baginfo", "Scelle-Bundle-Version", "2"},
        {"baginfo-crlf"},
    };
    for (const auto& trick : tricks) {
        SCOPED_TRACE(trick[0]);
        std::vector<std::string> ops = {"replace-file", evidence, fake.string(), "+"};
        ops.insert(ops.end(), trick.begin(), trick.end());
        const json j = verify(forged(ops), false);
        EXPECT_EQ(j["exit"], 1) << j.dump(2);
        EXPECT_TRUE(has_problem(j, kHashMismatch, evidence)) << j["problems"].dump(2);
    }
}

// 5. A local header that disagrees with the central directory.
TEST_F(CliForger, LocalHeaderThatDisagreesWithTheCentralDirectoryIsAltered) {
    const std::vector<std::vector<std::string>> patches = {
        {"data/case.json", "flags", "0x0008"},
        {"data/case.json", "version_needed", "63"},
    };
    for (const auto& p : patches) {
        SCOPED_TRACE(p[1]);
        const fs::path out = tmp / ("header-" + p[1] + ".zip");
        auto r = forge({"patch-header", w.original.string(), out.string(), p[0], p[1], p[2]});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        const json j = verify(out, false);
        EXPECT_EQ(j["exit"], 1) << j.dump(2);
    }
}

}  // namespace
}  // namespace scelle
