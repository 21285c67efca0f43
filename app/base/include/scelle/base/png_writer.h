// The one PNG encoder of Scellé (8-bit RGB, no interlace), through libpng: for the captures
// (app/capture's encode(), which wants speed) and for the images Scellé makes itself (the demo
// case's sample screenshots, the benchmark's generated screenshots, test images). Not a
// general image library. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "scelle/base/result.h"

namespace scelle::core {

// The filter every row gets before compression (PNG filter method 0).
enum class PngFilter {
    none,  // rows as they are: the output stays simple to check
    sub,   // each byte minus the one to its left: cheap, and screenshots compress well with it
};

struct PngOptions {
    int level = 6;  // zlib compression level, 0-9
    PngFilter filter = PngFilter::none;
};

// What a capture uses: measured on 1920×1080 screens, zlib level 1 with the SUB filter is
// several times faster than level 6 with adaptive filtering, for 10-20 % more bytes.
inline constexpr PngOptions kPngFast{1, PngFilter::sub};

// Appends to `out` the PNG file image of `rgb` (width * height * 3 bytes, rows top to
// bottom). The caller may have reserved `out`; nothing else is assumed of it. Errors:
// Errc::usage for a size outside 1..2^31-1, a level outside 0..9 or a buffer of the wrong
// size; Errc::internal when libpng fails or memory runs out (`out` may then hold a part).
Result<void> append_png_rgb8(std::vector<std::byte>& out, std::uint32_t width, std::uint32_t height,
                             std::span<const std::uint8_t> rgb, const PngOptions& options);

// The same into a new buffer, with `level` and no filter.
Result<std::vector<std::byte>> encode_png_rgb8(std::uint32_t width, std::uint32_t height,
                                               std::span<const std::uint8_t> rgb, int level = 6);

}  // namespace scelle::core
