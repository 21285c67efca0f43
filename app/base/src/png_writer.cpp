// PNG encoding through libpng. Errors inside libpng arrive through its setjmp/longjmp model:
// every libpng call that may fail is made in write_png(), after setjmp and with only trivially
// destructible locals, so that a longjmp skips no destructor.
#include "scelle/base/png_writer.h"

#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
#include <new>
#include <string>

#include "scelle/base/handle.h"

namespace scelle::core {

namespace {

// PNG limits width and height to 2^31 - 1.
constexpr std::uint64_t kPngMax = 0x7FFFFFFF;
// libpng writes one IDAT chunk per filled compression buffer: larger chunks mean fewer write
// calls and CRCs; 256 KiB keeps each chunk modest for readers.
constexpr std::size_t kIdatBuffer = std::size_t{256} * 1024;

// What libpng's callbacks report back; plain data, so that a longjmp across it is harmless.
struct WriteState {
    std::vector<std::byte>* out = nullptr;
    bool out_of_memory = false;
    char message[256] = {};
};

void on_png_error(png_structp png, png_const_charp msg) {
    auto* state = static_cast<WriteState*>(png_get_error_ptr(png));
    std::snprintf(state->message, sizeof state->message, "%s", msg ? msg : "libpng error");
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void on_png_write(png_structp png, png_bytep data, png_size_t size) {
    auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
    bool failed = false;
    try {
        const auto* bytes = reinterpret_cast<const std::byte*>(data);
        state->out->insert(state->out->end(), bytes, bytes + size);
    } catch (const std::bad_alloc&) {
        failed = true;
    }
    // png_error() jumps away: it is called outside the catch block so that no exception
    // object is abandoned.
    if (failed) {
        state->out_of_memory = true;
        png_error(png, "out of memory");
    }
}

void on_png_flush(png_structp) {}

// png_destroy_write_struct takes the address of the pointer, and frees the info struct too
// when given one: the info struct below is freed on its own, first.
void destroy_write_struct(png_struct* png) {
    png_structp p = png;
    png_destroy_write_struct(&p, nullptr);
}
using PngWritePtr = Handle<png_struct, destroy_write_struct>;

// The info struct belongs to its write struct; this holder only pairs them so that the info
// is destroyed first.
struct PngInfoOwner {
    png_structp png = nullptr;
    png_infop info = nullptr;
    PngInfoOwner(const PngInfoOwner&) = delete;
    PngInfoOwner& operator=(const PngInfoOwner&) = delete;
    PngInfoOwner(png_structp p, png_infop i) : png(p), info(i) {}
    ~PngInfoOwner() {
        if (info)
            png_destroy_info_struct(png, &info);
    }
};

bool write_png(png_structp png, png_infop info, std::uint32_t width, std::uint32_t height,
               const std::uint8_t* rgb, const PngOptions& o) {
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE,
                   o.filter == PngFilter::sub ? PNG_FILTER_SUB : PNG_FILTER_NONE);
    png_set_compression_level(png, o.level);
    // libpng would choose Z_FILTERED for filtered rows; the default strategy was measured
    // faster and smaller on screenshots.
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
    png_set_compression_buffer_size(png, kIdatBuffer);
    png_write_info(png, info);
    const std::size_t stride = std::size_t{width} * 3;
    const std::uint8_t* row = rgb;
    for (std::uint32_t y = 0; y < height; ++y, row += stride)
        png_write_row(png, row);
    png_write_end(png, nullptr);
    return true;
}

}  // namespace

Result<void> append_png_rgb8(std::vector<std::byte>& out, std::uint32_t width, std::uint32_t height,
                             std::span<const std::uint8_t> rgb, const PngOptions& options) {
    if (width == 0 || height == 0 || width > kPngMax || height > kPngMax)
        return make_error(Errc::usage, "png",
                          "image size " + std::to_string(width) + "x" + std::to_string(height) +
                              " is outside 1..2147483647");
    if (options.level < Z_NO_COMPRESSION || options.level > Z_BEST_COMPRESSION)
        return make_error(
            Errc::usage, "png",
            "compression level " + std::to_string(options.level) + " is outside 0..9");
    // The product fits in 64 bits because width and height are below 2^31.
    const std::uint64_t expected = std::uint64_t{width} * 3 * height;
    if (rgb.size() != expected)
        return make_error(Errc::usage, "png",
                          "pixel buffer has " + std::to_string(rgb.size()) + " bytes, expected " +
                              std::to_string(expected));

    WriteState state;
    state.out = &out;
    PngWritePtr png(
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning));
    if (!png)
        return make_error(Errc::internal, "png", "libpng could not start");
    PngInfoOwner info(png.get(), png_create_info_struct(png.get()));
    if (!info.info)
        return make_error(Errc::internal, "png", "libpng could not start");
    png_set_write_fn(png.get(), &state, on_png_write, on_png_flush);
    if (!write_png(png.get(), info.info, width, height, rgb.data(), options)) {
        if (state.out_of_memory)
            return make_error(Errc::internal, "png", "out of memory while encoding the PNG");
        return make_error(Errc::internal, "png",
                          std::string("PNG encoding failed: ") + state.message);
    }
    return {};
}

Result<std::vector<std::byte>> encode_png_rgb8(std::uint32_t width, std::uint32_t height,
                                               std::span<const std::uint8_t> rgb, int level) {
    std::vector<std::byte> out;
    SCELLE_TRY(append_png_rgb8(out, width, height, rgb, {level, PngFilter::none}));
    return out;
}

}  // namespace scelle::core
