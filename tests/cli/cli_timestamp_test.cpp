// End-to-end tests of trusted timestamps: the built scelle-cli against real test TSAs (in this
// process, on 127.0.0.1, signing with OpenSSL under a test CA made at test time). Import and
// link ask for one token over the custody log at the end of the command; `timestamp` asks for
// whatever is pending; every TSA fault leaves the evidence stored and the item pending or
// failed with the reason; stored tokens verify with `openssl ts -verify`; `check` re-checks them.
// Every request any TSA received is checked to be a TimeStampReq of a SHA-256 digest only.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "scelle/crypto/ossl_x509_ptr.h"
#include "sql_exec.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;
using test::TestTsa;
using test::TsaFault;

constexpr auto npos = std::string::npos;

std::string to_hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (std::size_t i = 0; i < n; ++i) {
        hex += digits[p[i] >> 4];
        hex += digits[p[i] & 15];
    }
    return hex;
}

std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

// The SHA-256 of some bytes, by OpenSSL (not Scellé's own code).
std::string openssl_sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return to_hex(md, len);
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// The lines of `text` that start with `prefix`: "! " marks one warning per TSA.
std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& l : split_lines(text))
        if (l.rfind(prefix, 0) == 0)
            out.push_back(l);
    return out;
}

using crypto::TsReqPtr;

// The request's message imprint (hex) when `body` is exactly one DER TimeStampReq (version 1,
// SHA-256, 32 bytes, certReq, a nonce, no policy, no extension) and nothing else; else
// records why not and returns "".
std::string imprint_of_request(const std::string& body) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(body.data());
    TsReqPtr req(d2i_TS_REQ(nullptr, &p, static_cast<long>(body.size())));
    if (!req) {
        ADD_FAILURE() << "a request body is not a TimeStampReq";
        return "";
    }
    EXPECT_EQ(reinterpret_cast<const char*>(p), body.data() + body.size()) << "trailing bytes";
    unsigned char* raw = nullptr;
    const int len = i2d_TS_REQ(req.get(), &raw);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(raw), len > 0 ? len : 0), body)
        << "the request does not re-encode to the same bytes";
    OPENSSL_free(raw);
    EXPECT_EQ(TS_REQ_get_version(req.get()), 1);
    EXPECT_EQ(TS_REQ_get_policy_id(req.get()), nullptr);
    EXPECT_EQ(TS_REQ_get_ext_count(req.get()), 0);
    EXPECT_EQ(TS_REQ_get_cert_req(req.get()), 1);
    EXPECT_NE(TS_REQ_get_nonce(req.get()), nullptr);
    TS_MSG_IMPRINT* mi = TS_REQ_get_msg_imprint(req.get());
    const ASN1_OBJECT* alg = nullptr;
    X509_ALGOR_get0(&alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(mi));
    EXPECT_EQ(OBJ_obj2nid(alg), NID_sha256);
    const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(mi);
    EXPECT_EQ(ASN1_STRING_length(msg), 32);
    return to_hex(ASN1_STRING_get0_data(msg), static_cast<std::size_t>(ASN1_STRING_length(msg)));
}

class CliTimestamp : public ::testing::Test {
  protected:
    using Env = std::map<std::string, std::string>;

    void SetUp() override {
        pki = std::make_shared<const test::TestPki>();
        pki->write_ca_pem(ca);
        for (auto* tsa : {&good, &bad}) {
            test::TestTsaOptions o;
            o.pki = pki;
            o.slow_delay = std::chrono::seconds(30);  // woken at once when the test ends
            *tsa = std::make_unique<TestTsa>(o);
            ASSERT_TRUE((*tsa)->start()) << (*tsa)->last_error();
        }
    }

    // Whatever the test did, each request that reached a TSA held a SHA-256 digest only.
    void TearDown() override {
        for (TestTsa* tsa : {good.get(), bad.get()})
            if (tsa != nullptr)
                for (const std::string& body : tsa->request_bodies())
                    imprint_of_request(body);
    }

    // Runs scelle-cli on this test's store, trusting the test CA, in English. `env` adds to or
    // replaces the defaults (SCELLE_TSA_URLS is empty for the whole test program).
    test::ProcResult cli(std::vector<std::string> args, Env env = {}) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        env.emplace("LC_ALL", "C");
        env.emplace("SCELLE_TRUST_ANCHORS", ca.string());
        test::RunOptions opts;
        opts.env = std::move(env);
        return test::run(argv, opts);
    }
    static Env tsas(const std::string& urls) { return {{"SCELLE_TSA_URLS", urls}}; }
    // A TSA URL where the connection is refused.
    static std::string dead_url() {
        return "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/tsa";
    }

    std::string new_case() {
        auto r = cli({"case", "new", "--title", "Horodatage"});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return r.out.substr(0, r.out.find('\n'));
    }
    std::string file(const std::string& name, const std::string& content) {
        fs::create_directories(dir / "in");
        test::write_file(dir / "in" / name, content);
        return (dir / "in" / name).string();
    }
    // Imports one file per name, its name as its content, and expects success.
    void import_ok(const std::string& id, const std::vector<std::string>& names, Env env) {
        std::vector<std::string> args = {"import", id};
        for (const auto& n : names)
            args.push_back(file(n, n));
        auto r = cli(args, std::move(env));
        EXPECT_EQ(r.exit_code, 0) << dump(r);
    }
    json show(const std::string& id) {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out, nullptr, false);
    }
    std::vector<std::string> log(const std::string& id) {
        auto r = cli({"log", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return split_lines(r.out);
    }
    // The first `k` lines of the log, each with its "\n": what a token over k lines covers.
    static std::string prefix(const std::vector<std::string>& lines, std::size_t k) {
        std::string out;
        for (std::size_t i = 0; i < k && i < lines.size(); ++i)
            out += lines[i] + "\n";
        return out;
    }
    fs::path db(const std::string& id) const { return store / "cases" / id / "case.sqlite"; }
    // The stored tokens, in order: the lines each covers and the DER TimeStampResp.
    std::vector<std::pair<std::size_t, std::string>> tokens(const std::string& id) {
        std::string rows =
            test::query_text(db(id),
                             "SELECT group_concat(covers || ':' || hex(token), ' ') FROM "
                             "(SELECT covers, token FROM timestamps ORDER BY id)");
        std::vector<std::pair<std::size_t, std::string>> out;
        std::istringstream in(rows);
        for (std::string row; in >> row;) {
            auto colon = row.find(':');
            out.emplace_back(std::stoul(row.substr(0, colon)), from_hex(row.substr(colon + 1)));
        }
        return out;
    }
    // `openssl ts -verify -data <data> -in <token> -CAfile <test CA>`.
    test::ProcResult openssl_verify(const std::string& token, const std::string& data) {
        const std::string n = std::to_string(++m_files);
        test::write_file(dir / ("token" + n + ".tsr"), token);
        test::write_file(dir / ("data" + n), data);
        return test::run({"openssl", "ts", "-verify", "-data", (dir / ("data" + n)).string(), "-in",
                          (dir / ("token" + n + ".tsr")).string(), "-CAfile", ca.string()});
    }
    // Every item of the case has this status; with "granted", a TSA name and a time.
    void expect_items(const json& shown, const std::string& status, std::size_t count) {
        ASSERT_EQ(shown["items"].size(), count) << shown.dump(2);
        for (const auto& it : shown["items"]) {
            const json& ts = it["timestamp"];
            EXPECT_EQ(ts["status"], status) << it.dump(2);
            if (status == "granted") {
                EXPECT_TRUE(ts["tsa"].is_string()) << it.dump(2);
                EXPECT_TRUE(ts["gen_time"].is_string()) << it.dump(2);
                EXPECT_TRUE(ts["error"].is_null()) << it.dump(2);
            }
        }
    }

    test::TempDir dir{"scelle-cli-timestamp"};
    fs::path store = dir / "store";
    fs::path ca = dir / "ca.pem";
    std::shared_ptr<const test::TestPki> pki;
    std::unique_ptr<TestTsa> good;
    std::unique_ptr<TestTsa> bad;
    int m_files = 0;
};

TEST_F(CliTimestamp, ImportOfSeveralFilesCostsOneRequestAndGrantsEveryItem) {
    const std::string id = new_case();
    auto r = cli({"import", id, file("a.png", "aaa"), file("b.png", "bbbb"), file("c.jpg", "cc")},
                 tsas(good->url()));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(good->request_count(), 1u) << "one request per command, whatever the file count";
    EXPECT_TRUE(lines_starting_with(r.err, "! ").empty()) << r.err;
    EXPECT_NE(r.err.find("it covers custody log lines 1 to 4; 3 item(s) newly sealed"), npos)
        << r.err;

    json shown = show(id);
    expect_items(shown, "granted", 3);
    ASSERT_EQ(shown["timestamps"].size(), 1u) << shown.dump(2);
    const json& t = shown["timestamps"][0];
    EXPECT_EQ(t["covers"], 4);  // case.created and three item.imported lines
    EXPECT_EQ(t["tsa_url"], good->url());

    // The log now ends with the line that records the token, over the lines before it.
    const auto lines = log(id);
    ASSERT_EQ(lines.size(), 5u);
    json last = json::parse(lines[4], nullptr, false);
    EXPECT_EQ(last["action"], "timestamp.obtained") << lines[4];
    EXPECT_EQ(last["covers"], 4);
    EXPECT_EQ(last["tsa"], good->url());
    EXPECT_EQ(last["prefix_sha256"], openssl_sha256(prefix(lines, 4)));
    EXPECT_EQ(t["prefix_sha256"], openssl_sha256(prefix(lines, 4)));
    EXPECT_EQ(t["log_line"], 5);
    for (const auto& it : shown["items"])
        EXPECT_EQ(it["timestamp"]["gen_time"], t["gen_time"]);

    // `link` asks too, at the end of the command: one more request, the link granted.
    auto l = cli({"--json", "link", id, "https://example.org/m/1"}, tsas(good->url()));
    ASSERT_EQ(l.exit_code, 0) << dump(l);
    json link = json::parse(l.out, nullptr, false);
    EXPECT_EQ(link["timestamp"]["status"], "granted") << l.out;
    EXPECT_EQ(link["timestamp_request"]["covers"], 6) << l.out;
    EXPECT_EQ(good->request_count(), 2u);
}

TEST_F(CliTimestamp, EveryStoredTokenVerifiesWithOpensslOverItsLogPrefixOnly) {
    const std::string id = new_case();
    import_ok(id, {"a.png", "b.png"}, tsas(good->url()));
    import_ok(id, {"c.png"}, tsas(good->url()));
    const auto lines = log(id);
    const auto stored = tokens(id);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].first, 3u);
    EXPECT_EQ(stored[1].first, 5u);
    ASSERT_EQ(lines.size(), 6u);
    for (const auto& [covers, der] : stored) {
        SCOPED_TRACE("token over " + std::to_string(covers) + " lines");
        auto ok = openssl_verify(der, prefix(lines, covers));
        EXPECT_EQ(ok.exit_code, 0) << dump(ok);
        EXPECT_NE(ok.out.find("Verification: OK"), npos) << dump(ok);
        // The whole log, one line more, or one line less: not what the token covers.
        EXPECT_NE(openssl_verify(der, prefix(lines, lines.size())).exit_code, 0);
        EXPECT_NE(openssl_verify(der, prefix(lines, covers + 1)).exit_code, 0);
        EXPECT_NE(openssl_verify(der, prefix(lines, covers - 1)).exit_code, 0);
    }
}

TEST_F(CliTimestamp, EachRequestIsATimeStampReqOfTheLogPrefixDigestAndNothingElse) {
    const std::string id = new_case();
    import_ok(id, {"a.png", "b.png"}, tsas(good->url()));
    ASSERT_EQ(cli({"link", id, "https://example.org/x"}, tsas(good->url())).exit_code, 0);
    const auto lines = log(id);
    const auto bodies = good->request_bodies();
    const json shown = show(id);
    ASSERT_EQ(bodies.size(), 2u);
    ASSERT_EQ(shown["timestamps"].size(), 2u);
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const json& t = shown["timestamps"][i];
        const std::string expected = openssl_sha256(prefix(lines, t["covers"].get<std::size_t>()));
        EXPECT_EQ(imprint_of_request(bodies[i]), expected);

        // The openssl command line reads it as the same request it would make for that digest
        // (only the random nonce differs).
        test::write_file(dir / "scelle.tsq", bodies[i]);
        auto ours =
            test::run({"openssl", "ts", "-query", "-in", (dir / "scelle.tsq").string(), "-text"});
        auto ref = test::run(
            {"openssl", "ts", "-query", "-digest", expected, "-sha256", "-cert", "-text"});
        ASSERT_EQ(ours.exit_code, 0) << dump(ours);
        ASSERT_EQ(ref.exit_code, 0) << dump(ref);
        auto without_nonce = [](const std::string& text) {
            std::string out;
            for (const auto& l : split_lines(text))
                if (l.rfind("Nonce:", 0) != 0)
                    out += l + "\n";
            return out;
        };
        EXPECT_EQ(without_nonce(ours.out), without_nonce(ref.out));
        EXPECT_NE(ours.out.find("Hash Algorithm: sha256"), npos) << ours.out;
    }
}

TEST_F(CliTimestamp, OfflineImportAsksNothingAndALaterTimestampGrants) {
    const std::string id = new_case();
    auto r = cli({"import", id, file("a.png", "a"), "--offline"}, tsas(good->url()));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("Offline: not timestamped yet"), npos) << r.err;
    auto j = cli({"--json", "import", id, file("b.png", "b"), "--offline"}, tsas(good->url()));
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    EXPECT_EQ(json::parse(j.out, nullptr, false)["timestamp"]["status"], "pending") << j.out;
    EXPECT_EQ(good->request_count(), 0u);
    json shown = show(id);
    expect_items(shown, "pending", 2);
    for (const auto& it : shown["items"])
        EXPECT_TRUE(it["timestamp"]["error"].is_null()) << it.dump(2);

    auto t = cli({"timestamp", id}, tsas(good->url()));
    ASSERT_EQ(t.exit_code, 0) << dump(t);
    EXPECT_EQ(good->request_count(), 1u);
    shown = show(id);
    expect_items(shown, "granted", 2);
    ASSERT_EQ(shown["timestamps"].size(), 1u);
    EXPECT_EQ(shown["timestamps"][0]["covers"], 3);

    // Nothing pending: said, exit 0, no request.
    auto again = cli({"timestamp", id}, tsas(good->url()));
    EXPECT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_NE(again.err.find("Nothing to timestamp"), npos) << again.err;
    EXPECT_EQ(good->request_count(), 1u);
    EXPECT_EQ(log(id).size(), 4u);
}

TEST_F(CliTimestamp, UnreachableTsaIsTriedOnceAndLeavesItemsPending) {
    const std::string id = new_case();
    const std::string dead = dead_url();
    auto r = cli({"--json", "import", id, file("a.png", "a")}, tsas(dead));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json ts = json::parse(r.out, nullptr, false)["timestamp"];
    EXPECT_EQ(ts["status"], "pending") << r.out;
    ASSERT_EQ(ts["failures"].size(), 1u) << r.out;
    EXPECT_EQ(ts["failures"][0]["tsa"], dead);
    EXPECT_EQ(ts["failures"][0]["kind"], "refused");
    EXPECT_EQ(ts["failures"][0]["attempts"], 1) << "a refused connection is not retried";
    expect_items(show(id), "pending", 1);

    // `case show` says why, and what to do.
    auto s = cli({"case", "show", id});
    EXPECT_NE(s.out.find("Timestamp pending"), npos) << s.out;
    EXPECT_NE(s.out.find("! TSA " + dead + ": The TSA refused the connection."), npos) << s.out;
    EXPECT_NE(s.out.find("1 item(s) not yet timestamped: run “scelle-cli timestamp " + id), npos)
        << s.out;
}

TEST_F(CliTimestamp, TimestampWhenEveryTsaFailsExitsOneAndOnlyRecordsTheAttempt) {
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.png", "a"), "--offline"}).exit_code, 0);
    const auto before = log(id);
    bad->set_fault(TsaFault::rejection);
    const std::string dead = dead_url();
    auto t = cli({"timestamp", id}, tsas(bad->url() + " " + dead));
    EXPECT_EQ(t.exit_code, 1) << dump(t);
    const auto warnings = lines_starting_with(t.err, "! ");
    ASSERT_EQ(warnings.size(), 2u) << t.err;
    EXPECT_EQ(warnings[0].rfind("! TSA " + bad->url() + ": ", 0), 0u) << warnings[0];
    EXPECT_EQ(warnings[1].rfind("! TSA " + dead + ": ", 0), 0u) << warnings[1];
    EXPECT_NE(t.err.find("No timestamp obtained (failed); nothing was lost."), npos) << t.err;
    EXPECT_EQ(log(id), before);
    json shown = show(id);
    expect_items(shown, "failed", 1);
    EXPECT_TRUE(shown["timestamps"].empty());
    const std::string error = shown["items"][0]["timestamp"]["error"].get<std::string>();
    EXPECT_NE(error.find(bad->url()), npos) << error;
    EXPECT_NE(error.find(dead), npos) << error;

    // No TSA at all: the same, said as such.
    auto none = cli({"--json", "timestamp", id});
    EXPECT_EQ(none.exit_code, 1) << dump(none);
    EXPECT_EQ(json::parse(none.out, nullptr, false)["timestamp"]["status"], "pending");
    EXPECT_NE(none.err.find("No time-stamp authority is configured (SCELLE_TSA_URLS is empty)"),
              npos)
        << none.err;
    EXPECT_EQ(log(id), before);
}

TEST_F(CliTimestamp, WithoutLibcurlTheReasonIsSaidAndTheItemsWaitForALaterTry) {
    // libcurl is loaded on the first request (crypto/src/curl_api.h): when it cannot be, the
    // request fails in one sentence naming the library, and nothing is lost.
    const std::string id = new_case();
    ASSERT_EQ(cli({"import", id, file("a.png", "a"), "--offline"}).exit_code, 0);
    const auto before = log(id);
    Env env = tsas(good->url());
    env["SCELLE_LIBCURL"] = (dir / "no-such-libcurl.so.4").string();
    auto t = cli({"timestamp", id}, env);
    EXPECT_EQ(t.exit_code, 1) << dump(t);
    EXPECT_NE(t.err.find("libcurl could not be loaded (" + (dir / "no-such-libcurl.so.4").string()),
              npos)
        << t.err;
    EXPECT_NE(t.err.find("nothing was lost"), npos) << t.err;
    EXPECT_EQ(good->request_count(), 0u);
    EXPECT_EQ(log(id), before);

    auto again = cli({"timestamp", id}, tsas(good->url()));
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_EQ(good->request_count(), 1u);
    expect_items(show(id), "granted", 1);
}

TEST_F(CliTimestamp, BadSettingsAreRefusedInOneSentenceBeforeAnythingIsStored) {
    const std::string id = new_case();
    const fs::path settings = dir / "settings.json";
    struct Case {
        std::string what;
        std::string settings_text;  // written to the settings file when not empty
        Env env;
        std::vector<std::string> extra;
        std::string named;  // the file or variable the sentence must name
    };
    const std::string path = settings.string();
    const std::vector<Case> cases = {
        {"missing --ca", "", {}, {"--ca", "/nonexistent.pem"}, "/nonexistent.pem"},
        {"invalid JSON", "{\"tsa_urls\": [", {{"SCELLE_CONFIG", path}}, {}, path},
        {"unknown key", "{\"tsa_url\": []}", {{"SCELLE_CONFIG", path}}, {}, path},
        {"tsa_urls not a list", "{\"tsa_urls\": \"x\"}", {{"SCELLE_CONFIG", path}}, {}, path},
        {"bad timeout", "", {{"SCELLE_TSA_TIMEOUT", "abc"}}, {}, "SCELLE_TSA_TIMEOUT"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        if (!c.settings_text.empty())
            test::write_file(settings, c.settings_text);
        Env env = c.env;
        env["SCELLE_TSA_URLS"] = good->url();
        std::vector<std::string> args = {"import", id, file("a.png", "a")};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        auto r = cli(args, env);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        const auto err = split_lines(r.err);
        ASSERT_EQ(err.size(), 1u) << r.err;
        EXPECT_NE(err[0].find("“" + c.named + "”"), npos) << err[0];
        EXPECT_NE(err[0].find("nothing was changed"), npos) << err[0];
        // `timestamp` refuses the same settings the same way.
        args = {"timestamp", id};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        auto t = cli(args, env);
        EXPECT_EQ(t.exit_code, 2) << dump(t);
    }
    EXPECT_TRUE(show(id)["items"].empty());
    EXPECT_EQ(log(id).size(), 1u);
    EXPECT_TRUE(fs::is_empty(store / "cases" / id / "objects"));
    EXPECT_EQ(good->request_count(), 0u);
}

TEST_F(CliTimestamp, SettingsFileNamesTheTsaAndTrustAndTsaFlagOverridesTheEnvironment) {
    const std::string id = new_case();
    {
        // TSA and trust anchor from the file only; the anchor relative to the file's folder.
        const fs::path conf = dir / "conf";
        fs::create_directories(conf);
        pki->write_ca_pem(conf / "test-ca.pem");
        json s = {{"tsa_urls", {good->url()}}, {"trust_anchors", {"test-ca.pem"}}};
        test::write_file(conf / "settings.json", s.dump());
        // SCELLE_TSA_URLS (empty for every test) would win over the file: unset for this run.
        const char* saved = std::getenv("SCELLE_TSA_URLS");
        const std::optional<std::string> before =
            saved ? std::optional(std::string(saved)) : std::nullopt;
        ::unsetenv("SCELLE_TSA_URLS");
        auto r = cli({"import", id, file("a.png", "a")},
                     {{"SCELLE_CONFIG", (conf / "settings.json").string()},
                      {"SCELLE_TRUST_ANCHORS", ""},
                      // Were the file not read, the default TSAs would be asked: through a
                      // dead proxy, never the internet (loopback TSAs bypass proxies).
                      {"http_proxy", "http://127.0.0.1:9"},
                      {"https_proxy", "http://127.0.0.1:9"}});
        if (before)
            ::setenv("SCELLE_TSA_URLS", before->c_str(), 1);
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        EXPECT_TRUE(lines_starting_with(r.err, "! ").empty()) << r.err;
    }
    EXPECT_EQ(good->request_count(), 1u);
    expect_items(show(id), "granted", 1);

    // --tsa wins over SCELLE_TSA_URLS, which here names a TSA that would fail.
    bad->set_fault(TsaFault::rejection);
    auto r =
        cli({"--json", "import", id, file("b.png", "b"), "--tsa", good->url()}, tsas(bad->url()));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json ts = json::parse(r.out, nullptr, false)["timestamp"];
    EXPECT_EQ(ts["status"], "granted") << r.out;
    EXPECT_TRUE(ts["failures"].empty()) << r.out;
    EXPECT_EQ(bad->request_count(), 0u);
    EXPECT_EQ(good->request_count(), 2u);
}

TEST_F(CliTimestamp, ClockSkewIsMeasuredAndWarnedAbout) {
    // The TSA's clock says an hour ago: this computer's clock is an hour ahead.
    const std::time_t tsa_time = std::time(nullptr) - 3600;
    good->signer().set_fixed_time(tsa_time);
    const std::string id = new_case();
    auto r = cli({"--json", "import", id, file("a.png", "a")}, tsas(good->url()));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json ts = json::parse(r.out, nullptr, false)["timestamp"];
    EXPECT_EQ(ts["status"], "granted") << r.out;
    EXPECT_TRUE(ts.contains("clock_warning")) << r.out;

    const json shown = show(id);
    ASSERT_EQ(shown["timestamps"].size(), 1u);
    const auto skew = shown["timestamps"][0]["skew_seconds"].get<std::int64_t>();
    EXPECT_GE(skew, 3600);
    EXPECT_LT(skew, 3600 + 600);
    auto en = cli({"case", "show", id});
    EXPECT_NE(en.out.find("Warning: this computer's clock is "), npos) << en.out;
    EXPECT_NE(en.out.find(" min "), npos) << en.out;  // about an hour, said in minutes
    auto fr = cli({"--lang", "fr", "case", "show", id});
    EXPECT_NE(fr.out.find("Attention\u00a0: l’horloge de cet ordinateur avance de"), npos)
        << fr.out;

    // Within two minutes, nothing is said.
    good->signer().set_fixed_time(std::nullopt);
    const std::string id2 = new_case();
    import_ok(id2, {"b.png"}, tsas(good->url()));
    EXPECT_EQ(cli({"case", "show", id2}).out.find("clock"), npos);
}

TEST_F(CliTimestamp, CheckCountsAndVerifiesTokens) {
    const std::string id = new_case();
    import_ok(id, {"a.png", "b.png"}, tsas(good->url()));
    import_ok(id, {"c.png"}, tsas(good->url()));
    // Without the test CA among the anchors, the tokens still cover the log; each is noted as
    // not verified up to a trusted authority.
    const Env untrusted = {{"SCELLE_TRUST_ANCHORS", ""}};
    auto plain = cli({"check", id}, untrusted);
    EXPECT_EQ(plain.exit_code, 0) << dump(plain);
    EXPECT_NE(plain.out.find("2 timestamp(s) still covering the log (0 verified"), npos)
        << plain.out;
    json doc = json::parse(cli({"--json", "check", id}, untrusted).out, nullptr, false);
    EXPECT_EQ(doc["timestamps_checked"], 2);
    EXPECT_EQ(doc["timestamps_verified"], 0);
    ASSERT_EQ(doc["notes"].size(), 2u) << doc.dump(2);
    EXPECT_EQ(doc["notes"][0]["kind"], "timestamp_unverified");

    auto with_ca = cli({"--json", "check", id, "--ca", ca.string()}, untrusted);
    EXPECT_EQ(with_ca.exit_code, 0) << dump(with_ca);
    doc = json::parse(with_ca.out, nullptr, false);
    EXPECT_EQ(doc["intact"], true);
    EXPECT_EQ(doc["timestamps_verified"], 2) << with_ca.out;
    EXPECT_TRUE(doc["notes"].empty()) << with_ca.out;
}

// Changes behind Scellé's back, each on its own case whose log reads: 1 case.created,
// 2-3 item.imported, 4 timestamp.obtained (over lines 1-3). `check` exits 1 and names each.
TEST_F(CliTimestamp, CheckNamesTamperedTokensAndCoveredLines) {
    auto problems_after = [&](const std::string& sql_for_id) {
        const std::string id = new_case();
        import_ok(id, {"a.png", "b.png"}, tsas(good->url()));
        EXPECT_EQ(cli({"check", id}).exit_code, 0);
        std::string sql = sql_for_id;
        if (sql.empty()) {
            // A covered line changed, with its hash column: the chain breaks after it, and the
            // token no longer covers the log as it is.
            EXPECT_EQ(test::exec_sql(db(id),
                                     "UPDATE custody SET line = replace(line, 'a.png', "
                                     "'z.png') WHERE seq = 2"),
                      "");
            const std::string forged =
                test::query_text(db(id), "SELECT line FROM custody WHERE seq = 2");
            EXPECT_NE(forged.find("z.png"), npos);
            sql = "UPDATE custody SET sha256 = '" + openssl_sha256(forged) + "' WHERE seq = 2";
        }
        EXPECT_EQ(test::exec_sql(db(id), sql), "");
        auto r = cli({"--json", "check", id});
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        const json doc = json::parse(r.out, nullptr, false);
        std::vector<std::string> kinds;
        for (const auto& p : doc["problems"])
            kinds.push_back(p["kind"].get<std::string>() + "@" +
                            std::to_string(p.value("line", 0)));
        std::sort(kinds.begin(), kinds.end());
        return kinds;
    };
    using V = std::vector<std::string>;
    // The changed line also no longer states the item's name as its row does.
    EXPECT_EQ(problems_after(""),
              (V{"item_log_mismatch@2", "log_chain_broken@3", "timestamp_prefix_changed@4"}));
    EXPECT_EQ(problems_after("DELETE FROM timestamps"), V{"timestamp_log_mismatch@4"});
    EXPECT_EQ(problems_after("UPDATE timestamps SET token = x'3003020100'"),
              V{"timestamp_log_mismatch@4"});
}

TEST_F(CliTimestamp, FrenchWarningNamesTheTsa) {
    const std::string id = new_case();
    bad->set_fault(TsaFault::rejection);
    auto r = cli({"--lang", "fr", "import", id, file("a.png", "a")}, tsas(bad->url()));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto warnings = lines_starting_with(r.err, "! ");
    ASSERT_EQ(warnings.size(), 1u) << r.err;
    EXPECT_EQ(warnings[0],
              "! Autorité d’horodatage " + bad->url() + "\u00a0: l’autorité a refusé la demande.");
    EXPECT_NE(r.err.find("Les preuves sont bien enregistrées, mais pas encore horodatées (échec)"),
              npos)
        << r.err;
}

// Every fault of the test TSA, and a refused connection: the import succeeds, the items stay
// pending (nothing answered) or failed (an answer that could not be accepted) with the reason,
// one warning names the TSA, and a later `timestamp` moves on to the next TSA in the list.
struct FaultCase {
    const char* name;
    std::optional<TsaFault> fault;  // nullopt: nothing listens (connection refused)
    const char* status;             // "pending" or "failed"
    const char* kind;               // the failure kind in --json
    int attempts;                   // scelle-cli tries a retryable failure twice
};

class CliTimestampFault : public CliTimestamp, public ::testing::WithParamInterface<FaultCase> {};

TEST_P(CliTimestampFault, ImportSurvivesAndALaterTimestampTriesTheNextTsa) {
    const FaultCase& c = GetParam();
    const std::string bad_url = c.fault ? bad->url() : dead_url();
    if (c.fault)
        bad->set_fault(*c.fault);
    Env env = tsas(bad_url + " ");
    env["SCELLE_TSA_TIMEOUT"] = "1";
    const std::string id = new_case();

    auto r = cli({"import", id, file("a.png", "a")}, env);
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto warnings = lines_starting_with(r.err, "! ");
    ASSERT_EQ(warnings.size(), 1u) << r.err;
    const std::string head = "! TSA " + bad_url + ": ";
    EXPECT_EQ(warnings[0].rfind(head, 0), 0u) << warnings[0];
    EXPECT_GT(warnings[0].size(), head.size() + 10) << "a reason follows the URL";
    EXPECT_NE(r.err.find(std::string("but not yet timestamped (") + c.status + ")"), npos) << r.err;
    if (c.fault) {
        EXPECT_EQ(bad->request_count(), static_cast<std::size_t>(c.attempts));
    }

    auto j = cli({"--json", "import", id, file("b.png", "b")}, env);
    ASSERT_EQ(j.exit_code, 0) << dump(j);
    EXPECT_EQ(lines_starting_with(j.err, "! ").size(), 1u) << j.err;
    const json ts = json::parse(j.out, nullptr, false)["timestamp"];
    EXPECT_EQ(ts["status"], c.status) << j.out;
    EXPECT_EQ(ts["covers"], 3) << j.out;
    EXPECT_TRUE(ts["error"].is_string()) << j.out;
    ASSERT_EQ(ts["failures"].size(), 1u) << j.out;
    EXPECT_EQ(ts["failures"][0]["tsa"], bad_url);
    EXPECT_EQ(ts["failures"][0]["kind"], c.kind) << j.out;
    EXPECT_EQ(ts["failures"][0]["attempts"], c.attempts) << j.out;

    // The evidence is stored, each item with the status and the reason.
    json shown = show(id);
    expect_items(shown, c.status, 2);
    for (const auto& it : shown["items"]) {
        const std::string sha = it["sha256"].get<std::string>();
        EXPECT_EQ(sha, openssl_sha256(it["name"] == "a.png" ? "a" : "b"));
        EXPECT_TRUE(fs::exists(store / "cases" / id / "objects" / sha));
        ASSERT_TRUE(it["timestamp"]["error"].is_string()) << it.dump(2);
        EXPECT_NE(it["timestamp"]["error"].get<std::string>().find(bad_url), npos) << it.dump(2);
    }
    EXPECT_TRUE(shown["timestamps"].empty());

    // Later, with a good TSA after the bad one: the bad one is tried first, then the good one.
    const std::size_t bad_before = bad->request_count();
    env["SCELLE_TSA_URLS"] = bad_url + " " + good->url();
    auto t = cli({"timestamp", id}, env);
    ASSERT_EQ(t.exit_code, 0) << dump(t);
    const auto tw = lines_starting_with(t.err, "! ");
    ASSERT_EQ(tw.size(), 1u) << t.err;
    EXPECT_EQ(tw[0].rfind(head, 0), 0u) << tw[0];
    if (c.fault) {
        EXPECT_EQ(bad->request_count(), bad_before + static_cast<std::size_t>(c.attempts));
    }
    EXPECT_EQ(good->request_count(), 1u);
    shown = show(id);
    expect_items(shown, "granted", 2);
    ASSERT_EQ(shown["timestamps"].size(), 1u);
    EXPECT_EQ(shown["timestamps"][0]["tsa_url"], good->url());
    EXPECT_EQ(shown["timestamps"][0]["covers"], 3);
}

INSTANTIATE_TEST_SUITE_P(
    CliTimestamp, CliTimestampFault,
    ::testing::Values(
        FaultCase{"http_500", TsaFault::http_500, "failed", "http_status", 2},
        FaultCase{"garbage", TsaFault::garbage, "failed", "not_a_response", 1},
        FaultCase{"truncated_der", TsaFault::truncated_der, "failed", "not_a_response", 1},
        FaultCase{"other_digest", TsaFault::other_digest, "failed", "imprint_mismatch", 1},
        FaultCase{"wrong_nonce", TsaFault::wrong_nonce, "failed", "nonce_mismatch", 1},
        FaultCase{"rejection", TsaFault::rejection, "failed", "rejected", 1},
        FaultCase{"no_eku", TsaFault::no_eku, "failed", "no_timestamping_eku", 1},
        FaultCase{"noncritical_eku", TsaFault::noncritical_eku, "failed", "no_timestamping_eku", 1},
        FaultCase{"untrusted_ca", TsaFault::untrusted_ca, "failed", "untrusted_chain", 1},
        FaultCase{"oversized", TsaFault::oversized, "failed", "too_large", 1},
        FaultCase{"slow", TsaFault::slow, "pending", "timeout", 2},
        FaultCase{"drop_connection", TsaFault::drop_connection, "pending", "network", 2},
        FaultCase{"refused", std::nullopt, "pending", "refused", 1}),
    [](const ::testing::TestParamInfo<FaultCase>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace scelle
