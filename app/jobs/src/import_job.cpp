#include "scelle/jobs/import_job.h"

#include <utility>

namespace scelle::jobs {

Result<ImportResult> import_files(core::CaseStore& cs, const core::ImportRequest& req,
                                  const SealSetup* seal, Reporter& reporter) {
    const std::uint64_t steps = seal ? 2 : 1;
    reporter.progress(0, steps, "import");
    if (reporter.cancelled())
        return cancelled_error(cs.info().id);
    ImportResult out;
    SCELLE_ASSIGN_OR_RETURN(out.outcomes, cs.import_files(req));
    for (const auto& o : out.outcomes)
        ++(o.duplicate ? out.duplicates : out.added);
    reporter.progress(1, steps, "import");
    if (seal == nullptr || reporter.cancelled())
        return out;
    PartReporter second(reporter, 1, steps);
    out.seal = seal_pending(cs, *seal, second);
    if (!out.seal->ok())  // a store error: the import stands, and this job is done
        reporter.progress(steps, steps, "seal");
    return out;
}

}  // namespace scelle::jobs
