#include "scelle/jobs/seal_job.h"

#include <utility>

namespace scelle::jobs {

Result<SealResult> seal_pending(core::CaseStore& cs, const SealSetup& setup, Reporter& reporter) {
    reporter.progress(0, 1, "seal");
    if (reporter.cancelled())
        return cancelled_error(cs.info().id);
    SCELLE_ASSIGN_OR_RETURN(auto outcome, core::seal_pending(cs, setup.settings.urls, setup.trust,
                                                             setup.settings.client));
    SealResult out;
    out.outcome = std::move(outcome);
    out.no_tsa = setup.settings.urls.empty();
    if (out.outcome.token && clock_needs_warning(out.outcome.token->skew_seconds))
        out.clock_skew = out.outcome.token->skew_seconds;
    reporter.progress(1, 1, "seal");
    return out;
}

bool SealBatch::want() {
    if (m_running) {
        m_again = true;
        return false;
    }
    m_running = true;
    return true;
}

bool SealBatch::finished() {
    m_running = false;
    const bool again = m_again;
    m_again = false;
    return again;
}

}  // namespace scelle::jobs
