// Report images: WebP (what Discord and WhatsApp save screenshots as), decoded by libwebp and
// embedded as the decoded pixels, deflated, so the page shows exactly what libwebp decodes —
// the original pixels for lossless WebP, libwebp's reconstruction for lossy WebP. The PDF has
// no WebP filter, so the file's bytes cannot be passed through as a JPEG's are.
#include <webp/decode.h>
#include <webp/types.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "report_images_internal.h"

namespace scelle::core::report_images_detail {
namespace {

constexpr const char* k_webp = "WebP";
// VP8X, VP8 and VP8L all give the canvas size in their first 30 bytes; 4 KB leaves room for a
// RIFF writer that puts other chunks first.
constexpr std::size_t k_probe_prefix = 4096;
// Larger than any WebP can be (16383 x 16383 pixels), lossless or not.
constexpr std::uint64_t k_max_file = std::uint64_t{1} << 31;

std::string status_text(VP8StatusCode s) {
    switch (s) {
        case VP8_STATUS_OUT_OF_MEMORY:
            return "the image is too large for memory";
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            return "a feature libwebp cannot decode";
        case VP8_STATUS_NOT_ENOUGH_DATA:
            return "the file is truncated";
        default:
            return "not a valid WebP file";
    }
}

Result<std::vector<std::uint8_t>> read_prefix(InputFile& in, std::uint64_t n) {
    std::vector<std::uint8_t> data(static_cast<std::size_t>(n));
    SCELLE_TRY(read_exact(in, data.data(), data.size(), k_webp));
    return data;
}

Result<WebPBitstreamFeatures> features(const InputFile& in, const std::vector<std::uint8_t>& d) {
    WebPBitstreamFeatures f{};
    const VP8StatusCode s = WebPGetFeatures(d.data(), d.size(), &f);
    if (s != VP8_STATUS_OK)
        return damaged(in, k_webp, status_text(s));
    if (f.has_animation)
        return damaged(in, k_webp, "an animation (only still images can be shown)");
    if (f.width <= 0 || f.height <= 0)
        return damaged(in, k_webp, "zero image size");
    return f;
}

}  // namespace

Result<ImageProbe> probe_webp(InputFile& in) {
    if (in.size > k_max_file)
        return damaged(in, k_webp, "the file is too large");
    SCELLE_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> head,
                            read_prefix(in, std::min<std::uint64_t>(in.size, k_probe_prefix)));
    SCELLE_ASSIGN_OR_RETURN(const WebPBitstreamFeatures f, features(in, head));
    return ImageProbe{static_cast<std::uint32_t>(f.width), static_cast<std::uint32_t>(f.height)};
}

Result<pdf::ImageData> load_webp(InputFile& in) {
    if (in.size > k_max_file)
        return damaged(in, k_webp, "the file is too large");
    SCELLE_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> data, read_prefix(in, in.size));
    SCELLE_ASSIGN_OR_RETURN(const WebPBitstreamFeatures f, features(in, data));
    int width = 0, height = 0;
    const unsigned channels = f.has_alpha ? 4 : 3;
    const Handle<std::uint8_t, WebPFree> pixels(
        f.has_alpha ? WebPDecodeRGBA(data.data(), data.size(), &width, &height)
                    : WebPDecodeRGB(data.data(), data.size(), &width, &height));
    if (!pixels)
        return damaged(in, k_webp, "the image data cannot be decoded");
    if (width != f.width || height != f.height)
        return damaged(in, k_webp, "the decoded size differs from the header's");
    pdf::ImageData im;
    im.width = static_cast<std::uint32_t>(width);
    im.height = static_cast<std::uint32_t>(height);
    encode_pixels(im, pixels.get(), channels);
    return im;
}

}  // namespace scelle::core::report_images_detail
