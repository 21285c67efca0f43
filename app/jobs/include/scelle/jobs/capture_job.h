// The capture job, the same for `scelle-cli capture` and the desktop application: read the
// pixels a request names, encode them once as PNG, and seal that PNG as a `screenshot` item
// with what the capture layer recorded (capture::describe) and its one-line source
// (capture::source_text).
//
// No UI: the GUI runs these on worker threads, each with its own Backend and CaseStore.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

// Request::screen for "the monitor under the mouse pointer", which is where the person looks
// when a delay ends (the primary monitor where the platform does not say).
inline constexpr int kScreenUnderPointer = -1;

// Reads the pixels `req` names through `backend`. A screen of kScreenUnderPointer is replaced
// in `req` by the monitor's index, so that what is recorded names the screen read.
Result<capture::Frame> grab(capture::Backend& backend, capture::Request& req);
// The same through the platform's backend for this session (capture::open_platform_backend,
// which honours SCELLE_CAPTURE_BACKEND).
Result<capture::Frame> grab(capture::Request& req);

// The monitors, primary first, for the "which screen" choices; empty where the platform's own
// dialog chooses (the portal).
Result<std::vector<capture::Monitor>> list_monitors();

// What the store records with a capture besides its pixels.
struct CaptureFields {
    std::optional<std::string> source;  // replaces source_text() (a pasted image: "clipboard")
    std::optional<std::string> description;
    std::optional<std::string> account;   // handle, or platform:handle
    std::optional<std::string> happened;  // stored form (time.h parse_happened)
};

struct SealedCapture {
    core::ImportOutcome added;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::string source;
};

// Encodes `frame` and describes it as the store records a capture, without a case: what
// seal_frame() stores. The desktop keeps it when the store cannot be written, to try again or
// to save the picture elsewhere. Errors: encode()'s.
Result<core::ScreenshotRequest> encode_frame(capture::Frame frame, const capture::Request& req,
                                             const CaptureFields& fields = {});

// Encodes `frame` and seals it in `cs` (CaseStore::add_screenshot). Errors: encode()'s and the
// store's.
Result<SealedCapture> seal_frame(core::CaseStore& cs, capture::Frame frame,
                                 const capture::Request& req, const CaptureFields& fields = {});

}  // namespace scelle::jobs
