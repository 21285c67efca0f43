// Shared between the RFC 3161 request, parsing and verification files; not a public API.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "scelle/crypto/ossl_x509_ptr.h"
#include "scelle/crypto/sha256.h"
#include "scelle/crypto/tsp.h"

namespace scelle::crypto::detail {

// A TS_REQ for a SHA-256 digest, certReq set, with the nonce when given. Null on failure,
// with OpenSSL's error queue saying why.
TsReqPtr build_ts_req(const Digest& digest, std::optional<std::uint64_t> nonce);

// Decodes exactly one DER TimeStampResp; `why` says what was wrong when it returns null.
TsRespPtr decode_ts_resp(std::span<const std::uint8_t> der, std::string& why);

// The status and token fields of a decoded response.
TimeStampResponse describe_ts_resp(TS_RESP* resp);

// The certificates a token carries (never null for a SignedData token; may be empty).
STACK_OF(X509) * token_certs(PKCS7* token);

// Lowercase hex of an ASN.1 INTEGER's value ("-" prefix when negative).
std::string asn1_integer_hex(const ASN1_INTEGER* value);

}  // namespace scelle::crypto::detail
