// The capture job as the main window runs it on worker threads (scelle/jobs/capture_job.h, the
// same calls as `scelle-cli capture`): each worker opens its own Backend and CaseStore.
//
// No wx here.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/jobs/scroll_job.h"
#include "scelle/store/case_store.h"

namespace scelle::gui {

using jobs::grab;
using jobs::kScreenUnderPointer;
using jobs::list_monitors;

// The account a new capture, paste or import of the window is given: the case's account when
// it has exactly one (the one the new-case wizard asked for), as PLATFORM:HANDLE; else none.
Result<std::optional<std::string>> sole_account(core::CaseStore& cs);

// What became of a capture given to the store. When the picture was made but the store could
// not keep it (a read-only folder, a full disk), `unsaved` holds it, encoded and described, so
// that it is not lost: the window keeps it in memory to try again or to save it elsewhere.
struct CaptureAttempt {
    Result<core::ImportOutcome> result;
    std::optional<core::ScreenshotRequest> unsaved;
};

// Opens the case under `store_root` and seals `frame` in it (jobs::encode_frame, then
// CaseStore::add_screenshot), with the case's sole account (sole_account). `source` replaces
// source_text() when given (a pasted image's source is "clipboard").
CaptureAttempt seal_frame(const std::filesystem::path& store_root, const std::string& case_id,
                          capture::Frame frame, const capture::Request& req,
                          const std::optional<std::string>& source = std::nullopt);

// A scrolling capture of the window `req` names (jobs/scroll_job.h), sealed in the case with
// its sole account: every frame, then the stitched image, which is then transcribed by machine
// for search where this build can (scelle/ocr). `cancelled` is polled between frames
// (Esc held down stops it too).
struct ScrollAttempt {
    Result<jobs::SealedScroll> sealed;
    jobs::ScrollEnd end = jobs::ScrollEnd::end_reached;
    std::size_t joined = 0;    // frames joined into the stitched image
    bool transcribed = false;  // the stitched image got its machine transcript (for search)
};
ScrollAttempt scroll_and_seal(const std::filesystem::path& store_root, const std::string& case_id,
                              capture::Request req, std::function<bool()> cancelled);

// Stores a capture kept by seal_frame() when the store refused it.
Result<core::ImportOutcome> store_capture(const std::filesystem::path& store_root,
                                          const std::string& case_id,
                                          const core::ScreenshotRequest& capture);

}  // namespace scelle::gui
