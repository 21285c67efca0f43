// Report images, PNG: the chunk walk (CRC-checked) with IDAT passthrough, and the libpng
// decoding and zlib re-encoding of the PNGs a PDF cannot carry as they are.
#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "report_images_internal.h"

namespace scelle::core::report_images_detail {
namespace {

constexpr const char* k_png = "PNG";
constexpr std::array<unsigned char, 8> k_signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr std::uint32_t k_max_side = 100000;
constexpr std::uint64_t k_max_sample_bytes = std::uint64_t{1} << 31;
constexpr std::uint32_t k_max_chunk = 0x7FFFFFFF;

std::uint32_t be32(const unsigned char* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

struct PngHeader {
    std::uint32_t width = 0, height = 0;
    unsigned bit_depth = 0, color_type = 0, interlace = 0;
};

unsigned channels_of(unsigned color_type) {
    switch (color_type) {
        case 0:
            return 1;
        case 2:
            return 3;
        case 3:
            return 3;  // expanded to RGB
        case 4:
            return 2;
        case 6:
            return 4;
        default:
            return 0;
    }
}

bool valid_depth(unsigned color_type, unsigned depth) {
    switch (color_type) {
        case 0:
            return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
        case 3:
            return depth == 1 || depth == 2 || depth == 4 || depth == 8;
        case 2:
        case 4:
        case 6:
            return depth == 8 || depth == 16;
        default:
            return false;
    }
}

std::string check_header(const PngHeader& h) {
    if (h.width == 0 || h.height == 0)
        return "zero image size";
    if (h.width > k_max_side || h.height > k_max_side)
        return "image size " + std::to_string(h.width) + "x" + std::to_string(h.height) +
               " is beyond " + std::to_string(k_max_side);
    if (!valid_depth(h.color_type, h.bit_depth))
        return "bad color type or bit depth in IHDR";
    if (h.interlace > 1)
        return "unknown interlace method";
    // Samples as the PDF will hold them: palette expanded, an alpha channel for tRNS.
    const std::uint64_t bytes = std::uint64_t{h.width} * h.height *
                                (channels_of(h.color_type) + 1) * (h.bit_depth == 16 ? 2 : 1);
    if (bytes > k_max_sample_bytes)
        return "image too large";
    return {};
}

// One chunk's header as read from the file.
struct ChunkHead {
    std::uint32_t length = 0;
    std::array<unsigned char, 4> type{};
    std::string name() const { return std::string(type.begin(), type.end()); }
    bool is(const char* t) const { return std::memcmp(type.data(), t, 4) == 0; }
};

class ChunkReader {
  public:
    explicit ChunkReader(InputFile& in) : m_in(in) {}

    Result<void> signature() {
        std::array<unsigned char, 8> sig{};
        if (m_in.size < sig.size())
            return damaged(m_in, k_png, "not a PNG file (bad signature)");
        SCELLE_TRY(read_exact(m_in, sig.data(), sig.size(), k_png));
        if (sig != k_signature)
            return damaged(m_in, k_png, "not a PNG file (bad signature)");
        return {};
    }

    Result<ChunkHead> head() {
        std::array<unsigned char, 8> raw{};
        SCELLE_TRY(read_exact(m_in, raw.data(), raw.size(), k_png));
        ChunkHead h;
        h.length = be32(raw.data());
        std::copy(raw.begin() + 4, raw.end(), h.type.begin());
        for (const unsigned char c : h.type)
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                return damaged(m_in, k_png, "bad chunk type");
        if (h.length > k_max_chunk)
            return damaged(m_in, k_png, "bad length in " + h.name() + " chunk");
        m_crc = crc32(crc32(0L, Z_NULL, 0), h.type.data(), 4);
        return h;
    }

    // Reads `n` bytes of the chunk's data into `out`, adding them to the CRC.
    Result<void> data(void* out, std::size_t n) {
        SCELLE_TRY(read_exact(m_in, out, n, k_png));
        m_crc = crc32(m_crc, static_cast<const Bytef*>(out), static_cast<uInt>(n));
        return {};
    }

    // Reads the chunk's data in pieces, only for its CRC.
    Result<void> skip(std::uint32_t length) {
        std::vector<unsigned char> buf(std::min<std::size_t>(length, std::size_t{64} << 10));
        while (length > 0) {
            const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(length, buf.size()));
            SCELLE_TRY(data(buf.data(), n));
            length -= n;
        }
        return {};
    }

    Result<void> crc(const ChunkHead& h) {
        std::array<unsigned char, 4> raw{};
        SCELLE_TRY(read_exact(m_in, raw.data(), raw.size(), k_png));
        if (be32(raw.data()) != static_cast<std::uint32_t>(m_crc))
            return damaged(m_in, k_png, "bad CRC in " + h.name() + " chunk");
        return {};
    }

  private:
    InputFile& m_in;
    uLong m_crc = 0;
};

Result<PngHeader> read_ihdr(InputFile& in, ChunkReader& r) {
    SCELLE_TRY(r.signature());
    SCELLE_ASSIGN_OR_RETURN(const ChunkHead h, r.head());
    if (!h.is("IHDR") || h.length != 13)
        return damaged(in, k_png, "no IHDR chunk first");
    std::array<unsigned char, 13> d{};
    SCELLE_TRY(r.data(d.data(), d.size()));
    SCELLE_TRY(r.crc(h));
    PngHeader ph{be32(d.data()), be32(d.data() + 4), d[8], d[9], d[12]};
    if (d[10] != 0 || d[11] != 0)
        return damaged(in, k_png, "unknown compression or filter method");
    if (std::string why = check_header(ph); !why.empty())
        return damaged(in, k_png, why);
    return ph;
}

bool passthrough(const PngHeader& h, bool trns) {
    return h.bit_depth == 8 && (h.color_type == 0 || h.color_type == 2) && h.interlace == 0 &&
           !trns;
}

// What the walk found beyond the header.
struct Walk {
    bool passthrough = false;
    std::vector<std::byte> idat;  // concatenated IDAT data, passthrough only
};

// Walks every chunk to IEND checking CRCs and order. In passthrough mode (decided at the first
// IDAT, when IHDR and any tRNS are known) the IDAT data is read straight into the result.
Result<Walk> walk_chunks(InputFile& in, ChunkReader& r, const PngHeader& ph) {
    Walk w;
    bool plte = false, trns = false, in_idat = false, idat_done = false;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(const ChunkHead h, r.head());
        if (h.is("IEND")) {
            if (!in_idat && !idat_done)
                return damaged(in, k_png, "no IDAT chunk");
            SCELLE_TRY(r.skip(h.length));
            SCELLE_TRY(r.crc(h));
            return w;
        }
        if (h.is("IDAT")) {
            if (idat_done)
                return damaged(in, k_png, "IDAT chunks are not consecutive");
            if (ph.color_type == 3 && !plte)
                return damaged(in, k_png, "no PLTE chunk before IDAT");
            if (!in_idat) {
                w.passthrough = passthrough(ph, trns);
                if (w.passthrough)
                    w.idat.reserve(static_cast<std::size_t>(in.size));
            }
            in_idat = true;
            if (w.passthrough) {
                const std::size_t at = w.idat.size();
                w.idat.resize(at + h.length);
                SCELLE_TRY(r.data(w.idat.data() + at, h.length));
            } else {
                SCELLE_TRY(r.skip(h.length));
            }
            SCELLE_TRY(r.crc(h));
            continue;
        }
        idat_done = idat_done || in_idat;
        if (h.is("IHDR") || (h.is("PLTE") && (plte || in_idat || idat_done)))
            return damaged(in, k_png, "misplaced " + h.name() + " chunk");
        if (h.is("PLTE") && (h.length == 0 || h.length % 3 != 0 || h.length > 768))
            return damaged(in, k_png, "bad PLTE chunk");
        if ((h.type[0] & 0x20) == 0 && !h.is("PLTE"))
            return damaged(in, k_png, "unknown critical chunk " + h.name());
        plte = plte || h.is("PLTE");
        trns = trns || (h.is("tRNS") && !idat_done);
        SCELLE_TRY(r.skip(h.length));
        SCELLE_TRY(r.crc(h));
    }
}

// A zlib deflate stream growing a byte vector.
class Deflater {
  public:
    Deflater() {
        if (deflateInit(&m_z, Z_DEFAULT_COMPRESSION) != Z_OK)
            throw std::runtime_error("zlib: deflateInit failed");
    }
    ~Deflater() { deflateEnd(&m_z); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    void write(const unsigned char* p, std::size_t n) { run(p, n, Z_NO_FLUSH); }
    std::vector<std::byte> finish() {
        run(nullptr, 0, Z_FINISH);
        m_out.resize(m_used);
        return std::move(m_out);
    }

  private:
    void run(const unsigned char* p, std::size_t n, int flush) {
        m_z.next_in = const_cast<Bytef*>(p);
        m_z.avail_in = static_cast<uInt>(n);
        for (;;) {
            if (m_used == m_out.size())
                m_out.resize(std::max<std::size_t>(m_out.size() * 2, std::size_t{64} << 10));
            m_z.next_out = reinterpret_cast<Bytef*>(m_out.data() + m_used);
            m_z.avail_out = static_cast<uInt>(m_out.size() - m_used);
            const int rc = deflate(&m_z, flush);
            m_used = m_out.size() - m_z.avail_out;
            if (rc == Z_STREAM_END || (flush == Z_NO_FLUSH && m_z.avail_in == 0))
                return;
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                throw std::runtime_error("zlib: deflate failed");
        }
    }

    z_stream m_z{};
    std::vector<std::byte> m_out;
    std::size_t m_used = 0;
};

// Takes decoded rows, splits color from alpha and deflates both. 16-bit samples stay 16-bit,
// big-endian as libpng gives them; 16-bit alpha is rounded to 8 bits, which is what a soft
// mask image holds here (the report's mask needs no more precision than the screen has).
class RowSink {
  public:
    RowSink(std::uint32_t width, unsigned channels, unsigned bit_depth, bool alpha)
        : m_width(width),
          m_bytes(bit_depth / 8),
          m_colors(alpha ? channels - 1 : channels),
          m_alpha(alpha) {
        if (alpha) {
            m_color_row.resize(std::size_t{width} * m_colors * m_bytes);
            m_alpha_row.resize(width);
        }
    }

    void push(const unsigned char* row) {
        if (!m_alpha) {
            m_color.write(row, std::size_t{m_width} * m_colors * m_bytes);
            return;
        }
        const std::size_t color_bytes = std::size_t{m_colors} * m_bytes;
        for (std::size_t x = 0; x < m_width; ++x) {
            const unsigned char* px = row + x * (color_bytes + m_bytes);
            std::memcpy(&m_color_row[x * color_bytes], px, color_bytes);
            unsigned a = px[color_bytes];
            if (m_bytes == 2)
                a = ((a << 8 | px[color_bytes + 1]) + 128) / 257;
            m_alpha_row[x] = static_cast<unsigned char>(a);
            m_opaque = m_opaque && a == 255;
        }
        m_color.write(m_color_row.data(), m_color_row.size());
        m_mask.write(m_alpha_row.data(), m_alpha_row.size());
    }

    void finish(pdf::ImageData& im) {
        im.data = m_color.finish();
        // A fully opaque alpha channel changes nothing on the page: no mask then.
        if (m_alpha && !m_opaque)
            im.alpha_flate = m_mask.finish();
    }

  private:
    std::uint32_t m_width;
    unsigned m_bytes, m_colors;
    bool m_alpha;
    bool m_opaque = true;
    std::vector<unsigned char> m_color_row, m_alpha_row;
    Deflater m_color, m_mask;
};

struct PngError {
    std::array<char, 200> message{};
};

void on_png_error(png_structp png, png_const_charp msg) {
    auto* e = static_cast<PngError*>(png_get_error_ptr(png));
    std::snprintf(e->message.data(), e->message.size(), "%s", msg ? msg : "libpng error");
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

struct PngRead {
    png_structp png = nullptr;
    png_infop info = nullptr;
    PngRead() = default;
    PngRead(const PngRead&) = delete;
    PngRead& operator=(const PngRead&) = delete;
    ~PngRead() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
};

// What decode() needs besides libpng's state; kept outside the setjmp frame.
struct DecodeState {
    std::vector<unsigned char> rows;  // one row, or the whole image when interlaced
    std::unique_ptr<RowSink> sink;
    std::uint32_t width = 0, height = 0;
    unsigned channels = 0, bit_depth = 0;
    int passes = 1;
    bool alpha = false;
};

void prepare(png_structp png, png_infop info, DecodeState& s) {
    png_read_info(png, info);
    const png_byte type = png_get_color_type(png, info);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    s.passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    s.width = png_get_image_width(png, info);
    s.height = png_get_image_height(png, info);
    s.channels = png_get_channels(png, info);
    s.bit_depth = png_get_bit_depth(png, info);
    s.alpha = (png_get_color_type(png, info) & PNG_COLOR_MASK_ALPHA) != 0;
}

// Every libpng call that may longjmp is in this function, whose own locals are trivial, so
// that the jump skips no destructor. Errors come back as false, the message in PngError.
bool decode(png_structp png, png_infop info, DecodeState& s) {
    if (setjmp(png_jmpbuf(png)))
        return false;
    prepare(png, info, s);
    const std::size_t row_bytes = std::size_t{s.width} * s.channels * (s.bit_depth / 8);
    if (png_get_rowbytes(png, info) != row_bytes)
        png_error(png, "unexpected row size");
    s.sink = std::make_unique<RowSink>(s.width, s.channels, s.bit_depth, s.alpha);
    if (s.passes == 1) {
        s.rows.resize(row_bytes);
        for (std::uint32_t y = 0; y < s.height; ++y) {
            png_read_row(png, s.rows.data(), nullptr);
            s.sink->push(s.rows.data());
        }
    } else {
        s.rows.resize(row_bytes * s.height);
        for (int pass = 0; pass < s.passes; ++pass)
            for (std::uint32_t y = 0; y < s.height; ++y)
                png_read_row(png, s.rows.data() + row_bytes * y, nullptr);
        for (std::uint32_t y = 0; y < s.height; ++y)
            s.sink->push(s.rows.data() + row_bytes * y);
    }
    png_read_end(png, nullptr);
    return true;
}

Result<pdf::ImageData> decode_png(InputFile& in) {
    if (std::fseek(in.file.get(), 0, SEEK_SET) != 0)
        return error_from_errno(errno, in.path.string(), true);
    PngError err;
    PngRead r;
    r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, on_png_error, on_png_warning);
    if (r.png)
        r.info = png_create_info_struct(r.png);
    if (!r.png || !r.info)
        return make_error(Errc::internal, in.path.string(), "libpng could not start");
    png_set_user_limits(r.png, k_max_side, k_max_side);
    png_init_io(r.png, in.file.get());
    DecodeState s;
    if (!decode(r.png, r.info, s))
        return damaged(in, k_png, err.message.data());
    pdf::ImageData im;
    im.width = s.width;
    im.height = s.height;
    im.bits_per_component = static_cast<int>(s.bit_depth);
    im.space = s.channels - (s.alpha ? 1 : 0) == 1 ? pdf::ImageData::Space::gray
                                                   : pdf::ImageData::Space::rgb;
    im.encoding = pdf::ImageData::Encoding::flate;
    s.sink->finish(im);
    return im;
}

}  // namespace

Result<ImageProbe> probe_png(InputFile& in) {
    ChunkReader r(in);
    SCELLE_ASSIGN_OR_RETURN(const PngHeader h, read_ihdr(in, r));
    // The chunks' frame, without their data: a file cut short, or without image data, is known
    // before the report is laid out (a bad CRC shows only when the file is read in full).
    bool idat = false;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(const ChunkHead c, r.head());
        const long here = std::ftell(in.file.get());
        if (here < 0 || static_cast<std::uint64_t>(here) + c.length + 4 > in.size)
            return damaged(in, k_png, "the file is truncated");
        if (c.name() == "IEND")
            break;
        idat = idat || c.name() == "IDAT";
        if (std::fseek(in.file.get(), static_cast<long>(c.length) + 4, SEEK_CUR) != 0)
            return damaged(in, k_png, "the file is truncated");
    }
    if (!idat)
        return damaged(in, k_png, "no image data (IDAT chunk)");
    return ImageProbe{h.width, h.height};
}

void encode_pixels(pdf::ImageData& im, const unsigned char* pixels, unsigned channels) {
    RowSink sink(im.width, channels, 8, channels == 4);
    const std::size_t stride = std::size_t{im.width} * channels;
    for (std::uint32_t y = 0; y < im.height; ++y)
        sink.push(pixels + y * stride);
    im.bits_per_component = 8;
    im.space = pdf::ImageData::Space::rgb;
    im.encoding = pdf::ImageData::Encoding::flate;
    sink.finish(im);
}

Result<pdf::ImageData> load_png(InputFile& in) {
    ChunkReader r(in);
    SCELLE_ASSIGN_OR_RETURN(const PngHeader h, read_ihdr(in, r));
    SCELLE_ASSIGN_OR_RETURN(Walk w, walk_chunks(in, r, h));
    if (!w.passthrough)
        return decode_png(in);
    pdf::ImageData im;
    im.width = h.width;
    im.height = h.height;
    im.bits_per_component = 8;
    im.space = h.color_type == 0 ? pdf::ImageData::Space::gray : pdf::ImageData::Space::rgb;
    im.encoding = pdf::ImageData::Encoding::flate_png_predictor;
    im.data = std::move(w.idat);
    return im;
}

}  // namespace scelle::core::report_images_detail
