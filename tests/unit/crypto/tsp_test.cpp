// RFC 3161 request, parsing and verification, against the in-process signer of the test TSA
// (no network here; tsa_client_test.cpp covers HTTP).
#include <gtest/gtest.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "env_guard.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/tsp.h"
#include "temp_dir.h"
#include "tsa_signer.h"

namespace scelle::crypto {
namespace {

using test::TsaFault;

// True when `s` has the shape "dddd-dd-ddTdd:dd:dd[.d+]Z" (d a digit).
bool is_rfc3339_utc(const std::string& s) {
    const std::string shape = "dddd-dd-ddTdd:dd:dd";
    if (s.size() < shape.size() + 1 || s.back() != 'Z')
        return false;
    for (std::size_t i = 0; i < shape.size(); ++i)
        if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i])
            return false;
    const std::string rest = s.substr(shape.size(), s.size() - shape.size() - 1);
    if (rest.empty())
        return true;
    return rest.size() >= 2 && rest[0] == '.' &&
           rest.find_first_not_of("0123456789", 1) == std::string::npos;
}

bool is_lower_hex(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class Tsp : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_pki = std::make_shared<const test::TestPki>();
        s_dir = std::make_unique<test::TempDir>("scelle-tsp");
        test::write_file(*s_dir / "ca.pem", s_pki->ca_pem());
        test::write_file(*s_dir / "other-ca.pem", s_pki->other_ca_pem());
    }
    static void TearDownTestSuite() {
        s_dir.reset();
        s_pki.reset();
    }

    void SetUp() override {
        auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {*s_dir / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        m_trust = std::make_unique<TrustStore>(std::move(trust).value());
        auto req = make_timestamp_request(m_digest);
        ASSERT_TRUE(req.ok());
        m_request = *req;
    }

    std::string reply(TsaFault fault = TsaFault::none) const {
        test::TsaSigner signer(s_pki);
        return signer.respond(std::string(m_request.der.begin(), m_request.der.end()), fault);
    }

    static inline std::shared_ptr<const test::TestPki> s_pki;
    static inline std::unique_ptr<test::TempDir> s_dir;
    Digest m_digest = sha256("the first lines of a custody log\n");
    TimeStampRequest m_request;
    std::unique_ptr<TrustStore> m_trust;
};

TEST_F(Tsp, RequestIsAVersion1Sha256RequestWithNonceAndCertReq) {
    const unsigned char* p = m_request.der.data();
    TsReqPtr req(d2i_TS_REQ(nullptr, &p, static_cast<long>(m_request.der.size())));
    ASSERT_TRUE(req);
    EXPECT_EQ(p, m_request.der.data() + m_request.der.size());
    EXPECT_EQ(TS_REQ_get_version(req.get()), 1);
    TS_MSG_IMPRINT* mi = TS_REQ_get_msg_imprint(req.get());
    const ASN1_OBJECT* alg = nullptr;
    X509_ALGOR_get0(&alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(mi));
    EXPECT_EQ(OBJ_obj2nid(alg), NID_sha256);
    ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(mi);
    ASSERT_EQ(ASN1_STRING_length(msg), 32);
    EXPECT_EQ(0, std::memcmp(ASN1_STRING_get0_data(msg), m_digest.data(), 32));
    EXPECT_EQ(TS_REQ_get_cert_req(req.get()), 1);
    EXPECT_EQ(TS_REQ_get_policy_id(req.get()), nullptr);
    EXPECT_EQ(TS_REQ_get_ext_count(req.get()), 0);
    const ASN1_INTEGER* nonce = TS_REQ_get_nonce(req.get());
    ASSERT_NE(nonce, nullptr);
    std::uint64_t value = 0;
    ASSERT_EQ(ASN1_INTEGER_get_uint64(&value, nonce), 1);
    EXPECT_EQ(value, m_request.nonce);
    EXPECT_EQ(m_request.digest, m_digest);
}

TEST_F(Tsp, EachRequestHasItsOwnNonce) {
    auto other = make_timestamp_request(m_digest);
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other->nonce, m_request.nonce);
    EXPECT_NE(other->der, m_request.der);
}

TEST_F(Tsp, ChosenNonceGivesTheSameBytesEveryTime) {
    auto a = make_timestamp_request(m_digest, 0x8000000000000001ULL);
    auto b = make_timestamp_request(m_digest, 0x8000000000000001ULL);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->der, b->der);
    // A nonce with the top bit set needs a leading zero byte to stay positive in DER.
    const unsigned char* p = a->der.data();
    TsReqPtr req(d2i_TS_REQ(nullptr, &p, static_cast<long>(a->der.size())));
    ASSERT_TRUE(req);
    std::uint64_t value = 0;
    ASSERT_EQ(ASN1_INTEGER_get_uint64(&value, TS_REQ_get_nonce(req.get())), 1);
    EXPECT_EQ(value, 0x8000000000000001ULL);
}

TEST_F(Tsp, ParsesAGrantedReply) {
    const std::string der = reply();
    auto r = parse_timestamp_response(bytes(der));
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->status.status, TspStatus::granted);
    ASSERT_TRUE(r->token.has_value());
    const TstInfoFields& t = *r->token;
    EXPECT_TRUE(is_rfc3339_utc(t.gen_time)) << t.gen_time;
    EXPECT_GT(t.gen_time_t, 0);
    EXPECT_TRUE(is_lower_hex(t.serial_hex)) << t.serial_hex;
    EXPECT_NE(t.tsa_name.find("CN=Scellé Test TSA"), std::string::npos) << t.tsa_name;
    EXPECT_NE(t.signer_subject.find("CN=Scellé Test TSA"), std::string::npos);
    EXPECT_EQ(t.policy_oid, test::test_tsa_policy);
    EXPECT_EQ(t.imprint_algorithm, "2.16.840.1.101.3.4.2.1");
    EXPECT_EQ(t.imprint, std::vector<std::uint8_t>(m_digest.begin(), m_digest.end()));
    ASSERT_TRUE(t.nonce_hex.has_value());
    char nonce_hex[17];
    std::snprintf(nonce_hex, sizeof nonce_hex, "%016llx",
                  static_cast<unsigned long long>(m_request.nonce));
    // Whole bytes, leading zero bytes dropped (BN_bn2hex).
    std::string expected_nonce = nonce_hex;
    while (expected_nonce.size() > 2 && expected_nonce.compare(0, 2, "00") == 0)
        expected_nonce.erase(0, 2);
    EXPECT_EQ(*t.nonce_hex, expected_nonce);
    EXPECT_NE(t.certs_pem.find("-----BEGIN CERTIFICATE-----"), std::string::npos);
}

TEST_F(Tsp, GenTimeStringAndSecondsAgree) {
    const std::string der = reply();
    auto r = parse_timestamp_response(bytes(der));
    ASSERT_TRUE(r.ok() && r->token);
    const auto seconds = core::parse_utc_rfc3339(r->token->gen_time);
    ASSERT_TRUE(seconds) << r->token->gen_time;
    EXPECT_EQ(seconds->time_since_epoch().count(), r->token->gen_time_t);
}

TEST_F(Tsp, SerialNumbersDiffer) {
    test::TsaSigner signer(s_pki);
    const std::string req(m_request.der.begin(), m_request.der.end());
    auto a = parse_timestamp_response(bytes(signer.respond(req)));
    auto b = parse_timestamp_response(bytes(signer.respond(req)));
    ASSERT_TRUE(a.ok() && b.ok() && a->token && b->token);
    EXPECT_NE(a->token->serial_hex, b->token->serial_hex);
}

TEST_F(Tsp, ParsesARejectionWithTextAndFailureInfo) {
    const std::string der = reply(TsaFault::rejection);
    auto r = parse_timestamp_response(bytes(der));
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->status.status, TspStatus::rejection);
    EXPECT_EQ(r->status.raw_status, 2);
    EXPECT_FALSE(r->token.has_value());
    EXPECT_NE(r->status.text.find("policy"), std::string::npos) << r->status.text;
    EXPECT_EQ(r->status.failure_info, std::vector<std::string>{"unacceptedPolicy"});
}

TEST_F(Tsp, RefusesWhatIsNotExactlyOneTimeStampResp) {
    const std::string good = reply();
    EXPECT_FALSE(parse_timestamp_response({}).ok());
    EXPECT_FALSE(parse_timestamp_response(bytes(reply(TsaFault::garbage))).ok());
    EXPECT_FALSE(parse_timestamp_response(bytes(reply(TsaFault::truncated_der))).ok());
    auto trailing = parse_timestamp_response(bytes(good + std::string(1, '\0')));
    ASSERT_FALSE(trailing.ok());
    EXPECT_EQ(trailing.error().code, Errc::input_unreadable);
    EXPECT_NE(trailing.error().detail.find("trailing"), std::string::npos);
    // A request is DER too, but not a response.
    EXPECT_FALSE(parse_timestamp_response(m_request.der).ok());
}

TEST_F(Tsp, GoodReplyPassesEveryCheck) {
    const std::string der = reply();
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_TRUE(v.ok()) << v.reason();
    for (const auto& c : v.checks)
        EXPECT_EQ(c.outcome, CheckOutcome::passed) << to_string(c.check) << ": " << c.detail;
    EXPECT_EQ(v.first_failure(), nullptr);
    EXPECT_EQ(v.reason(), "The time-stamp verifies.");
    ASSERT_TRUE(v.response && v.response->token);
}

TEST_F(Tsp, StoredTokenVerifiesWithoutTheRequest) {
    const std::string der = reply();
    TspVerdict v = verify_timestamp_token(bytes(der), m_digest, *m_trust);
    EXPECT_TRUE(v.ok()) << v.reason();
    EXPECT_EQ(v.find(TspCheck::nonce_matches)->outcome, CheckOutcome::not_run);
}

TEST_F(Tsp, TokenForAnotherDigestFailsTheImprintCheck) {
    const std::string der = reply(TsaFault::other_digest);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_FALSE(v.ok());
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_EQ(v.first_failure()->check, TspCheck::imprint_matches);
    EXPECT_NE(v.reason().find("another digest"), std::string::npos) << v.reason();
    // The token is genuine, only for something else: its signature and chain still hold.
    EXPECT_TRUE(v.passed(TspCheck::signature));
    EXPECT_TRUE(v.passed(TspCheck::chain_trusted));
    EXPECT_FALSE(v.passed(TspCheck::openssl_verify));
    EXPECT_FALSE(verify_timestamp_token(bytes(der), m_digest, *m_trust).ok());
}

TEST_F(Tsp, WrongNonceFailsOnlyAgainstTheRequest) {
    const std::string der = reply(TsaFault::wrong_nonce);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_FALSE(v.ok());
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_EQ(v.first_failure()->check, TspCheck::nonce_matches);
    EXPECT_FALSE(v.passed(TspCheck::openssl_verify));
    // Stored later in a bundle, the same token is a valid time-stamp of the digest.
    EXPECT_TRUE(verify_timestamp_token(bytes(der), m_digest, *m_trust).ok());
}

TEST_F(Tsp, RejectionFailsTheStatusCheckAndStopsThere) {
    const std::string der = reply(TsaFault::rejection);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.first_failure()->check, TspCheck::status_granted);
    EXPECT_NE(v.first_failure()->detail.find("rejection"), std::string::npos);
    EXPECT_NE(v.first_failure()->detail.find("unacceptedPolicy"), std::string::npos);
    EXPECT_EQ(v.find(TspCheck::signature)->outcome, CheckOutcome::not_run);
    EXPECT_EQ(v.find(TspCheck::openssl_verify)->outcome, CheckOutcome::not_run);
}

TEST_F(Tsp, SignerWithoutTimeStampingEkuIsRefused) {
    for (TsaFault f : {TsaFault::no_eku, TsaFault::noncritical_eku}) {
        SCOPED_TRACE(test::to_string(f));
        const std::string der = reply(f);
        TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
        EXPECT_FALSE(v.ok());
        ASSERT_NE(v.first_failure(), nullptr);
        EXPECT_EQ(v.first_failure()->check, TspCheck::signer_eku) << v.reason();
        // Signed correctly, under the trusted CA: the EKU alone is what is wrong.
        EXPECT_TRUE(v.passed(TspCheck::signature)) << v.find(TspCheck::signature)->detail;
        EXPECT_TRUE(v.passed(TspCheck::chain_trusted));
        EXPECT_FALSE(v.passed(TspCheck::openssl_verify));
    }
}

TEST_F(Tsp, NonCriticalEkuIsNamedAsSuch) {
    const std::string der = reply(TsaFault::noncritical_eku);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_NE(v.first_failure()->detail.find("not marked critical"), std::string::npos);
}

TEST_F(Tsp, ChainToAnUntrustedCaIsRefusedEvenThoughTheTokenCarriesItsRoot) {
    const std::string der = reply(TsaFault::untrusted_ca);
    auto parsed = parse_timestamp_response(bytes(der));
    ASSERT_TRUE(parsed.ok() && parsed->token);
    // The token carries its own (untrusted) root: carrying it must not make it trusted.
    EXPECT_NE(parsed->token->certs_pem.find(s_pki->other_ca_pem()), std::string::npos);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.first_failure()->check, TspCheck::chain_trusted) << v.reason();
    EXPECT_TRUE(v.passed(TspCheck::signature));
    EXPECT_TRUE(v.passed(TspCheck::signer_eku));
    EXPECT_FALSE(v.passed(TspCheck::openssl_verify));
}

TEST_F(Tsp, UntrustedCaVerifiesOnceTheUserNamesIt) {
    const std::string der = reply(TsaFault::untrusted_ca);
    auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {*s_dir / "other-ca.pem"}});
    ASSERT_TRUE(trust.ok());
    EXPECT_TRUE(verify_timestamp_response(bytes(der), m_request, *trust).ok());
    // And the good TSA's token then fails: trust is exactly what the store holds.
    EXPECT_FALSE(verify_timestamp_response(bytes(reply()), m_request, *trust).ok());
}

// The system store is read where OpenSSL reads it, SSL_CERT_FILE included; pointing that at
// the test CA shows the system path is really used (the real system store never holds it).
TEST_F(Tsp, SystemStoreIsReadFromTheDefaultLocations) {
    const std::string der = reply();
    {
        auto system_only = TrustStore::create({SystemAnchors::use, std::nullopt, {}});
        ASSERT_TRUE(system_only.ok());
        EXPECT_FALSE(verify_timestamp_response(bytes(der), m_request, *system_only).ok());
    }
    test::EnvGuard env;
    env.set("SSL_CERT_FILE", core::path_to_utf8(*s_dir / "ca.pem"));
    auto with_test_ca = TrustStore::create({SystemAnchors::use, std::nullopt, {}});
    env.restore();
    ASSERT_TRUE(with_test_ca.ok());
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *with_test_ca);
    EXPECT_TRUE(v.ok()) << v.reason();
}

#if defined(_WIN32)
// Windows: the system's anchors are the roots of Windows' certificate store, not OpenSSL's
// built-in paths (those of the machine that built it). Under Wine that store holds the host's
// roots (and a few of Wine's): SCELLE_TEST_HOST_ROOTS names the host's bundle, and each of its
// certificates must be among the anchors read. (A root cannot be added to Wine's store for a
// test: it accepts it and does not keep it.)
TEST_F(Tsp, OnWindowsTheSystemAnchorsAreTheRootsOfWindowsStore) {
    const char* host_roots = std::getenv("SCELLE_TEST_HOST_ROOTS");
    if (host_roots == nullptr)
        GTEST_SKIP() << "SCELLE_TEST_HOST_ROOTS is not set (tests/windows/wine_unit_tests.sh)";
    auto expected = read_pem_certificates(core::utf8_to_path(host_roots));
    ASSERT_TRUE(expected.ok()) << expected.error().detail;
    ASSERT_GT(expected->size(), 50u);

    auto system = TrustStore::create({SystemAnchors::use, std::nullopt, {}});
    ASSERT_TRUE(system.ok());
    EXPECT_TRUE(system->has_system_bundle());
    X509StorePtr store = system->make_store(std::nullopt);
    ASSERT_TRUE(store);
    std::size_t held = 0;
    STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store.get());
    for (const X509Ptr& root : *expected) {
        bool found = false;
        for (int i = 0; i < sk_X509_OBJECT_num(objects) && !found; ++i) {
            X509* cert = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i));
            found = cert != nullptr && X509_cmp(cert, root.get()) == 0;
        }
        held += found ? 1 : 0;
    }
    EXPECT_EQ(held, expected->size());
    // And the test TSA's root is not among them.
    EXPECT_FALSE(verify_timestamp_response(bytes(reply()), m_request, *system).ok());
}
#endif

TEST_F(Tsp, EmptyTrustStoreTrustsNothing) {
    auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {}});
    ASSERT_TRUE(trust.ok());
    TspVerdict v = verify_timestamp_response(bytes(reply()), m_request, *trust);
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.first_failure()->check, TspCheck::chain_trusted);
}

TEST_F(Tsp, TamperedSignatureIsRefused) {
    std::string der = reply();
    der.back() = static_cast<char>(der.back() ^ 0x01);
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    EXPECT_FALSE(v.ok());
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_EQ(v.first_failure()->check, TspCheck::signature) << v.reason();
    EXPECT_FALSE(v.passed(TspCheck::openssl_verify));
}

TEST_F(Tsp, TamperedTstInfoIsRefused) {
    std::string der = reply();
    // The policy OID is in the signed TSTInfo; changing its last arc keeps the DER valid.
    const std::string policy_der = "\x2b\x06\x01\x04\x01\x86\x8d\x1f\x01\x01";
    const std::size_t at = der.find(policy_der);
    ASSERT_NE(at, std::string::npos);
    der[at + policy_der.size() - 1] = '\x02';
    TspVerdict v = verify_timestamp_response(bytes(der), m_request, *m_trust);
    ASSERT_TRUE(v.passed(TspCheck::parsed));
    EXPECT_EQ(v.response->token->policy_oid, "1.3.6.1.4.1.99999.1.2");
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.first_failure()->check, TspCheck::signature) << v.reason();
}

TEST_F(Tsp, GarbageAndTruncatedRepliesFailTheParseCheck) {
    for (TsaFault f : {TsaFault::garbage, TsaFault::truncated_der}) {
        TspVerdict v = verify_timestamp_response(bytes(reply(f)), m_request, *m_trust);
        EXPECT_FALSE(v.ok());
        EXPECT_EQ(v.first_failure()->check, TspCheck::parsed);
        EXPECT_FALSE(v.response.has_value());
        EXPECT_NE(v.reason().find("not a time-stamp response"), std::string::npos);
    }
}

// The chain is checked at genTime, not now: a token made while the TSA certificate was valid
// stays valid after it expires, and one made outside its validity never is.
TEST(TspGenTime, ChainIsCheckedAtGenTime) {
    const std::time_t now = std::time(nullptr);
    test::TestPkiOptions expired;
    expired.not_before = now - 10 * 86400;
    expired.not_after = now - 5 * 86400;
    auto pki = std::make_shared<const test::TestPki>(expired);
    test::TempDir dir("scelle-tsp-time");
    test::write_file(dir / "ca.pem", pki->ca_pem());
    auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {dir / "ca.pem"}});
    ASSERT_TRUE(trust.ok());
    auto req = make_timestamp_request(sha256("old evidence"));
    ASSERT_TRUE(req.ok());
    const std::string req_der(req->der.begin(), req->der.end());

    test::TsaSigner signer(pki);
    signer.set_fixed_time(now - 7 * 86400);  // inside the validity window
    const std::string then = signer.respond(req_der);
    TspVerdict v = verify_timestamp_response(bytes(then), *req, *trust);
    EXPECT_TRUE(v.ok()) << v.reason();

    signer.set_fixed_time(now - 86400);  // after the certificates expired
    const std::string late = signer.respond(req_der);
    TspVerdict w = verify_timestamp_response(bytes(late), *req, *trust);
    EXPECT_FALSE(w.ok());
    ASSERT_NE(w.first_failure(), nullptr);
    EXPECT_EQ(w.first_failure()->check, TspCheck::chain_trusted);
    EXPECT_NE(w.first_failure()->detail.find("expired"), std::string::npos)
        << w.first_failure()->detail;
}

TEST(TspNames, ChecksAndStatusesHaveStableNames) {
    EXPECT_STREQ(to_string(TspCheck::signer_eku), "signer_eku");
    EXPECT_STREQ(to_string(TspCheck::openssl_verify), "openssl_verify");
    EXPECT_STREQ(to_string(TspStatus::granted_with_mods), "grantedWithMods");
    EXPECT_STREQ(to_string(TspStatus::revocation_notification), "revocationNotification");
}

}  // namespace
}  // namespace scelle::crypto
