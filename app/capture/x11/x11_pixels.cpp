#include "x11_pixels.h"

#include <X11/Xutil.h>

#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace scelle::capture::x11 {

namespace {

// One colour channel of a pixel value: where it is and how to widen it to 8 bits.
struct Channel {
    unsigned long mask = 0;
    int shift = 0;
    unsigned long max = 0;  // the channel's largest value, mask >> shift

    explicit Channel(unsigned long m) : mask(m) {
        shift = m ? std::countr_zero(m) : 0;
        max = m >> shift;
    }
    std::uint8_t operator()(unsigned long pixel) const {
        const unsigned long v = (pixel & mask) >> shift;
        if (max == 255)
            return static_cast<std::uint8_t>(v);
        // Rounded, so that the largest value maps to 255 and 0 to 0 at any depth.
        return static_cast<std::uint8_t>((v * 255 + max / 2) / max);
    }
};

// Reads one pixel value of `bytes` bytes in the image's byte order.
unsigned long read_pixel(const unsigned char* p, int bytes, bool msb_first) {
    unsigned long v = 0;
    if (msb_first) {
        for (int i = 0; i < bytes; ++i)
            v = (v << 8) | p[i];
    } else {
        for (int i = bytes - 1; i >= 0; --i)
            v = (v << 8) | p[i];
    }
    return v;
}

}  // namespace

Result<void> to_rgb(const XImage& image, const Visual& visual, std::uint32_t width,
                    std::uint32_t height, std::uint8_t* out) {
    if (visual.c_class != TrueColor)
        return make_error(Errc::capture_unavailable, "x11",
                          fmt::format("the display's visual class {} is not supported (only "
                                      "TrueColor is: set the X server to 24-bit colour)",
                                      visual.c_class));
    if (image.format != ZPixmap || static_cast<std::uint32_t>(image.width) < width ||
        static_cast<std::uint32_t>(image.height) < height)
        return make_error(Errc::internal, "x11", "the X server returned an unexpected image");
    const int bpp = image.bits_per_pixel;
    if (bpp != 16 && bpp != 24 && bpp != 32)
        return make_error(
            Errc::capture_unavailable, "x11",
            fmt::format("{} bits per pixel is not supported (16, 24 and 32 are)", bpp));
    const unsigned long red = image.red_mask ? image.red_mask : visual.red_mask;
    const unsigned long green = image.green_mask ? image.green_mask : visual.green_mask;
    const unsigned long blue = image.blue_mask ? image.blue_mask : visual.blue_mask;
    if (!red || !green || !blue)
        return make_error(Errc::capture_unavailable, "x11", "the visual has no colour masks");
    const bool msb_first = image.byte_order == MSBFirst;
    const auto* data = reinterpret_cast<const unsigned char*>(image.data);
    const std::size_t stride = static_cast<std::size_t>(image.bytes_per_line);

    // The usual case (depth 24 in 32-bit pixels, red in the high byte), kept to three byte
    // copies per pixel: it is most of the grab's time after the server's own copy.
    if (bpp == 32 && red == 0xFF0000 && green == 0xFF00 && blue == 0xFF) {
        const int r = msb_first ? 1 : 2, g = msb_first ? 2 : 1, b = msb_first ? 3 : 0;
        for (std::uint32_t y = 0; y < height; ++y) {
            const unsigned char* src = data + y * stride;
            for (std::uint32_t x = 0; x < width; ++x, src += 4, out += 3) {
                out[0] = src[r];
                out[1] = src[g];
                out[2] = src[b];
            }
        }
        return {};
    }

    const Channel cr(red), cg(green), cb(blue);
    const int bytes = bpp / 8;
    for (std::uint32_t y = 0; y < height; ++y) {
        const unsigned char* src = data + y * stride;
        for (std::uint32_t x = 0; x < width; ++x, src += bytes, out += 3) {
            const unsigned long pixel = read_pixel(src, bytes, msb_first);
            out[0] = cr(pixel);
            out[1] = cg(pixel);
            out[2] = cb(pixel);
        }
    }
    return {};
}

}  // namespace scelle::capture::x11
