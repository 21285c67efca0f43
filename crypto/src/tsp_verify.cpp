#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "openssl_errors.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/tsp.h"
#include "tsp_internal.h"

namespace scelle::crypto {

namespace {

constexpr std::array all_checks = {
    TspCheck::parsed,          TspCheck::status_granted, TspCheck::imprint_algorithm,
    TspCheck::imprint_matches, TspCheck::nonce_matches,  TspCheck::signature,
    TspCheck::signer_eku,      TspCheck::chain_trusted,  TspCheck::openssl_verify,
};

// The dotted OID of SHA-256 (RFC 5754), as OBJ_obj2txt writes it.
const char* const sha256_oid = "2.16.840.1.101.3.4.2.1";

class VerdictBuilder {
  public:
    VerdictBuilder() {
        for (TspCheck c : all_checks)
            m_verdict.checks.push_back({c, CheckOutcome::not_run, {}});
    }
    void pass(TspCheck c, std::string detail = {}) { set(c, CheckOutcome::passed, detail); }
    void fail(TspCheck c, std::string detail) { set(c, CheckOutcome::failed, detail); }
    TspVerdict& verdict() { return m_verdict; }

  private:
    void set(TspCheck c, CheckOutcome outcome, std::string& detail) {
        for (auto& r : m_verdict.checks)
            if (r.check == c) {
                r.outcome = outcome;
                r.detail = std::move(detail);
            }
    }
    TspVerdict m_verdict;
};

std::string status_detail(const TspStatusInfo& s) {
    std::string d = std::string("status ") + to_string(s.status);
    if (s.status == TspStatus::unknown)
        d += " (" + std::to_string(s.raw_status) + ")";
    if (!s.text.empty())
        d += ": " + s.text;
    if (!s.failure_info.empty()) {
        d += " [";
        for (std::size_t i = 0; i < s.failure_info.size(); ++i)
            d += (i ? ", " : "") + s.failure_info[i];
        d += "]";
    }
    return d;
}

// RFC 3161 2.3: the TSA's certificate MUST carry exactly one extended key usage, the
// timeStamping one, and the extension MUST be critical. Checked here on its own so that the
// verdict can say so plainly instead of a generic "unsupported certificate purpose".
bool check_signer_eku(X509* signer, std::string& detail) {
    int critical = -1;
    ExtKeyUsagePtr eku(static_cast<EXTENDED_KEY_USAGE*>(
        X509_get_ext_d2i(signer, NID_ext_key_usage, &critical, nullptr)));
    if (!eku) {
        detail = critical == -2 ? "the extended key usage extension appears more than once"
                                : "no extended key usage extension";
        return false;
    }
    bool has_ts = false;
    bool has_other = false;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
        if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku.get(), i)) == NID_time_stamp)
            has_ts = true;
        else
            has_other = true;
    }
    if (!has_ts) {
        detail = "the extended key usage does not include timeStamping";
        return false;
    }
    if (has_other) {
        detail = "the extended key usage includes purposes other than timeStamping";
        return false;
    }
    if (critical != 1) {
        detail = "the timeStamping extended key usage is not marked critical";
        return false;
    }
    return true;
}

// The CMS signature over the encapsulated TSTInfo, for the one signer the token names.
bool check_signature(PKCS7* token, X509* signer, std::string& detail) {
    STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(token);
    if (infos == nullptr || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
        detail = "the token must have exactly one signer";
        return false;
    }
    BioPtr data(PKCS7_dataInit(token, nullptr));
    if (!data) {
        detail = detail::take_openssl_errors();
        return false;
    }
    // Reading the content through the digest BIOs computes the message digest.
    std::array<char, 4096> buf;
    while (BIO_read(data.get(), buf.data(), static_cast<int>(buf.size())) > 0) {
    }
    if (PKCS7_signatureVerify(data.get(), token, sk_PKCS7_SIGNER_INFO_value(infos, 0), signer) <=
        0) {
        detail = detail::take_openssl_errors();
        if (detail.empty())
            detail = "signature failure";
        return false;
    }
    return true;
}

// The signer's chain to an anchor, at genTime. No purpose is set: the EKU has its own check,
// and this one answers only "is the chain trusted and valid at that time?".
// The system's bundle file is parsed only when the chain does not verify without it (it costs
// tens of milliseconds; the hashed folder and the explicit anchors are cheap): `bundle` says
// whether the store that verified (or the last one tried) had it.
bool check_chain(X509* signer, STACK_OF(X509) * untrusted, const TrustStore& trust, std::time_t at,
                 std::string& detail, SystemBundle& bundle) {
    for (SystemBundle b : {SystemBundle::skip, SystemBundle::include}) {
        if (b == SystemBundle::include && !trust.has_system_bundle())
            break;
        bundle = b;
        X509StorePtr store = trust.make_store(at, b);
        X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        if (!store || !ctx || X509_STORE_CTX_init(ctx.get(), store.get(), signer, untrusted) != 1) {
            detail = "out of memory";
            return false;
        }
        if (X509_verify_cert(ctx.get()) == 1)
            return true;
        detail = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    }
    return false;
}

// OpenSSL's complete check, with the flags spelled out: TS_REQ_to_TS_VERIFY_CTX leaves
// TS_VFY_SIGNATURE unset, and without it a token under an unrelated CA has been seen to pass.
bool openssl_verify(TS_RESP* resp, const Digest& digest, std::optional<std::uint64_t> nonce,
                    const TrustStore& trust, std::time_t at, SystemBundle bundle,
                    std::string& detail) {
    TsReqPtr req = detail::build_ts_req(digest, nonce);
    TsVerifyCtxPtr ctx(req ? TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr) : nullptr);
    X509StorePtr store = trust.make_store(at, bundle);
    if (!ctx || !store) {
        detail = "out of memory";
        return false;
    }
    TS_VERIFY_CTX_add_flags(ctx.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_IMPRINT |
                                           TS_VFY_SIGNER | (nonce ? TS_VFY_NONCE : 0));
    // The context owns the store from here on (OpenSSL 3.0 semantics; 3.4 renamed it set0).
#if OPENSSL_VERSION_NUMBER >= 0x30400000L
    TS_VERIFY_CTX_set0_store(ctx.get(), store.release());
#else
    TS_VERIFY_CTX_set_store(ctx.get(), store.release());
#endif
    ERR_clear_error();
    if (TS_RESP_verify_response(ctx.get(), resp) == 1)
        return true;
    detail = detail::take_openssl_errors();
    if (detail.empty())
        detail = "verification failed";
    return false;
}

TspVerdict verify(std::span<const std::uint8_t> der, const Digest& digest,
                  std::optional<std::uint64_t> nonce, const TrustStore& trust) {
    VerdictBuilder b;
    std::string why;
    TsRespPtr resp = detail::decode_ts_resp(der, why);
    if (!resp) {
        b.fail(TspCheck::parsed, why);
        return std::move(b.verdict());
    }
    b.pass(TspCheck::parsed);
    b.verdict().response = detail::describe_ts_resp(resp.get());
    const TimeStampResponse& r = *b.verdict().response;

    const bool granted =
        r.status.status == TspStatus::granted || r.status.status == TspStatus::granted_with_mods;
    if (!granted || !r.token) {
        b.fail(TspCheck::status_granted, status_detail(r.status));
        return std::move(b.verdict());
    }
    b.pass(TspCheck::status_granted, status_detail(r.status));
    const TstInfoFields& t = *r.token;

    if (t.imprint_algorithm == sha256_oid && t.imprint.size() == digest.size())
        b.pass(TspCheck::imprint_algorithm);
    else
        b.fail(TspCheck::imprint_algorithm,
               "the imprint uses " + t.imprint_algorithm + ", not SHA-256 (" + sha256_oid + ")");
    if (std::equal(t.imprint.begin(), t.imprint.end(), digest.begin(), digest.end()))
        b.pass(TspCheck::imprint_matches, to_hex(digest));
    else
        b.fail(TspCheck::imprint_matches,
               "expected " + to_hex(digest) + ", the token has " + hex_encode(t.imprint));

    if (nonce) {
        std::array<std::uint8_t, 8> bytes;
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<std::uint8_t>(*nonce >> (8 * (7 - i)));
        BignumPtr expected_bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
        const ASN1_INTEGER* got = TS_TST_INFO_get_nonce(TS_RESP_get_tst_info(resp.get()));
        BignumPtr got_bn(got ? ASN1_INTEGER_to_BN(got, nullptr) : nullptr);
        char* expected_raw = expected_bn ? BN_bn2hex(expected_bn.get()) : nullptr;
        OsslBytesPtr expected_hex(reinterpret_cast<unsigned char*>(expected_raw));
        std::string expected = expected_raw ? expected_raw : "?";
        for (char& ch : expected)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (!got)
            b.fail(TspCheck::nonce_matches, "the reply has no nonce");
        else if (!expected_bn || !got_bn || BN_cmp(expected_bn.get(), got_bn.get()) != 0)
            b.fail(TspCheck::nonce_matches,
                   "expected " + expected + ", the token has " + t.nonce_hex.value_or("?"));
        else
            b.pass(TspCheck::nonce_matches);
    }

    PKCS7* token = TS_RESP_get_token(resp.get());
    STACK_OF(X509)* carried = detail::token_certs(token);
    // OpenSSL's own check uses the same anchors as the chain check found it needed.
    SystemBundle bundle = trust.has_system_bundle() ? SystemBundle::include : SystemBundle::skip;
    ERR_clear_error();
    X509StackViewPtr signers(PKCS7_get0_signers(token, nullptr, 0));
    if (!signers || sk_X509_num(signers.get()) != 1) {
        ERR_clear_error();
        // Without the signer's certificate nothing below can be checked; certReq asks every
        // TSA to include it.
        b.fail(TspCheck::signature, "the token does not carry the TSA's certificate");
    } else {
        X509* signer = sk_X509_value(signers.get(), 0);
        std::string d;
        if (check_signature(token, signer, d))
            b.pass(TspCheck::signature);
        else
            b.fail(TspCheck::signature, d);
        d.clear();
        if (check_signer_eku(signer, d))
            b.pass(TspCheck::signer_eku);
        else
            b.fail(TspCheck::signer_eku, d);
        d.clear();
        if (check_chain(signer, carried, trust, t.gen_time_t, d, bundle))
            b.pass(TspCheck::chain_trusted);
        else
            b.fail(TspCheck::chain_trusted, d);
    }

    std::string d;
    if (openssl_verify(resp.get(), digest, nonce, trust, t.gen_time_t, bundle, d))
        b.pass(TspCheck::openssl_verify);
    else
        b.fail(TspCheck::openssl_verify, d);
    ERR_clear_error();
    return std::move(b.verdict());
}

}  // namespace

const char* to_string(TspCheck check) {
    switch (check) {
        case TspCheck::parsed:
            return "parsed";
        case TspCheck::status_granted:
            return "status_granted";
        case TspCheck::imprint_algorithm:
            return "imprint_algorithm";
        case TspCheck::imprint_matches:
            return "imprint_matches";
        case TspCheck::nonce_matches:
            return "nonce_matches";
        case TspCheck::signature:
            return "signature";
        case TspCheck::signer_eku:
            return "signer_eku";
        case TspCheck::chain_trusted:
            return "chain_trusted";
        case TspCheck::openssl_verify:
            return "openssl_verify";
    }
    return "unknown";
}

const TspCheckResult* TspVerdict::find(TspCheck check) const {
    for (const auto& r : checks)
        if (r.check == check)
            return &r;
    return nullptr;
}

bool TspVerdict::passed(TspCheck check) const {
    const TspCheckResult* r = find(check);
    return r != nullptr && r->outcome == CheckOutcome::passed;
}

const TspCheckResult* TspVerdict::first_failure() const {
    for (const auto& r : checks)
        if (r.outcome == CheckOutcome::failed)
            return &r;
    return nullptr;
}

bool TspVerdict::ok() const {
    if (checks.empty() || first_failure() != nullptr)
        return false;
    // Every check must have run except the nonce one, which only a request can make.
    for (const auto& r : checks)
        if (r.outcome != CheckOutcome::passed && r.check != TspCheck::nonce_matches)
            return false;
    return true;
}

std::string TspVerdict::reason() const {
    const TspCheckResult* f = first_failure();
    if (f == nullptr)
        return ok() ? "The time-stamp verifies." : "The time-stamp could not be checked.";
    const std::string why = f->detail.empty() ? std::string() : " (" + f->detail + ")";
    switch (f->check) {
        case TspCheck::parsed:
            return "The reply is not a time-stamp response" + why + ".";
        case TspCheck::status_granted:
            return "The TSA did not grant the time-stamp" + why + ".";
        case TspCheck::imprint_algorithm:
            return "The time-stamp is not over a SHA-256 digest" + why + ".";
        case TspCheck::imprint_matches:
            return "The time-stamp is for another digest" + why + ".";
        case TspCheck::nonce_matches:
            return "The reply does not carry the request's nonce" + why + ".";
        case TspCheck::signature:
            return "The time-stamp's signature does not verify" + why + ".";
        case TspCheck::signer_eku:
            return "The TSA certificate is not a time-stamping certificate" + why + ".";
        case TspCheck::chain_trusted:
            return "The TSA certificate does not chain to a trusted anchor at the time of the "
                   "stamp" +
                   why + ".";
        case TspCheck::openssl_verify:
            return "OpenSSL refused the time-stamp" + why + ".";
    }
    return "The time-stamp does not verify" + why + ".";
}

TspVerdict verify_timestamp_response(std::span<const std::uint8_t> response_der,
                                     const TimeStampRequest& request, const TrustStore& trust) {
    return verify(response_der, request.digest, request.nonce, trust);
}

TspVerdict verify_timestamp_token(std::span<const std::uint8_t> response_der, const Digest& digest,
                                  const TrustStore& trust) {
    return verify(response_der, digest, std::nullopt, trust);
}

}  // namespace scelle::crypto
