// encode(): a frame's pixels to the PNG that becomes the sealed original, through libpng.
//
// The settings are chosen for capture latency, measured on 1920×1080 screens under Xvfb (a
// documentation page, and a photo-like wallpaper with a terminal and a chat): zlib level 1
// with the SUB filter encoded in 19 ms and 47 ms, within 10-20 % of the size that level 6
// with adaptive filtering gives in 78 ms and 520 ms. The run-length strategy and the other
// single filters were slower or larger on one of the two.
#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include <fmt/format.h>

#include "backends.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {

namespace {

constexpr int kZlibLevel = 1;
constexpr int kZlibStrategy = Z_DEFAULT_STRATEGY;
constexpr int kFilter = PNG_FILTER_SUB;
// Larger IDAT chunks mean fewer write calls and CRCs; 256 KiB keeps each chunk modest.
constexpr std::size_t kIdatBuffer = std::size_t{256} * 1024;
// PNG limits width and height to 2^31 - 1.
constexpr std::uint32_t kPngMax = 0x7FFFFFFF;

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

struct PngWriteDeleter {
    void operator()(png_struct* png) const {
        png_structp p = png;
        png_destroy_write_struct(&p, nullptr);
    }
};
using PngWritePtr = std::unique_ptr<png_struct, PngWriteDeleter>;

// The info struct is freed with its write struct, which the caller owns; this holder only
// pairs them so that the info is destroyed first.
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

// All libpng calls that may fail live here, after setjmp and with only trivially
// destructible locals, so that libpng's longjmp on error skips no destructor.
bool write_png(png_structp png, png_infop info, const Frame& frame) {
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_write_fn(png, png_get_io_ptr(png), on_png_write, on_png_flush);
    png_set_IHDR(png, info, frame.width, frame.height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, kFilter);
    png_set_compression_level(png, kZlibLevel);
    png_set_compression_strategy(png, kZlibStrategy);
    png_set_compression_buffer_size(png, kIdatBuffer);
    png_write_info(png, info);
    const std::size_t stride = std::size_t{frame.width} * 3;
    const std::uint8_t* row = frame.rgb.data();
    for (std::uint32_t y = 0; y < frame.height; ++y, row += stride)
        png_write_row(png, row);
    png_write_end(png, nullptr);
    return true;
}

}  // namespace

Result<Capture> encode(Frame frame) {
    Capture capture;
    if (frame.png) {
        // The platform's own PNG is the original: kept byte for byte, never re-encoded.
        capture.png = std::move(*frame.png);
        frame.png.reset();
        capture.width = frame.width;
        capture.height = frame.height;
        frame.rgb.clear();
        frame.rgb.shrink_to_fit();
        capture.frame = std::move(frame);
        return capture;
    }
    if (frame.width == 0 || frame.height == 0 || frame.rgb.empty())
        return make_error(Errc::usage, "capture", "the frame holds no pixels to encode");
    if (frame.width > kPngMax || frame.height > kPngMax)
        return make_error(Errc::usage, "capture",
                          fmt::format("{}×{} is too large for PNG", frame.width, frame.height));
    if (frame.rgb.size() != std::size_t{frame.width} * frame.height * 3)
        return make_error(Errc::internal, "capture", "the frame's pixel buffer has the wrong size");

    WriteState state;
    state.out = &capture.png;
    // A screenshot compresses to a fraction of its raw size: half is reserved so that the
    // buffer is almost never moved, and only the pages written are ever backed by memory.
    capture.png.reserve(frame.rgb.size() / 2);
    detail::prepare_large_buffer(capture.png.data(), capture.png.capacity());
    PngWritePtr png(
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning));
    if (!png)
        return make_error(Errc::internal, "capture", "libpng could not start");
    PngInfoOwner info(png.get(), png_create_info_struct(png.get()));
    if (!info.info)
        return make_error(Errc::internal, "capture", "libpng could not start");
    png_set_write_fn(png.get(), &state, on_png_write, on_png_flush);
    if (!write_png(png.get(), info.info, frame)) {
        if (state.out_of_memory)
            return make_error(Errc::internal, "capture", "out of memory while encoding the PNG");
        return make_error(Errc::internal, "capture",
                          fmt::format("PNG encoding failed: {}", state.message));
    }
    capture.width = frame.width;
    capture.height = frame.height;
    frame.rgb.clear();
    frame.rgb.shrink_to_fit();
    capture.frame = std::move(frame);
    return capture;
}

}  // namespace scelle::capture
