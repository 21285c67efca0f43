// End-to-end tests of `scelle-cli export`: the bundle it writes is checked with the tools an
// investigator has (unzip, sha256sum, openssl ts, zipinfo, 7z), by running the very commands
// VERIFY-en.txt gives; offline and encrypted exports; bad inputs that must leave nothing at the
// target; a full disk; SIGINT and SIGKILL during an export.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.h"
#include "scelle/core/png_writer.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

std::string openssl_sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
        hex += digits[md[i] >> 4];
        hex += digits[md[i] & 15];
    }
    return hex;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// The repository, from this file's path (tests/cli/cli_export_test.cpp).
fs::path source_dir() {
    return fs::path(__FILE__).parent_path().parent_path().parent_path();
}

// Names in a folder, sorted (hidden ones included: a temporary file must not survive).
std::vector<std::string> names_in(const fs::path& d) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(d))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

class CliExport : public ::testing::Test {
  protected:
    using Env = std::map<std::string, std::string>;

    void SetUp() override {
        auto pki = std::make_shared<const test::TestPki>();
        pki->write_ca_pem(ca);
        test::TestTsaOptions o;
        o.pki = pki;
        tsa = std::make_unique<test::TestTsa>(o);
        ASSERT_TRUE(tsa->start()) << tsa->last_error();
        fs::create_directories(out_dir);
        fs::create_directories(in);
    }

    test::ProcResult cli(std::vector<std::string> args, Env env = {}, test::RunOptions opts = {}) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        opts.env.insert(env.begin(), env.end());
        opts.env.emplace("LC_ALL", "C");
        opts.env.emplace("SCELLE_TRUST_ANCHORS", ca.string());
        return test::run(argv, opts);
    }
    Env online() const { return {{"SCELLE_TSA_URLS", tsa->url()}}; }

    std::string png_bytes() {
        std::vector<std::uint8_t> px(96 * 64 * 3);
        for (std::size_t i = 0; i < px.size(); ++i)
            px[i] = static_cast<std::uint8_t>(i * 7);
        auto png = core::encode_png_rgb8(96, 64, px);
        EXPECT_TRUE(png.ok());
        return std::string(reinterpret_cast<const char*>(png->data()), png->size());
    }
    fs::path file(const std::string& name, const std::string& content) {
        test::write_file(in / name, content);
        return in / name;
    }

    // A case with a PNG and a text file (one token over lines 1-3), then a link (offline).
    std::string make_case(Env env) {
        auto r = cli({"case", "new", "--title", "Export"});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        const std::string id = r.out.substr(0, r.out.find('\n'));
        originals["data/evidence/0001-file.png"] = png_bytes();
        originals["data/evidence/0002-file.txt"] = "t’as quel âge ? donne-moi ton snap\n";
        auto imp = cli(
            {"import", id, file("capture.png", originals["data/evidence/0001-file.png"]).string(),
             file("conv.txt", originals["data/evidence/0002-file.txt"]).string()},
            env);
        EXPECT_EQ(imp.exit_code, 0) << dump(imp);
        auto link = cli({"link", id, "https://example.org/u/x", "--offline"});
        EXPECT_EQ(link.exit_code, 0) << dump(link);
        return id;
    }

    // Unzips `zip` into a new folder and returns the bundle folder inside it.
    fs::path unzip(const fs::path& zip, const std::string& id) {
        const fs::path x = dir / ("x" + std::to_string(++m_unzips));
        fs::create_directories(x);
        auto r = test::run({"unzip", "-q", zip.string(), "-d", x.string()});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        EXPECT_EQ(names_in(x), std::vector<std::string>{"scelle-" + id});
        return x / ("scelle-" + id);
    }
    test::ProcResult in_folder(const fs::path& folder, const std::string& command) {
        test::RunOptions o;
        o.cwd = folder.string();
        return test::run({"bash", "-c", command}, o);
    }

    test::TempDir dir{"scelle-cli-export"};
    fs::path store = dir / "store";
    fs::path ca = dir / "ca.pem";
    fs::path out_dir = dir / "out";
    fs::path in = dir / "in";
    std::unique_ptr<test::TestTsa> tsa;
    std::map<std::string, std::string> originals;  // bundle path -> bytes
    int m_unzips = 0;
};

TEST_F(CliExport, SealedBundleChecksWithTheCommandsOfVerifyTxt) {
    const std::string id = make_case(online());
    const fs::path zip = out_dir / "dossier.zip";
    auto r = cli({"--json", "export", id, "-o", zip.string()}, online());
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.out;
    EXPECT_EQ(j["bundle"], zip.string());
    EXPECT_EQ(j["sha256"], openssl_sha256(test::read_file(zip)));
    EXPECT_EQ(j["size"], fs::file_size(zip));
    EXPECT_EQ(j["files"], 2);
    EXPECT_EQ(j["sealed"], true);
    EXPECT_TRUE(j["manifest_token"]["gen_time"].is_string()) << j.dump(2);
    EXPECT_TRUE(j["failures"].empty());
    EXPECT_EQ(names_in(out_dir), std::vector<std::string>{"dossier.zip"});

    const fs::path b = unzip(zip, id);
    for (const auto& [path, bytes] : originals)
        EXPECT_EQ(test::read_file(b / path), bytes) << path;
    for (const char* m : {"manifest-sha256.txt", "tagmanifest-sha256.txt"}) {
        auto c = in_folder(b, std::string("sha256sum -c --strict ") + m);
        EXPECT_EQ(c.exit_code, 0) << m << "\n" << dump(c);
    }
    auto v = in_folder(b,
                       "openssl ts -verify -data manifest-sha256.txt -in "
                       "timestamps/manifest-sha256.txt.tsr -CAfile " +
                           ca.string() + " -untrusted timestamps/tsa-certs.pem");
    EXPECT_EQ(v.exit_code, 0) << dump(v);
    EXPECT_NE(v.out.find("Verification: OK"), std::string::npos) << dump(v);
    ASSERT_TRUE(fs::exists(b / "timestamps/custody-log-3.tsr"));
    auto p = in_folder(b,
                       "openssl ts -verify -data <(head -n 3 data/custody-log.jsonl) -in "
                       "timestamps/custody-log-3.tsr -CAfile " +
                           ca.string());
    EXPECT_EQ(p.exit_code, 0) << dump(p);

    // Every command VERIFY-en.txt and VERIFY-fr.txt give after unpacking works as written.
    for (const char* text : {"VERIFY-en.txt", "VERIFY-fr.txt"}) {
        int commands = 0;
        for (std::string line : split_lines(test::read_file(b / text))) {
            if (line.rfind("     ", 0) != 0 || line.rfind("      ", 0) == 0)
                continue;
            line = line.substr(5);
            // Commands stand on their own lines, indented by 5; so do the continuation lines
            // of the list in step 6, which start with a word no command starts with.
            const bool command = line.rfind("sha256sum ", 0) == 0 || line.rfind("find ", 0) == 0 ||
                                 line.rfind("head ", 0) == 0 || line.rfind("openssl ", 0) == 0;
            if (!command)
                continue;
            for (std::size_t at; (at = line.find("CA.pem")) != std::string::npos;)
                line.replace(at, 6, ca.string());
            ++commands;
            auto c = in_folder(b, line);
            EXPECT_EQ(c.exit_code, 0) << text << ": " << line << "\n" << dump(c);
            if (line.rfind("openssl ts -verify", 0) == 0) {
                EXPECT_NE(c.out.find("Verification: OK"), std::string::npos) << line;
            }
            if (line.rfind("find data", 0) == 0) {  // 2 evidence files, case.json, log, report
                EXPECT_EQ(c.out, "5\n");
            }
        }
        // sha256sum x2, find, verify + reply for the manifest, head + verify + reply for K=3.
        EXPECT_EQ(commands, 8) << text;
    }

    // zipinfo: the PNG is stored, the text deflated.
    auto zi = test::run({"zipinfo", zip.string()});
    ASSERT_EQ(zi.exit_code, 0) << dump(zi);
    for (const auto& l : split_lines(zi.out)) {
        if (l.find("0001-file.png") != std::string::npos) {
            EXPECT_NE(l.find(" stor "), std::string::npos) << l;
        }
        if (l.find("0002-file.txt") != std::string::npos) {
            EXPECT_NE(l.find(" def"), std::string::npos) << l;
        }
    }

    // case.json matches its schema (python3-jsonschema: installer/bootstrap-debian.sh).
    {
        auto s =
            test::run({"python3", "-c",
                       "import json,sys,jsonschema;"
                       "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
                       "json.load(open(sys.argv[2])))",
                       (source_dir() / "docs/bundle-case.schema.json").string(),
                       (b / "data/case.json").string()});
        EXPECT_EQ(s.exit_code, 0) << dump(s);
    }

    // The export is logged after the bundle (so not inside it), and `check` still holds.
    auto log = cli({"log", id});
    const auto lines = split_lines(log.out);
    ASSERT_FALSE(lines.empty());
    json last = json::parse(lines.back());
    EXPECT_EQ(last["action"], "bundle.exported");
    EXPECT_EQ(last["sha256"], j["sha256"]);
    EXPECT_EQ(split_lines(test::read_file(b / "data/custody-log.jsonl")).size(), lines.size() - 1);
    auto check = cli({"check", id});
    EXPECT_EQ(check.exit_code, 0) << dump(check);
}

TEST_F(CliExport, OfflineExportSucceedsMarkedUnsealed) {
    const std::string id = make_case({});
    for (const bool flag : {false, true}) {
        const fs::path zip = out_dir / (flag ? "flag.zip" : "noTsa.zip");
        std::vector<std::string> args = {"--lang", "fr", "export", id, "-o", zip.string()};
        if (flag)
            args.push_back("--offline");
        auto r = cli(args);
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        EXPECT_NE(r.err.find("Archive écrite et vérifiée"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("NON scellée"), std::string::npos) << r.err;
        const fs::path b = unzip(zip, id);
        EXPECT_NE(test::read_file(b / "bag-info.txt").find("\nScelle-Sealed: no\n"),
                  std::string::npos);
        EXPECT_FALSE(fs::exists(b / "timestamps/manifest-sha256.txt.tsr"));
        EXPECT_EQ(in_folder(b, "sha256sum -c --strict manifest-sha256.txt").exit_code, 0);
        fs::remove_all(b.parent_path());
    }
}

TEST_F(CliExport, TheReportIsInTheBundleAndItsFingerprintChecksWithHead) {
    const std::string id = make_case({});
    const fs::path zip = out_dir / "avec-rapport.zip";
    auto r = cli({"--json", "--lang", "fr", "export", id, "-o", zip.string(), "--offline"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    ASSERT_TRUE(doc["report"].is_object()) << r.out;
    EXPECT_EQ(doc["report"]["lang"], "fr");
    const fs::path b = unzip(zip, id);
    const fs::path pdf = b / "data/report.pdf";
    ASSERT_TRUE(fs::exists(pdf));
    EXPECT_EQ(openssl_sha256(test::read_file(pdf)), doc["report"]["sha256"]);
    EXPECT_EQ(test::run({"qpdf", "--check", pdf.string()}).exit_code, 0);
    // The manifest lists it (sha256sum -c passes), and the report's fingerprint is what
    // `head -n K data/custody-log.jsonl | sha256sum` prints in the bundle.
    EXPECT_EQ(in_folder(b, "sha256sum -c --strict manifest-sha256.txt").exit_code, 0);
    EXPECT_NE(test::read_file(b / "manifest-sha256.txt").find("  data/report.pdf\n"),
              std::string::npos);
    const std::string text = test::run({"pdftotext", pdf.string(), "-"}).out;
    std::smatch m;
    const std::regex fp("head -n ([0-9]+) data/custody-log.jsonl");
    ASSERT_TRUE(std::regex_search(text, m, fp)) << text.substr(0, 2000);
    auto head = in_folder(b, "head -n " + m[1].str() + " data/custody-log.jsonl | sha256sum");
    ASSERT_EQ(head.exit_code, 0);
    const std::string digest = head.out.substr(0, 64);
    std::string flat;
    for (char c : text)
        if (c != '\n' && c != ' ')
            flat += c;
    EXPECT_NE(flat.find(digest), std::string::npos) << digest;
    // The log inside the bundle records the report (report.made with its SHA-256), so verify
    // finds it covered by the log and says nothing about it.
    const std::string report_sha = doc["report"]["sha256"];
    EXPECT_NE(test::read_file(b / "data/custody-log.jsonl").find("\"action\":\"report.made\""),
              std::string::npos);
    EXPECT_NE(test::read_file(b / "data/custody-log.jsonl").find("\"sha256\":\"" + report_sha),
              std::string::npos);
    auto ver = cli({"--json", "verify", zip.string()});
    const json vj = json::parse(ver.out, nullptr, false);
    ASSERT_TRUE(vj.is_object()) << dump(ver);
    EXPECT_TRUE(vj["notes"].empty()) << vj.dump(2);
    ASSERT_TRUE(vj["item_seals"].is_array()) << vj.dump(2);
    EXPECT_EQ(vj["item_seals"].size(), 3u) << vj.dump(2);
    // The export's custody line names the report.
    auto log = cli({"log", id});
    EXPECT_NE(log.out.find("\"report_sha256\":\"" + doc["report"]["sha256"].get<std::string>()),
              std::string::npos);
    // --no-report leaves it out, and the bundle still verifies.
    const fs::path bare = out_dir / "sans-rapport.zip";
    auto n = cli({"export", id, "-o", bare.string(), "--offline", "--no-report"});
    ASSERT_EQ(n.exit_code, 0) << dump(n);
    const fs::path b2 = unzip(bare, id);
    EXPECT_FALSE(fs::exists(b2 / "data/report.pdf"));
    EXPECT_EQ(cli({"verify", bare.string()}).exit_code, 3);
    EXPECT_EQ(cli({"verify", zip.string()}).exit_code, 3);
}

TEST_F(CliExport, EncryptedBundleOpensWith7ZipAndTheRightPassphraseOnly) {
    const std::string id = make_case({});
    const fs::path pass = file("pass.txt", "phrase secrète très longue\nignored\n");
    const fs::path zip = out_dir / "chiffre.zip";
    auto r = cli({"export", id, "-o", zip.string(), "--encrypt", "--password-file", pass.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("a lost passphrase is a lost bundle"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("7-Zip"), std::string::npos) << r.err;

    const fs::path good = dir / "7z-good";
    auto x = test::run(
        {"7z", "x", "-y", "-pphrase secrète très longue", "-o" + good.string(), zip.string()});
    ASSERT_EQ(x.exit_code, 0) << dump(x);
    for (const auto& [path, bytes] : originals)
        EXPECT_EQ(test::read_file(good / ("scelle-" + id) / path), bytes) << path;
    EXPECT_EQ(
        in_folder(good / ("scelle-" + id), "sha256sum -c --strict manifest-sha256.txt").exit_code,
        0);
    auto wrong =
        test::run({"7z", "x", "-y", "-pWRONG", "-o" + (dir / "7z-wrong").string(), zip.string()});
    EXPECT_NE(wrong.exit_code, 0) << dump(wrong);
    auto plain = test::run({"unzip", "-o", zip.string(), "-d", (dir / "unzip").string()});
    EXPECT_NE(plain.exit_code, 0) << dump(plain);
}

TEST_F(CliExport, BadInputsAreRefusedAndLeaveNothingAtTheTarget) {
    const std::string id = make_case({});
    const fs::path taken = out_dir / "taken.zip";
    test::write_file(taken, "not mine to replace");
    auto exists = cli({"export", id, "-o", taken.string()});
    EXPECT_EQ(exists.exit_code, 2) << dump(exists);
    EXPECT_NE(exists.err.find("already exists"), std::string::npos) << exists.err;
    EXPECT_EQ(test::read_file(taken), "not mine to replace");

    auto nofolder = cli({"export", id, "-o", (dir / "missing" / "b.zip").string()});
    EXPECT_EQ(nofolder.exit_code, 2) << dump(nofolder);
    EXPECT_NE(nofolder.err.find("does not exist"), std::string::npos) << nofolder.err;

    auto nocase = cli({"export", "19990101", "-o", (out_dir / "c.zip").string()});
    EXPECT_EQ(nocase.exit_code, 2) << dump(nocase);

    auto nopass = cli({"export", id, "-o", (out_dir / "d.zip").string(), "--encrypt",
                       "--password-file", (dir / "nope.txt").string()});
    EXPECT_EQ(nopass.exit_code, 2) << dump(nopass);
    EXPECT_NE(nopass.err.find("does not exist"), std::string::npos) << nopass.err;
    auto empty = cli({"export", id, "-o", (out_dir / "e.zip").string(), "--encrypt",
                      "--password-file", file("empty.txt", "\nsecond line\n").string()});
    EXPECT_EQ(empty.exit_code, 2) << dump(empty);
    EXPECT_NE(empty.err.find("is empty"), std::string::npos) << empty.err;
    // stdin is not a terminal here: no prompt, a usage error.
    auto noterm = cli({"export", id, "-o", (out_dir / "f.zip").string(), "--encrypt"});
    EXPECT_EQ(noterm.exit_code, 2) << dump(noterm);
    EXPECT_NE(noterm.err.find("--password-file"), std::string::npos) << noterm.err;

    if (::geteuid() == 0) {
        // A folder the user cannot write to (root writes everywhere: run as another user).
        fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
        test::RunOptions opts;
        opts.uid = test::unprivileged_uid();
        auto ro = cli({"export", id, "-o", (out_dir / "g.zip").string()}, {}, opts);
        EXPECT_EQ(ro.exit_code, 2) << dump(ro);
        EXPECT_NE(ro.err.find("cannot be written"), std::string::npos) << ro.err;
    }
    EXPECT_EQ(names_in(out_dir), std::vector<std::string>{"taken.zip"});
    // None of these was recorded.
    auto log = cli({"log", id});
    EXPECT_EQ(log.out.find("bundle.exported"), std::string::npos);
}

TEST_F(CliExport, AFullDiskLeavesNothingBehind) {
    const fs::path small = dir / "small";
    fs::create_directories(small);
    if (::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=2M,mode=0700") != 0)
        GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << ")";
    struct Unmount {
        fs::path p;
        ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } unmount{small};
    const std::string id = make_case({});
    auto imp = cli({"import", id, file("big.bin", test::pseudo_random_bytes(3u << 20, 9)).string(),
                    "--offline"});
    ASSERT_EQ(imp.exit_code, 0) << dump(imp);
    auto r = cli({"export", id, "-o", (small / "full.zip").string()});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.err.find("the disk is full"), std::string::npos) << r.err;
    EXPECT_TRUE(names_in(small).empty());
}

TEST_F(CliExport, SigintDuringAnExportLeavesNothingOrACompleteBundle) {
    const std::string id = make_case({});
    auto imp =
        cli({"import", id, file("big1.bin", test::pseudo_random_bytes(48u << 20, 1)).string(),
             file("big2.bin", test::pseudo_random_bytes(48u << 20, 2)).string(), "--offline"});
    ASSERT_EQ(imp.exit_code, 0) << dump(imp);
    const fs::path zip = out_dir / "long.zip";
    test::RunOptions opts;
    opts.env = {{"LC_ALL", "C"}};
    const pid_t pid = test::spawn(
        {SCELLE_CLI_PATH, "--store", store.string(), "export", id, "-o", zip.string()}, opts);
    // Interrupt once the temporary folder exists (the zip is being written).
    for (int i = 0; i < 2000 && names_in(out_dir).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(pid, SIGINT);
    auto r = test::wait_for(pid);
    if (r.exit_code == 0) {
        // It finished first: then it is whole.
        const fs::path b = unzip(zip, id);
        EXPECT_EQ(in_folder(b, "sha256sum -c --strict manifest-sha256.txt").exit_code, 0);
    } else {
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_TRUE(names_in(out_dir).empty());
        EXPECT_EQ(cli({"log", id}).out.find("bundle.exported"), std::string::npos);
    }
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliExport, KilledBeforeOrAfterTheRename) {
    const std::string id = make_case({});
    const fs::path zip = out_dir / "k.zip";
    auto before =
        cli({"export", id, "-o", zip.string()}, {{"SCELLE_TEST_KILL_AT", "export-before-rename"}});
    EXPECT_EQ(before.signal, SIGKILL) << dump(before);
    EXPECT_FALSE(fs::exists(zip));
    // A later export of the same target works, and clears what the killed one left.
    auto again = cli({"export", id, "-o", zip.string()});
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_EQ(names_in(out_dir), std::vector<std::string>{"k.zip"});

    const fs::path zip2 = out_dir / "k2.zip";
    const auto log_before = cli({"log", id}).out;
    auto after =
        cli({"export", id, "-o", zip2.string()}, {{"SCELLE_TEST_KILL_AT", "export-after-rename"}});
    EXPECT_EQ(after.signal, SIGKILL) << dump(after);
    const fs::path b = unzip(zip2, id);
    EXPECT_EQ(in_folder(b, "sha256sum -c --strict manifest-sha256.txt").exit_code, 0);
    EXPECT_EQ(in_folder(b, "sha256sum -c --strict tagmanifest-sha256.txt").exit_code, 0);
    // Killed before recording the export: the log gained only the report's line, which the
    // export records before it reads the case (so that the bundle's log holds it).
    const std::string log_after = cli({"log", id}).out;
    ASSERT_GT(log_after.size(), log_before.size());
    EXPECT_EQ(log_after.substr(0, log_before.size()), log_before);
    const std::string added = log_after.substr(log_before.size());
    EXPECT_EQ(std::count(added.begin(), added.end(), '\n'), 1) << added;
    EXPECT_NE(added.find("\"action\":\"report.made\""), std::string::npos) << added;
    EXPECT_NE(test::read_file(b / "data/custody-log.jsonl").find(added), std::string::npos);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

}  // namespace
}  // namespace scelle

namespace scelle {
namespace {

// The whole path a family's evidence takes: import (sealed at once), export, then `verify` as
// the person receiving the bundle runs it: 0 with the TSA's CA, 3 without, 1 once altered.
TEST_F(CliExport, RoundTripImportExportVerify) {
    const std::string id = make_case(online());
    auto sealed = cli({"timestamp", id}, online());  // the link, recorded offline
    ASSERT_EQ(sealed.exit_code, 0) << dump(sealed);
    const fs::path zip = out_dir / "a-remettre.zip";
    auto r = cli({"export", id, "-o", zip.string()}, online());
    ASSERT_EQ(r.exit_code, 0) << dump(r);

    auto ok = cli({"--json", "verify", zip.string()});  // SCELLE_TRUST_ANCHORS = test CA
    EXPECT_EQ(ok.exit_code, 0) << dump(ok);
    json v = json::parse(ok.out, nullptr, false);
    EXPECT_EQ(v["verdict"], "intact_and_sealed") << ok.out;
    EXPECT_EQ(v["case"], id);
    EXPECT_EQ(v["problems"], json::array()) << ok.out;
    EXPECT_EQ(v["counts"]["evidence_files"], 2);
    for (const auto& t : v["tokens"])
        EXPECT_EQ(t["trusted"], true) << t.dump();

    // Someone without the TSA's CA: intact, but not sealed by an authority they trust.
    test::RunOptions no_ca;
    no_ca.env["SCELLE_TRUST_ANCHORS"] = "";
    auto untrusted = test::run({SCELLE_CLI_PATH, "--lang", "fr", "verify", zip.string()}, no_ca);
    EXPECT_EQ(untrusted.exit_code, 3) << dump(untrusted);
    EXPECT_NE(untrusted.out.find("Archive intacte, mais non scellée"), std::string::npos)
        << untrusted.out;

    // One byte of an original changed inside the zip (the file keeps its size).
    const fs::path b = unzip(zip, id);
    const fs::path png = b / "data" / "evidence" / "0001-file.png";
    std::string bytes = test::read_file(png);
    bytes[bytes.size() / 2] ^= 0x01;
    fs::permissions(png, fs::perms::owner_write, fs::perm_options::add);
    test::write_file(png, bytes);
    const fs::path altered = out_dir / "altered.zip";
    auto rezip = in_folder(b.parent_path(), "zip -q -r -0 '" + altered.string() + "' scelle-" + id);
    ASSERT_EQ(rezip.exit_code, 0) << dump(rezip);
    auto bad = cli({"--json", "verify", altered.string()});
    EXPECT_EQ(bad.exit_code, 1) << dump(bad);
    json vb = json::parse(bad.out, nullptr, false);
    bool named = false;
    for (const auto& p : vb["problems"])
        named = named || p["path"] == "data/evidence/0001-file.png";
    EXPECT_TRUE(named) << bad.out;
}

}  // namespace
}  // namespace scelle
