// The capture jobs the main window runs on worker threads: open the backend, read the pixels,
// encode them once as PNG and seal that PNG as a `screenshot` item with what the capture layer
// recorded (capture::describe) and its one-line source (capture::source_text) — the same
// calls as `scelle-cli capture`.
//
// No wx here: these run on worker threads, each with its own Backend and CaseStore.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"
#include "scelle/store/case_store.h"

namespace scelle::gui {

// SCELLE_CAPTURE_BACKEND when set (tests, and users who need to force one), else the
// platform's backend for this session.
Result<std::unique_ptr<capture::Backend>> open_capture_backend();

// Request::screen for "the monitor under the mouse pointer", which is where the user looks
// when a delay ends (the primary monitor where the platform does not say).
inline constexpr int kScreenUnderPointer = -1;

// Reads the pixels `req` names. A screen of kScreenUnderPointer is replaced in `req` by the
// monitor's index, so that what is recorded names the screen read.
Result<capture::Frame> grab(capture::Request& req);

// The monitors, primary first, for the "which screen" menus; empty where the platform's own
// dialog chooses (the portal).
Result<std::vector<capture::Monitor>> list_monitors();

// Encodes `frame` and seals it in the case. `source` replaces source_text() when given (a
// pasted image's source is "clipboard").
Result<core::ImportOutcome> seal_frame(const std::filesystem::path& store_root,
                                       const std::string& case_id, capture::Frame frame,
                                       const capture::Request& req,
                                       const std::optional<std::string>& source = std::nullopt);

}  // namespace scelle::gui
