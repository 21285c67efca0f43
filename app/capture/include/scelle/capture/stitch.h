// Stitching a scrolling capture: frames of the same window, read after each scroll step,
// joined into one tall image by matching rows — never by guessing.
//
// Each frame's rows are hashed, leaving out the side margins where scrollbars live (their
// thumb moves from frame to frame). Rows identical at the same place in every frame are the
// window's sticky header and footer (a title bar, a message box): they are kept once. Between
// two frames the content moved by `shift` rows; a shift is accepted only when the rows the two
// frames share all match and no other shift matches them too. Two frames alike are the end of
// the conversation; a frame that matches its predecessor at no shift, or at several, stops the
// capture (a window that changed between frames, a scroll too long, a repeating pattern).
//
// The result is a recipe anyone can follow: the pieces, in order from the top, each a band of
// rows of one frame. compose() follows it; a reader of the bundle can follow it with any image
// tool and compare.
//
// Ownership: a Stitcher keeps a copy of every accepted frame's pixels. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {

// A band of rows [from, to) of frame `frame` (0-based, in the order the frames were added),
// placed at row `at` of the stitched image.
struct StitchPiece {
    std::size_t frame = 0;
    std::int32_t from = 0;
    std::int32_t to = 0;
    std::int32_t at = 0;
};

class Stitcher {
  public:
    enum class Step {
        added,       // the frame continues the previous one: `shift` new rows
        same,        // the frame shows what the previous one did: the end was reached
        no_overlap,  // no shift makes the two frames agree: they share no rows, or one changed
        ambiguous,   // several shifts make them agree (blank or repeating content)
        wrong_size,  // not the first frame's size, or no pixels
    };
    struct Outcome {
        Step step = Step::added;
        std::int32_t shift = 0;  // rows the content moved (Step::added)
    };

    // `margin`: columns left out of the row hashes on each side (clamped to a quarter of the
    // width). `min_overlap`: rows two frames must share at least, within their body.
    explicit Stitcher(ScrollDirection direction, std::int32_t margin = 24,
                      std::int32_t min_overlap = 16);

    // Adds the next frame read after a scroll step. Only Step::added keeps it (the first frame
    // is always added, with shift 0).
    Outcome add(const Frame& frame);

    std::size_t frames() const { return m_frames.size(); }
    // The frames joined, in the order read, and the shift of each from the one before.
    const Frame& frame(std::size_t i) const { return m_frames[i]; }
    std::int32_t shift(std::size_t i) const { return m_shifts[i]; }
    std::int32_t margin() const;  // the columns left out on each side
    ScrollDirection direction() const { return m_direction; }
    // Rows at the top and bottom identical in every frame added so far.
    std::int32_t header_rows() const { return m_header; }
    std::int32_t footer_rows() const { return m_footer; }
    // The recipe of the stitched image, from the top; empty before the first frame.
    std::vector<StitchPiece> pieces() const;
    std::uint32_t width() const { return m_width; }
    std::uint32_t height() const;  // of the stitched image
    // The stitched pixels, following pieces(), with the first frame's metadata (bounds keep
    // their origin, their size becomes the stitched size).
    Frame compose() const;

  private:
    using RowHashes = std::vector<std::uint64_t>;
    RowHashes hash_rows(const Frame& frame) const;
    // The shifts s in [1, body) such that `later`'s row r equals `earlier`'s row r + s for
    // every body row the two share (content read downwards: `later` is further down).
    std::vector<std::int32_t> matching_shifts(const RowHashes& earlier,
                                              const RowHashes& later) const;

    ScrollDirection m_direction;
    std::int32_t m_margin_wanted;
    std::int32_t m_min_overlap;
    std::uint32_t m_width = 0;
    std::uint32_t m_rows = 0;  // each frame's height
    std::int32_t m_header = 0;
    std::int32_t m_footer = 0;
    std::vector<Frame> m_frames;         // in the order read
    std::vector<RowHashes> m_hashes;     // of m_frames
    std::vector<std::int32_t> m_shifts;  // m_shifts[k]: between frames k-1 and k; [0] = 0
};

}  // namespace scelle::capture
