// The scrolling capture, the same for `scelle-cli capture --scroll` and the desktop
// application: Scellé turns the wheel over the window itself, reads a frame once the window is
// still, and joins the frames by matching rows (capture::Stitcher). Every frame read is sealed
// as an original screenshot; the joined image is sealed as a derived item whose custody line
// names its frames and the recipe that joined them (DESIGN.md "Items").
//
// It stops at the end of the conversation (a scroll that changes nothing), after
// `max_frames`, when the person holds Esc (whichever window has the keyboard) or cancels
// otherwise (the Reporter: Ctrl+C in the terminal), or — saying why — when two frames cannot be
// joined for sure: it never guesses.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"
#include "scelle/capture/stitch.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/jobs/reporter.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

inline constexpr int kMaxScrollFrames = 200;
inline constexpr int kDefaultScrollFrames = 50;

struct ScrollOptions {
    capture::ScrollDirection direction = capture::ScrollDirection::down;
    int max_frames = kDefaultScrollFrames;  // 2 to kMaxScrollFrames
    // How long a window may keep changing after a scroll before the capture gives up, and the
    // pause between two reads that must agree for the window to count as still.
    std::chrono::milliseconds settle_limit{3000};
    std::chrono::milliseconds still_interval{80};
};

// Why a scrolling capture stopped.
enum class ScrollEnd {
    end_reached,  // a scroll changed nothing: the end of the conversation
    max_frames,   // ScrollOptions::max_frames frames were read
    cancelled,    // the person stopped it
    no_overlap,   // a frame shares no rows with the one before, or the window changed
    ambiguous,    // a frame joins the one before at several places (blank or repeating)
    unsteady,     // the window never stayed still after a scroll (an animation)
    wrong_size,   // the window changed size
    blank,        // the first frame has one colour only: nothing to scroll or join
};
const char* to_string(ScrollEnd end);  // "end_reached", "max_frames", ...
// True for the ends that leave the conversation complete as far as it went.
bool is_clean_end(ScrollEnd end);
// Why it stopped, in one sentence in the process's language; `joined`: the frames joined.
std::string end_sentence(ScrollEnd end, std::size_t joined);

struct ScrollResult {
    capture::Stitcher stitcher{capture::ScrollDirection::down};  // the frames joined
    // The last frame read when it could not be joined: what the window showed, sealed too.
    std::optional<capture::Frame> unjoined;
    ScrollEnd end = ScrollEnd::end_reached;
};

// Reads the frames: scrolls over the middle of the area `req` names (a window or a region),
// puts the pointer back where it was after each scroll and at the end. `reporter` gets the
// frames read (total: max_frames) and is asked between frames whether to stop. Errors: the
// backend's (no display, no such window, a backend that cannot scroll: capture_unavailable),
// and Errc::usage for a target that is not a window or a region.
Result<ScrollResult> scroll_capture(capture::Backend& backend, capture::Request& req,
                                    const ScrollOptions& options, Reporter& reporter);

struct SealedScroll {
    std::vector<std::int64_t> frame_items;  // the items holding the frames, in order
    std::optional<SealedCapture> stitched;  // the derived item; none with fewer than 2 frames
};

// Seals every frame read as a screenshot item (the unjoined one last), then — from two joined
// frames on — the stitched image as a derived item whose "derived" object holds "method"
// ("scrolling capture"), "direction", "margin", "header_rows", "footer_rows", "frames"
// [{item, sha256, shift}] and "pieces" [{item, from, to, at}], the recipe from the top.
// `fields` go to every item (the description to the stitched one only, when there is one).
Result<SealedScroll> seal_scroll(core::CaseStore& cs, ScrollResult& result,
                                 const capture::Request& req, const CaptureFields& fields);

}  // namespace scelle::jobs
