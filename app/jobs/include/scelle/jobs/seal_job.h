// The seal-pending job: a timestamp over whatever a case's custody log holds that no token
// covers yet, for `scelle-cli timestamp`, the end of `import`, `link` and `capture`, and the
// desktop application's sealing after each change.
//
// The batching rule, in one place: one request covers everything pending (core::seal_pending
// asks for a token over the whole log prefix, so N new items cost one request, not N), and
// at most one request runs per case at a time; changes made while it runs are covered by one
// more request when it ends (SealBatch), so a burst of captures costs two requests at most.
//
// Thread-safety: seal_pending() as core::seal_pending (the CaseStore on the calling thread);
// SealBatch is thread-compatible (the desktop application uses it on its GUI thread).
#pragma once

#include <cstdint>
#include <optional>

#include "scelle/base/result.h"
#include "scelle/jobs/reporter.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/store/case_store.h"
#include "scelle/store/sealing.h"

namespace scelle::jobs {

struct SealResult {
    core::SealOutcome outcome;
    // The settings name no TSA at all: nothing could be asked.
    bool no_tsa = false;
    // The TSA's time and this computer's differ by more than clock_needs_warning() allows:
    // the difference in seconds (positive: the computer is ahead), for the warning.
    std::optional<std::int64_t> clock_skew;

    // The whole log was already covered: no request was made.
    bool nothing_pending() const { return !outcome.prefix; }
    bool granted() const { return outcome.token.has_value(); }
};

// Asks the TSAs of `setup`, in order, for one token over everything pending in `cs`.
// Progress: 0 then 1 of 1 ("seal"). A cancellation before the request is cancelled_error()
// and asks nothing. Errors are store errors only: a TSA failure is an outcome, recorded in
// the case and returned.
Result<SealResult> seal_pending(core::CaseStore& cs, const SealSetup& setup,
                                Reporter& reporter = no_reporter());

// At most one sealing request at a time, and one more afterwards for the changes made
// meanwhile: a burst of changes costs two requests, not one each.
class SealBatch {
  public:
    // A change wants sealing: true when the caller starts a request now; false when one is
    // running (one more will follow it: finished() says so).
    bool want();
    // The running request has ended: true when changes came meanwhile and the caller starts
    // one more now (through want(), which is then true).
    bool finished();
    bool running() const { return m_running; }

  private:
    bool m_running = false;
    bool m_again = false;
};

}  // namespace scelle::jobs
