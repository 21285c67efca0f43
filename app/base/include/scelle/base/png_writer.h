// A minimal PNG encoder (8-bit RGB, no interlace) over zlib, for the images Scellé makes
// itself: the demo case's sample screenshots and the benchmark's generated screenshots.
// Captures made by the GUI are encoded by wxWidgets; this is not a general image library.
// Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "scelle/base/result.h"

namespace scelle::core {

// Encodes `rgb` (width * height * 3 bytes, rows top to bottom) as a PNG file image.
// `level` is the zlib compression level (0-9). Returns usage error on a size mismatch.
Result<std::vector<std::byte>> encode_png_rgb8(std::uint32_t width, std::uint32_t height,
                                               std::span<const std::uint8_t> rgb, int level = 6);

}  // namespace scelle::core
