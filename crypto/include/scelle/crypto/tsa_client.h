// Asking Time-Stamp Authorities for a token over HTTP(S), with failover.
//
// request_timestamp() builds one TimeStampReq for a SHA-256 digest, POSTs it with libcurl to
// each TSA URL in order, and returns the first reply that passes every check of
// verify_timestamp_response(). Each TSA that did not give one is recorded with the reason in
// one English sentence, so the caller can warn ("TSA X: the connection was refused.") and keep
// the item pending. Nothing but the DER request leaves the machine.
//
// Network policy: TLS verification is always on (an extra CA file can be added, for tests);
// proxies come from the environment as libcurl reads it (http_proxy, https_proxy, no_proxy),
// but loopback addresses never go through a proxy; only http and https; no redirects; replies
// are capped at 1 MiB. Retries (new connection, backoff) only for failures that may pass on a
// second try: a send or receive error, an empty reply, a timeout, HTTP 429 and 5xx. A refused
// or unreachable connection, a DNS failure and every TLS failure move on to the next TSA at
// once, so that an offline machine is not slowed down.
//
// request_timestamp() is thread-safe: each call uses its own handles. libcurl's global
// initialisation happens once per process, on first use.
#pragma once

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/crypto/sha256.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsp.h"

namespace scelle::crypto {

struct TsaClientOptions {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{15000};  // per attempt, transfer included
    int max_attempts = 3;                            // per URL, for retryable failures
    std::chrono::milliseconds backoff{200};          // doubled after each retry
    // A Retry-After longer than this is not waited for: the next TSA is tried instead.
    std::chrono::milliseconds max_retry_after{2000};
    // A CA bundle (PEM) for checking HTTPS servers, used instead of libcurl's default bundle
    // file (libcurl's CA directory, where it has one, still applies). Tests point it at their
    // test CA. It never affects the trust in time-stamp tokens, which is the TrustStore's.
    std::optional<std::filesystem::path> tls_ca_file;
    // The version in the User-Agent "Scelle/<version>".
    std::string version = "0";
};

// Why one TSA gave no usable token. The kind lets a caller choose a translated sentence; the
// reason is the English sentence for logs and the machine output.
enum class TsaFailureKind {
    bad_url,              // not an http or https URL
    refused,              // connection refused or host unreachable
    dns,                  // the host name could not be resolved
    timeout,              // connect or total timeout
    tls,                  // TLS handshake or certificate verification failed
    network,              // the connection broke, or the server closed it without a reply
    http_status,          // an HTTP status other than 200
    too_large,            // the reply exceeded 1 MiB
    not_a_response,       // the body is not a DER TimeStampResp
    rejected,             // the TSA answered with a status other than granted
    imprint_mismatch,     // the token is for another digest or another hash
    nonce_mismatch,       // the token does not echo the request's nonce
    bad_signature,        // the signature does not verify
    no_timestamping_eku,  // the signer lacks the critical timeStamping EKU
    untrusted_chain,      // the signer does not chain to a trust anchor at genTime
    invalid_token,        // OpenSSL's verification refused it for another reason
    internal,             // libcurl or OpenSSL could not even start (out of memory...)
    rate_limited,         // not asked: the caller held back to respect the TSA's rate limit
};
const char* to_string(TsaFailureKind kind);  // "refused", "timeout", ...
// From the name to_string() gives; nullopt for an unknown name.
std::optional<TsaFailureKind> tsa_failure_kind_from_string(std::string_view name);
// True for failures where no TSA answer was received at all (unreachable, no name, timeout,
// broken connection, or not asked): the machine may simply be offline.
bool is_unreachable(TsaFailureKind kind);

struct TsaFailure {
    std::string url;
    TsaFailureKind kind;
    std::string reason;  // one English sentence, e.g. "The TSA answered HTTP 500 (3 attempts)."
    int attempts = 1;
};

struct TsaSuccess {
    std::string url;
    TimeStampRequest request;
    std::vector<std::uint8_t> response_der;  // the whole TimeStampResp, to be stored as is
    TspVerdict verdict;                      // ok(); response and token fields filled
    std::time_t local_time = 0;              // the local clock when the reply arrived
    int attempts = 1;
};

struct TsaOutcome {
    std::optional<TsaSuccess> success;  // the first verified token, if any TSA gave one
    std::vector<TsaFailure> failures;   // one per TSA that failed, in the order tried
};

// Tries each URL in order until one returns a verified token for `digest`.
TsaOutcome request_timestamp(const std::vector<std::string>& urls, const Digest& digest,
                             const TrustStore& trust, const TsaClientOptions& options = {});

// The same for an already built request (tests, and callers that keep the request).
TsaOutcome request_timestamp(const std::vector<std::string>& urls, const TimeStampRequest& request,
                             const TrustStore& trust, const TsaClientOptions& options = {});

// "Scelle/<version>" (ASCII).
std::string tsa_user_agent(const std::string& version);

}  // namespace scelle::crypto
