// Interoperability with the openssl command line: what Scellé stores, `openssl ts -verify`
// reads; what Scellé sends, `openssl ts -query` understands.
#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "child_process.h"
#include "scelle/base/text.h"
#include "scelle/crypto/tsa_client.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::crypto {
namespace {

class TspInterop : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_tsa.start()) << m_tsa.last_error();
        m_tsa.pki().write_ca_pem(m_dir / "ca.pem");
        test::write_file(m_dir / "other-ca.pem", m_tsa.pki().other_ca_pem());
        auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {m_dir / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        m_trust = std::make_unique<TrustStore>(std::move(trust).value());
    }

    // Obtains a token over `data` from the test TSA and writes it to token.tsr.
    std::filesystem::path token_over(const std::string& data) {
        TsaOutcome out = request_timestamp({m_tsa.url()}, sha256(data), *m_trust);
        EXPECT_TRUE(out.success.has_value());
        if (!out.success)
            return {};
        const auto& der = out.success->response_der;
        test::write_file(m_dir / "token.tsr", std::string(der.begin(), der.end()));
        return m_dir / "token.tsr";
    }

    test::TestTsa m_tsa;
    test::TempDir m_dir{"scelle-tsp-interop"};
    std::unique_ptr<TrustStore> m_trust;
};

TEST_F(TspInterop, OpensslVerifiesATokenByDigest) {
    const std::string data = "line 1\nline 2\n";
    auto token = token_over(data);
    ASSERT_FALSE(token.empty());
    auto r = test::run({"openssl", "ts", "-verify", "-digest", sha256_hex(data), "-in",
                        token.string(), "-CAfile", (m_dir / "ca.pem").string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Verification: OK"), std::string::npos) << r.out;
}

TEST_F(TspInterop, OpensslVerifiesATokenOverTheData) {
    // The data a custody-log prefix token covers: the log's first lines, byte for byte.
    const std::string data = test::pseudo_random_bytes(100000, 7);
    test::write_file(m_dir / "prefix.bin", data);
    auto token = token_over(data);
    ASSERT_FALSE(token.empty());
    auto r = test::run({"openssl", "ts", "-verify", "-data", (m_dir / "prefix.bin").string(), "-in",
                        token.string(), "-CAfile", (m_dir / "ca.pem").string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Verification: OK"), std::string::npos);
}

TEST_F(TspInterop, OpensslRefusesTheTokenForOtherDataOrAnotherCa) {
    auto token = token_over("the real data");
    ASSERT_FALSE(token.empty());
    auto wrong_data = test::run({"openssl", "ts", "-verify", "-digest", sha256_hex("other data"),
                                 "-in", token.string(), "-CAfile", (m_dir / "ca.pem").string()});
    EXPECT_NE(wrong_data.exit_code, 0);
    auto wrong_ca =
        test::run({"openssl", "ts", "-verify", "-digest", sha256_hex("the real data"), "-in",
                   token.string(), "-CAfile", (m_dir / "other-ca.pem").string()});
    EXPECT_NE(wrong_ca.exit_code, 0);
}

TEST_F(TspInterop, OpensslReadsOurRequest) {
    auto req = make_timestamp_request(sha256("abc"));
    ASSERT_TRUE(req.ok());
    test::write_file(m_dir / "q.tsq", std::string(req->der.begin(), req->der.end()));
    auto r = test::run({"openssl", "ts", "-query", "-in", (m_dir / "q.tsq").string(), "-text"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Hash Algorithm: sha256"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Certificate required: yes"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Policy OID: unspecified"), std::string::npos) << r.out;
    // The imprint printed by openssl is the digest, as hex bytes separated by spaces/dashes.
    const std::string hex = sha256_hex("abc");
    EXPECT_NE(r.out.find(hex.substr(0, 2) + " " + hex.substr(2, 2)), std::string::npos);
}

TEST_F(TspInterop, OpensslMadeTokenVerifiesWithScelle) {
    // The other direction: a reply from `openssl ts -reply` with the same CA.
    auto req = make_timestamp_request(sha256("from the CLI"));
    ASSERT_TRUE(req.ok());
    test::write_file(m_dir / "q.tsq", std::string(req->der.begin(), req->der.end()));
    test::write_file(m_dir / "tsa.pem", test::cert_to_pem(m_tsa.pki().tsa.cert.get()));
    {
        crypto::BioPtr bio(BIO_new_file(core::path_to_utf8(m_dir / "tsa.key").c_str(), "w"));
        ASSERT_TRUE(bio);
        ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), m_tsa.pki().tsa.key.get(), nullptr, nullptr,
                                           0, nullptr, nullptr),
                  1);
    }
    test::write_file(m_dir / "serial", "01\n");
    test::write_file(m_dir / "tsa.cnf",
                     "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = " + (m_dir / "serial").string() +
                         "\ncrypto_device = builtin\nsigner_digest = sha256\n"
                         "default_policy = 1.3.6.1.4.1.99999.1.1\ndigests = sha256\n"
                         "ess_cert_id_alg = sha256\ntsa_name = yes\n");
    auto r =
        test::run({"openssl", "ts", "-reply", "-config", (m_dir / "tsa.cnf").string(), "-queryfile",
                   (m_dir / "q.tsq").string(), "-signer", (m_dir / "tsa.pem").string(), "-inkey",
                   (m_dir / "tsa.key").string(), "-out", (m_dir / "r.tsr").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string der = test::read_file(m_dir / "r.tsr");
    TspVerdict v = verify_timestamp_response(
        {reinterpret_cast<const std::uint8_t*>(der.data()), der.size()}, *req, *m_trust);
    EXPECT_TRUE(v.ok()) << v.reason();
}

}  // namespace
}  // namespace scelle::crypto
