// decode_png_rgba(): libpng's simplified reading API (png_reader.h).
#include "scelle/base/png_reader.h"

#include <png.h>

#include <string>

namespace scelle::core {

Result<RgbaImage> decode_png_rgba(std::span<const std::byte> png, std::uint64_t max_pixels) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    auto failed = [&image](Errc code) {
        std::string why = image.message;
        png_image_free(&image);
        return make_error(code, "PNG", why.empty() ? "not a PNG image" : why);
    };
    if (png_image_begin_read_from_memory(&image, png.data(), png.size()) == 0)
        return failed(Errc::input_unreadable);
    const std::uint64_t pixels = std::uint64_t{image.width} * image.height;
    if (pixels > max_pixels) {
        png_image_free(&image);
        return make_error(Errc::usage, "PNG",
                          std::to_string(image.width) + "x" + std::to_string(image.height) +
                              " pixels, more than " + std::to_string(max_pixels));
    }
    image.format = PNG_FORMAT_RGBA;
    RgbaImage out;
    out.width = image.width;
    out.height = image.height;
    out.rgba.resize(static_cast<std::size_t>(pixels) * 4);
    if (png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr) == 0)
        return failed(Errc::input_unreadable);
    return out;
}

}  // namespace scelle::core
