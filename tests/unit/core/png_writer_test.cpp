// Tests of the minimal PNG encoder: the chunk layout and CRCs are checked byte by byte, the
// pixel data is inflated back with zlib, and ImageMagick (a decoder written by others) must
// read the file back with the same size and the same pixels.
#include "scelle/base/png_writer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.h"
#include "scelle/store/media.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

std::uint32_t be32_at(const std::vector<std::byte>& data, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
        v = v << 8 | std::to_integer<std::uint32_t>(data.at(at + i));
    return v;
}

struct Chunk {
    std::string type;
    std::vector<std::byte> data;
};

// Splits a PNG file image into its chunks, checking each CRC on the way.
std::vector<Chunk> parse_chunks(const std::vector<std::byte>& png) {
    std::vector<Chunk> chunks;
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        const std::uint32_t length = be32_at(png, at);
        if (length > png.size() - at - 12) {
            ADD_FAILURE() << "chunk at " << at << " runs past the end";
            break;
        }
        Chunk chunk;
        for (std::size_t i = 0; i < 4; ++i)
            chunk.type += static_cast<char>(png[at + 4 + i]);
        chunk.data.assign(png.begin() + static_cast<std::ptrdiff_t>(at + 8),
                          png.begin() + static_cast<std::ptrdiff_t>(at + 8 + length));
        const uLong crc = crc32(crc32(0L, Z_NULL, 0),
                                reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4);
        EXPECT_EQ(be32_at(png, at + 8 + length), crc) << "CRC of " << chunk.type;
        chunks.push_back(std::move(chunk));
        at += 12 + length;
    }
    EXPECT_EQ(at, png.size()) << "trailing bytes after the last chunk";
    return chunks;
}

std::vector<std::uint8_t> gradient(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> rgb;
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            rgb.push_back(static_cast<std::uint8_t>(x * 7));
            rgb.push_back(static_cast<std::uint8_t>(y * 13));
            rgb.push_back(static_cast<std::uint8_t>((x + y) * 3));
        }
    }
    return rgb;
}

// Runs a shell command and returns its exit status and standard output (binary output stays
// clean: stderr is kept apart).
std::pair<int, std::string> run(const std::string& command) {
    const test::ProcResult r = test::run({"sh", "-c", command});
    return {r.exit_code, r.out};
}

void write_file(const std::filesystem::path& path, const std::vector<std::byte>& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    ASSERT_TRUE(out.good()) << path;
}

// Writes `png`, asks ImageMagick for its size and its pixels as raw 8-bit RGB, and expects
// exactly `rgb` back.
void expect_imagemagick_reads(const std::vector<std::byte>& png, std::uint32_t width,
                              std::uint32_t height, const std::vector<std::uint8_t>& rgb) {
    test::TempDir dir{"scelle-png-test"};
    const std::string file = (dir.path() / "out.png").string();
    write_file(file, png);

    const auto [status, size] = run("identify -format '%w %h %m' '" + file + "'");
    ASSERT_EQ(status, 0);
    EXPECT_EQ(size, std::to_string(width) + " " + std::to_string(height) + " PNG");

    const auto [convert_status, pixels] = run("convert '" + file + "' -depth 8 rgb:-");
    ASSERT_EQ(convert_status, 0);
    ASSERT_EQ(pixels.size(), rgb.size());
    EXPECT_TRUE(std::equal(rgb.begin(), rgb.end(), pixels.begin(), [](std::uint8_t a, char b) {
        return a == static_cast<std::uint8_t>(b);
    }));

    // One pixel by name, as a second, independent reading of ImageMagick's decoder.
    const std::uint32_t x = width / 2;
    const std::uint32_t y = height / 3;
    const std::string at = "p{" + std::to_string(x) + "," + std::to_string(y) + "}";
    const auto [pixel_status, pixel] =
        run("convert '" + file + "' -format '%[fx:round(255*" + at + ".r)],%[fx:round(255*" + at +
            ".g)],%[fx:round(255*" + at + ".b)]' info:");
    ASSERT_EQ(pixel_status, 0);
    const std::size_t offset = (std::size_t{y} * width + x) * 3;
    EXPECT_EQ(pixel, std::to_string(rgb[offset]) + "," + std::to_string(rgb[offset + 1]) + "," +
                         std::to_string(rgb[offset + 2]));
}

TEST(PngWriter, LayoutHeaderAndCrcs) {
    const auto rgb = gradient(7, 5);
    const auto png = encode_png_rgb8(7, 5, rgb);
    ASSERT_TRUE(png.ok()) << png.error().detail;

    const std::string_view signature("\x89PNG\r\n\x1A\n", 8);
    ASSERT_GE(png->size(), 8u);
    EXPECT_TRUE(std::equal(signature.begin(), signature.end(), png->begin(),
                           [](char a, std::byte b) { return static_cast<std::byte>(a) == b; }));

    const auto chunks = parse_chunks(*png);
    ASSERT_GE(chunks.size(), 3u);
    EXPECT_EQ(chunks.front().type, "IHDR");
    EXPECT_EQ(chunks.back().type, "IEND");
    EXPECT_TRUE(chunks.back().data.empty());
    for (std::size_t i = 1; i + 1 < chunks.size(); ++i)
        EXPECT_EQ(chunks[i].type, "IDAT");

    const auto& ihdr = chunks.front().data;
    ASSERT_EQ(ihdr.size(), 13u);
    EXPECT_EQ(be32_at(ihdr, 0), 7u);
    EXPECT_EQ(be32_at(ihdr, 4), 5u);
    // Bit depth 8, RGB, deflate, filter method 0, no interlace.
    const std::vector<std::byte> fields(ihdr.begin() + 8, ihdr.end());
    EXPECT_EQ(fields, (std::vector<std::byte>{std::byte{8}, std::byte{2}, std::byte{0},
                                              std::byte{0}, std::byte{0}}));
}

TEST(PngWriter, RowsAreUnfilteredRgb) {
    const auto rgb = gradient(9, 4);
    const auto png = encode_png_rgb8(9, 4, rgb, 9);
    ASSERT_TRUE(png.ok());
    std::vector<std::byte> packed;
    for (const Chunk& chunk : parse_chunks(*png)) {
        if (chunk.type == "IDAT")
            packed.insert(packed.end(), chunk.data.begin(), chunk.data.end());
    }
    std::vector<Bytef> raw(4 * (1 + 9 * 3) + 1);
    uLongf raw_len = raw.size();
    ASSERT_EQ(uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(packed.data()),
                         packed.size()),
              Z_OK);
    ASSERT_EQ(raw_len, 4u * (1 + 9 * 3));
    for (std::size_t y = 0; y < 4; ++y) {
        EXPECT_EQ(raw[y * 28], 0) << "filter type of row " << y;
        EXPECT_TRUE(std::equal(rgb.begin() + static_cast<std::ptrdiff_t>(y * 27),
                               rgb.begin() + static_cast<std::ptrdiff_t>((y + 1) * 27),
                               raw.begin() + static_cast<std::ptrdiff_t>(y * 28 + 1)))
            << "row " << y;
    }
}

// The capture's settings: every row filtered with SUB (type 1), appended after what the
// buffer already held, and read back with the same pixels.
TEST(PngWriter, FastSettingsFilterRowsWithSub) {
    const auto rgb = gradient(9, 4);
    std::vector<std::byte> out(3, std::byte{'x'});
    ASSERT_TRUE(append_png_rgb8(out, 9, 4, rgb, kPngFast).ok());
    ASSERT_GT(out.size(), 3u);
    EXPECT_EQ(out[0], std::byte{'x'});
    EXPECT_EQ(out[3], std::byte{0x89});
    const std::vector<std::byte> png(out.begin() + 3, out.end());
    std::vector<std::byte> packed;
    for (const Chunk& chunk : parse_chunks(png)) {
        if (chunk.type == "IDAT")
            packed.insert(packed.end(), chunk.data.begin(), chunk.data.end());
    }
    std::vector<Bytef> raw(4 * (1 + 9 * 3) + 1);
    uLongf raw_len = raw.size();
    ASSERT_EQ(uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(packed.data()),
                         packed.size()),
              Z_OK);
    ASSERT_EQ(raw_len, 4u * (1 + 9 * 3));
    for (std::size_t y = 0; y < 4; ++y)
        EXPECT_EQ(raw[y * 28], 1) << "filter type of row " << y;
    expect_imagemagick_reads(png, 9, 4, rgb);

    EXPECT_EQ(append_png_rgb8(out, 4, 4, rgb, kPngFast).error().code, Errc::usage);
}

TEST(PngWriter, SniffedBackAsPngWithItsSize) {
    const auto png = encode_png_rgb8(321, 123, gradient(321, 123));
    ASSERT_TRUE(png.ok());
    const MediaInfo info = sniff_media(*png);
    EXPECT_EQ(info.media_type, "image/png");
    EXPECT_EQ(info.width, 321u);
    EXPECT_EQ(info.height, 123u);
}

TEST(PngWriter, ImageMagickReadsSizeAndPixels) {
    for (const int level : {0, 1, 6, 9}) {
        SCOPED_TRACE(level);
        const auto rgb = gradient(37, 11);
        const auto png = encode_png_rgb8(37, 11, rgb, level);
        ASSERT_TRUE(png.ok());
        expect_imagemagick_reads(*png, 37, 11, rgb);
    }
}

// Noise does not compress, so the stream needs several IDAT chunks; readers must join them.
TEST(PngWriter, LargeImageSpansSeveralIdatChunks) {
    const std::uint32_t width = 1000;
    const std::uint32_t height = 800;
    std::mt19937 random(42);
    std::vector<std::uint8_t> rgb(std::size_t{width} * height * 3);
    for (std::uint8_t& v : rgb)
        v = static_cast<std::uint8_t>(random());
    const auto png = encode_png_rgb8(width, height, rgb, 1);
    ASSERT_TRUE(png.ok());
    std::size_t idat = 0;
    for (const Chunk& chunk : parse_chunks(*png))
        idat += chunk.type == "IDAT" ? 1 : 0;
    EXPECT_GE(idat, 3u);
    expect_imagemagick_reads(*png, width, height, rgb);
}

TEST(PngWriter, OnePixel) {
    const std::vector<std::uint8_t> rgb = {10, 200, 30};
    const auto png = encode_png_rgb8(1, 1, rgb);
    ASSERT_TRUE(png.ok());
    expect_imagemagick_reads(*png, 1, 1, rgb);
}

TEST(PngWriter, RefusesBadArguments) {
    const auto rgb = gradient(4, 4);
    const auto short_buffer = encode_png_rgb8(4, 5, rgb);
    ASSERT_FALSE(short_buffer.ok());
    EXPECT_EQ(short_buffer.error().code, Errc::usage);
    EXPECT_NE(short_buffer.error().detail.find("48"), std::string::npos)
        << short_buffer.error().detail;

    const auto long_buffer = encode_png_rgb8(3, 4, rgb);
    ASSERT_FALSE(long_buffer.ok());
    EXPECT_EQ(long_buffer.error().code, Errc::usage);

    EXPECT_EQ(encode_png_rgb8(0, 4, {}).error().code, Errc::usage);
    EXPECT_EQ(encode_png_rgb8(4, 0, {}).error().code, Errc::usage);
    EXPECT_EQ(encode_png_rgb8(0x80000000u, 1, rgb).error().code, Errc::usage);
    EXPECT_EQ(encode_png_rgb8(4, 4, rgb, 10).error().code, Errc::usage);
    EXPECT_EQ(encode_png_rgb8(4, 4, rgb, -1).error().code, Errc::usage);
    // A size whose byte count would overflow 32 bits must not wrap around to a match.
    EXPECT_EQ(encode_png_rgb8(0x40000000u, 0x40000000u, rgb).error().code, Errc::usage);
}

}  // namespace
}  // namespace scelle::core
