#include "test_pki.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "temp_dir.h"

namespace scelle::test {

using namespace scelle::crypto;

namespace {

// Test set-up that cannot go on: failing loudly is the useful behaviour in a test helper.
void require(bool ok, const char* what) {
    if (!ok)
        throw std::runtime_error(std::string("test PKI: ") + what);
}

// EC P-256: a full set costs milliseconds. On Windows, the TLS chain (the root and the
// server) is RSA: under Wine, Schannel's chain check does not verify ECDSA signatures.
enum class KeyKind { ec, tls };

EvpPkeyPtr make_key(KeyKind kind) {
#if defined(_WIN32)
    EvpPkeyPtr key(kind == KeyKind::tls ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
#else
    (void)kind;
    EvpPkeyPtr key(EVP_EC_gen("P-256"));
#endif
    require(key != nullptr, "key generation failed");
    return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    require(ext != nullptr, "extension");
    require(X509_add_ext(cert, ext.get(), -1) == 1, "add extension");
}

enum class Profile { ca, tsa, tsa_no_eku, tsa_noncritical_eku, server };

KeyAndCert make_cert(const std::string& cn, Profile profile, const KeyAndCert* issuer,
                     const TestPkiOptions& o, KeyKind kind = KeyKind::ec) {
    KeyAndCert out;
    out.key = make_key(kind);
    out.cert.reset(X509_new());
    X509* x = out.cert.get();
    require(x != nullptr, "X509_new");
    require(X509_set_version(x, 2) == 1, "version");
    unsigned char serial[8];
    require(RAND_bytes(serial, sizeof serial) == 1, "serial");
    serial[0] &= 0x7f;  // positive
    BignumPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
    require(bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) != nullptr, "serial");
    std::time_t nb = o.not_before;
    std::time_t na = o.not_after;
    require(X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &nb) != nullptr, "notBefore");
    require(X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &na) != nullptr, "notAfter");

    X509NamePtr name(X509_NAME_new());
    require(name != nullptr, "name");
    auto add_entry = [&](const char* field, const std::string& value) {
        require(X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                           reinterpret_cast<const unsigned char*>(value.c_str()),
                                           -1, -1, 0) == 1,
                "name entry");
    };
    add_entry("O", "Scellé Tests");
    add_entry("CN", cn);
    require(X509_set_subject_name(x, name.get()) == 1, "subject");
    require(X509_set_issuer_name(
                x, issuer ? X509_get_subject_name(issuer->cert.get()) : name.get()) == 1,
            "issuer");
    require(X509_set_pubkey(x, out.key.get()) == 1, "pubkey");

    X509* issuer_cert = issuer ? issuer->cert.get() : x;
    add_ext(x, issuer_cert, NID_subject_key_identifier, "hash");
    add_ext(x, issuer_cert, NID_authority_key_identifier, "keyid:always");
    switch (profile) {
        case Profile::ca:
            add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
            add_ext(x, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
            break;
        case Profile::tsa:
            add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
            add_ext(x, issuer_cert, NID_key_usage, "critical,digitalSignature,nonRepudiation");
            add_ext(x, issuer_cert, NID_ext_key_usage, "critical,timeStamping");
            break;
        case Profile::tsa_no_eku:
            add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
            add_ext(x, issuer_cert, NID_key_usage, "critical,digitalSignature,nonRepudiation");
            break;
        case Profile::tsa_noncritical_eku:
            add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
            add_ext(x, issuer_cert, NID_key_usage, "critical,digitalSignature,nonRepudiation");
            add_ext(x, issuer_cert, NID_ext_key_usage, "timeStamping");
            break;
        case Profile::server:
            add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
            add_ext(x, issuer_cert, NID_key_usage, "critical,digitalSignature");
            add_ext(x, issuer_cert, NID_ext_key_usage, "serverAuth");
            add_ext(x, issuer_cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
            break;
    }
    EVP_PKEY* signing_key = issuer ? issuer->key.get() : out.key.get();
    require(X509_sign(x, signing_key, EVP_sha256()) > 0, "sign");
    return out;
}

}  // namespace

std::string cert_to_pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    require(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

TestPki::TestPki(const TestPkiOptions& o) {
    ca = make_cert("Scellé Test Root CA", Profile::ca, nullptr, o, KeyKind::tls);
    other_ca = make_cert("Untrusted Test Root CA", Profile::ca, nullptr, o);
    tsa = make_cert("Scellé Test TSA", Profile::tsa, &ca, o);
    tsa_no_eku = make_cert("Test TSA without EKU", Profile::tsa_no_eku, &ca, o);
    tsa_noncritical_eku =
        make_cert("Test TSA with non-critical EKU", Profile::tsa_noncritical_eku, &ca, o);
    tsa_other_ca = make_cert("Test TSA under an untrusted CA", Profile::tsa, &other_ca, o);
    server = make_cert("localhost", Profile::server, &ca, o, KeyKind::tls);
}

std::string TestPki::ca_pem() const {
    return cert_to_pem(ca.cert.get());
}
std::string TestPki::other_ca_pem() const {
    return cert_to_pem(other_ca.cert.get());
}

void TestPki::write_ca_pem(const std::filesystem::path& path) const {
    write_file(path, ca_pem());
}

}  // namespace scelle::test
