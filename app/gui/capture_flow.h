// The capture job as the main window runs it on worker threads (scelle/jobs/capture_job.h, the
// same calls as `scelle-cli capture`): each worker opens its own Backend and CaseStore.
//
// No wx here.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/store/case_store.h"

namespace scelle::gui {

using jobs::grab;
using jobs::kScreenUnderPointer;
using jobs::list_monitors;

// The account a new capture, paste or import of the window is given: the case's account when
// it has exactly one (the one the new-case wizard asked for), as PLATFORM:HANDLE; else none.
Result<std::optional<std::string>> sole_account(core::CaseStore& cs);

// Opens the case under `store_root` and seals `frame` in it (jobs::seal_frame), with the
// case's sole account (sole_account). `source` replaces source_text() when given (a pasted
// image's source is "clipboard").
Result<core::ImportOutcome> seal_frame(const std::filesystem::path& store_root,
                                       const std::string& case_id, capture::Frame frame,
                                       const capture::Request& req,
                                       const std::optional<std::string>& source = std::nullopt);

}  // namespace scelle::gui
