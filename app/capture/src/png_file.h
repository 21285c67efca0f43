// Private to scelle_capture: reading the PNG file a platform hands over (the screenshot
// portal writes one and gives its file:// URI). Pure functions over bytes and paths, built on
// every platform so that they are tested everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/result.h"

namespace scelle::capture::detail {

struct PngSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// The path of a local file:// URI, percent-decoded ("file:///tmp/Screenshot%20from.png" →
// "/tmp/Screenshot from.png"). Errc::usage for another scheme, a remote host, or a bad escape.
Result<std::filesystem::path> path_from_file_uri(std::string_view uri);

// The width and height from a PNG's signature and IHDR chunk; Errc::usage when the bytes are
// not a PNG or the sizes are 0 or above 2^31 - 1.
Result<PngSize> png_size(std::span<const std::byte> png);

// Reads a whole PNG file (at most `max_bytes`), checking it is a PNG. The bytes are returned
// unchanged: they are the original that gets sealed.
Result<std::vector<std::byte>> read_png_file(const std::filesystem::path& path,
                                             std::uintmax_t max_bytes = std::uintmax_t{1} << 30);

}  // namespace scelle::capture::detail
