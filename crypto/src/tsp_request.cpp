#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

#include <array>

#include "openssl_errors.h"
#include "scelle/crypto/tsp.h"
#include "tsp_internal.h"

namespace scelle::crypto {

namespace detail {

TsReqPtr build_ts_req(const Digest& digest, std::optional<std::uint64_t> nonce) {
    TsReqPtr req(TS_REQ_new());
    X509AlgorPtr alg(X509_ALGOR_new());
    TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
    if (!req || !alg || !imprint || TS_REQ_set_version(req.get(), 1) != 1)
        return nullptr;
    // The parameters of SHA-256 are absent or NULL (RFC 5754); NULL is what OpenSSL's own
    // `openssl ts -query` writes, so TSAs know it best.
    if (X509_ALGOR_set0(alg.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1)
        return nullptr;
    // The set_ functions below copy their argument; the owners above free the originals.
    if (TS_MSG_IMPRINT_set_algo(imprint.get(), alg.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<std::uint8_t*>(digest.data()),
                               static_cast<int>(digest.size())) != 1 ||
        TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1)
        return nullptr;
    if (nonce) {
        std::array<unsigned char, 8> bytes;
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<unsigned char>(*nonce >> (8 * (7 - i)));
        BignumPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
        if (!bn)
            return nullptr;
        Asn1IntegerPtr value(BN_to_ASN1_INTEGER(bn.get(), nullptr));
        if (!value || TS_REQ_set_nonce(req.get(), value.get()) != 1)
            return nullptr;
    }
    // certReq makes the TSA put its certificate in the token, so that the token alone (plus
    // a trust anchor) is enough to check it, with Scellé or with `openssl ts -verify`.
    if (TS_REQ_set_cert_req(req.get(), 1) != 1)
        return nullptr;
    return req;
}

}  // namespace detail

Result<TimeStampRequest> make_timestamp_request(const Digest& digest, std::uint64_t nonce) {
    ERR_clear_error();
    TsReqPtr req = detail::build_ts_req(digest, nonce);
    if (!req)
        return make_error(Errc::internal, "TimeStampReq", detail::take_openssl_errors());
    unsigned char* raw = nullptr;
    const int len = i2d_TS_REQ(req.get(), &raw);
    OsslBytesPtr der(raw);
    if (len <= 0 || !der)
        return make_error(Errc::internal, "TimeStampReq", detail::take_openssl_errors());
    TimeStampRequest out;
    out.der.assign(der.get(), der.get() + len);
    out.digest = digest;
    out.nonce = nonce;
    return out;
}

Result<TimeStampRequest> make_timestamp_request(const Digest& digest) {
    std::array<unsigned char, 8> bytes;
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        return make_error(Errc::internal, "TimeStampReq nonce", detail::take_openssl_errors());
    std::uint64_t nonce = 0;
    for (unsigned char b : bytes)
        nonce = (nonce << 8) | b;
    return make_timestamp_request(digest, nonce);
}

}  // namespace scelle::crypto
