// RFC 3161 time stamps: the request Scellé sends, the reply a Time-Stamp Authority gives, and
// the checks that decide whether a reply proves that a SHA-256 digest existed at genTime.
//
// Only a 32-byte SHA-256 digest ever goes into a request: never data, never a name. Tokens
// are always kept as the whole DER TimeStampResp, as the TSA sent it, so that
// `openssl ts -verify -in X.tsr` reads the stored files directly.
//
// Verification returns a TspVerdict: every check with its outcome and the reason in English,
// not only an error code, because the report, the bundle verifier and the warnings all need to
// say what held and what did not. The signature check is always requested explicitly
// (TS_VFY_SIGNATURE), and the signer's chain is checked at genTime against a TrustStore;
// certificates carried inside the token are used to build the chain, never as anchors.
//
// All functions are thread-safe; the structures are plain values.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/crypto/sha256.h"
#include "scelle/crypto/trust_store.h"

namespace scelle::crypto {

// A TimeStampReq ready to POST, with what is needed to check the reply.
struct TimeStampRequest {
    std::vector<std::uint8_t> der;  // the DER TimeStampReq (the HTTP body)
    Digest digest;                  // the SHA-256 the request asks to time-stamp
    std::uint64_t nonce = 0;        // random, echoed by the TSA
};

// Builds version 1, SHA-256 imprint, a random 64-bit nonce, certReq = true, no policy, no
// extensions. Fails only when OpenSSL itself fails (Errc::internal).
Result<TimeStampRequest> make_timestamp_request(const Digest& digest);
// The same with a chosen nonce, for tests and known-answer vectors.
Result<TimeStampRequest> make_timestamp_request(const Digest& digest, std::uint64_t nonce);

// PKIStatus values of RFC 3161 (section 2.4.2).
enum class TspStatus {
    granted = 0,
    granted_with_mods = 1,
    rejection = 2,
    waiting = 3,
    revocation_warning = 4,
    revocation_notification = 5,
    unknown,  // any other number
};
// "granted", "grantedWithMods", "rejection", ... as RFC 3161 spells them.
const char* to_string(TspStatus status);

struct TspStatusInfo {
    TspStatus status = TspStatus::unknown;
    long raw_status = -1;                   // the number as sent
    std::string text;                       // statusString entries joined by "; " (UTF-8)
    std::vector<std::string> failure_info;  // PKIFailureInfo bit names: "badAlg", ...
};

// The fields of the TSTInfo inside a token.
struct TstInfoFields {
    std::string gen_time;           // UTC RFC 3339, "2026-11-28T13:40:26Z" (fraction kept)
    std::time_t gen_time_t = 0;     // the same, whole seconds since the epoch
    std::string serial_hex;         // lowercase hex, whole bytes ("03e9"); "0" for zero
    std::string tsa_name;           // the TSA name field, RFC 2253 for a directory name;
                                    // empty when the TSA did not fill it
    std::string policy_oid;         // dotted form
    std::string imprint_algorithm;  // dotted OID of the hash ("2.16.840.1.101.3.4.2.1")
    std::vector<std::uint8_t> imprint;
    std::optional<std::string> nonce_hex;  // lowercase hex of the nonce, when present
    std::string signer_subject;            // RFC 2253 subject of the signing certificate, when the
                                           // token carries it
    std::string certs_pem;                 // every certificate the token carries, as PEM
};

struct TimeStampResponse {
    TspStatusInfo status;
    std::optional<TstInfoFields> token;  // present exactly when the reply carries a token
};

// Parses a DER TimeStampResp strictly: trailing bytes, a missing status or a token that is not
// a SignedData of TSTInfo are refused (Errc::input_unreadable). Does not check signatures.
Result<TimeStampResponse> parse_timestamp_response(std::span<const std::uint8_t> der);

// The checks, in the order they are made.
enum class TspCheck {
    parsed,             // the bytes are one DER TimeStampResp
    status_granted,     // PKIStatus granted or grantedWithMods, with a token
    imprint_algorithm,  // the imprint is a SHA-256
    imprint_matches,    // the imprint equals the expected digest
    nonce_matches,      // the nonce equals the request's (only with a request)
    signature,          // the CMS signature over the TSTInfo is valid for the signer cert
    signer_eku,         // the signer has the timeStamping EKU, critical, and no other
    chain_trusted,      // the signer chains to a trust anchor, valid at genTime
    openssl_verify,     // OpenSSL's own TS verification (ESS certificate binding, TSA name,
                        // version, and all of the above again) with TS_VFY_SIGNATURE set
};
const char* to_string(TspCheck check);  // "parsed", "status_granted", ...

enum class CheckOutcome { passed, failed, not_run };

struct TspCheckResult {
    TspCheck check;
    CheckOutcome outcome = CheckOutcome::not_run;
    std::string detail;  // why it failed, or what was compared; English, may be empty
};

struct TspVerdict {
    // Every check of TspCheck, in order; checks that could not run (no token) say not_run.
    std::vector<TspCheckResult> checks;
    std::optional<TimeStampResponse> response;  // when the bytes parsed

    // True when every check that applies passed. nonce_matches is not_run (and does not
    // count) for token verification without a request.
    bool ok() const;
    const TspCheckResult* find(TspCheck check) const;
    bool passed(TspCheck check) const;
    // The first failed check, or nullptr when ok().
    const TspCheckResult* first_failure() const;
    // One English sentence for the first failure ("The time-stamp is for another digest."),
    // or "The time-stamp verifies." when ok().
    std::string reason() const;
};

// Checks a reply against the request that asked for it: everything, including the nonce.
TspVerdict verify_timestamp_response(std::span<const std::uint8_t> response_der,
                                     const TimeStampRequest& request, const TrustStore& trust);

// Checks a stored reply (a .tsr file from a bundle) against the SHA-256 of the data it should
// cover; there is no request, so no nonce check.
TspVerdict verify_timestamp_token(std::span<const std::uint8_t> response_der, const Digest& digest,
                                  const TrustStore& trust);

}  // namespace scelle::crypto
