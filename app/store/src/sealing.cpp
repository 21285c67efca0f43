// Sealing: one request round over the custody log's uncovered lines.
#include "scelle/store/sealing.h"

#include <chrono>

#include <fmt/format.h>

#include "scelle/store/settings.h"

namespace scelle::core {

namespace {

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

crypto::TsaOutcome request_with_rate_limits(CaseStore& cs, const std::vector<std::string>& urls,
                                            const crypto::Digest& digest,
                                            const crypto::TrustStore& trust,
                                            const crypto::TsaClientOptions& options) {
    const std::int64_t now = now_seconds();
    auto last = cs.tsa_last_requests();
    crypto::TsaOutcome out;
    std::vector<std::string> to_ask;
    for (const auto& url : urls) {
        const std::int64_t gap = tsa_min_interval(url).count();
        if (gap > 0 && last.ok()) {
            auto it = last->find(url);
            if (it != last->end() && now >= it->second && now - it->second < gap) {
                out.failures.push_back(
                    {url, crypto::TsaFailureKind::rate_limited,
                     fmt::format("Not asked: this TSA asks for {} s between requests and was "
                                 "asked {} s ago.",
                                 gap, now - it->second),
                     0});
                continue;
            }
        }
        to_ask.push_back(url);
    }
    if (to_ask.empty())
        return out;
    crypto::TsaOutcome got = crypto::request_timestamp(to_ask, digest, trust, options);
    for (auto& f : got.failures) {
        if (f.kind != crypto::TsaFailureKind::bad_url)
            (void)cs.note_tsa_request(f.url, now);
        out.failures.push_back(std::move(f));
    }
    if (got.success) {
        (void)cs.note_tsa_request(got.success->url, now);
        out.success = std::move(got.success);
    }
    return out;
}

Result<SealOutcome> seal_pending(CaseStore& cs, const std::vector<std::string>& urls,
                                 const crypto::TrustStore& trust,
                                 const crypto::TsaClientOptions& options) {
    SealOutcome out;
    SCELLE_ASSIGN_OR_RETURN(out.prefix, cs.prefix_to_seal());
    if (!out.prefix)
        return out;
    crypto::TsaOutcome got = request_with_rate_limits(cs, urls, out.prefix->digest, trust, options);
    out.failures = std::move(got.failures);
    if (got.success) {
        // Items this token grants: those not granted before whose line it covers.
        SCELLE_ASSIGN_OR_RETURN(auto before, cs.items());
        SCELLE_ASSIGN_OR_RETURN(out.token, cs.record_timestamp(*out.prefix, *got.success));
        for (const auto& it : before)
            if (it.timestamp.status != TimestampStatus::granted && it.log_seq <= out.prefix->lines)
                ++out.items_covered;
        return out;
    }
    SCELLE_ASSIGN_OR_RETURN(out.attempt, cs.record_timestamp_failure(*out.prefix, out.failures));
    return out;
}

}  // namespace scelle::core
