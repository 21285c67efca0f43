// The bundle writer against a real store and the real test TSA on 127.0.0.1: the exact layout
// of docs/bundle-format.md, every hash recomputed here with OpenSSL (not Scellé's code), the
// tokens' imprints, compression methods, the unsealed and encrypted variants, and the
// failures (target exists, cancellation, a failing sync, an altered original) that must leave
// nothing at the target path.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <stdlib.h>
#include <zip.h>

#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scelle/base/png_writer.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/crypto/ossl_x509_ptr.h"
#include "scelle/store/sealing.h"
#include "scelle/store/store.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Requests that would leave the machine go to a closed proxy port instead.

std::string hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

// SHA-256 by OpenSSL directly.
std::string sha(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return hex(md, len);
}

// The message imprint (hex) of a DER TimeStampResp, read by OpenSSL; "" if it does not parse.
std::string imprint(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    crypto::TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
    if (!resp)
        return "";
    TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
    std::string out;
    if (info != nullptr) {
        const ASN1_OCTET_STRING* m = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info));
        out = hex(ASN1_STRING_get0_data(m), static_cast<std::size_t>(ASN1_STRING_length(m)));
    }
    return out;
}

struct ZipEntry {
    std::string data;
    int comp_method = -1;
    int encryption = -1;
};

// Every entry of a zip, in archive order, read with libzip.
std::vector<std::pair<std::string, ZipEntry>> read_zip(const fs::path& p,
                                                       const char* password = nullptr) {
    std::vector<std::pair<std::string, ZipEntry>> out;
    int err = 0;
    ZipArchive archive(zip_open(path_to_utf8(p).c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err));
    zip_t* z = archive.get();
    if (z == nullptr) {
        ADD_FAILURE() << "zip_open failed: " << err;
        return out;
    }
    if (password != nullptr)
        zip_set_default_password(z, password);
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
        zip_stat_t st;
        zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
        ZipEntry e;
        e.comp_method = st.comp_method;
        e.encryption = st.encryption_method;
        ZipFilePtr f(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
        if (f) {
            e.data.resize(st.size);
            zip_int64_t n = zip_fread(f.get(), e.data.data(), st.size);
            EXPECT_EQ(n, static_cast<zip_int64_t>(st.size)) << st.name;
        }
        out.emplace_back(st.name, std::move(e));
    }
    return out;  // `archive` discards the read-only handle
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

// Fails the sync of a closed file, as a full disk would.
class FailingSyncEnv : public Env {
  public:
    Result<void> sync_file(const fs::path& path) override {
        return error_from_errno(ENOSPC, path.string(), false);
    }
};

class BundleWriter : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(tsa.start()) << tsa.last_error();
        ca = dir / "ca.pem";
        tsa.pki().write_ca_pem(ca);
        auto t = crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {ca}});
        ASSERT_TRUE(t.ok());
        trust.emplace(std::move(t).value());
        client.max_attempts = 1;
        client.total_timeout = std::chrono::seconds(5);
        auto id = store.create_case({"Export", std::string("3018"), {"grooming"}, std::nullopt});
        ASSERT_TRUE(id.ok());
        case_id = *id;
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
        fs::create_directories(dir / "out");
    }

    fs::path input(const std::string& name, const std::string& content) {
        fs::create_directories(dir / "in");
        test::write_file(dir / "in" / name, content);
        return dir / "in" / name;
    }
    std::string png() {
        std::vector<std::uint8_t> px(64 * 48 * 3);
        for (std::size_t i = 0; i < px.size(); ++i)
            px[i] = static_cast<std::uint8_t>(i * 13);
        auto r = encode_png_rgb8(64, 48, px);
        EXPECT_TRUE(r.ok());
        return std::string(reinterpret_cast<const char*>(r->data()), r->size());
    }
    void import(const fs::path& p, std::optional<std::string> description = std::nullopt) {
        auto r =
            kase->import_files({{p}, std::move(description), std::nullopt, std::nullopt, false});
        ASSERT_TRUE(r.ok()) << r.error().detail;
    }
    void seal() {
        auto r = seal_pending(*kase, {tsa.url()}, *trust, client);
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(r->token.has_value());
    }
    // A case with every kind of item: a PNG and a text file (sealed by a log token), a link, a
    // withdrawn file, a description, and a file imported after the token (not covered).
    void make_case() {
        originals["0001-file.png"] = png();
        originals["0002-file.txt"] = "bonjour, ceci est une conversation copiée\n";
        import(input("IMG_0001.PNG", originals["0001-file.png"]), "capture du profil");
        import(input("conversation.txt", originals["0002-file.txt"]));
        ASSERT_TRUE(
            kase->add_link("https://example.org/p/1", std::string("le profil"), std::nullopt).ok());
        import(input("retire.txt", "à retirer"));
        ASSERT_TRUE(kase->withdraw(4, "doublon").ok());
        ASSERT_TRUE(kase->describe(2, "la conversation").ok());
        seal();
        originals["0005-file.bin"] = std::string("\x00\x01\x02late", 7);
        import(input("late.bin", originals["0005-file.bin"]));
    }
    Result<ExportOutcome> export_to(const fs::path& out, bool online = true,
                                    std::optional<std::string> pass = std::nullopt) {
        ExportOptions o;
        o.out = out;
        o.passphrase = std::move(pass);
        if (online)
            o.seal = tsa_manifest_sealer(*kase, {tsa.url()}, *trust, client);
        return export_bundle(*kase, o);
    }
    // Nothing but the given names in the output folder (no temporary file or folder left).
    void expect_out_folder(const std::vector<std::string>& names) {
        std::vector<std::string> got;
        for (const auto& e : fs::directory_iterator(dir / "out"))
            got.push_back(e.path().filename().string());
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, names);
    }

    test::TempDir dir{"scelle-bundle-writer"};
    test::TestTsa tsa;
    fs::path ca;
    std::optional<crypto::TrustStore> trust;
    crypto::TsaClientOptions client;
    Store store{dir / "store"};
    std::string case_id;
    std::unique_ptr<CaseStore> kase;
    std::map<std::string, std::string> originals;  // evidence file name -> bytes
};

TEST_F(BundleWriter, WritesTheLayoutOfTheSpecWithEveryHashAndToken) {
    make_case();
    auto log_before = kase->log_lines();
    ASSERT_TRUE(log_before.ok());
    const fs::path out = dir / "out" / "bundle.zip";
    auto r = export_to(out);
    ASSERT_TRUE(r.ok()) << r.error().subject << ": " << r.error().detail;
    EXPECT_TRUE(r->sealed);
    EXPECT_EQ(r->evidence_files, 3);
    ASSERT_TRUE(r->manifest_token.has_value());
    EXPECT_EQ(r->manifest_token->tsa_url, tsa.url());

    const std::string f = "scelle-" + case_id + "/";
    const auto entries = read_zip(out);
    std::map<std::string, ZipEntry> by_name;
    std::vector<std::string> names;
    for (const auto& [n, e] : entries) {
        names.push_back(n);
        by_name[n] = e;
    }
    // One log token: the seal() after line 7 (created, 3 imports, link, withdrawal, described).
    const std::int64_t k = 7;
    const std::vector<std::string> expected_names = {
        f + "bagit.txt",
        f + "bag-info.txt",
        f + "manifest-sha256.txt",
        f + "tagmanifest-sha256.txt",
        f + "VERIFY-fr.txt",
        f + "VERIFY-en.txt",
        f + "data/case.json",
        f + "data/custody-log.jsonl",
        f + "data/evidence/0001-file.png",
        f + "data/evidence/0002-file.txt",
        f + "data/evidence/0005-file.bin",
        f + "timestamps/custody-log-" + std::to_string(k) + ".tsr",
        f + "timestamps/manifest-sha256.txt.tsr",
        f + "timestamps/tsa-certs.pem",
    };
    EXPECT_EQ(names, expected_names);
    EXPECT_EQ(r->entries, expected_names);

    EXPECT_EQ(by_name[f + "bagit.txt"].data,
              "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");

    // The evidence, byte for byte; PNG stored, the others deflated.
    for (const auto& [name, bytes] : originals)
        EXPECT_EQ(by_name[f + "data/evidence/" + name].data, bytes) << name;
    EXPECT_EQ(by_name[f + "data/evidence/0001-file.png"].comp_method, ZIP_CM_STORE);
    EXPECT_EQ(by_name[f + "data/evidence/0002-file.txt"].comp_method, ZIP_CM_DEFLATE);
    EXPECT_EQ(by_name[f + "data/case.json"].comp_method, ZIP_CM_DEFLATE);
    for (const auto& [n, e] : entries)
        EXPECT_EQ(e.encryption, ZIP_EM_NONE) << n;

    // The custody log, byte for byte (the `bundle.exported` line came after).
    std::string log_text;
    for (const auto& l : *log_before)
        log_text += l + "\n";
    EXPECT_EQ(by_name[f + "data/custody-log.jsonl"].data, log_text);

    // manifest-sha256.txt: every payload file, its hash computed here, sorted by path.
    std::vector<std::string> payload;
    std::uint64_t payload_bytes = 0;
    std::string manifest_expected;
    for (const auto& [n, e] : by_name)  // std::map: byte order
        if (n.rfind(f + "data/", 0) == 0) {
            manifest_expected += sha(e.data) + "  " + n.substr(f.size()) + "\n";
            payload_bytes += e.data.size();
            payload.push_back(n);
        }
    const std::string manifest = by_name[f + "manifest-sha256.txt"].data;
    EXPECT_EQ(manifest, manifest_expected);
    EXPECT_EQ(r->manifest_sha256, sha(manifest));
    std::string tag_expected;
    for (const auto& [n, e] : by_name)
        if (n.rfind(f + "data/", 0) != 0 && n != f + "tagmanifest-sha256.txt")
            tag_expected += sha(e.data) + "  " + n.substr(f.size()) + "\n";
    EXPECT_EQ(by_name[f + "tagmanifest-sha256.txt"].data, tag_expected);

    // bag-info.txt: the labels in order, Payload-Oxum from the files themselves.
    const auto info = lines_of(by_name[f + "bag-info.txt"].data);
    ASSERT_EQ(info.size(), 8u);
    const std::vector<std::string> labels = {
        "Bagging-Date: ",       "Payload-Oxum: ",          "External-Identifier: ",
        "Bag-Software-Agent: ", "Scelle-Bundle-Version: ", "Scelle-Exported-At: ",
        "Scelle-Sealed: ",      "Scelle-Log-Lines: "};
    for (std::size_t i = 0; i < labels.size(); ++i)
        EXPECT_EQ(info[i].rfind(labels[i], 0), 0u) << info[i];
    EXPECT_EQ(info[1], "Payload-Oxum: " + std::to_string(payload_bytes) + "." +
                           std::to_string(payload.size()));
    EXPECT_EQ(info[2], "External-Identifier: " + case_id);
    EXPECT_EQ(info[4], "Scelle-Bundle-Version: 1");
    EXPECT_EQ(info[6], "Scelle-Sealed: yes");
    EXPECT_EQ(info[7], "Scelle-Log-Lines: " + std::to_string(log_before->size()));
    EXPECT_EQ(info[0].substr(14), info[5].substr(20, 10));

    // The tokens: the manifest's over the manifest, the log's over its first K lines.
    EXPECT_EQ(imprint(by_name[f + "timestamps/manifest-sha256.txt.tsr"].data), sha(manifest));
    std::string prefix;
    for (std::int64_t i = 0; i < k; ++i)
        prefix += (*log_before)[static_cast<std::size_t>(i)] + "\n";
    EXPECT_EQ(imprint(by_name[f + "timestamps/custody-log-7.tsr"].data), sha(prefix));
    EXPECT_NE(by_name[f + "timestamps/tsa-certs.pem"].data.find("-----BEGIN CERTIFICATE-----"),
              std::string::npos);

    // case.json: the items with their files and timestamp statuses.
    json cj = json::parse(by_name[f + "data/case.json"].data, nullptr, false);
    ASSERT_TRUE(cj.is_object());
    EXPECT_EQ(cj["scelle_case_schema"], 3);
    EXPECT_EQ(cj["sealed"], true);
    EXPECT_EQ(cj["case"]["id"], case_id);
    EXPECT_EQ(cj["case"]["destination"], "3018");
    ASSERT_EQ(cj["items"].size(), 5u);
    const json& items = cj["items"];
    EXPECT_EQ(items[0]["file"], "data/evidence/0001-file.png");
    EXPECT_EQ(items[0]["name"], "IMG_0001.PNG");
    EXPECT_EQ(items[0]["description"], "capture du profil");
    EXPECT_EQ(items[0]["sha256"], sha(originals["0001-file.png"]));
    EXPECT_EQ(items[0]["timestamp"]["status"], "granted");
    EXPECT_EQ(items[0]["timestamp"]["token"], "timestamps/custody-log-7.tsr");
    EXPECT_EQ(items[1]["description"], "la conversation");
    EXPECT_EQ(items[2]["kind"], "link");
    EXPECT_TRUE(items[2]["file"].is_null());
    EXPECT_TRUE(items[3]["file"].is_null());
    EXPECT_EQ(items[3]["withdrawn"], true);
    EXPECT_EQ(items[3]["withdraw_reason"], "doublon");
    EXPECT_EQ(items[4]["file"], "data/evidence/0005-file.bin");
    EXPECT_EQ(items[4]["timestamp"]["status"], "pending");
    EXPECT_TRUE(items[4]["timestamp"]["token"].is_null());
    ASSERT_EQ(cj["timestamps"].size(), 1u);
    EXPECT_EQ(cj["timestamps"][0]["file"], "timestamps/custody-log-7.tsr");
    EXPECT_EQ(cj["timestamps"][0]["covers"], k);
    EXPECT_EQ(cj["timestamps"][0]["prefix_sha256"], sha(prefix));

    // The VERIFY texts name this bundle's files and K.
    for (const char* v : {"VERIFY-fr.txt", "VERIFY-en.txt"}) {
        const std::string& text = by_name[f + v].data;
        EXPECT_NE(text.find("head -n 7 data/custody-log.jsonl"), std::string::npos) << v;
        EXPECT_NE(text.find("-in timestamps/custody-log-7.tsr"), std::string::npos) << v;
        EXPECT_NE(text.find("-in timestamps/manifest-sha256.txt.tsr"), std::string::npos) << v;
        EXPECT_NE(text.find("unzip -l bundle.zip"), std::string::npos) << v;
        EXPECT_NE(text.find("-CAfile \"$CA\""), std::string::npos) << v;
    }
    EXPECT_NE(by_name[f + "VERIFY-fr.txt"].data.find("Scellée :              OUI"),
              std::string::npos);

    // The whole file: its hash and size, private mode, nothing else left beside it.
    EXPECT_EQ(r->sha256, sha(test::read_file(out)));
    EXPECT_EQ(r->size, fs::file_size(out));
    if constexpr (test::kPosixModes) {
        EXPECT_EQ(test::posix_mode(out), 0600u);
    }
    expect_out_folder({"bundle.zip"});

    // The export is logged after the fact, and `check` accepts the new action.
    auto log_after = kase->log_lines();
    ASSERT_TRUE(log_after.ok());
    ASSERT_EQ(log_after->size(), log_before->size() + 1);
    json last = json::parse(log_after->back());
    EXPECT_EQ(last["action"], "bundle.exported");
    EXPECT_EQ(last["sha256"], r->sha256);
    EXPECT_EQ(last["size"], r->size);
    EXPECT_EQ(last["sealed"], true);
    EXPECT_EQ(last["manifest_sha256"], sha(manifest));
    EXPECT_EQ(last["bundle"], "bundle.zip");
    EXPECT_EQ(r->log_seq, static_cast<std::int64_t>(log_after->size()));
    auto report = kase->check(&*trust);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact());
    EXPECT_EQ(report->log_lines, static_cast<std::int64_t>(log_after->size()));
}

TEST_F(BundleWriter, OfflineExportIsCompleteAndMarkedUnsealed) {
    make_case();
    const fs::path out = dir / "out" / "offline.zip";
    auto r = export_to(out, /*online=*/false);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_FALSE(r->sealed);
    EXPECT_FALSE(r->manifest_token.has_value());
    const std::string f = "scelle-" + case_id + "/";
    std::map<std::string, ZipEntry> by_name;
    for (auto& [n, e] : read_zip(out))
        by_name[n] = e;
    EXPECT_EQ(by_name.count(f + "timestamps/manifest-sha256.txt.tsr"), 0u);
    EXPECT_EQ(by_name.count(f + "timestamps/custody-log-7.tsr"), 1u);  // still there
    EXPECT_NE(by_name[f + "bag-info.txt"].data.find("\nScelle-Sealed: no\n"), std::string::npos);
    EXPECT_EQ(json::parse(by_name[f + "data/case.json"].data)["sealed"], false);
    EXPECT_NE(by_name[f + "VERIFY-en.txt"].data.find("NOT sealed"), std::string::npos);
    EXPECT_NE(by_name[f + "VERIFY-fr.txt"].data.find("n’a PAS été scellée"), std::string::npos);
    // The manifest still names case.json as it is in the bundle (sealed: false).
    EXPECT_NE(by_name[f + "manifest-sha256.txt"].data.find(sha(by_name[f + "data/case.json"].data) +
                                                           "  data/case.json\n"),
              std::string::npos);
}

TEST_F(BundleWriter, TsaFailuresAreReportedAndTheBundleIsUnsealed) {
    import(input("a.txt", "A"));
    ExportOptions o;
    o.out = dir / "out" / "a.zip";
    o.seal = tsa_manifest_sealer(*kase, {"http://127.0.0.1:9/tsa"}, *trust, client);
    auto r = export_bundle(*kase, o);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_FALSE(r->sealed);
    ASSERT_EQ(r->failures.size(), 1u);
    EXPECT_EQ(r->failures[0].kind, crypto::TsaFailureKind::refused);
    EXPECT_TRUE(fs::exists(o.out));
}

TEST_F(BundleWriter, EncryptedBundleHasEveryEntryInAes256) {
    import(input("a.png", png()));
    const fs::path out = dir / "out" / "secret.zip";
    auto r = export_to(out, true, std::string("correct horse"));
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(r->encrypted);
    const auto entries = read_zip(out, "correct horse");
    ASSERT_FALSE(entries.empty());
    for (const auto& [n, e] : entries) {
        EXPECT_EQ(e.encryption, ZIP_EM_AES_256) << n;
        EXPECT_FALSE(e.data.empty()) << n;
    }
    // The writer's own check refuses the wrong passphrase and the missing one.
    std::map<std::string, ExpectedEntry> expected;
    for (const auto& [n, e] : entries)
        expected[n] = {sha(e.data), e.data.size(), e.comp_method == ZIP_CM_STORE};
    EXPECT_TRUE(check_written_bundle(out, expected, std::string("correct horse")).ok());
    EXPECT_FALSE(check_written_bundle(out, expected, std::string("wrong horse")).ok());
    EXPECT_FALSE(check_written_bundle(out, expected, std::nullopt).ok());
}

TEST_F(BundleWriter, TheWritersCheckNamesAnEntryThatDiffers) {
    import(input("a.txt", "A"));
    const fs::path out = dir / "out" / "a.zip";
    auto r = export_to(out, false);
    ASSERT_TRUE(r.ok());
    std::map<std::string, ExpectedEntry> expected;
    for (const auto& [n, e] : read_zip(out))
        expected[n] = {sha(e.data), e.data.size(), e.comp_method == ZIP_CM_STORE};
    ASSERT_TRUE(check_written_bundle(out, expected, std::nullopt).ok());
    const std::string evidence = "scelle-" + case_id + "/data/evidence/0001-file.txt";
    auto changed = expected;
    changed[evidence].sha256 = sha("B");
    auto c = check_written_bundle(out, changed, std::nullopt);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().subject, evidence);
    auto missing = expected;
    missing["scelle-" + case_id + "/extra.txt"] = {sha(""), 0, false};
    EXPECT_FALSE(check_written_bundle(out, missing, std::nullopt).ok());
}

TEST_F(BundleWriter, AnExistingTargetIsRefusedAndLeftUntouched) {
    import(input("a.txt", "A"));
    const fs::path out = dir / "out" / "taken.zip";
    test::write_file(out, "mine");
    auto log_before = kase->log_lines();
    auto r = export_to(out, false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::target_exists);
    EXPECT_EQ(test::read_file(out), "mine");
    expect_out_folder({"taken.zip"});
    EXPECT_EQ(kase->log_lines()->size(), log_before->size());
    // A missing folder is said as such.
    auto nofolder = export_to(dir / "nowhere" / "x.zip", false);
    ASSERT_FALSE(nofolder.ok());
    EXPECT_EQ(nofolder.error().code, Errc::output_failed);
    EXPECT_EQ(nofolder.error().sys_errno, ENOENT);
}

TEST_F(BundleWriter, CancellingLeavesNothingAtTheTarget) {
    import(input("big.bin", test::pseudo_random_bytes(3u << 20, 5)));
    ExportOptions o;
    o.out = dir / "out" / "cancelled.zip";
    bool progressed = false;
    o.progress = [&](double f) { progressed = progressed || f > 0; };
    o.cancelled = [&] { return progressed; };  // cancelled once writing has started
    auto log_before = kase->log_lines();
    auto r = export_bundle(*kase, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().sys_errno, ECANCELED) << r.error().detail;
    EXPECT_TRUE(progressed);
    expect_out_folder({});
    EXPECT_EQ(kase->log_lines()->size(), log_before->size());
}

TEST_F(BundleWriter, AFailingSyncLeavesNothingAtTheTarget) {
    import(input("a.txt", "A"));
    FailingSyncEnv env;
    ExportOptions o;
    o.out = dir / "out" / "nosync.zip";
    auto r = export_bundle(*kase, o, env);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::output_failed);
    EXPECT_EQ(r.error().sys_errno, ENOSPC);
    expect_out_folder({});
}

TEST_F(BundleWriter, AnOriginalAlteredInTheStoreStopsTheExport) {
    import(input("a.txt", "AAAA"));
    auto it = kase->item(1);
    ASSERT_TRUE(it.ok());
    const fs::path object = kase->object_path(*it->sha256);
    fs::permissions(object, fs::perms::owner_read | fs::perms::owner_write);
    test::write_file(object, "AAAB");  // same size, other bytes
    auto r = export_to(dir / "out" / "altered.zip", false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::store_corrupt);
    EXPECT_EQ(r.error().subject, object.string());
    // A fact, with no advice meant for one front end (each adds its own).
    EXPECT_NE(r.error().detail.find("item 1"), std::string::npos) << r.error().detail;
    EXPECT_EQ(r.error().detail.find("scelle-cli"), std::string::npos) << r.error().detail;
    expect_out_folder({});
}

}  // namespace
}  // namespace scelle::core
