// The import job: files the person already has, stored unchanged in a case (CaseStore::
// import_files, all or nothing), counted, then sealed when the caller wants it at once, for
// `scelle-cli import` and the desktop application's Import and drop.
//
// The desktop application imports without sealing and seals afterwards through its SealBatch
// (seal_job.h), so that a burst of drops costs one request; the command line seals here.
//
// Thread-safety: as CaseStore (one thread per CaseStore).
#pragma once

#include <optional>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/jobs/reporter.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

struct ImportResult {
    std::vector<core::ImportOutcome> outcomes;  // one per file, in the order given
    int added = 0;                              // new items
    int duplicates = 0;                         // content the case already held
    // The request made after the import (the seal job's result or its store error); nullopt
    // when no setup was given (offline) or the job was cancelled after the import.
    std::optional<Result<SealResult>> seal;
};

// Imports `req` into `cs`, then, when `seal` is not null, asks for a timestamp over what is
// pending (seal_pending()). Progress: the import is one step, the seal another ("import",
// "seal"). Cancelled before the import: cancelled_error() and nothing stored; cancelled after
// it: the items stay (complete and unsealed, as offline) and no request is made. Errors: the
// store's import errors.
Result<ImportResult> import_files(core::CaseStore& cs, const core::ImportRequest& req,
                                  const SealSetup* seal, Reporter& reporter = no_reporter());

}  // namespace scelle::jobs
