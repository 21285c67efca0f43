// Shared by report_images.cpp (file input, JPEG, dispatch), report_images_png.cpp (PNG) and
// report_images_webp.cpp (WebP):
// the opened input file and the per-format readers. Not a public interface.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "scelle/base/handle.h"
#include "scelle/base/result.h"
#include "scelle/report/pdf_writer.h"
#include "scelle/report/report_images.h"

namespace scelle::core::report_images_detail {

using FilePtr = CFilePtr;

// A regular, non-empty file opened for reading, with its size at opening time.
struct InputFile {
    FilePtr file;
    std::uint64_t size = 0;
    std::filesystem::path path;
};

// Input errors (missing, directory, not regular, unreadable); Errc::usage for an empty file.
Result<InputFile> open_input(const std::filesystem::path& path);

// Reads exactly `n` bytes. An I/O error is an input error; the end of the file comes back as
// Errc::usage "damaged <format>: the file is truncated".
Result<void> read_exact(InputFile& in, void* buf, std::size_t n, const char* format);

// Errc::usage "damaged <format>: <why>" about the file.
Error damaged(const InputFile& in, const char* format, const std::string& why);

Result<ImageProbe> probe_png(InputFile& in);
Result<pdf::ImageData> load_png(InputFile& in);

// Fills `im` (whose width and height are set) from decoded 8-bit pixels, rows top to bottom,
// RGB (channels 3) or RGBA (4): the color deflated, the alpha as a soft mask unless every pixel
// is opaque. Throws std::bad_alloc, or std::runtime_error when zlib fails.
void encode_pixels(pdf::ImageData& im, const unsigned char* pixels, unsigned channels);

Result<ImageProbe> probe_webp(InputFile& in);
Result<pdf::ImageData> load_webp(InputFile& in);

}  // namespace scelle::core::report_images_detail
