// Tests of the streaming media sniffer: hand-built minimal headers for every format, real
// files written by ImageMagick at test time, every answer checked for chunk sizes 1, 7, 4096
// and whole, and truncated, malformed and random input that must give no size and no crash.
#include "scelle/store/media.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

using Bytes = std::vector<std::byte>;

// Building byte strings.

void put(Bytes& out, std::string_view text) {
    for (const char c : text)
        out.push_back(static_cast<std::byte>(c));
}

void put_u8(Bytes& out, std::initializer_list<unsigned> values) {
    for (const unsigned v : values)
        out.push_back(static_cast<std::byte>(v));
}

void put_be16(Bytes& out, std::uint32_t v) {
    put_u8(out, {(v >> 8) & 0xFF, v & 0xFF});
}

void put_be32(Bytes& out, std::uint32_t v) {
    put_be16(out, v >> 16);
    put_be16(out, v & 0xFFFF);
}

void put_le16(Bytes& out, std::uint32_t v) {
    put_u8(out, {v & 0xFF, (v >> 8) & 0xFF});
}

void put_le24(Bytes& out, std::uint32_t v) {
    put_u8(out, {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF});
}

void put_le32(Bytes& out, std::uint32_t v) {
    put_le16(out, v & 0xFFFF);
    put_le16(out, v >> 16);
}

void put_fill(Bytes& out, std::size_t count, unsigned value = 0) {
    out.insert(out.end(), count, static_cast<std::byte>(value));
}

Bytes bytes_of(std::string_view text) {
    Bytes out;
    put(out, text);
    return out;
}

// Sniffing and checking.

MediaInfo sniff_chunked(const Bytes& data, std::size_t chunk) {
    MediaSniffer sniffer;
    const std::span<const std::byte> all(data);
    for (std::size_t at = 0; at < data.size(); at += chunk)
        sniffer.feed(all.subspan(at, std::min(chunk, data.size() - at)));
    return sniffer.result();
}

// Sniffs `data` whole and in chunks of 1, 7 and 4096 bytes, expects the same answer from
// all four, and returns it.
MediaInfo sniff_all_ways(const Bytes& data) {
    const MediaInfo whole = sniff_media(data);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
        const MediaInfo part = sniff_chunked(data, chunk);
        EXPECT_EQ(part.media_type, whole.media_type) << "chunk size " << chunk;
        EXPECT_EQ(part.width, whole.width) << "chunk size " << chunk;
        EXPECT_EQ(part.height, whole.height) << "chunk size " << chunk;
    }
    return whole;
}

std::string describe(const MediaInfo& info) {
    std::string text = info.media_type;
    text += info.width ? " width " + std::to_string(*info.width) : " no width";
    text += info.height ? " height " + std::to_string(*info.height) : " no height";
    return text;
}

::testing::AssertionResult is_image(const MediaInfo& info, std::string_view type,
                                    std::uint32_t width, std::uint32_t height) {
    if (info.media_type == type && info.width == width && info.height == height)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "got " << describe(info) << ", expected " << type << " " << width << "x" << height;
}

::testing::AssertionResult is_sizeless(const MediaInfo& info, std::string_view type) {
    if (info.media_type == type && !info.width && !info.height)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "got " << describe(info) << ", expected " << type << " without a size";
}

// Minimal headers; each ends with the last byte the size is read from, so that every shorter
// prefix must give no size.

Bytes png_header(std::uint32_t width, std::uint32_t height) {
    Bytes out;
    put(out, "\x89PNG\r\n\x1A\n");
    put_be32(out, 13);
    put(out, "IHDR");
    put_be32(out, width);
    put_be32(out, height);
    return out;
}

Bytes gif_header(std::uint32_t width, std::uint32_t height) {
    Bytes out;
    put(out, "GIF89a");
    put_le16(out, width);
    put_le16(out, height);
    return out;
}

Bytes bmp_header(std::int32_t width, std::int32_t height, std::uint32_t dib_size = 40) {
    Bytes out;
    put(out, "BM");
    put_le32(out, 54 + 3 * 4);
    put_le32(out, 0);
    put_le32(out, 54);
    put_le32(out, dib_size);
    if (dib_size == 12) {
        put_le16(out, static_cast<std::uint32_t>(width));
        put_le16(out, static_cast<std::uint32_t>(height));
    } else {
        put_le32(out, static_cast<std::uint32_t>(width));
        put_le32(out, static_cast<std::uint32_t>(height));
    }
    return out;
}

void put_riff_webp(Bytes& out, std::string_view chunk, std::uint32_t chunk_size) {
    put(out, "RIFF");
    put_le32(out, 4 + 8 + chunk_size);
    put(out, "WEBP");
    put(out, chunk);
    put_le32(out, chunk_size);
}

Bytes webp_vp8(std::uint32_t width, std::uint32_t height, bool key_frame = true) {
    Bytes out;
    put_riff_webp(out, "VP8 ", 10);
    put_u8(out, {key_frame ? 0x50u : 0x51u, 0x04, 0x00, 0x9D, 0x01, 0x2A});
    put_le16(out, width);
    put_le16(out, height);
    return out;
}

Bytes webp_vp8l(std::uint32_t width, std::uint32_t height) {
    Bytes out;
    put_riff_webp(out, "VP8L", 5);
    put_u8(out, {0x2F});
    put_le32(out, (width - 1) | (height - 1) << 14);
    return out;
}

Bytes webp_vp8x(std::uint32_t width, std::uint32_t height) {
    Bytes out;
    put_riff_webp(out, "VP8X", 10);
    put_le32(out, 0x10);  // The alpha flag.
    put_le24(out, width - 1);
    put_le24(out, height - 1);
    return out;
}

// A TIFF whose first IFD sits `ifd_at` bytes into the file, after pixel data, as ImageMagick
// writes it; width is a SHORT and height a LONG so that both value types are read.
Bytes tiff_file(bool big_endian, std::uint32_t width, std::uint32_t height,
                std::uint32_t ifd_at = 5000) {
    Bytes out;
    const auto u16 = [&](std::uint32_t v) { big_endian ? put_be16(out, v) : put_le16(out, v); };
    const auto u32 = [&](std::uint32_t v) { big_endian ? put_be32(out, v) : put_le32(out, v); };
    put(out, big_endian ? std::string_view("MM\0*", 4) : std::string_view("II*\0", 4));
    u32(ifd_at);
    if (ifd_at > out.size())
        put_fill(out, ifd_at - out.size(), 0xAB);
    u16(4);
    u16(254);  // NewSubfileType, LONG 0.
    u16(4);
    u32(1);
    u32(0);
    u16(256);  // ImageWidth, SHORT, left-justified in the 4-byte value field.
    u16(3);
    u32(1);
    u16(width);
    u16(0);
    u16(257);  // ImageLength, LONG.
    u16(4);
    u32(1);
    u32(height);
    return out;
}

// A JPEG whose frame header comes after the segments that trip up naive readers: two
// maximal APP1 segments whose payload contains bytes that look like a SOF0 marker, an ICC
// APP2 segment, fill bytes, a standalone marker, DHT (C4, in the SOF range but not a frame)
// after fill bytes, DQT and a comment. It ends with the width of the SOF2 (progressive) frame
// header.
Bytes jpeg_until_size(std::uint32_t width, std::uint32_t height) {
    Bytes out;
    put_u8(out, {0xFF, 0xD8, 0xFF, 0xE0});
    put_be16(out, 16);
    put(out, std::string_view("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
    for (int i = 0; i < 2; ++i) {
        put_u8(out, {0xFF, 0xE1});
        put_be16(out, 0xFFFF);
        put(out, std::string_view("Exif\0\0", 6));
        put_u8(out, {0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03});
        put_fill(out, 0xFFFF - 2 - 6 - 10, 0xFF);
    }
    put_u8(out, {0xFF, 0xE2});
    put_be16(out, 40000);
    put(out, std::string_view("ICC_PROFILE\0\1\1", 14));
    put_fill(out, 40000 - 2 - 14, 0xC0);
    put_u8(out, {0xFF, 0xFF, 0xFF, 0xFF, 0x01});  // Fill bytes, then TEM (no length).
    // A fill byte before DHT, whose table holds bytes that look like a SOF0 marker.
    put_u8(out, {0xFF, 0xFF, 0xC4});
    put_be16(out, 2 + 17 + 9);
    put_fill(out, 17, 0x01);
    put_u8(out, {0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x20});
    put_u8(out, {0xFF, 0xDB});
    put_be16(out, 67);
    put_fill(out, 65, 0x10);
    put_u8(out, {0xFF, 0xFE});
    put_be16(out, 2 + 5);
    put(out, "hello");
    put_u8(out, {0xFF, 0xC2});
    put_be16(out, 8 + 3 * 3);
    put_u8(out, {8});
    put_be16(out, height);
    put_be16(out, width);
    return out;
}

Bytes jpeg_file(std::uint32_t width, std::uint32_t height) {
    Bytes out = jpeg_until_size(width, height);
    put_u8(out, {3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
    put_u8(out, {0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0});
    put_u8(out, {0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9});
    return out;
}

Bytes ftyp(std::string_view major, std::initializer_list<std::string_view> compatible) {
    Bytes out;
    put_be32(out, static_cast<std::uint32_t>(16 + 4 * compatible.size()));
    put(out, "ftyp");
    put(out, major);
    put_be32(out, 0);
    for (const std::string_view brand : compatible)
        put(out, brand);
    put_be32(out, 8);
    put(out, "mdat");
    return out;
}

// Temporary folder and ImageMagick.

// Runs a shell command, returning its exit status and its output (stderr included).
std::pair<int, std::string> run(const std::string& command) {
    const test::ProcResult r = test::run({"sh", "-c", command});
    return {r.exit_code, r.out + r.err};
}

Bytes read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes_of(text);
}

void write_file(const std::filesystem::path& path, const Bytes& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
}

class MediaRealFileTest : public ::testing::Test {
  protected:
    // Runs `convert <arguments> <file>` in the temporary folder and returns the file made.
    Bytes convert(const std::string& arguments, const std::string& file) {
        const auto [status, output] =
            run("cd '" + m_dir.path().string() + "' && convert " + arguments + " " + file);
        EXPECT_EQ(status, 0) << "convert " << arguments << " " << file << ": " << output;
        return read_file(m_dir.path() / file);
    }

    test::TempDir m_dir{"scelle-media-test"};
};

// Hand-built headers.

TEST(MediaSniffer, PngSizeFromIhdr) {
    EXPECT_TRUE(is_image(sniff_all_ways(png_header(300, 200)), "image/png", 300, 200));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(png_header(0, 200)), "image/png"));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(png_header(0x80000000u, 1)), "image/png"));
    Bytes not_ihdr = png_header(300, 200);
    not_ihdr[12] = std::byte{'X'};
    EXPECT_TRUE(is_sizeless(sniff_all_ways(not_ihdr), "image/png"));
}

TEST(MediaSniffer, JpegSizeFromFrameHeaderPastBigSegments) {
    const Bytes jpeg = jpeg_file(4032, 3024);
    ASSERT_GT(jpeg.size(), 170000u);
    EXPECT_TRUE(is_image(sniff_all_ways(jpeg), "image/jpeg", 4032, 3024));
}

TEST(MediaSniffer, JpegBaselineAndOtherFrameTypes) {
    for (const unsigned marker : {0xC0u, 0xC1u, 0xC3u, 0xC9u, 0xCFu}) {
        Bytes jpeg;
        put_u8(jpeg, {0xFF, 0xD8, 0xFF, marker, 0x00, 0x11, 0x08, 0x00, 0x2D, 0x00, 0x7B});
        EXPECT_TRUE(is_image(sniff_all_ways(jpeg), "image/jpeg", 123, 45)) << marker;
    }
}

TEST(MediaSniffer, JpegWithoutFrameHeaderHasNoSize) {
    // Scan data before any frame header.
    Bytes sos;
    put_u8(sos, {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0});
    put_u8(sos, {0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(sos), "image/jpeg"));
    // End of image first.
    Bytes eoi;
    put_u8(eoi, {0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(eoi), "image/jpeg"));
    // Segment lengths below 2 are malformed.
    Bytes short_length;
    put_u8(short_length, {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xC0, 0x00, 0x11, 0x08});
    put_u8(short_length, {0x00, 0x10, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(short_length), "image/jpeg"));
    // A frame header too short to hold its fields.
    Bytes short_frame;
    put_u8(short_frame, {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x07, 0x08, 0x00, 0x10, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(short_frame), "image/jpeg"));
    // A height of 0 (to be given by a DNL marker later).
    Bytes dnl;
    put_u8(dnl, {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x00, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(dnl), "image/jpeg"));
    // A segment that claims more bytes than the file has.
    Bytes overlong;
    put_u8(overlong, {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF});
    put_u8(overlong, {0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10});
    EXPECT_TRUE(is_sizeless(sniff_all_ways(overlong), "image/jpeg"));
    // Nothing but fill bytes after the start of image.
    Bytes fill;
    put_u8(fill, {0xFF, 0xD8});
    put_fill(fill, 100000, 0xFF);
    EXPECT_TRUE(is_sizeless(sniff_all_ways(fill), "image/jpeg"));
}

TEST(MediaSniffer, WebpSizeFromEachBitstream) {
    EXPECT_TRUE(is_image(sniff_all_ways(webp_vp8(640, 480)), "image/webp", 640, 480));
    // The top two bits of the VP8 size fields are a scaling hint, not part of the size.
    EXPECT_TRUE(
        is_image(sniff_all_ways(webp_vp8(0xC000 | 640, 0x4000 | 480)), "image/webp", 640, 480));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(webp_vp8(640, 480, false)), "image/webp"));
    EXPECT_TRUE(is_image(sniff_all_ways(webp_vp8l(16384, 1)), "image/webp", 16384, 1));
    EXPECT_TRUE(is_image(sniff_all_ways(webp_vp8l(123, 45)), "image/webp", 123, 45));
    Bytes bad_signature = webp_vp8l(123, 45);
    bad_signature[20] = std::byte{0x2E};
    EXPECT_TRUE(is_sizeless(sniff_all_ways(bad_signature), "image/webp"));
    EXPECT_TRUE(is_image(sniff_all_ways(webp_vp8x(1 << 24, 3)), "image/webp", 1 << 24, 3));
}

TEST(MediaSniffer, GifLogicalScreenSize) {
    EXPECT_TRUE(is_image(sniff_all_ways(gif_header(65535, 2)), "image/gif", 65535, 2));
    Bytes gif87 = gif_header(10, 20);
    gif87[4] = std::byte{'7'};
    EXPECT_TRUE(is_image(sniff_all_ways(gif87), "image/gif", 10, 20));
}

TEST(MediaSniffer, BmpSizeAndTopDownRows) {
    EXPECT_TRUE(is_image(sniff_all_ways(bmp_header(640, 480)), "image/bmp", 640, 480));
    EXPECT_TRUE(is_image(sniff_all_ways(bmp_header(640, -480)), "image/bmp", 640, 480));
    EXPECT_TRUE(is_image(sniff_all_ways(bmp_header(33, 44, 124)), "image/bmp", 33, 44));
    EXPECT_TRUE(is_image(sniff_all_ways(bmp_header(33, 44, 12)), "image/bmp", 33, 44));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(bmp_header(-640, 480)), "image/bmp"));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(bmp_header(640, INT32_MIN)), "image/bmp"));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(bmp_header(640, 0)), "image/bmp"));
    // "BM" followed by anything but a known DIB header size is not a bitmap.
    EXPECT_EQ(sniff_all_ways(bmp_header(640, 480, 41)).media_type, "application/octet-stream");
    EXPECT_EQ(sniff_all_ways(bytes_of("BMW motorcycles, a list\n")).media_type, "text/plain");
}

TEST(MediaSniffer, TiffSizeFromFirstIfdInBothByteOrders) {
    EXPECT_TRUE(is_image(sniff_all_ways(tiff_file(false, 1234, 567)), "image/tiff", 1234, 567));
    EXPECT_TRUE(is_image(sniff_all_ways(tiff_file(true, 1234, 567)), "image/tiff", 1234, 567));
    EXPECT_TRUE(is_image(sniff_all_ways(tiff_file(true, 9, 70000, 8)), "image/tiff", 9, 70000));
    // An IFD offset inside the header cannot be right.
    EXPECT_TRUE(is_sizeless(sniff_all_ways(tiff_file(false, 1234, 567, 4)), "image/tiff"));
    // An IFD past the end of the file.
    Bytes cut = tiff_file(false, 1234, 567);
    cut.resize(4000);
    EXPECT_TRUE(is_sizeless(sniff_all_ways(cut), "image/tiff"));
    Bytes big_tiff;
    put(big_tiff, std::string_view("II+\0\x08\0\0\0", 8));
    EXPECT_TRUE(is_sizeless(sniff_all_ways(big_tiff), "image/tiff"));
}

TEST(MediaSniffer, IsoBaseMediaBrands) {
    EXPECT_EQ(sniff_all_ways(ftyp("heic", {"mif1", "heic"})).media_type, "image/heic");
    EXPECT_EQ(sniff_all_ways(ftyp("mif1", {"mif1", "heic"})).media_type, "image/heic");
    EXPECT_EQ(sniff_all_ways(ftyp("heix", {})).media_type, "image/heic");
    EXPECT_EQ(sniff_all_ways(ftyp("mif1", {})).media_type, "image/heic");
    EXPECT_EQ(sniff_all_ways(ftyp("avif", {"avif", "mif1", "miaf"})).media_type, "image/avif");
    EXPECT_EQ(sniff_all_ways(ftyp("mif1", {"mif1", "miaf", "avif"})).media_type, "image/avif");
    EXPECT_EQ(sniff_all_ways(ftyp("isom", {"isom", "iso2", "avc1", "mp41"})).media_type,
              "video/mp4");
    EXPECT_EQ(sniff_all_ways(ftyp("mp42", {})).media_type, "video/mp4");
    EXPECT_EQ(sniff_all_ways(ftyp("XYZW", {"XYZW", "mp42"})).media_type, "video/mp4");
    EXPECT_EQ(sniff_all_ways(ftyp("qt  ", {"qt  "})).media_type, "video/quicktime");
    EXPECT_EQ(sniff_all_ways(ftyp("M4A ", {"M4A ", "mp42", "isom"})).media_type, "audio/mp4");
    EXPECT_EQ(sniff_all_ways(ftyp("crx ", {"crx ", "isom"})).media_type,
              "application/octet-stream");
    EXPECT_EQ(sniff_all_ways(ftyp("abcd", {"efgh"})).media_type, "application/octet-stream");
    Bytes old_quicktime;
    put_be32(old_quicktime, 1000);
    put(old_quicktime, "moov");
    put_fill(old_quicktime, 100);
    EXPECT_EQ(sniff_all_ways(old_quicktime).media_type, "video/quicktime");
    EXPECT_FALSE(sniff_all_ways(ftyp("heic", {})).width);
}

TEST(MediaSniffer, DocumentsArchivesAndAudio) {
    EXPECT_EQ(sniff_all_ways(bytes_of("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj")).media_type,
              "application/pdf");
    EXPECT_EQ(sniff_all_ways(bytes_of(std::string_view("PK\3\4\x14\0\0\0", 8))).media_type,
              "application/zip");
    EXPECT_EQ(sniff_all_ways(bytes_of(std::string_view("PK\5\6\0\0\0\0", 8))).media_type,
              "application/zip");
    EXPECT_EQ(sniff_all_ways(bytes_of(std::string_view("ID3\4\0\0\0\0\0\x21", 10))).media_type,
              "audio/mpeg");
    Bytes mp3_frame;
    put_u8(mp3_frame, {0xFF, 0xFB, 0x90, 0x64, 0x00});
    put_fill(mp3_frame, 413);
    EXPECT_EQ(sniff_all_ways(mp3_frame).media_type, "audio/mpeg");
    // An ADTS AAC header has the same sync bits but layer 0.
    Bytes adts;
    put_u8(adts, {0xFF, 0xF1, 0x50, 0x80, 0x00});
    EXPECT_EQ(sniff_all_ways(adts).media_type, "application/octet-stream");
    EXPECT_EQ(sniff_all_ways(bytes_of(std::string_view("OggS\0\2\0\0", 8))).media_type,
              "audio/ogg");
}

TEST(MediaSniffer, PlainTextIsValidUtf8WithoutNul) {
    EXPECT_EQ(sniff_all_ways(bytes_of("hello\r\n\tworld\f\n")).media_type, "text/plain");
    EXPECT_EQ(sniff_all_ways(bytes_of("\xEF\xBB\xBF"
                                      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x92"))
                  .media_type,
              "text/plain");
    EXPECT_EQ(sniff_all_ways(bytes_of(std::string_view("text\0more", 9))).media_type,
              "application/octet-stream");
    EXPECT_EQ(sniff_all_ways({}).media_type, "application/octet-stream");
    // Overlong form, UTF-16 surrogate, past U+10FFFF, stray continuation byte, Latin-1.
    for (const std::string_view bad :
         {"a\xC0\x80", "a\xED\xA0\x80", "a\xF4\x90\x80\x80", "a\x80", "caf\xE9 au lait"}) {
        EXPECT_EQ(sniff_all_ways(bytes_of(bad)).media_type, "application/octet-stream") << bad;
    }
    // A character cut by the end of the file.
    EXPECT_EQ(sniff_all_ways(bytes_of("caf\xC3")).media_type, "application/octet-stream");
    // A few escape sequences are fine in a log; a stream of control characters is not.
    EXPECT_EQ(sniff_all_ways(bytes_of("\x1B[1mbold\x1B[0m and a long line of ordinary words"
                                      " that keeps going for a while longer"))
                  .media_type,
              "text/plain");
    EXPECT_EQ(sniff_all_ways(bytes_of("\x01\x02\x03\x04 binary")).media_type,
              "application/octet-stream");
}

TEST(MediaSniffer, TextIsJudgedOnTheFirst8KB) {
    Bytes text;
    for (int i = 0; text.size() < 8190; ++i)
        put(text, "line " + std::to_string(i) + "\n");
    text.resize(8190);
    // A three-byte character cut by the 8 KB window, then binary data.
    put(text, "\xE2\x82\xAC");
    put_fill(text, 5000, 0);
    EXPECT_EQ(sniff_all_ways(text).media_type, "text/plain");
    text[100] = std::byte{0};
    EXPECT_EQ(sniff_all_ways(text).media_type, "application/octet-stream");
}

TEST(MediaSniffer, ResultCanBeAskedBeforeTheEnd) {
    MediaSniffer sniffer;
    const Bytes png = png_header(5, 6);
    sniffer.feed(std::span(png).first(10));
    EXPECT_EQ(sniffer.result().media_type, "image/png");
    EXPECT_FALSE(sniffer.result().width);
    sniffer.feed(std::span(png).subspan(10));
    EXPECT_TRUE(is_image(sniffer.result(), "image/png", 5, 6));
}

// Every prefix of a header that stops before the last byte of the size gives no size.
TEST(MediaSniffer, TruncatedHeadersHaveNoSize) {
    const std::vector<Bytes> samples = {
        png_header(300, 200),      gif_header(300, 200),       bmp_header(300, 200),
        bmp_header(300, 200, 12),  webp_vp8(300, 200),         webp_vp8l(300, 200),
        webp_vp8x(300, 200),       tiff_file(false, 300, 200), tiff_file(true, 300, 200),
        jpeg_until_size(300, 200),
    };
    for (const Bytes& sample : samples) {
        ASSERT_TRUE(sniff_media(sample).width) << describe(sniff_media(sample));
        // Every length near the start and the end, and about a hundred through the middle.
        const std::size_t stride = std::max<std::size_t>(97, sample.size() / 100);
        for (std::size_t length = 0; length < sample.size(); ++length) {
            if (length > 64 && length + 64 < sample.size() && length % stride != 0)
                continue;
            const Bytes cut(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(length));
            const MediaInfo whole = sniff_media(cut);
            const MediaInfo bytewise = sniff_chunked(cut, length < 8192 ? 1 : 7);
            EXPECT_FALSE(whole.width || whole.height) << length << " " << describe(whole);
            EXPECT_FALSE(bytewise.width || bytewise.height) << length << " " << describe(bytewise);
        }
    }
}

// Random data, and valid headers with random bytes changed, must never crash or read out of
// bounds (the tests run under AddressSanitizer in CI); a size, when given, is whole.
TEST(MediaSniffer, RandomAndMutatedInputIsSafe) {
    std::mt19937 random(20240229);
    const std::vector<Bytes> seeds = {
        png_header(3, 2), gif_header(3, 2), bmp_header(3, 2),          webp_vp8(3, 2),
        webp_vp8l(3, 2),  webp_vp8x(3, 2),  tiff_file(true, 3, 2, 40), jpeg_file(3, 2),
        ftyp("heic", {}), bytes_of("text"),
    };
    for (int round = 0; round < 3000; ++round) {
        Bytes data;
        if (round % 3 == 0) {
            data.resize(random() % 600);
            for (std::byte& b : data)
                b = static_cast<std::byte>(random());
        } else {
            data = seeds[random() % seeds.size()];
            const auto flips = random() % 8;
            for (std::uint32_t i = 0; i < flips && !data.empty(); ++i)
                data[random() % data.size()] = static_cast<std::byte>(random());
            if (random() % 2 == 0)
                data.resize(random() % (data.size() + 1));
        }
        const MediaInfo info = sniff_chunked(data, 1 + random() % 64);
        EXPECT_EQ(info.width.has_value(), info.height.has_value()) << describe(info);
        if (info.width) {
            EXPECT_GT(*info.width, 0u);
            EXPECT_GT(*info.height, 0u);
        }
        EXPECT_FALSE(info.media_type.empty());
    }
}

TEST(MediaSniffer, ExtensionForEachType) {
    const std::pair<std::string_view, std::string_view> expected[] = {
        {"image/png", "png"},       {"image/jpeg", "jpg"},
        {"image/webp", "webp"},     {"image/gif", "gif"},
        {"image/bmp", "bmp"},       {"image/tiff", "tif"},
        {"image/heic", "heic"},     {"image/avif", "avif"},
        {"video/mp4", "mp4"},       {"video/quicktime", "mov"},
        {"application/pdf", "pdf"}, {"application/zip", "zip"},
        {"audio/mpeg", "mp3"},      {"audio/ogg", "ogg"},
        {"text/plain", "txt"},      {"application/octet-stream", "bin"},
    };
    for (const auto& [type, extension] : expected)
        EXPECT_EQ(extension_for(type), extension) << type;
    EXPECT_EQ(extension_for("text/plain; charset=utf-8"), "txt");
    EXPECT_EQ(extension_for("IMAGE/PNG"), "png");
    EXPECT_EQ(extension_for("image/x-unknown"), "bin");
    EXPECT_EQ(extension_for("image/pn"), "bin");
    EXPECT_EQ(extension_for(""), "bin");
    EXPECT_EQ(extension_for("../../etc/passwd"), "bin");
}

// Real files from ImageMagick.

TEST_F(MediaRealFileTest, Jpeg) {
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 123x45 xc:red", "a.jpg")), "image/jpeg", 123, 45));
    EXPECT_TRUE(is_image(sniff_all_ways(convert("-size 45x123 xc:blue -interlace Plane", "p.jpg")),
                         "image/jpeg", 45, 123));
}

// A 60 KB EXIF APP1 segment and a 150 KB ICC profile (three APP2 segments) before the frame.
TEST_F(MediaRealFileTest, JpegWithBigExifAndIccProfiles) {
    Bytes exif;
    put(exif, std::string_view("Exif\0\0II*\0\x08\0\0\0\0\0\0\0\0\0", 20));
    put_u8(exif, {0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10});
    put_fill(exif, 60000, 0xFF);
    write_file(m_dir.path() / "big.app1", exif);

    // An ICC header that ImageMagick accepts: size, display class, RGB, XYZ, "acsp", no tags.
    Bytes icc;
    put_be32(icc, 150000);
    put(icc, "none");
    put_be32(icc, 0x02100000);
    put(icc, "mntrRGB XYZ ");
    put_fill(icc, 12);
    put(icc, "acsp");
    put_fill(icc, 150000 - icc.size());
    write_file(m_dir.path() / "big.icc", icc);

    const Bytes jpeg =
        convert("-size 321x123 xc:green -profile big.app1 -profile big.icc", "e.jpg");
    ASSERT_GT(jpeg.size(), 200000u) << "the profiles were not embedded";
    EXPECT_TRUE(is_image(sniff_all_ways(jpeg), "image/jpeg", 321, 123));
}

TEST_F(MediaRealFileTest, WebpLossyLosslessAndExtended) {
    const Bytes lossy = convert("-size 123x45 xc:red -quality 80", "a.webp");
    ASSERT_GE(lossy.size(), 16u);
    EXPECT_EQ(std::memcmp(lossy.data() + 12, "VP8 ", 4), 0);
    EXPECT_TRUE(is_image(sniff_all_ways(lossy), "image/webp", 123, 45));

    const Bytes lossless = convert("-size 123x45 xc:red -define webp:lossless=true", "b.webp");
    ASSERT_GE(lossless.size(), 16u);
    EXPECT_EQ(std::memcmp(lossless.data() + 12, "VP8L", 4), 0);
    EXPECT_TRUE(is_image(sniff_all_ways(lossless), "image/webp", 123, 45));

    const Bytes extended = convert("-size 77x99 'xc:rgba(255,0,0,0.5)'", "c.webp");
    ASSERT_GE(extended.size(), 16u);
    EXPECT_EQ(std::memcmp(extended.data() + 12, "VP8X", 4), 0);
    EXPECT_TRUE(is_image(sniff_all_ways(extended), "image/webp", 77, 99));
}

TEST_F(MediaRealFileTest, GifBmpPngTiff) {
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 123x45 xc:red", "a.gif")), "image/gif", 123, 45));
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 123x45 xc:red", "a.bmp")), "image/bmp", 123, 45));
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 123x45 xc:red", "a.png")), "image/png", 123, 45));
    // ImageMagick writes the IFD after the pixel data, so the reader has to skip to it.
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 123x45 xc:red", "a.tif")), "image/tiff", 123, 45));
    EXPECT_TRUE(
        is_image(sniff_all_ways(convert("-size 45x123 xc:red -define tiff:endian=msb", "b.tif")),
                 "image/tiff", 45, 123));
}

// HEIC and AVIF need ImageMagick built with libheif; the check is skipped where it is not.
TEST_F(MediaRealFileTest, HeicAndAvif) {
    const auto heic =
        run("cd '" + m_dir.path().string() + "' && convert -size 64x48 xc:red a.heic");
    const auto avif =
        run("cd '" + m_dir.path().string() + "' && convert -size 64x48 xc:red a.avif");
    if (heic.first != 0 || avif.first != 0)
        GTEST_SKIP() << "ImageMagick cannot write HEIC/AVIF here: " << heic.second << avif.second;
    EXPECT_EQ(sniff_all_ways(read_file(m_dir.path() / "a.heic")).media_type, "image/heic");
    EXPECT_EQ(sniff_all_ways(read_file(m_dir.path() / "a.avif")).media_type, "image/avif");
}

}  // namespace
}  // namespace scelle::core
