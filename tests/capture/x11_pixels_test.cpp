// The X11 backend's pixel conversion, on hand-made images of the pixel formats X servers use.
// gtest first: Xlib's macros (None, Bool, Status) would break its templates.
#include <gtest/gtest.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <cstring>

#include "x11/x11_pixels.h"

namespace scelle::capture::x11 {
namespace {

XImage make_image(std::vector<unsigned char>& data, int width, int height, int bpp, int byte_order,
                  unsigned long red, unsigned long green, unsigned long blue, int padding = 0) {
    XImage image{};
    image.width = width;
    image.height = height;
    image.format = ZPixmap;
    image.byte_order = byte_order;
    image.bits_per_pixel = bpp;
    image.depth = 24;
    image.bytes_per_line = width * bpp / 8 + padding;
    image.red_mask = red;
    image.green_mask = green;
    image.blue_mask = blue;
    data.resize(static_cast<std::size_t>(image.bytes_per_line * height));
    image.data = reinterpret_cast<char*>(data.data());
    return image;
}

Visual true_color(unsigned long red, unsigned long green, unsigned long blue) {
    Visual v{};
    v.c_class = TrueColor;
    v.red_mask = red;
    v.green_mask = green;
    v.blue_mask = blue;
    return v;
}

TEST(X11Pixels, Bgrx32WithRowPadding) {
    std::vector<unsigned char> data;
    XImage image = make_image(data, 2, 2, 32, LSBFirst, 0xFF0000, 0xFF00, 0xFF, 8);
    // Row 0: (10,20,30) (40,50,60); row 1: (70,80,90) (255,0,1). Bytes are B, G, R, X.
    const unsigned char row0[] = {30, 20, 10, 0, 60, 50, 40, 0};
    const unsigned char row1[] = {90, 80, 70, 0, 1, 0, 255, 0};
    std::memcpy(data.data(), row0, 8);
    std::memcpy(data.data() + image.bytes_per_line, row1, 8);
    const Visual v = true_color(0xFF0000, 0xFF00, 0xFF);
    std::vector<std::uint8_t> out(12);
    ASSERT_TRUE(to_rgb(image, v, 2, 2, out.data()).ok());
    EXPECT_EQ(out, (std::vector<std::uint8_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 255, 0, 1}));
}

TEST(X11Pixels, Xrgb32MsbFirst) {
    std::vector<unsigned char> data;
    XImage image = make_image(data, 1, 1, 32, MSBFirst, 0xFF0000, 0xFF00, 0xFF);
    const unsigned char px[] = {0, 11, 22, 33};
    std::memcpy(data.data(), px, 4);
    std::vector<std::uint8_t> out(3);
    ASSERT_TRUE(to_rgb(image, true_color(0xFF0000, 0xFF00, 0xFF), 1, 1, out.data()).ok());
    EXPECT_EQ(out, (std::vector<std::uint8_t>{11, 22, 33}));
}

TEST(X11Pixels, Rgb565WidensToFullRange) {
    std::vector<unsigned char> data;
    XImage image = make_image(data, 3, 1, 16, LSBFirst, 0xF800, 0x07E0, 0x001F);
    // White, pure red, and a mid grey-green: 0xFFFF, 0xF800, 0x0400 (green 32 of 63).
    const unsigned char px[] = {0xFF, 0xFF, 0x00, 0xF8, 0x00, 0x04};
    std::memcpy(data.data(), px, sizeof px);
    std::vector<std::uint8_t> out(9);
    ASSERT_TRUE(to_rgb(image, true_color(0xF800, 0x07E0, 0x001F), 3, 1, out.data()).ok());
    EXPECT_EQ(out, (std::vector<std::uint8_t>{255, 255, 255, 255, 0, 0, 0, 130, 0}));
}

TEST(X11Pixels, Packed24AndSwappedMasks) {
    std::vector<unsigned char> data;
    // 24 bits per pixel, red in the low byte (a BGR server).
    XImage image = make_image(data, 2, 1, 24, LSBFirst, 0xFF, 0xFF00, 0xFF0000);
    const unsigned char px[] = {1, 2, 3, 4, 5, 6};
    std::memcpy(data.data(), px, sizeof px);
    std::vector<std::uint8_t> out(6);
    ASSERT_TRUE(to_rgb(image, true_color(0xFF, 0xFF00, 0xFF0000), 2, 1, out.data()).ok());
    EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6}));
}

TEST(X11Pixels, RefusesColormapVisuals) {
    std::vector<unsigned char> data;
    XImage image = make_image(data, 1, 1, 8, LSBFirst, 0, 0, 0);
    Visual v{};
    v.c_class = PseudoColor;
    std::vector<std::uint8_t> out(3);
    auto r = to_rgb(image, v, 1, 1, out.data());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::capture_unavailable);
    EXPECT_NE(r.error().detail.find("TrueColor"), std::string::npos);
}

}  // namespace
}  // namespace scelle::capture::x11
