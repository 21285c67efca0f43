// The TSA client against real test TSAs on 127.0.0.1: every fault mode, failover to the next
// TSA, retries, TLS, proxies. No test reaches beyond the loopback interface.
#include "scelle/crypto/tsa_client.h"

#include <gtest/gtest.h>
#include <openssl/objects.h>
#include <openssl/ts.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "env_guard.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::crypto {
namespace {

using test::TestTsa;
using test::TsaFault;

// "Each request is a TimeStampReq of a 32-byte SHA-256 digest and nothing else": it decodes
// as one, re-encodes to the same bytes (no trailing or hidden data), and holds only the fields
// Scellé sets.
void expect_only_timestamp_requests(const TestTsa& tsa) {
    for (const std::string& body : tsa.request_bodies()) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(body.data());
        TsReqPtr req(d2i_TS_REQ(nullptr, &p, static_cast<long>(body.size())));
        ASSERT_TRUE(req) << "a request body is not a TimeStampReq";
        EXPECT_EQ(reinterpret_cast<const char*>(p), body.data() + body.size());
        unsigned char* raw = nullptr;
        const int len = i2d_TS_REQ(req.get(), &raw);
        OsslBytesPtr again(raw);
        ASSERT_EQ(static_cast<std::size_t>(len), body.size());
        EXPECT_EQ(0, std::memcmp(again.get(), body.data(), body.size()));
        EXPECT_EQ(TS_REQ_get_version(req.get()), 1);
        TS_MSG_IMPRINT* mi = TS_REQ_get_msg_imprint(req.get());
        const ASN1_OBJECT* alg = nullptr;
        X509_ALGOR_get0(&alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(mi));
        EXPECT_EQ(OBJ_obj2nid(alg), NID_sha256);
        EXPECT_EQ(ASN1_STRING_length(TS_MSG_IMPRINT_get_msg(mi)), 32);
        EXPECT_EQ(TS_REQ_get_policy_id(req.get()), nullptr);
        EXPECT_EQ(TS_REQ_get_ext_count(req.get()), 0);
        EXPECT_EQ(TS_REQ_get_cert_req(req.get()), 1);
        EXPECT_NE(TS_REQ_get_nonce(req.get()), nullptr);
    }
}

class TsaClient : public ::testing::Test {
  protected:
    void SetUp() override {
        m_pki = std::make_shared<const test::TestPki>();
        m_pki->write_ca_pem(m_dir / "ca.pem");
        auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {m_dir / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        m_trust = std::make_unique<TrustStore>(std::move(trust).value());
        m_good = make_tsa();
        m_bad = make_tsa();
        m_options.connect_timeout = std::chrono::milliseconds(2000);
        m_options.total_timeout = std::chrono::milliseconds(5000);
        m_options.backoff = std::chrono::milliseconds(10);
        m_options.version = "1.2.3";
    }

    void TearDown() override {
        for (TestTsa* t : {m_good.get(), m_bad.get()})
            if (t != nullptr)
                expect_only_timestamp_requests(*t);
    }

    std::unique_ptr<TestTsa> make_tsa(bool https = false) {
        test::TestTsaOptions o;
        o.pki = m_pki;
        o.https = https;
        auto tsa = std::make_unique<TestTsa>(o);
        EXPECT_TRUE(tsa->start()) << tsa->last_error();
        return tsa;
    }

    test::TempDir m_dir{"scelle-tsa-client"};
    std::shared_ptr<const test::TestPki> m_pki;
    std::unique_ptr<TrustStore> m_trust;
    std::unique_ptr<TestTsa> m_good;
    std::unique_ptr<TestTsa> m_bad;
    TsaClientOptions m_options;
    Digest m_digest = sha256("custody-log lines 1..7\n");
};

TEST_F(TsaClient, GoodTsaGivesAVerifiedToken) {
    TsaOutcome out = request_timestamp({m_good->url()}, m_digest, *m_trust, m_options);
    ASSERT_TRUE(out.success.has_value());
    EXPECT_TRUE(out.failures.empty());
    const TsaSuccess& s = *out.success;
    EXPECT_EQ(s.url, m_good->url());
    EXPECT_EQ(s.attempts, 1);
    EXPECT_TRUE(s.verdict.ok()) << s.verdict.reason();
    EXPECT_EQ(s.request.digest, m_digest);
    ASSERT_TRUE(s.verdict.response && s.verdict.response->token);
    EXPECT_FALSE(s.verdict.response->token->gen_time.empty());
    EXPECT_GT(s.local_time, 0);
    // What is stored verifies again later, as a bundle verifier would see it.
    EXPECT_TRUE(verify_timestamp_token(s.response_der, m_digest, *m_trust).ok());
    // The TSA received exactly the request, once.
    ASSERT_EQ(m_good->request_count(), 1u);
    const std::string body = m_good->request_bodies().front();
    EXPECT_EQ(std::vector<std::uint8_t>(body.begin(), body.end()), s.request.der);
}

TEST_F(TsaClient, SendsTheRightHeaders) {
    TsaOutcome out = request_timestamp({m_good->url()}, m_digest, *m_trust, m_options);
    ASSERT_TRUE(out.success);
    auto reqs = m_good->requests();
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(reqs[0].content_type, "application/timestamp-query");
    EXPECT_EQ(reqs[0].accept, "application/timestamp-reply");
    EXPECT_EQ(reqs[0].user_agent, "Scelle/1.2.3");
    EXPECT_FALSE(reqs[0].has_expect);
    EXPECT_EQ(tsa_user_agent("0.1.0"), "Scelle/0.1.0");
}

struct FaultCase {
    TsaFault fault;
    TsaFailureKind kind;
    const char* phrase;  // expected in the reason
    std::size_t attempts;
};

class TsaClientFault : public TsaClient, public ::testing::WithParamInterface<FaultCase> {};

TEST_P(TsaClientFault, IsReportedAndTheNextTsaIsTried) {
    const FaultCase& c = GetParam();
    m_bad->set_fault(c.fault);
    if (c.fault == TsaFault::slow) {
        // The test TSA would answer after two minutes; the client gives up long before.
        m_options.total_timeout = std::chrono::milliseconds(300);
        m_options.max_attempts = 1;
    }
    TsaOutcome out =
        request_timestamp({m_bad->url(), m_good->url()}, m_digest, *m_trust, m_options);
    ASSERT_EQ(out.failures.size(), 1u);
    const TsaFailure& f = out.failures[0];
    RecordProperty("reason", f.reason);
    EXPECT_EQ(f.url, m_bad->url());
    EXPECT_EQ(f.kind, c.kind) << to_string(f.kind) << ": " << f.reason;
    EXPECT_NE(f.reason.find(c.phrase), std::string::npos) << f.reason;
    EXPECT_EQ(f.reason.back(), '.');
    EXPECT_EQ(static_cast<std::size_t>(f.attempts), c.attempts);
    EXPECT_EQ(m_bad->request_count(), c.attempts);
    ASSERT_TRUE(out.success.has_value()) << "the good TSA after the bad one must succeed";
    EXPECT_EQ(out.success->url, m_good->url());
    EXPECT_TRUE(out.success->verdict.ok());
}

INSTANTIATE_TEST_SUITE_P(
    AllModes, TsaClientFault,
    ::testing::Values(
        FaultCase{TsaFault::http_500, TsaFailureKind::http_status, "HTTP 500 (3 attempts)", 3},
        FaultCase{TsaFault::garbage, TsaFailureKind::not_a_response, "not a time-stamp", 1},
        FaultCase{TsaFault::truncated_der, TsaFailureKind::not_a_response, "not a time-stamp", 1},
        FaultCase{TsaFault::other_digest, TsaFailureKind::imprint_mismatch, "another digest", 1},
        FaultCase{TsaFault::wrong_nonce, TsaFailureKind::nonce_mismatch, "nonce", 1},
        FaultCase{TsaFault::rejection, TsaFailureKind::rejected, "rejection", 1},
        FaultCase{TsaFault::no_eku, TsaFailureKind::no_timestamping_eku, "time-stamping", 1},
        FaultCase{TsaFault::noncritical_eku, TsaFailureKind::no_timestamping_eku, "critical", 1},
        FaultCase{TsaFault::untrusted_ca, TsaFailureKind::untrusted_chain, "trusted anchor", 1},
        FaultCase{TsaFault::slow, TsaFailureKind::timeout, "did not answer in time", 1},
        FaultCase{TsaFault::drop_connection, TsaFailureKind::network, "without replying", 3},
        FaultCase{TsaFault::oversized, TsaFailureKind::too_large, "1 MiB", 1}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
        return std::string(test::to_string(param_info.param.fault));
    });

TEST_F(TsaClient, RefusedConnectionIsNotRetriedAndTheNextTsaAnswers) {
    const std::string dead =
        "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/tsa";
    const auto start = std::chrono::steady_clock::now();
    TsaOutcome out = request_timestamp({dead, m_good->url()}, m_digest, *m_trust, m_options);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    RecordProperty("refused_then_granted_ms", static_cast<int>(ms));
    ASSERT_EQ(out.failures.size(), 1u);
    EXPECT_EQ(out.failures[0].kind, TsaFailureKind::refused);
    EXPECT_EQ(out.failures[0].reason, "The TSA refused the connection.");
    // One attempt: no backoff can add to the time an offline import waits.
    EXPECT_EQ(out.failures[0].attempts, 1);
    EXPECT_TRUE(out.success.has_value());
}

TEST_F(TsaClient, AllTsasFailingGivesOneFailureEachAndNoToken) {
    m_good->set_fault(TsaFault::rejection);
    m_bad->set_fault(TsaFault::garbage);
    const std::string dead =
        "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/tsa";
    TsaOutcome out =
        request_timestamp({m_bad->url(), dead, m_good->url()}, m_digest, *m_trust, m_options);
    EXPECT_FALSE(out.success.has_value());
    ASSERT_EQ(out.failures.size(), 3u);
    EXPECT_EQ(out.failures[0].kind, TsaFailureKind::not_a_response);
    EXPECT_EQ(out.failures[1].kind, TsaFailureKind::refused);
    EXPECT_EQ(out.failures[2].kind, TsaFailureKind::rejected);
}

TEST_F(TsaClient, FaultCanBeSwitchedWhileServing) {
    m_bad->set_fault(TsaFault::http_500);
    EXPECT_FALSE(request_timestamp({m_bad->url()}, m_digest, *m_trust, m_options).success);
    m_bad->set_fault(TsaFault::none);
    TsaOutcome out = request_timestamp({m_bad->url()}, m_digest, *m_trust, m_options);
    ASSERT_TRUE(out.success.has_value());
    EXPECT_EQ(out.success->url, m_bad->url());
}

TEST_F(TsaClient, ServerErrorThatClearsIsRetried) {
    m_bad->set_fault_for_next(TsaFault::http_500, 1);
    m_options.backoff = std::chrono::milliseconds(100);
    TsaOutcome out = request_timestamp({m_bad->url()}, m_digest, *m_trust, m_options);
    ASSERT_TRUE(out.success.has_value());
    EXPECT_EQ(out.success->attempts, 2);
    EXPECT_EQ(m_bad->request_count(), 2u);
    EXPECT_TRUE(out.failures.empty());
}

TEST_F(TsaClient, OnlyHttpAndHttpsUrlsAreUsed) {
    TsaOutcome out = request_timestamp({"file:///etc/passwd", "ftp://127.0.0.1/tsa"}, m_digest,
                                       *m_trust, m_options);
    EXPECT_FALSE(out.success);
    ASSERT_EQ(out.failures.size(), 2u);
    for (const auto& f : out.failures)
        EXPECT_EQ(f.kind, TsaFailureKind::bad_url);
}

TEST_F(TsaClient, NoUrlsGiveNothing) {
    TsaOutcome out = request_timestamp({}, m_digest, *m_trust, m_options);
    EXPECT_FALSE(out.success);
    EXPECT_TRUE(out.failures.empty());
}

TEST_F(TsaClient, LoopbackNeverGoesThroughTheEnvironmentProxy) {
    const std::string dead_proxy =
        "http://127.0.0.1:" + std::to_string(test::unused_loopback_port());
    test::EnvGuard env;
    env.set("http_proxy", dead_proxy);
    env.set("https_proxy", dead_proxy);
    env.set("ALL_PROXY", dead_proxy);
    env.set("no_proxy", "intranet.example");
    TsaOutcome out = request_timestamp({m_good->url()}, m_digest, *m_trust, m_options);
    EXPECT_TRUE(out.success.has_value()) << (out.failures.empty() ? "" : out.failures[0].reason);
}

// The test TSA's address for HTTPS. On Windows by name: libcurl 7.88 over Schannel, checking a
// certificate against a CA file itself, matches only DNS names, not an IP address (the
// certificate has both; public TSAs are reached by name).
std::string https_url(const TestTsa& tsa) {
#if defined(_WIN32)
    std::string url = tsa.url();
    const std::string ip = "127.0.0.1";
    url.replace(url.find(ip), ip.size(), "localhost");
    return url;
#else
    return tsa.url();
#endif
}

TEST_F(TsaClient, HttpsWithTheTestCaSucceeds) {
    auto tls = make_tsa(/*https=*/true);
    m_options.tls_ca_file = m_dir / "ca.pem";
    TsaOutcome out = request_timestamp({https_url(*tls)}, m_digest, *m_trust, m_options);
    ASSERT_TRUE(out.success.has_value()) << out.failures.at(0).reason;
    EXPECT_EQ(out.success->url.rfind("https://", 0), 0u);
    expect_only_timestamp_requests(*tls);
}

TEST_F(TsaClient, HttpsWithAnUnknownCertificateFailsOnceAndIsNotRetried) {
    auto tls = make_tsa(/*https=*/true);
    TsaOutcome out =
        request_timestamp({https_url(*tls), m_good->url()}, m_digest, *m_trust, m_options);
    ASSERT_EQ(out.failures.size(), 1u);
    EXPECT_EQ(out.failures[0].kind, TsaFailureKind::tls) << out.failures[0].reason;
    EXPECT_EQ(out.failures[0].attempts, 1);
    EXPECT_EQ(tls->request_count(), 0u);  // nothing was sent over the untrusted connection
    EXPECT_TRUE(out.success.has_value());
}

TEST(TestTsaServer, StopsPromptlyWhileASlowReplyIsPending) {
    test::TestTsaOptions o;
    o.fault = TsaFault::slow;
    TestTsa tsa(o);
    ASSERT_TRUE(tsa.start());
    std::thread client([&] {
        TsaClientOptions opts;
        opts.total_timeout = std::chrono::milliseconds(200);
        opts.max_attempts = 1;
        auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {}});
        ASSERT_TRUE(trust.ok());
        TsaOutcome out = request_timestamp({tsa.url()}, sha256("x"), *trust, opts);
        EXPECT_FALSE(out.success);
    });
    client.join();
    // Without the wake-up, stop() would wait the full two minutes for the handler.
    tsa.stop();
    EXPECT_EQ(tsa.request_count(), 1u);
}

}  // namespace
}  // namespace scelle::crypto

namespace scelle::crypto {
namespace {

TEST(TsaFailureKinds, NamesRoundTripAndOnlyNetworkFailuresAreUnreachable) {
    int unreachable = 0;
    for (int k = 0; k <= static_cast<int>(TsaFailureKind::rate_limited); ++k) {
        auto kind = static_cast<TsaFailureKind>(k);
        EXPECT_EQ(tsa_failure_kind_from_string(to_string(kind)), kind) << to_string(kind);
        unreachable += is_unreachable(kind) ? 1 : 0;
    }
    EXPECT_FALSE(tsa_failure_kind_from_string("no_such_kind"));
    EXPECT_TRUE(is_unreachable(TsaFailureKind::refused));
    EXPECT_TRUE(is_unreachable(TsaFailureKind::timeout));
    EXPECT_FALSE(is_unreachable(TsaFailureKind::rejected));
    EXPECT_FALSE(is_unreachable(TsaFailureKind::untrusted_chain));
    EXPECT_EQ(unreachable, 5);  // refused, dns, timeout, network, rate_limited
}

}  // namespace
}  // namespace scelle::crypto
