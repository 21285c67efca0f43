#include "tsa_signer.h"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <stdexcept>

#include "scelle/crypto/sha256.h"
#include "temp_dir.h"

namespace scelle::test {

using namespace scelle::crypto;

namespace {

void require(bool ok, const char* what) {
    if (!ok)
        throw std::runtime_error(std::string("test TSA: ") + what);
}

struct FaultName {
    TsaFault fault;
    const char* name;
};
constexpr FaultName fault_names[] = {
    {TsaFault::none, "none"},
    {TsaFault::http_500, "http_500"},
    {TsaFault::garbage, "garbage"},
    {TsaFault::truncated_der, "truncated_der"},
    {TsaFault::other_digest, "other_digest"},
    {TsaFault::wrong_nonce, "wrong_nonce"},
    {TsaFault::rejection, "rejection"},
    {TsaFault::no_eku, "no_eku"},
    {TsaFault::noncritical_eku, "noncritical_eku"},
    {TsaFault::untrusted_ca, "untrusted_ca"},
    {TsaFault::slow, "slow"},
    {TsaFault::drop_connection, "drop_connection"},
    {TsaFault::oversized, "oversized"},
};

int time_cb(TS_RESP_CTX*, void* data, long* sec, long* usec) {
    const auto* t = static_cast<const std::time_t*>(data);
    *sec = static_cast<long>(*t);
    *usec = 0;
    return 1;
}

ASN1_INTEGER* serial_cb(TS_RESP_CTX*, void* data) {
    auto* counter = static_cast<std::atomic<std::uint64_t>*>(data);
    ASN1_INTEGER* serial = ASN1_INTEGER_new();
    if (serial != nullptr && ASN1_INTEGER_set_uint64(serial, counter->fetch_add(1) + 1) != 1) {
        ASN1_INTEGER_free(serial);
        return nullptr;
    }
    return serial;
}

std::string to_der(TS_RESP* resp) {
    unsigned char* raw = nullptr;
    const int len = i2d_TS_RESP(resp, &raw);
    OsslBytesPtr der(raw);
    require(len > 0, "i2d_TS_RESP");
    return std::string(reinterpret_cast<char*>(der.get()), static_cast<std::size_t>(len));
}

// Rewrites a request before the honest signer sees it, which is how the token-level faults
// keep everything else a real TSA would do. Returns the input unchanged when it does not parse.
std::string altered_request(std::string_view der, TsaFault fault) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    TsReqPtr req(d2i_TS_REQ(nullptr, &p, static_cast<long>(der.size())));
    if (!req) {
        ERR_clear_error();
        return std::string(der);
    }
    switch (fault) {
        case TsaFault::other_digest: {
            Digest other = sha256("a different document, not the one in the request");
            require(TS_MSG_IMPRINT_set_msg(TS_REQ_get_msg_imprint(req.get()), other.data(),
                                           static_cast<int>(other.size())) == 1,
                    "imprint");
            break;
        }
        case TsaFault::wrong_nonce: {
            const ASN1_INTEGER* old = TS_REQ_get_nonce(req.get());
            BignumPtr bn(old ? ASN1_INTEGER_to_BN(old, nullptr) : BN_new());
            require(bn && BN_add_word(bn.get(), 1) == 1, "nonce");
            Asn1IntegerPtr nonce(BN_to_ASN1_INTEGER(bn.get(), nullptr));
            require(nonce && TS_REQ_set_nonce(req.get(), nonce.get()) == 1, "nonce");
            break;
        }
        case TsaFault::rejection: {
            // The honest signer refuses a policy it does not have, with status text and the
            // failure bit unacceptedPolicy: a real rejection, not a hand-made one.
            Asn1ObjectPtr policy(OBJ_txt2obj("1.3.6.1.4.1.99999.9.9", 1));
            require(policy && TS_REQ_set_policy_id(req.get(), policy.get()) == 1, "policy");
            break;
        }
        default:
            return std::string(der);
    }
    unsigned char* raw = nullptr;
    const int len = i2d_TS_REQ(req.get(), &raw);
    OsslBytesPtr out(raw);
    require(len > 0, "i2d_TS_REQ");
    return std::string(reinterpret_cast<char*>(out.get()), static_cast<std::size_t>(len));
}

// A SignedData over `tst` by `signer`, built the way OpenSSL's TS_RESP_CTX builds it
// (ts_rsp_sign.c): content type and ESS signing-certificate-v2 attributes, TSTInfo as the
// encapsulated content. TS_RESP_CTX itself refuses signers without a critical timeStamping
// EKU, and those are exactly the tokens the verifier must be shown.
Pkcs7Ptr sign_tst_info(TS_TST_INFO* tst, const KeyAndCert& signer, X509* extra) {
    Pkcs7Ptr p7(PKCS7_new());
    require(p7 && PKCS7_set_type(p7.get(), NID_pkcs7_signed) == 1, "PKCS7 type");
    require(ASN1_INTEGER_set(p7->d.sign->version, 3) == 1, "PKCS7 version");
    require(PKCS7_add_certificate(p7.get(), signer.cert.get()) == 1, "add cert");
    if (extra != nullptr)
        require(PKCS7_add_certificate(p7.get(), extra) == 1, "add cert");
    PKCS7_SIGNER_INFO* si =
        PKCS7_add_signature(p7.get(), signer.cert.get(), signer.key.get(), EVP_sha256());
    require(si != nullptr, "add signature");
    require(PKCS7_add_signed_attribute(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                       OBJ_nid2obj(NID_id_smime_ct_TSTInfo)) == 1,
            "content type attribute");

    EssSigningCertV2Ptr ess(
        OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), signer.cert.get(), nullptr, 0));
    require(ess != nullptr, "ESS");
    unsigned char* raw = nullptr;
    const int len = i2d_ESS_SIGNING_CERT_V2(ess.get(), &raw);
    OsslBytesPtr ess_der(raw);
    require(len > 0, "ESS DER");
    Asn1StringPtr seq(ASN1_STRING_new());
    require(seq && ASN1_STRING_set(seq.get(), ess_der.get(), len) == 1, "ESS string");
    require(PKCS7_add_signed_attribute(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
                                       seq.get()) == 1,
            "ESS attribute");
    (void)seq.release();  // the signer info owns it now

    Asn1TypePtr content(ASN1_TYPE_new());
    require(content != nullptr, "content");
    ASN1_OCTET_STRING* octets = ASN1_OCTET_STRING_new();
    require(octets != nullptr, "content");
    ASN1_TYPE_set(content.get(), V_ASN1_OCTET_STRING, octets);
    Pkcs7Ptr inner(PKCS7_new());
    require(
        inner && PKCS7_set0_type_other(inner.get(), NID_id_smime_ct_TSTInfo, content.get()) == 1,
        "inner content");
    (void)content.release();
    require(PKCS7_set_content(p7.get(), inner.get()) == 1, "set content");
    (void)inner.release();

    BioPtr bio(PKCS7_dataInit(p7.get(), nullptr));
    require(bio && i2d_TS_TST_INFO_bio(bio.get(), tst) == 1, "TSTInfo");
    require(PKCS7_dataFinal(p7.get(), bio.get()) == 1, "sign");
    return p7;
}

}  // namespace

const char* to_string(TsaFault fault) {
    for (const auto& f : fault_names)
        if (f.fault == fault)
            return f.name;
    return "unknown";
}

std::optional<TsaFault> tsa_fault_from_string(std::string_view name) {
    for (const auto& f : fault_names)
        if (name == f.name)
            return f.fault;
    return std::nullopt;
}

TsaSigner::TsaSigner(std::shared_ptr<const TestPki> pki) : m_pki(std::move(pki)) {
    require(m_pki != nullptr, "no PKI");
}

std::string TsaSigner::sign(std::string_view request_der, const KeyAndCert& signer,
                            const KeyAndCert& chain_ca) const {
    TsRespCtxPtr ctx(TS_RESP_CTX_new());
    require(ctx != nullptr, "TS_RESP_CTX_new");
    // Fails unless the certificate has the critical timeStamping EKU (tech-notes §3).
    require(TS_RESP_CTX_set_signer_cert(ctx.get(), signer.cert.get()) == 1, "signer cert");
    require(TS_RESP_CTX_set_signer_key(ctx.get(), signer.key.get()) == 1, "signer key");
    X509StackPtr chain(sk_X509_new_null());
    require(chain != nullptr, "chain");
    X509_up_ref(chain_ca.cert.get());
    require(sk_X509_push(chain.get(), chain_ca.cert.get()) > 0, "chain");
    require(TS_RESP_CTX_set_certs(ctx.get(), chain.get()) == 1, "certs");  // copies
    Asn1ObjectPtr policy(OBJ_txt2obj(test_tsa_policy, 1));
    require(policy && TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) == 1, "policy");
    require(TS_RESP_CTX_add_md(ctx.get(), EVP_sha256()) == 1, "md");
    require(TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()) == 1, "digest");
    require(TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) == 1, "ESS digest");
    require(TS_RESP_CTX_set_accuracy(ctx.get(), 1, 0, 0) == 1, "accuracy");
    TS_RESP_CTX_add_flags(ctx.get(), TS_ORDERING | TS_TSA_NAME);
    TS_RESP_CTX_set_serial_cb(ctx.get(), serial_cb, &m_serial);
    std::time_t fixed = m_fixed_time.value_or(0);
    if (m_fixed_time)
        TS_RESP_CTX_set_time_cb(ctx.get(), time_cb, &fixed);

    BioPtr in(BIO_new_mem_buf(request_der.data(), static_cast<int>(request_der.size())));
    require(in != nullptr, "BIO");
    TsRespPtr resp(TS_RESP_create_response(ctx.get(), in.get()));
    require(resp != nullptr, "TS_RESP_create_response");
    ERR_clear_error();
    return to_der(resp.get());
}

std::string TsaSigner::sign_by_hand(std::string_view request_der, const KeyAndCert& signer) const {
    // An honest reply first, then its TSTInfo re-signed by `signer` with the TSA name set to
    // the signer's own, so that the only defect left is the signer's certificate.
    const std::string honest = sign(request_der, m_pki->tsa, m_pki->ca);
    const unsigned char* p = reinterpret_cast<const unsigned char*>(honest.data());
    TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(honest.size())));
    require(resp != nullptr, "d2i_TS_RESP");
    if (TS_RESP_get_tst_info(resp.get()) == nullptr)
        return honest;  // a rejection has nothing to re-sign
    TsTstInfoPtr tst(TS_TST_INFO_dup(TS_RESP_get_tst_info(resp.get())));
    require(tst != nullptr, "TSTInfo dup");
    GeneralNamePtr name(GENERAL_NAME_new());
    X509NamePtr subject(X509_NAME_dup(X509_get_subject_name(signer.cert.get())));
    require(name && subject, "TSA name");
    GENERAL_NAME_set0_value(name.get(), GEN_DIRNAME, subject.release());
    require(TS_TST_INFO_set_tsa(tst.get(), name.get()) == 1, "TSA name");  // copies

    Pkcs7Ptr p7 = sign_tst_info(tst.get(), signer, m_pki->ca.cert.get());
    // Takes ownership of both and frees the honest token.
    TS_RESP_set_tst_info(resp.get(), p7.release(), tst.release());
    return to_der(resp.get());
}

std::string TsaSigner::respond(std::string_view request_der, TsaFault fault) const {
    switch (fault) {
        case TsaFault::garbage:
            return "This is not DER: a test TSA answering nonsense.\n" +
                   pseudo_random_bytes(200, 42);
        case TsaFault::truncated_der: {
            const std::string full = sign(request_der, m_pki->tsa, m_pki->ca);
            return full.substr(0, full.size() / 2);
        }
        case TsaFault::other_digest:
        case TsaFault::wrong_nonce:
        case TsaFault::rejection:
            return sign(altered_request(request_der, fault), m_pki->tsa, m_pki->ca);
        case TsaFault::no_eku:
            return sign_by_hand(request_der, m_pki->tsa_no_eku);
        case TsaFault::noncritical_eku:
            return sign_by_hand(request_der, m_pki->tsa_noncritical_eku);
        case TsaFault::untrusted_ca:
            return sign(request_der, m_pki->tsa_other_ca, m_pki->other_ca);
        default:
            return sign(request_der, m_pki->tsa, m_pki->ca);
    }
}

}  // namespace scelle::test
