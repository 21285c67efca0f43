// The PNG container is written by hand over zlib: signature, IHDR, IDAT, IEND. libpng would
// bring a setjmp-based error model and a dependency for the three chunks needed here.
#include "scelle/base/png_writer.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <string_view>

namespace scelle::core {

namespace {

// PNG limits width, height and chunk lengths to 2^31 - 1.
constexpr std::uint64_t kPngMax = 0x7FFFFFFF;
// The compressed stream is cut into IDAT chunks of at most this size, so that readers never
// have to hold one huge chunk and the 2^31 - 1 chunk length limit is never reached.
constexpr std::size_t kIdatChunk = std::size_t{1} << 20;

constexpr std::array<std::byte, 8> kSignature{
    std::byte{0x89}, std::byte{'P'},  std::byte{'N'},  std::byte{'G'},
    std::byte{'\r'}, std::byte{'\n'}, std::byte{0x1A}, std::byte{'\n'},
};

void put_be32(std::vector<std::byte>& out, std::uint32_t v) {
    out.push_back(static_cast<std::byte>(v >> 24));
    out.push_back(static_cast<std::byte>(v >> 16));
    out.push_back(static_cast<std::byte>(v >> 8));
    out.push_back(static_cast<std::byte>(v));
}

// Appends one chunk: length, type, data, and the CRC-32 of type and data.
void put_chunk(std::vector<std::byte>& out, std::string_view type,
               std::span<const std::byte> data) {
    put_be32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t type_at = out.size();
    for (const char c : type)
        out.push_back(static_cast<std::byte>(c));
    out.insert(out.end(), data.begin(), data.end());
    const auto* crc_from = reinterpret_cast<const Bytef*>(out.data() + type_at);
    const uLong crc =
        crc32(crc32(0L, Z_NULL, 0), crc_from, static_cast<uInt>(type.size() + data.size()));
    put_be32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

Result<std::vector<std::byte>> encode_png_rgb8(std::uint32_t width, std::uint32_t height,
                                               std::span<const std::uint8_t> rgb, int level) {
    if (width == 0 || height == 0 || width > kPngMax || height > kPngMax)
        return make_error(Errc::usage, "png",
                          "image size " + std::to_string(width) + "x" + std::to_string(height) +
                              " is outside 1..2147483647");
    if (level < Z_NO_COMPRESSION || level > Z_BEST_COMPRESSION)
        return make_error(Errc::usage, "png",
                          "compression level " + std::to_string(level) + " is outside 0..9");
    // Both products fit in 64 bits because width and height are below 2^31.
    const std::uint64_t row = std::uint64_t{width} * 3;
    const std::uint64_t expected = row * height;
    if (rgb.size() != expected)
        return make_error(Errc::usage, "png",
                          "pixel buffer has " + std::to_string(rgb.size()) + " bytes, expected " +
                              std::to_string(expected));
    const std::uint64_t raw_size = (row + 1) * height;
    // Halved so that zlib's compressBound() cannot overflow either (uLong is 32 bits on Windows).
    if (raw_size > std::numeric_limits<uLong>::max() / 2 ||
        raw_size > std::numeric_limits<std::size_t>::max() / 2)
        return make_error(Errc::usage, "png", "image too large to encode in memory");

    // Filter type 0 (None) on every row: screenshots compress well enough without the
    // per-row filter search, and the output stays simple to check.
    std::vector<Bytef> raw(static_cast<std::size_t>(raw_size));
    const auto row_len = static_cast<std::size_t>(row);
    for (std::size_t y = 0; y < height; ++y) {
        Bytef* dst = raw.data() + y * (row_len + 1);
        dst[0] = 0;
        std::copy_n(rgb.data() + y * row_len, row_len, dst + 1);
    }

    uLongf packed_len = compressBound(static_cast<uLong>(raw_size));
    std::vector<Bytef> packed(packed_len);
    const int rc =
        compress2(packed.data(), &packed_len, raw.data(), static_cast<uLong>(raw_size), level);
    if (rc != Z_OK)
        return make_error(Errc::internal, "png", std::string("zlib: ") + zError(rc));

    std::vector<std::byte> out;
    out.reserve(packed_len + packed_len / kIdatChunk * 12 + 64);
    out.insert(out.end(), kSignature.begin(), kSignature.end());

    std::vector<std::byte> ihdr;
    put_be32(ihdr, width);
    put_be32(ihdr, height);
    // Bit depth 8, colour type 2 (RGB), deflate compression, adaptive filtering, no interlace.
    for (const int field : {8, 2, 0, 0, 0})
        ihdr.push_back(static_cast<std::byte>(field));
    put_chunk(out, "IHDR", ihdr);

    const auto idat = std::as_bytes(std::span(packed.data(), packed_len));
    for (std::size_t at = 0; at < idat.size(); at += kIdatChunk)
        put_chunk(out, "IDAT", idat.subspan(at, std::min(kIdatChunk, idat.size() - at)));
    put_chunk(out, "IEND", {});
    return out;
}

}  // namespace scelle::core
