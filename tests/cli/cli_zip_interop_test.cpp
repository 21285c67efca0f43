// One reading (docs/bundle-format.md sections 1 and 9): every bundle `scelle-cli verify`
// accepts — made by libzip, by `scelle-cli export` (plain and encrypted), or by Python's
// zipfile with zip64 records or data descriptors — passes `unzip -t`, Python's testzip() and
// `7z t`, and each of them extracts exactly the files the bundle's manifests list, with their
// SHA-256. Every hostile layout verify refuses is listed with the outside tools that read it
// differently (refuse it, or extract other bytes): the reason it is refused.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zip.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bundle_corpus.h"
#include "bundle_fixture.h"
#include "child_process.h"
#include "scelle/base/png_writer.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/store/bundle_format.h"
#include "temp_dir.h"
#include "test_tsa.h"
#include "zip_surgery.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::BundleFiles;
using test::ParsedZip;
using test::TempDir;

std::string sha256_hex(std::string_view data) {
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

// The outside tools, each testing the archive and extracting it.
enum class Tool { unzip, python, sevenzip };
const char* name(Tool t) {
    return t == Tool::unzip ? "unzip" : t == Tool::python ? "python" : "7z";
}

test::ProcResult test_with(Tool t, const fs::path& zip, const std::string& password) {
    switch (t) {
        case Tool::unzip:
            return test::run({"unzip", "-tq", zip.string()});
        case Tool::python:
            return test::run({"python3", "-c",
                              "import sys, zipfile\n"
                              "sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)",
                              zip.string()});
        case Tool::sevenzip:
            return test::run({"7z", "t", "-p" + password, zip.string()});
    }
    return {};
}

test::ProcResult extract_with(Tool t, const fs::path& zip, const std::string& password,
                              const fs::path& to) {
    fs::create_directories(to);
    switch (t) {
        case Tool::unzip:
            return test::run({"unzip", "-qo", zip.string(), "-d", to.string()});
        case Tool::python:
            return test::run(
                {"python3", "-c",
                 "import sys, zipfile\nzipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                 zip.string(), to.string()});
        case Tool::sevenzip:
            return test::run({"7z", "x", "-y", "-p" + password, "-o" + to.string(), zip.string()});
    }
    return {};
}

// Empty when `folder` holds exactly the files its two manifests list (and the tag manifest),
// each with the listed SHA-256; else what differs.
std::string differs_from_manifests(const fs::path& folder) {
    std::map<std::string, std::string> listed;
    for (const char* m : {"manifest-sha256.txt", "tagmanifest-sha256.txt"}) {
        if (!fs::exists(folder / m))
            return std::string("no ") + m;
        std::istringstream in(test::read_file(folder / m));
        for (std::string line; std::getline(in, line);)
            if (line.size() > 66)
                listed[line.substr(66)] = line.substr(0, 64);
    }
    std::set<std::string> present;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file())
            present.insert(fs::relative(e.path(), folder).string());
    std::string out;
    for (const auto& p : present)
        if (p != "tagmanifest-sha256.txt" && !listed.count(p))
            out += p + " not listed; ";
    for (const auto& [p, digest] : listed) {
        if (!present.count(p))
            out += p + " missing; ";
        else if (sha256_hex(test::read_file(folder / p)) != digest)
            out += p + " differs; ";
    }
    return out;
}

class CliZipInterop : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tsa = new test::TestTsa();
        ASSERT_TRUE(s_tsa->start()) << s_tsa->last_error();
        s_dir = new TempDir("scelle-cli-zip-interop");
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "a", *s_tsa));
        s_tsa->pki().write_ca_pem(s_dir->path() / "ca.pem");
    }
    static void TearDownTestSuite() {
        delete s_base;
        delete s_dir;
        delete s_tsa;
    }
    static std::string ca() { return (s_dir->path() / "ca.pem").string(); }

    test::ProcResult cli(const fs::path& store, std::vector<std::string> args) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions o;
        o.env["LC_ALL"] = "C";
        o.env["SCELLE_TSA_URLS"] = s_tsa->url();
        o.env["SCELLE_TRUST_ANCHORS"] = ca();
        return test::run(argv, o);
    }
    test::ProcResult verify(const fs::path& zip, const std::string& password) {
        std::vector<std::string> args = {SCELLE_CLI_PATH, "--json", "verify",
                                         zip.string(),    "--ca",   ca()};
        if (!password.empty()) {
            test::write_file(tmp.path() / "pass.txt", password + "\n");
            args.push_back("--password-file");
            args.push_back((tmp.path() / "pass.txt").string());
        }
        return test::run(args);
    }

    // The tools that read `zip` otherwise than as the bundle its manifests describe: their
    // test fails, or the files they extract are not the manifests' ones.
    std::set<std::string> disagreeing(const fs::path& zip, const std::string& password,
                                      std::string& log) {
        std::set<std::string> out;
        for (Tool t : {Tool::unzip, Tool::python, Tool::sevenzip}) {
            // unzip 6.0 and Python's zipfile cannot decrypt WinZip AES.
            if (!password.empty() && t != Tool::sevenzip)
                continue;
            const auto tested = test_with(t, zip, password);
            const fs::path x = tmp.path() / ("x-" + std::to_string(++m_extractions));
            extract_with(t, zip, password, x);
            const fs::path folder = x / s_folder;
            const std::string diff =
                fs::exists(folder) ? differs_from_manifests(folder) : "nothing extracted";
            if (tested.exit_code != 0 || !diff.empty()) {
                out.insert(name(t));
                log += std::string("  ") + name(t) + ": test exit " +
                       std::to_string(tested.exit_code) + (diff.empty() ? "" : "; " + diff) + "\n";
            }
        }
        return out;
    }

    // An exported bundle, made by `scelle-cli export` from a case with two files.
    fs::path exported(const std::string& file, const std::vector<std::string>& extra) {
        const fs::path store = tmp.path() / ("store-" + file);
        auto r = cli(store, {"case", "new", "--title", "Interop"});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        const std::string id = r.out.substr(0, r.out.find('\n'));
        std::vector<std::uint8_t> px(64 * 48 * 3, 0x41);
        auto png = core::encode_png_rgb8(64, 48, px);
        EXPECT_TRUE(png.ok());
        test::write_file(tmp.path() / "capture.png",
                         std::string(reinterpret_cast<const char*>(png->data()), png->size()));
        test::write_file(tmp.path() / "conv.txt", "t’as quel âge ?\n");
        r = cli(store, {"import", id, (tmp.path() / "capture.png").string(),
                        (tmp.path() / "conv.txt").string()});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        const fs::path zip = tmp.path() / file;
        std::vector<std::string> args = {"export", id, "-o", zip.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        r = cli(store, args);
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        m_folder_of[zip.string()] = "scelle-" + id;
        return zip;
    }

    static test::TestTsa* s_tsa;
    static TempDir* s_dir;
    static BundleFiles* s_base;
    static std::string s_folder;
    TempDir tmp{"scelle-cli-zip-interop-case"};
    std::map<std::string, std::string> m_folder_of;
    int m_extractions = 0;
};
test::TestTsa* CliZipInterop::s_tsa = nullptr;
TempDir* CliZipInterop::s_dir = nullptr;
BundleFiles* CliZipInterop::s_base = nullptr;
std::string CliZipInterop::s_folder;

TEST_F(CliZipInterop, EveryBundleVerifyAcceptsReadsTheSameWithUnzipPythonAnd7Zip) {
    struct Accepted {
        std::string what;
        fs::path zip;
        std::string password;
        std::string folder;
    };
    std::vector<Accepted> all;
    const std::string folder = s_base->folder();
    const fs::path plain = tmp.path() / "libzip-plain.zip";
    test::write_bundle_zip(*s_base, plain);
    all.push_back({"libzip, plain", plain, "", folder});
    const fs::path enc = tmp.path() / "libzip-aes.zip";
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    test::write_bundle_zip(*s_base, enc, zo);
    {
        // With the archive comment set again by libzip: the note encrypted bundles carry.
        int err = 0;
        core::ZipArchive za(zip_open(enc.c_str(), 0, &err));
        ASSERT_TRUE(za);
        const std::string note(core::bundle::archive_comment(/*encrypted=*/true));
        ASSERT_EQ(
            zip_set_archive_comment(za.get(), note.data(), static_cast<zip_uint16_t>(note.size())),
            0);
        ASSERT_TRUE(za.commit(enc.string()).ok());
    }
    all.push_back({"libzip, AES-256, commented", enc, *zo.password, folder});
    const fs::path src = tmp.path() / "src";
    for (const auto& [path, bytes] : s_base->files) {
        fs::create_directories((src / folder / path).parent_path());
        test::write_file(src / folder / path, bytes);
    }
    for (const std::string mode : {"zip64", "stream", "zip64-stream", "offsets"}) {
        const fs::path z = tmp.path() / ("python-" + mode + ".zip");
        auto r = test::python_zip(src, z, mode);
        ASSERT_EQ(r.exit_code, 0) << test::dump(r);
        all.push_back({"Python zipfile, " + mode, z, "", folder});
    }
    const fs::path exp = exported("export.zip", {});
    all.push_back({"scelle-cli export", exp, "", m_folder_of[exp.string()]});
    test::write_file(tmp.path() / "export-pass.txt", "phrase secrète très longue\n");
    const fs::path exp_enc =
        exported("export-aes.zip",
                 {"--encrypt", "--password-file", (tmp.path() / "export-pass.txt").string()});
    all.push_back({"scelle-cli export --encrypt", exp_enc, "phrase secrète très longue",
                   m_folder_of[exp_enc.string()]});

    for (const auto& a : all) {
        SCOPED_TRACE(a.what);
        s_folder = a.folder;
        auto v = verify(a.zip, a.password);
        EXPECT_EQ(v.exit_code, 0) << test::dump(v);
        std::string log;
        EXPECT_EQ(disagreeing(a.zip, a.password, log), std::set<std::string>{}) << log;
    }
}

TEST_F(CliZipInterop, EveryHostileLayoutIsRefusedAndSomeToolReadsItOtherwise) {
    s_folder = s_base->folder();
    const std::string plain = test::zip_bytes(*s_base, tmp.path());
    BundleFiles altered_files = *s_base;
    for (auto& [path, bytes] : altered_files.files)
        if (path.rfind("data/evidence/", 0) == 0 && path.find(".txt") != std::string::npos)
            bytes = "replaced by someone else\n";
    const std::string altered = test::zip_bytes(altered_files, tmp.path());
    auto patched = [&](std::string_view suffix, std::size_t local_at, std::uint32_t mask, bool wide,
                       std::size_t central_at = 0) {
        ParsedZip z(plain);
        auto& e = z.entry(suffix);
        if (wide)
            test::put32(e.local, local_at, test::get32(e.local, local_at) ^ mask);
        else
            test::put16(e.local, local_at, test::get16(e.local, local_at) ^ mask);
        if (central_at != 0)
            test::put16(e.central, central_at, test::get16(e.central, central_at) ^ mask);
        return z.assemble();
    };
    ParsedZip gap(plain);
    gap.entries[5].gap_after = std::string(64, '\0');
    ParsedZip commented(plain);
    commented.comment = "abcd";
    std::string long_comment = commented.assemble();
    test::put16(long_comment, long_comment.size() - 4 - 2, 5);
    const std::string evidence = "data/evidence/0002-file.txt";

    struct Hostile {
        std::string what;
        std::string bytes;
        std::string kind;
        std::set<std::string> tools;  // the outside tools that read it otherwise
    };
    // What each tool does was observed with unzip 6.0, Python 3.11 and 7-Zip 26.02: a case
    // where no tool disagrees is refused because verify must read what they read, byte for
    // byte, and bytes outside the archive are room for another one.
    const std::vector<Hostile> cases = {
        {"valid bundle, then an altered copy",
         plain + altered,
         "zip_second_archive",
         {"unzip", "python"}},
        {"altered copy, then the valid bundle",
         altered + plain,
         "zip_second_archive",
         {"unzip", "7z"}},
        {"bytes appended", plain + std::string(1000, 'x'), "zip_extra_bytes", {}},
        {"a self-extractor stub in front",
         "MZ" + std::string(4094, '\x90') + plain,
         "zip_extra_bytes",
         {"unzip", "7z"}},
        {"a gap between two entries", gap.assemble(), "zip_layout", {}},
        {"a data descriptor flag in one local header",
         patched("bagit.txt", 6, 0x0008, false),
         "zip_header_mismatch",
         {"unzip", "7z"}},
        {"version needed lower in one local header",
         patched("bagit.txt", 4, 0x001e, false),
         "zip_header_mismatch",
         {}},
        {"version needed 5.1 for a plain entry",
         patched("bagit.txt", 4, 0x0027, false, 6),
         "zip_layout",
         {"unzip"}},
        {"another compression method in one local header",
         patched("bagit.txt", 8, 0x0008, false),
         "zip_header_mismatch",
         {"unzip", "7z"}},
        {"another CRC-32 in one local header",
         patched("bagit.txt", 14, 0x00010000, true),
         "zip_header_mismatch",
         {"unzip", "7z"}},
        {"another compressed size in one local header",
         patched("bagit.txt", 18, 1, true),
         "zip_header_mismatch",
         {"7z"}},
        {"another uncompressed size in one local header",
         patched("bagit.txt", 22, 1, true),
         "zip_header_mismatch",
         {"7z"}},
        {"another name in one local header",
         patched(evidence, 30 + 20, 0x0001, false),
         "zip_header_mismatch",
         {"unzip", "python"}},
        {"a comment declared longer than it is", long_comment, "zip_layout", {"7z"}},
    };
    std::string table;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        const fs::path zip = tmp.path() / "hostile.zip";
        test::write_file(zip, c.bytes);
        auto v = verify(zip, "");
        EXPECT_EQ(v.exit_code, 1) << test::dump(v);
        const json j = json::parse(v.out, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << v.out;
        EXPECT_EQ(j["verdict"], "unsafe");
        ASSERT_FALSE(j["problems"].empty());
        EXPECT_EQ(j["problems"][0]["kind"], c.kind) << v.out;
        std::string log;
        const auto tools = disagreeing(zip, "", log);
        EXPECT_EQ(tools, c.tools) << log;
        table += c.what + " -> " + c.kind + " (" + j["problems"][0]["detail"].get<std::string>() +
                 ")\n" + log;
    }
    std::cout << table;
}

}  // namespace
}  // namespace scelle
