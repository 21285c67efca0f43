// encode(): a frame's pixels to the PNG that becomes the sealed original, through the one PNG
// encoder (scelle/base/png_writer.h) with its fast settings.
//
// The settings (kPngFast) are chosen for capture latency, measured on 1920×1080 screens under
// Xvfb (a documentation page, and a photo-like wallpaper with a terminal and a chat): zlib
// level 1 with the SUB filter encoded in 19 ms and 47 ms, within 10-20 % of the size that
// level 6 with adaptive filtering gives in 78 ms and 520 ms. The run-length strategy and the
// other single filters were slower or larger on one of the two.
#include <string>

#include <fmt/format.h>

#include "backends.h"
#include "scelle/base/png_writer.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {

namespace {

// PNG limits width and height to 2^31 - 1.
constexpr std::uint32_t kPngMax = 0x7FFFFFFF;

}  // namespace

Result<Capture> encode(Frame frame) {
    Capture capture;
    if (frame.png) {
        // The platform's own PNG is the original: kept byte for byte, never re-encoded.
        capture.png = std::move(*frame.png);
        frame.png.reset();
        capture.width = frame.width;
        capture.height = frame.height;
        frame.rgb.clear();
        frame.rgb.shrink_to_fit();
        capture.frame = std::move(frame);
        return capture;
    }
    if (frame.width == 0 || frame.height == 0 || frame.rgb.empty())
        return make_error(Errc::usage, "capture", "the frame holds no pixels to encode");
    if (frame.width > kPngMax || frame.height > kPngMax)
        return make_error(Errc::usage, "capture",
                          fmt::format("{}×{} is too large for PNG", frame.width, frame.height));
    if (frame.rgb.size() != std::size_t{frame.width} * frame.height * 3)
        return make_error(Errc::internal, "capture", "the frame's pixel buffer has the wrong size");

    // A screenshot compresses to a fraction of its raw size: half is reserved so that the
    // buffer is almost never moved, and only the pages written are ever backed by memory.
    capture.png.reserve(frame.rgb.size() / 2);
    detail::prepare_large_buffer(capture.png.data(), capture.png.capacity());
    if (auto r = core::append_png_rgb8(capture.png, frame.width, frame.height, frame.rgb,
                                       core::kPngFast);
        !r.ok()) {
        Error e = std::move(r).error();
        e.subject = "capture";
        return e;
    }
    capture.width = frame.width;
    capture.height = frame.height;
    frame.rgb.clear();
    frame.rgb.shrink_to_fit();
    capture.frame = std::move(frame);
    return capture;
}

}  // namespace scelle::capture
