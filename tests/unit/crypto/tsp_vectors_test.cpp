// The committed RFC 3161 vectors of tests/vectors/ (see its README.md): one good token and
// tokens that must fail, each for its own reason. They were made once by
// scelle-gen-tsp-vectors, so these tests also catch a change in how OpenSSL or Scellé reads
// tokens made by an older build.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "child_process.h"
#include "scelle/crypto/tsp.h"
#include "temp_dir.h"

namespace scelle::crypto {
namespace {

const std::filesystem::path vectors = SCELLE_TSP_VECTORS_DIR;
constexpr std::uint64_t vector_nonce = 0x5343454c4c453031ULL;  // "SCELLE01"

std::vector<std::uint8_t> load(const std::string& name) {
    const std::string s = test::read_file(vectors / name);
    return {s.begin(), s.end()};
}

class TspVectors : public ::testing::Test {
  protected:
    void SetUp() override {
        auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {vectors / "ca.pem"}});
        ASSERT_TRUE(trust.ok()) << trust.error().detail;
        m_trust = std::make_unique<TrustStore>(std::move(trust).value());
        m_digest = sha256(test::read_file(vectors / "data.txt"));
    }
    std::unique_ptr<TrustStore> m_trust;
    Digest m_digest{};
};

TEST_F(TspVectors, RequestIsAKnownAnswer) {
    auto req = make_timestamp_request(m_digest, vector_nonce);
    ASSERT_TRUE(req.ok());
    EXPECT_EQ(req->der, load("request.tsq"));
}

TEST_F(TspVectors, GoodTokenVerifies) {
    TspVerdict v = verify_timestamp_token(load("good.tsr"), m_digest, *m_trust);
    EXPECT_TRUE(v.ok()) << v.reason();
    auto req = make_timestamp_request(m_digest, vector_nonce);
    ASSERT_TRUE(req.ok());
    EXPECT_TRUE(verify_timestamp_response(load("good.tsr"), *req, *m_trust).ok());
}

TEST_F(TspVectors, GoodTokenVerifiesWithOpenssl) {
    auto r = test::run({"openssl", "ts", "-verify", "-data", (vectors / "data.txt").string(), "-in",
                        (vectors / "good.tsr").string(), "-CAfile", (vectors / "ca.pem").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

struct BadVector {
    const char* file;
    TspCheck fails;
};

class TspBadVector : public TspVectors, public ::testing::WithParamInterface<BadVector> {};

TEST_P(TspBadVector, FailsForItsOwnReason) {
    const BadVector& b = GetParam();
    TspVerdict v = verify_timestamp_token(load(b.file), m_digest, *m_trust);
    EXPECT_FALSE(v.ok());
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_EQ(v.first_failure()->check, b.fails)
        << "first failure " << to_string(v.first_failure()->check) << ": " << v.reason();
}

INSTANTIATE_TEST_SUITE_P(Files, TspBadVector,
                         ::testing::Values(BadVector{"other-digest.tsr", TspCheck::imprint_matches},
                                           BadVector{"rejection.tsr", TspCheck::status_granted},
                                           BadVector{"no-eku.tsr", TspCheck::signer_eku},
                                           BadVector{"noncritical-eku.tsr", TspCheck::signer_eku},
                                           BadVector{"untrusted-ca.tsr", TspCheck::chain_trusted},
                                           BadVector{"truncated.tsr", TspCheck::parsed},
                                           BadVector{"garbage.tsr", TspCheck::parsed},
                                           BadVector{"bad-signature.tsr", TspCheck::signature},
                                           BadVector{"trailing-bytes.tsr", TspCheck::parsed}),
                         [](const ::testing::TestParamInfo<BadVector>& param_info) {
                             std::string name = param_info.param.file;
                             for (char& c : name)
                                 if (c == '-' || c == '.')
                                     c = '_';
                             return name;
                         });

TEST_F(TspVectors, WrongNonceFailsAgainstTheRequestOnly) {
    auto req = make_timestamp_request(m_digest, vector_nonce);
    ASSERT_TRUE(req.ok());
    TspVerdict v = verify_timestamp_response(load("wrong-nonce.tsr"), *req, *m_trust);
    ASSERT_NE(v.first_failure(), nullptr);
    EXPECT_EQ(v.first_failure()->check, TspCheck::nonce_matches);
    EXPECT_TRUE(verify_timestamp_token(load("wrong-nonce.tsr"), m_digest, *m_trust).ok());
}

// Every file in the folder has a README line, and every README line names a file.
TEST(TspVectorsReadme, DescribesEveryFile) {
    std::ifstream readme(vectors / "README.md");
    ASSERT_TRUE(readme);
    std::set<std::string> described;
    std::string line;
    while (std::getline(readme, line)) {
        if (line.rfind("- `", 0) != 0)
            continue;
        const std::size_t end = line.find('`', 3);
        if (end != std::string::npos)
            described.insert(line.substr(3, end - 3));
    }
    std::set<std::string> present;
    for (const auto& e : std::filesystem::directory_iterator(vectors))
        if (e.path().filename() != "README.md")
            present.insert(e.path().filename().string());
    EXPECT_EQ(described, present);
}

}  // namespace
}  // namespace scelle::crypto
