// encode(): PNG round trips through libpng's reader; the portal's PNG file helpers.
#include <png.h>

#include <gtest/gtest.h>

#include <cstring>

#include "png_file.h"
#include "scelle/capture/capture.h"
#include "temp_dir.h"

namespace scelle::capture {
namespace {

struct Decoded {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgb;
};

// libpng's simplified reader, independent of the writer's settings.
Decoded decode(const std::vector<std::byte>& png) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    Decoded out;
    if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) {
        ADD_FAILURE() << "not readable: " << image.message;
        return out;
    }
    image.format = PNG_FORMAT_RGB;
    out.rgb.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr)) {
        ADD_FAILURE() << "not decodable: " << image.message;
        return out;
    }
    out.width = image.width;
    out.height = image.height;
    return out;
}

Frame fake_frame(const Rect& area) {
    Request request;
    request.target = Target::region;
    request.region = area;
    auto frame = make_fake_backend()->grab(request);
    EXPECT_TRUE(frame.ok());
    return std::move(frame).value();
}

TEST(Encode, RoundTripIsPixelExact) {
    for (const Rect& area :
         {Rect{0, 0, 1280, 720}, Rect{10, 20, 200, 150}, Rect{5, 5, 1, 1}, Rect{3, 7, 333, 1}}) {
        Frame frame = fake_frame(area);
        const std::vector<std::uint8_t> pixels = frame.rgb;
        auto capture = encode(std::move(frame));
        ASSERT_TRUE(capture.ok()) << capture.error().detail;
        EXPECT_EQ(capture->width, static_cast<std::uint32_t>(area.width));
        EXPECT_EQ(capture->height, static_cast<std::uint32_t>(area.height));
        EXPECT_TRUE(capture->frame.rgb.empty()) << "pixels are dropped after encoding";
        EXPECT_EQ(capture->frame.bounds, area);
        const Decoded d = decode(capture->png);
        EXPECT_EQ(d.width, static_cast<std::uint32_t>(area.width));
        EXPECT_EQ(d.height, static_cast<std::uint32_t>(area.height));
        EXPECT_TRUE(d.rgb == pixels) << "pixels differ after a round trip";
        auto size = detail::png_size(capture->png);
        ASSERT_TRUE(size.ok());
        EXPECT_EQ(size->width, d.width);
        EXPECT_EQ(size->height, d.height);
    }
}

TEST(Encode, RefusesAnEmptyFrame) {
    auto r = encode(Frame{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    Frame wrong;
    wrong.width = 10;
    wrong.height = 10;
    wrong.rgb.resize(10);
    r = encode(std::move(wrong));
    ASSERT_FALSE(r.ok());
}

TEST(Encode, KeepsThePlatformsPngUnchanged) {
    auto original = encode(fake_frame(Rect{0, 0, 64, 48}));
    ASSERT_TRUE(original.ok());
    Frame from_portal;
    from_portal.backend = "portal";
    from_portal.width = 64;
    from_portal.height = 48;
    from_portal.png = original->png;
    auto kept = encode(std::move(from_portal));
    ASSERT_TRUE(kept.ok());
    EXPECT_TRUE(kept->png == original->png);
    EXPECT_EQ(kept->width, 64u);
    EXPECT_FALSE(kept->frame.png.has_value()) << "the bytes are moved, not copied twice";
}

TEST(PngFile, FileUriToPath) {
    EXPECT_EQ(detail::path_from_file_uri("file:///tmp/a.png").value(), "/tmp/a.png");
    EXPECT_EQ(
        detail::path_from_file_uri("file:///home/l%C3%A9a/Screenshot%20from%202024.png").value(),
        "/home/léa/Screenshot from 2024.png");
    EXPECT_EQ(detail::path_from_file_uri("FILE://localhost/tmp/x.png").value(), "/tmp/x.png");
    EXPECT_EQ(detail::path_from_file_uri("file:///tmp/a%23b.png").value(), "/tmp/a#b.png");
    for (const char* bad :
         {"http://example.org/a.png", "file://server/share/a.png", "file:///tmp/%zz.png",
          "file:///tmp/%2", "file:///a%00b", "/tmp/a.png", "file://"}) {
        auto r = detail::path_from_file_uri(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, Errc::usage) << bad;
    }
}

TEST(PngFile, ReadsThePngAndItsSize) {
    test::TempDir dir("scelle-capture");
    auto capture = encode(fake_frame(Rect{0, 0, 300, 200}));
    ASSERT_TRUE(capture.ok());
    const std::string bytes(reinterpret_cast<const char*>(capture->png.data()),
                            capture->png.size());
    test::write_file(dir / "shot name.png", bytes);
    auto read = detail::read_png_file(dir / "shot name.png");
    ASSERT_TRUE(read.ok()) << read.error().detail;
    EXPECT_TRUE(*read == capture->png);
    auto size = detail::png_size(*read);
    ASSERT_TRUE(size.ok());
    EXPECT_EQ(size->width, 300u);
    EXPECT_EQ(size->height, 200u);

    test::write_file(dir / "not.png", "GIF89a, not a PNG at all, long enough");
    auto not_png = detail::read_png_file(dir / "not.png");
    ASSERT_FALSE(not_png.ok());
    EXPECT_EQ(not_png.error().code, Errc::usage);

    auto missing = detail::read_png_file(dir / "missing.png");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Errc::input_missing);

    auto too_big = detail::read_png_file(dir / "shot name.png", 100);
    ASSERT_FALSE(too_big.ok());
}

TEST(PngFile, RefusesZeroSizes) {
    auto capture = encode(fake_frame(Rect{0, 0, 4, 4}));
    ASSERT_TRUE(capture.ok());
    std::vector<std::byte> png = capture->png;
    std::memset(png.data() + 16, 0, 4);  // IHDR width = 0
    EXPECT_FALSE(detail::png_size(png).ok());
    png.resize(20);
    EXPECT_FALSE(detail::png_size(png).ok());
}

}  // namespace
}  // namespace scelle::capture
