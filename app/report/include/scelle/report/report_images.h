// Images for the report: an evidence original (PNG, JPEG, WebP) turned into what the PDF embeds,
// losslessly and without decoding where the PDF can carry the bytes as they are.
//
// - JPEG: the file's bytes as a DCT stream (gray, RGB, CMYK; Adobe-inverted CMYK detected).
// - PNG, 8-bit, not interlaced, gray or RGB, no alpha, no palette: the IDAT data passed through
//   with the PNG predictor (no decoding; chunk CRCs are checked).
// - Any other PNG (palette, 16-bit, interlaced, alpha, tRNS): decoded with libpng row by row and
//   re-encoded losslessly (samples deflated; 16-bit kept at 16 bits; alpha as a soft mask).
// - WebP, lossless or lossy, still (not animated): decoded with libwebp and embedded as the
//   decoded pixels (8-bit RGB deflated; alpha as a soft mask): exactly what libwebp decodes.
// - Other types (GIF, HEIC, AVIF...) and damaged files: an error whose detail says why, so the
//   report lists the item (name, type, size, hash) and says it "cannot be shown".
//
// Memory: at most the encoded image plus a few rows (interlaced PNGs and WebP are decoded
// whole).
// Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "scelle/base/result.h"
#include "scelle/report/pdf_writer.h"

namespace scelle::core {

struct ImageProbe {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// Reads only the headers, and for a PNG the frame of its chunks (cheap: no image data is read):
// whether the report can show this file, and its pixel size.
// Errc::usage with a detail naming the reason ("the report cannot show image/heic images",
// "damaged PNG: ...") when it cannot; input errors when the file cannot be read.
Result<ImageProbe> probe_report_image(const std::filesystem::path& file,
                                      std::string_view media_type);

// Reads the whole file and returns the image as the PDF will hold it. Errors as above, and
// for damage found only while reading (a bad CRC, truncated data, a libpng error).
Result<pdf::ImageData> load_report_image(const std::filesystem::path& file,
                                         std::string_view media_type);

}  // namespace scelle::core
