// Sealing: asking a TSA for a token over everything in a case's custody log that is not yet
// covered, in one request (a burst of captures or imports costs one request).
//
// Nothing but the SHA-256 of the log prefix leaves the machine. No lock is held while the
// network is used: the prefix is read, the TSA asked, and the token (or the failure) recorded
// in its own short transaction afterwards. A TSA asked less than tsa_min_interval() ago by
// this case is skipped (rate_limited) rather than waited for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsa_client.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

struct SealOutcome {
    std::optional<LogPrefix> prefix;           // nullopt: nothing needed a timestamp
    std::optional<TimestampToken> token;       // the token obtained, if any
    std::vector<crypto::TsaFailure> failures;  // each TSA that failed, in the order tried
    std::optional<TimestampAttempt> attempt;   // the failed round, when no token was obtained
    std::int64_t items_covered = 0;            // items that this token grants
    TimestampStatus status() const {
        if (token)
            return TimestampStatus::granted;
        return attempt ? attempt->outcome : TimestampStatus::pending;
    }
};

// Asks the TSAs in `urls`, in order, for a token over `digest`, skipping (as rate_limited) a
// TSA this case asked less than tsa_min_interval() ago, and notes each TSA asked for the next
// time. The notes are bookkeeping: a failure to write one does not fail the request.
crypto::TsaOutcome request_with_rate_limits(CaseStore& cs, const std::vector<std::string>& urls,
                                            const crypto::Digest& digest,
                                            const crypto::TrustStore& trust,
                                            const crypto::TsaClientOptions& options);

// Asks the TSAs in `urls`, in order, for a token over the whole log if any line needs one.
// Errors are store errors only: a TSA failure is an outcome, recorded and returned.
Result<SealOutcome> seal_pending(CaseStore& cs, const std::vector<std::string>& urls,
                                 const crypto::TrustStore& trust,
                                 const crypto::TsaClientOptions& options);

}  // namespace scelle::core
