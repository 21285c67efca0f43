// Decoding a PNG held in memory to 8-bit RGBA, through libpng's simplified API: for verify,
// which recomposes a joined picture from the screens it was made of and compares the pixels
// (bundle_verify_derived.cpp). Any PNG libpng reads (palette, grey, 16-bit, interlaced) comes
// out as RGBA, alpha 255 where the image has none. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "scelle/base/result.h"

namespace scelle::core {

struct RgbaImage {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4 bytes, rows top to bottom
};

// Errc::input_unreadable when the bytes are not a PNG libpng can decode (the detail is
// libpng's message); Errc::usage when it has more than `max_pixels` pixels (nothing is
// allocated for it then).
Result<RgbaImage> decode_png_rgba(std::span<const std::byte> png, std::uint64_t max_pixels);

}  // namespace scelle::core
