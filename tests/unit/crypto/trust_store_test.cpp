#include "scelle/crypto/trust_store.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_pki.h"

namespace scelle::crypto {
namespace {

// Separated by ':' as PATH is, by ';' on Windows (where "C:\\..." holds a colon).
TEST(TrustAnchorList, SplitsOnThePathSeparatorAndDropsEmptyEntries) {
#if defined(_WIN32)
    auto v = split_anchor_list("C:\\a\\ca.pem;;D:\\b\\autre é.pem;");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0], std::filesystem::path(L"C:\\a\\ca.pem"));
    EXPECT_EQ(v[1], std::filesystem::path(L"D:\\b\\autre \u00e9.pem"));
#else
    auto v = split_anchor_list("/a/ca.pem::/b/other.pem:");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0], "/a/ca.pem");
    EXPECT_EQ(v[1], "/b/other.pem");
#endif
    EXPECT_TRUE(split_anchor_list("").empty());
    EXPECT_EQ(split_anchor_list("one.pem").size(), 1u);
}

class TrustStoreFiles : public ::testing::Test {
  protected:
    test::TempDir m_dir{"scelle-trust"};
    test::TestPki m_pki;
};

TEST_F(TrustStoreFiles, ReadsEveryCertificateOfAPemFile) {
    test::write_file(m_dir / "two.pem", m_pki.ca_pem() + m_pki.other_ca_pem());
    auto certs = read_pem_certificates(m_dir / "two.pem");
    ASSERT_TRUE(certs.ok()) << certs.error().detail;
    EXPECT_EQ(certs->size(), 2u);
}

TEST_F(TrustStoreFiles, NamesTheFileThatCannotBeUsed) {
    auto missing = read_pem_certificates(m_dir / "missing.pem");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Errc::input_missing);
    EXPECT_NE(missing.error().subject.find("missing.pem"), std::string::npos);

    test::write_file(m_dir / "empty.pem", "");
    auto empty = read_pem_certificates(m_dir / "empty.pem");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, Errc::input_unreadable);

    test::write_file(m_dir / "text.pem", "not a certificate\n");
    EXPECT_FALSE(read_pem_certificates(m_dir / "text.pem").ok());

    std::string damaged = m_pki.ca_pem();
    damaged[damaged.size() / 2] = '!';
    test::write_file(m_dir / "damaged.pem", damaged);
    auto bad = read_pem_certificates(m_dir / "damaged.pem");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, Errc::input_unreadable);

    auto dir = read_pem_certificates(m_dir.path());
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error().code, Errc::input_is_directory);
}

TEST_F(TrustStoreFiles, UserFileThatCannotBeReadFailsTheWholeStore) {
    auto store = TrustStore::create({SystemAnchors::skip, std::nullopt, {m_dir / "nope.pem"}});
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().subject.find("nope.pem"), std::string::npos);
}

TEST_F(TrustStoreFiles, LoadsShippedAnchorsFromAFolderAndIgnoresOtherFiles) {
    std::filesystem::create_directories(m_dir / "anchors");
    test::write_file(m_dir / "anchors" / "a.pem", m_pki.ca_pem());
    test::write_file(m_dir / "anchors" / "b.crt", m_pki.other_ca_pem());
    test::write_file(m_dir / "anchors" / "README", "not an anchor\n");
    auto store = TrustStore::create({SystemAnchors::skip, m_dir / "anchors", {}});
    ASSERT_TRUE(store.ok()) << store.error().detail;
    EXPECT_EQ(store->explicit_anchor_count(), 2u);
    EXPECT_FALSE(store->uses_system_store());
}

TEST_F(TrustStoreFiles, MissingShippedFolderAddsNothing) {
    auto store = TrustStore::create({SystemAnchors::use, m_dir / "not-installed", {}});
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(store->explicit_anchor_count(), 0u);
    EXPECT_TRUE(store->uses_system_store());
}

TEST_F(TrustStoreFiles, StoreHoldsTheAnchorsAndVerifiesTheirCertificates) {
    test::write_file(m_dir / "ca.pem", m_pki.ca_pem());
    auto store = TrustStore::create({SystemAnchors::skip, std::nullopt, {m_dir / "ca.pem"}});
    ASSERT_TRUE(store.ok());
    X509StorePtr x = store->make_store(std::nullopt);
    ASSERT_TRUE(x);
    auto verifies = [&](X509* cert) {
        X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        X509_STORE_CTX_init(ctx.get(), x.get(), cert, nullptr);
        return X509_verify_cert(ctx.get()) == 1;
    };
    EXPECT_TRUE(verifies(m_pki.tsa.cert.get()));
    EXPECT_FALSE(verifies(m_pki.tsa_other_ca.cert.get()));
}

}  // namespace
}  // namespace scelle::crypto
