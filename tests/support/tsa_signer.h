// The signing half of the test TSA: turns a DER TimeStampReq into a DER TimeStampResp with
// OpenSSL's TS_RESP_CTX, as a real TSA would, or into one of the faulty replies the tests need.
// It has no network code, so unit tests and the vector generator use it directly.
//
// Thread-safe: every reply gets its own TS_RESP_CTX; the serial counter is atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "test_pki.h"

namespace scelle::test {

// What the test TSA does with the next request. The token-level faults are made here; the
// HTTP-level ones (http_500, slow, drop_connection, oversized) by TestTsa, and here they give a
// normal reply.
enum class TsaFault {
    none,             // a correct, granted reply
    http_500,         // HTTP 500 and no reply
    garbage,          // HTTP 200 with bytes that are not DER
    truncated_der,    // the first half of a correct reply
    other_digest,     // a granted token over another digest
    wrong_nonce,      // a granted token whose nonce is not the request's
    rejection,        // status "rejection" (unaccepted policy), no token
    no_eku,           // signed by a TSA certificate without the timeStamping EKU
    noncritical_eku,  // signed by a TSA certificate whose timeStamping EKU is not critical
    untrusted_ca,     // signed by a TSA whose chain ends at a CA the client does not trust
    slow,             // a correct reply after a delay (two minutes by default)
    drop_connection,  // the connection is closed without any reply
    oversized,        // HTTP 200 with a 2 MiB body
};

const char* to_string(TsaFault fault);
std::optional<TsaFault> tsa_fault_from_string(std::string_view name);

// The policy OID of the test TSA (a private-arc placeholder, not a registered one).
inline constexpr const char* test_tsa_policy = "1.3.6.1.4.1.99999.1.1";

class TsaSigner {
  public:
    explicit TsaSigner(std::shared_ptr<const TestPki> pki);

    // When set, genTime is this instant instead of the clock (to test checks made at genTime).
    void set_fixed_time(std::optional<std::time_t> t) { m_fixed_time = t; }

    // The reply to `request_der` with `fault` applied. A request that is not a TimeStampReq
    // gets a "rejection" reply (badDataFormat), as from a real TSA.
    std::string respond(std::string_view request_der, TsaFault fault = TsaFault::none) const;

    const TestPki& pki() const { return *m_pki; }

  private:
    std::string sign(std::string_view request_der, const KeyAndCert& signer,
                     const KeyAndCert& chain_ca) const;
    std::string sign_by_hand(std::string_view request_der, const KeyAndCert& signer) const;

    std::shared_ptr<const TestPki> m_pki;
    std::optional<std::time_t> m_fixed_time;
    mutable std::atomic<std::uint64_t> m_serial{1000};
};

}  // namespace scelle::test
