// End-to-end tests of `scelle-cli export`: the bundle it writes is checked with the tools an
// investigator has (unzip, sha256sum, openssl ts, zipinfo, 7z), by running the very commands
// VERIFY-en.txt gives; offline and encrypted exports; bad inputs that must leave nothing at the
// target; a full disk; SIGINT and SIGKILL during an export.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
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

#include "child_process.h"
#include "scelle/base/png_writer.h"
#include "scelle/store/bundle_format.h"
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

// The commands of a VERIFY text, as printed: the lines indented by exactly five spaces (the
// texts say that is what a command looks like).
std::vector<std::string> commands_of(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& line : split_lines(text))
        if (line.size() > 5 && line.rfind("     ", 0) == 0 && line[5] != ' ')
            out.push_back(line.substr(5));
    return out;
}

// The repository (not from __FILE__, which a compiler cache may make relative).
fs::path source_dir() {
    return SCELLE_SOURCE_DIR;
}

// The test root again, same name, key and serial, but a version 1 certificate that expired
// before any token of the test was made: the chain reaches a trusted anchor, and fails for
// another reason than a missing one.
std::string expired_root_pem(const test::KeyAndCert& ca) {
    crypto::X509Ptr c(X509_new());
    const std::time_t now = std::time(nullptr);
    const bool made = c && X509_set_version(c.get(), 0) == 1 &&
                      X509_set_serialNumber(c.get(), X509_get_serialNumber(ca.cert.get())) == 1 &&
                      X509_set_subject_name(c.get(), X509_get_subject_name(ca.cert.get())) == 1 &&
                      X509_set_issuer_name(c.get(), X509_get_subject_name(ca.cert.get())) == 1 &&
                      X509_set_pubkey(c.get(), ca.key.get()) == 1 &&
                      ASN1_TIME_set(X509_getm_notBefore(c.get()), now - 10 * 86400) != nullptr &&
                      ASN1_TIME_set(X509_getm_notAfter(c.get()), now - 5 * 86400) != nullptr &&
                      X509_sign(c.get(), ca.key.get(), EVP_sha256()) > 0;
    EXPECT_TRUE(made);
    return made ? test::cert_to_pem(c.get()) : std::string();
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

    // Every command VERIFY-en.txt and VERIFY-fr.txt give, from the first, run as printed in one
    // shell that starts in the folder holding the bundle, with the authority's root saved there
    // as CA.pem as "Before you start" asks: after the texts' own `cd`, every path still works.
    for (const char* text : {"VERIFY-en.txt", "VERIFY-fr.txt"}) {
        const std::string verify_text = test::read_file(b / text);
        const std::vector<std::string> commands = commands_of(verify_text);
        // CA, list, mkdir, unpack, cd, sha256sum x2, find, verify + reply for the manifest,
        // head + verify + reply for K=3.
        ASSERT_EQ(commands.size(), 13u) << text << "\n" << verify_text;
        EXPECT_EQ(commands[0], "CA=\"$PWD/CA.pem\"") << text;
        const fs::path start = dir / (std::string("by-hand-") + text);
        const fs::path results = dir / (std::string("results-") + text);
        fs::create_directories(start);
        fs::create_directories(results);
        fs::copy_file(zip, start / "dossier.zip");
        fs::copy_file(ca, start / "CA.pem");
        std::string script;
        for (std::size_t i = 0; i < commands.size(); ++i) {
            const std::string at = (results / std::to_string(i)).string();
            script += "{\n" + commands[i] + "\n} > " + at + ".out 2> " + at + ".err\necho $? > " +
                      at + ".rc\n";
        }
        test::RunOptions o;
        o.cwd = start.string();
        o.env = {{"LC_ALL", "C"}};
        auto sh = test::run({"bash", "-c", script}, o);
        ASSERT_EQ(sh.exit_code, 0) << dump(sh);
        int verified = 0;
        for (std::size_t i = 0; i < commands.size(); ++i) {
            const std::string& c = commands[i];
            const fs::path at = results / std::to_string(i);
            const std::string out = test::read_file(at.string() + ".out");
            const std::string err = test::read_file(at.string() + ".err");
            EXPECT_EQ(test::read_file(at.string() + ".rc"), "0\n") << text << ": " << c << "\n"
                                                                   << out << err;
            if (c.rfind("unzip -l ", 0) == 0) {
                // Every name listed lies in the one bundle folder.
                static const std::regex entry(R"(^\s*\d+\s+\S+\s+\S+\s+(\S.*)$)");
                int names = 0;
                for (const auto& l : split_lines(out)) {
                    std::smatch m;
                    if (!std::regex_match(l, m, entry))
                        continue;
                    ++names;
                    EXPECT_EQ(m[1].str().rfind("scelle-" + id + "/", 0), 0u) << l;
                }
                EXPECT_GE(names, 12) << out;
            }
            if (c.rfind("sha256sum -c", 0) == 0) {
                for (const auto& l : split_lines(out))
                    EXPECT_TRUE(l.size() > 4 && l.substr(l.size() - 4) == ": OK") << l;
            }
            if (c.rfind("find data", 0) == 0) {  // 2 evidence files, case.json, log, report
                EXPECT_EQ(out, "5\n");
            }
            if (c.rfind("openssl ts -verify", 0) == 0) {
                ++verified;
                EXPECT_EQ(out, "Verification: OK\n") << c << "\n" << err;
                // Whatever else openssl says is what the text explains.
                if (err.find("Warning:") != std::string::npos) {
                    EXPECT_NE(err.find("is not a CA cert"), std::string::npos) << err;
                    EXPECT_NE(verify_text.find("is not a CA cert"), std::string::npos) << text;
                }
            }
        }
        EXPECT_EQ(verified, 2) << text;
        // The folder the bundle was unpacked into holds the bundle folder and the log prefix the
        // text wrote beside it; the bundle folder itself gained nothing.
        const fs::path into =
            start / (std::string(text) == "VERIFY-en.txt" ? "unpacked" : "extrait");
        EXPECT_EQ(names_in(into),
                  (std::vector<std::string>{"custody-log-first-3-lines.txt", "scelle-" + id}));
        EXPECT_EQ(names_in(start),
                  (std::vector<std::string>{
                      "CA.pem", "dossier.zip",
                      std::string(text) == "VERIFY-en.txt" ? "unpacked" : "extrait"}));
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

TEST_F(CliExport, AnEncryptedBundleSaysOutsideHowToOpenIt) {
    const std::string id = make_case(online());
    const fs::path pass = file("pass.txt", "cheval correct agrafe batterie\n");
    const fs::path zip = out_dir / "chiffre.zip";
    auto r = cli({"export", id, "-o", zip.string(), "--encrypt", "--password-file", pass.string()},
                 online());
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("Send the passphrase by another channel"), std::string::npos) << r.err;

    // The archive comment, readable without the passphrase by unzip and 7-Zip alike.
    const std::string note(core::bundle::archive_comment(true));
    ASSERT_FALSE(note.empty());
    for (const auto& argv : std::vector<std::vector<std::string>>{{"unzip", "-z", zip.string()},
                                                                  {"unzip", "-l", zip.string()},
                                                                  {"7z", "l", zip.string()}}) {
        auto c = test::run(argv);
        EXPECT_EQ(c.exit_code, 0) << argv[0] << " " << argv[1] << "\n" << dump(c);
        for (const char* line : {"Scelle evidence bundle, ENCRYPTED (AES-256).",
                                 "Archive de preuves Scelle CHIFFREE (AES-256).", "7z x FILE.zip",
                                 "VERIFY-en.txt", "VERIFY-fr.txt"})
            EXPECT_NE(c.out.find(line), std::string::npos)
                << argv[0] << " " << argv[1] << ": " << line << "\n"
                << c.out;
    }
    auto z = test::run({"unzip", "-z", zip.string()});
    EXPECT_NE(z.out.find(note), std::string::npos) << z.out;
    // The format document gives it word for word, and the guides show it.
    for (const char* doc : {"docs/bundle-format.md", "docs/verify-en.md", "docs/verify-fr.md"})
        EXPECT_NE(test::read_file(source_dir() / doc).find(note), std::string::npos) << doc;

    const fs::path x = dir / "7z-x";
    auto seven = test::run(
        {"7z", "x", "-y", "-pcheval correct agrafe batterie", "-o" + x.string(), zip.string()});
    ASSERT_EQ(seven.exit_code, 0) << dump(seven);
    EXPECT_TRUE(fs::exists(x / ("scelle-" + id) / "VERIFY-en.txt"));
    auto v = cli({"verify", zip.string(), "--password-file", pass.string(), "--ca", ca.string()});
    EXPECT_EQ(v.exit_code, 0) << dump(v);

    // Another comment, of the same length (bytes patched) or not (rewritten by Python's
    // zipfile), is refused: nothing covers it, so nothing else may be there.
    std::string bytes = test::read_file(zip);
    const std::size_t at = bytes.find(note);
    ASSERT_NE(at, std::string::npos);
    const std::string forged_note = "Authentique : certifiee conforme par la gendarmerie.";
    std::string same = bytes;
    same.replace(at, forged_note.size(), forged_note);
    ASSERT_EQ(same.size(), bytes.size());
    const fs::path patched = out_dir / "meme-longueur.zip";
    test::write_file(patched, same);
    const fs::path rewritten = out_dir / "autre-longueur.zip";
    fs::copy_file(zip, rewritten);
    auto py = test::run({"python3", "-c",
                         "import sys, zipfile\n"
                         "with zipfile.ZipFile(sys.argv[1], 'a') as z:\n"
                         "    z.comment = b'Authentique.'\n",
                         rewritten.string()});
    ASSERT_EQ(py.exit_code, 0) << dump(py);
    EXPECT_NE(test::run({"unzip", "-z", rewritten.string()}).out.find("Authentique."),
              std::string::npos);
    for (const fs::path& bad : {patched, rewritten}) {
        auto b = cli({"--json", "verify", bad.string(), "--password-file", pass.string(), "--ca",
                      ca.string()});
        EXPECT_EQ(b.exit_code, 1) << bad << "\n" << dump(b);
        json j = json::parse(b.out, nullptr, false);
        ASSERT_TRUE(j.is_object()) << b.out;
        EXPECT_EQ(j["verdict"], "altered") << j.dump(2);
        bool found = false;
        for (const auto& p : j["problems"])
            found = found || (p["kind"] == "zip_comment_mismatch" && p["path"] == "");
        EXPECT_TRUE(found) << j.dump(2);
        auto human = cli({"verify", bad.string(), "--password-file", pass.string()});
        EXPECT_EQ(human.exit_code, 1);
        EXPECT_NE(human.out.find("comment was changed"), std::string::npos) << human.out;
    }

    // A plain bundle has no comment, and gets none.
    const fs::path plain = out_dir / "clair.zip";
    ASSERT_EQ(cli({"export", id, "-o", plain.string(), "--offline"}).exit_code, 0);
    EXPECT_EQ(test::run({"unzip", "-z", plain.string()}).out.find("Scelle"), std::string::npos);
    auto py2 = test::run({"python3", "-c",
                          "import sys, zipfile\n"
                          "with zipfile.ZipFile(sys.argv[1], 'a') as z:\n"
                          "    z.comment = b'Authentique.'\n",
                          plain.string()});
    ASSERT_EQ(py2.exit_code, 0) << dump(py2);
    EXPECT_EQ(cli({"verify", plain.string()}).exit_code, 1);
}

TEST_F(CliExport, NoCaAdviceForABundleWithoutAManifestToken) {
    // Offline export: a log token, but no manifest token. Naming a CA cannot seal it.
    const std::string id = make_case(online());
    const fs::path zip = out_dir / "hors-ligne.zip";
    ASSERT_EQ(cli({"export", id, "-o", zip.string(), "--offline"}).exit_code, 0);
    for (const auto& env : std::vector<Env>{{}, {{"SCELLE_TRUST_ANCHORS", ""}}}) {
        for (const char* lang : {"en", "fr"}) {
            auto v = cli({"--lang", lang, "verify", zip.string()}, env);
            EXPECT_EQ(v.exit_code, 3) << dump(v);
            EXPECT_EQ(v.out.find("--ca"), std::string::npos) << v.out;
        }
    }
    // A manifest token whose authority is not trusted: then, and only then, name its CA.
    const fs::path sealed = out_dir / "scellee.zip";
    ASSERT_EQ(cli({"export", id, "-o", sealed.string()}, online()).exit_code, 0);
    auto u = cli({"verify", sealed.string()}, {{"SCELLE_TRUST_ANCHORS", ""}});
    EXPECT_EQ(u.exit_code, 3) << dump(u);
    EXPECT_NE(u.out.find("name its CA with --ca"), std::string::npos) << u.out;
    // A token that reaches a trusted root which had expired by then: naming a CA cannot help.
    const fs::path expired = dir / "expired-root.pem";
    test::write_file(expired, expired_root_pem(tsa->pki().ca));
    for (const char* lang : {"en", "fr"}) {
        auto e = cli({"--lang", lang, "verify", sealed.string(), "--ca", expired.string()},
                     {{"SCELLE_TRUST_ANCHORS", ""}});
        EXPECT_EQ(e.exit_code, 3) << dump(e);
        EXPECT_EQ(e.out.find("--ca"), std::string::npos) << e.out;
        EXPECT_NE(e.out.find("certificate has expired"), std::string::npos) << e.out;
    }

    // Its VERIFY texts do not send anyone after a root certificate for the missing seal.
    const std::string bare_id = make_case({});
    const fs::path bare = out_dir / "sans-jeton.zip";
    ASSERT_EQ(cli({"export", bare_id, "-o", bare.string(), "--offline"}).exit_code, 0);
    const fs::path b = unzip(bare, bare_id);
    for (const char* text : {"VERIFY-en.txt", "VERIFY-fr.txt"}) {
        const std::string t = test::read_file(b / text);
        EXPECT_EQ(t.find("CA.pem"), std::string::npos) << text;
        EXPECT_EQ(t.find("issuer certificate"), std::string::npos) << text;
        EXPECT_EQ(t.find("CAfile"), std::string::npos) << text;
    }
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
    EXPECT_NE(untrusted.out.find("Intacte, mais non scellée"), std::string::npos) << untrusted.out;

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
