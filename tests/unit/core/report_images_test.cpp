// Tests of the report's images: files made by ImageMagick, loaded, written into a real PDF, and
// checked with poppler's pdfimages (type, color space, bits, soft mask) and pixel by pixel with
// ImageMagick's compare; damaged and unsupported files must give clear errors.
#include "scelle/report/report_images.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "scelle/report/pdf_writer.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

const pdf::FontFiles k_fonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                             "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                             "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};

using Space = pdf::ImageData::Space;
using Encoding = pdf::ImageData::Encoding;

// One row of `pdfimages -list`.
struct Listed {
    std::string type, color, enc;
    int width = 0, height = 0, comp = 0, bpc = 0;
};

std::uint32_t be32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
        v = v << 8 | static_cast<unsigned char>(s.at(at + i));
    return v;
}

void put_be32(std::string& s, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i)
        s.at(at + i) = static_cast<char>(v >> (24 - 8 * i));
}

struct Chunk {
    std::string type;
    std::size_t at = 0;  // offset of the length field
    std::uint32_t length = 0;
};

std::vector<Chunk> chunks_of(const std::string& png) {
    std::vector<Chunk> out;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        Chunk c{png.substr(at + 4, 4), at, be32(png, at)};
        out.push_back(c);
        at += 12 + c.length;
    }
    return out;
}

// Recomputes the CRC of the chunk at `c`, so that damage inside it passes the CRC check.
void fix_crc(std::string& png, const Chunk& c) {
    const auto* p = reinterpret_cast<const Bytef*>(png.data() + c.at + 4);
    put_be32(png, c.at + 8 + c.length,
             static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), p, c.length + 4)));
}

std::string inflate(const std::vector<std::byte>& z) {
    std::string out(std::size_t{1} << 20, '\0');
    uLongf size = static_cast<uLongf>(out.size());
    EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                         reinterpret_cast<const Bytef*>(z.data()), static_cast<uLong>(z.size())),
              Z_OK);
    out.resize(size);
    return out;
}

class ReportImage : public ::testing::Test {
  protected:
    test::TempDir m_dir{"scelle-report-images"};

    std::filesystem::path make(const std::string& name, const std::vector<std::string>& args) {
        std::vector<std::string> argv{"convert"};
        argv.insert(argv.end(), args.begin(), args.end());
        const std::filesystem::path out = m_dir / name;
        std::string target = out.string();
        if (!argv.empty() && argv.back().find(':') != std::string::npos &&
            argv.back().back() == ':') {
            target = argv.back() + target;  // a format prefix such as "PNG24:"
            argv.pop_back();
        }
        argv.push_back(target);
        const test::ProcResult r = test::run(argv);
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return out;
    }

    pdf::ImageData load(const std::filesystem::path& file, std::string_view type) {
        auto r = load_report_image(file, type);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
        return r.ok() ? std::move(r).value() : pdf::ImageData{};
    }

    // A PDF with the image on a page of its size, 1 px = 1 pt.
    std::filesystem::path pdf_of(pdf::ImageData&& im, const std::string& name) {
        const std::filesystem::path pdf = m_dir / (name + ".pdf");
        auto w = pdf::open_writer(pdf, k_fonts, pdf::DocInfo{});
        EXPECT_TRUE(w.ok());
        if (!w.ok())
            return pdf;
        const double width = im.width, height = im.height;
        auto id = (*w)->add_image(std::move(im));
        EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail);
        (*w)->begin_page(width, height);
        if (id.ok())
            (*w)->image(*id, pdf::Rect{0, 0, width, height});
        (*w)->end_page();
        const auto done = (*w)->finish();
        EXPECT_TRUE(done.ok());
        const test::ProcResult check = test::run({"qpdf", "--check", pdf.string()});
        EXPECT_EQ(check.exit_code, 0) << test::dump(check);
        return pdf;
    }

    std::vector<Listed> list(const std::filesystem::path& pdf) {
        const test::ProcResult r = test::run({"pdfimages", "-list", pdf.string()});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        std::vector<Listed> rows;
        std::istringstream in(r.out);
        for (std::string line; std::getline(in, line);) {
            std::istringstream f(line);
            std::string page, num;
            Listed l;
            if (!(f >> page >> num >> l.type >> l.width >> l.height >> l.color >> l.comp >> l.bpc >>
                  l.enc))
                continue;
            rows.push_back(l);
        }
        return rows;
    }

    // The images of the PDF as PNG files (pdfimages -png), in order.
    std::vector<std::filesystem::path> extract(const std::filesystem::path& pdf) {
        const std::string root = pdf.string() + "-img";
        const test::ProcResult r = test::run({"pdfimages", "-png", pdf.string(), root});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        std::vector<std::filesystem::path> out;
        for (int i = 0; i < 10; ++i) {
            const std::filesystem::path p = root + "-00" + std::to_string(i) + ".png";
            if (std::filesystem::exists(p))
                out.push_back(p);
        }
        return out;
    }

    // Pixel-exact comparison by ImageMagick: the number of differing pixels.
    std::string differing_pixels(const std::filesystem::path& a, const std::filesystem::path& b) {
        const test::ProcResult r =
            test::run({"compare", "-metric", "AE", a.string(), b.string(), "null:"});
        EXPECT_NE(r.exit_code, 2) << test::dump(r);
        return r.err;
    }

    // The pixels as ImageMagick decodes them: RGB samples, big-endian when 16-bit.
    std::string raw_rgb(const std::filesystem::path& file, int depth) {
        const test::ProcResult r = test::run(
            {"convert", file.string(), "-depth", std::to_string(depth), "-endian", "MSB", "RGB:-"});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return r.out;
    }

    std::string raw_gray(const std::filesystem::path& file, int depth) {
        const test::ProcResult r = test::run({"convert", file.string(), "-depth",
                                              std::to_string(depth), "-endian", "MSB", "GRAY:-"});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return r.out;
    }

    std::filesystem::path rgb_png() {
        return make("rgb.png",
                    {"-size", "64x48", "gradient:red-blue", "-type", "TrueColor", "PNG24:"});
    }
    std::filesystem::path rgba_png() {
        return make("rgba.png", {"-size", "64x48", "gradient:red-blue", "(", "-size", "64x48",
                                 "gradient:white-black", ")", "-alpha", "off", "-compose",
                                 "CopyOpacity", "-composite", "PNG32:"});
    }

    Error load_error(const std::filesystem::path& file, std::string_view type) {
        auto r = load_report_image(file, type);
        EXPECT_FALSE(r.ok());
        return r.ok() ? Error{} : r.error();
    }
};

void expect_row(const Listed& l, const char* type, int w, int h, const char* color, int comp,
                int bpc, const char* enc) {
    EXPECT_EQ(l.type, type);
    EXPECT_EQ(l.width, w);
    EXPECT_EQ(l.height, h);
    EXPECT_EQ(l.color, color);
    EXPECT_EQ(l.comp, comp);
    EXPECT_EQ(l.bpc, bpc);
    EXPECT_EQ(l.enc, enc);
}

TEST_F(ReportImage, RgbPngPassesIdatThroughAndExtractsExactly) {
    const auto png = rgb_png();
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate_png_predictor);
    EXPECT_EQ(im.space, Space::rgb);
    EXPECT_EQ(im.bits_per_component, 8);
    EXPECT_FALSE(im.alpha_flate);
    // Not decoded, not re-deflated: the bytes are the file's IDAT data, concatenated.
    const std::string file = test::read_file(png);
    std::string idat;
    for (const Chunk& c : chunks_of(file))
        if (c.type == "IDAT")
            idat += file.substr(c.at + 8, c.length);
    ASSERT_EQ(im.data.size(), idat.size());
    EXPECT_EQ(std::memcmp(im.data.data(), idat.data(), idat.size()), 0);

    const auto pdf = pdf_of(std::move(im), "rgb");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(png, out[0]), "0");
}

// Poppler smooths images even at 1:1, so a rendered page matches its image exactly only away
// from colour edges: the images here are blocks of 8x8 pixels, compared at each block's centre.
TEST_F(ReportImage, PassthroughAndReencodedPngsRenderExactly) {
    const auto blocks = make("blocks.png", {"-size", "8x6", "xc:", "+noise", "Random", "-scale",
                                            "800%", "-type", "TrueColor", "PNG24:"});
    const auto palette =
        make("blocks8.png", {blocks.string(), "+dither", "-colors", "32", "PNG8:"});
    for (const auto& [png, encoding] :
         {std::pair{blocks, Encoding::flate_png_predictor}, std::pair{palette, Encoding::flate}}) {
        pdf::ImageData im = load(png, "image/png");
        EXPECT_EQ(im.encoding, encoding) << png;
        const auto pdf = pdf_of(std::move(im), png.stem().string());
        const auto page = m_dir / (png.stem().string() + "-page");
        const test::ProcResult r =
            test::run({"pdftoppm", "-r", "72", "-png", "-singlefile", pdf.string(), page.string()});
        ASSERT_EQ(r.exit_code, 0) << test::dump(r);
        const std::string want = raw_rgb(png, 8);
        const std::string got = raw_rgb(page.string() + ".png", 8);
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t by = 0; by < 6; ++by)
            for (std::size_t bx = 0; bx < 8; ++bx) {
                const std::size_t at = ((by * 8 + 4) * 64 + bx * 8 + 4) * 3;
                EXPECT_EQ(got.substr(at, 3), want.substr(at, 3))
                    << png << " block " << bx << "," << by;
            }
    }
}

TEST_F(ReportImage, GrayPngPassesThrough) {
    const auto png = make("gray.png", {"-size", "64x48", "gradient:black-white", "-colorspace",
                                       "Gray", "-depth", "8", "-define", "png:color-type=0"});
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate_png_predictor);
    EXPECT_EQ(im.space, Space::gray);
    const auto pdf = pdf_of(std::move(im), "gray");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "gray", 1, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(png, out[0]), "0");
}

TEST_F(ReportImage, RgbaPngGetsASoftMaskAndKeepsItsPixels) {
    const auto png = rgba_png();
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate);
    EXPECT_EQ(im.space, Space::rgb);
    ASSERT_TRUE(im.alpha_flate);
    const auto pdf = pdf_of(std::move(im), "rgba");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 2u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    expect_row(rows[1], "smask", 64, 48, "gray", 1, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 2u);
    const auto color = make("rgba-color.png", {png.string(), "-alpha", "off", "PNG24:"});
    const auto alpha = make("rgba-alpha.png", {png.string(), "-alpha", "extract"});
    EXPECT_EQ(differing_pixels(color, out[0]), "0");
    EXPECT_EQ(differing_pixels(alpha, out[1]), "0");
}

// Gray with alpha, RGB with a tRNS colour key, 16-bit RGBA: decoded, alpha split into an
// 8-bit mask (16-bit alpha is rounded to 8 bits), samples kept at their depth.
TEST_F(ReportImage, OtherAlphaFormsBecomeEightBitMasks) {
    struct Case {
        std::filesystem::path png;
        Space space;
        int bpc;
    };
    const std::vector<Case> cases{
        {make("ga.png", {"-size", "16x16", "gradient:black-white", "-colorspace", "Gray", "-alpha",
                         "set", "-channel", "A", "-evaluate", "set", "50%", "+channel", "-define",
                         "png:color-type=4"}),
         Space::gray, 8},
        {make("trns.png", {"-size", "16x16", "xc:white", "-fill", "red", "-draw",
                           "rectangle 0,0 7,15", "-transparent", "white", "-define",
                           "png:color-type=2", "-define", "png:bit-depth=8"}),
         Space::rgb, 8},
        {make("rgba16.png", {"-size", "16x16", "gradient:red-blue", "-alpha", "set", "-channel",
                             "A", "-evaluate", "set", "50%", "+channel", "PNG64:"}),
         Space::rgb, 16},
    };
    for (const Case& c : cases) {
        pdf::ImageData im = load(c.png, "image/png");
        EXPECT_EQ(im.encoding, Encoding::flate) << c.png;
        EXPECT_EQ(im.space, c.space) << c.png;
        EXPECT_EQ(im.bits_per_component, c.bpc) << c.png;
        ASSERT_TRUE(im.alpha_flate) << c.png;
        const std::string mask = inflate(*im.alpha_flate);
        // The nearest 8-bit value of each alpha sample: round(v16 / 257).
        const std::string alpha16 = raw_gray(
            make(c.png.stem().string() + "-a.png", {c.png.string(), "-alpha", "extract"}), 16);
        std::string want;
        for (std::size_t k = 0; k + 1 < alpha16.size(); k += 2) {
            const unsigned v = static_cast<unsigned char>(alpha16[k]) << 8 |
                               static_cast<unsigned char>(alpha16[k + 1]);
            want += static_cast<char>((v + 128) / 257);
        }
        EXPECT_EQ(mask, want) << c.png;
        const auto pdf = pdf_of(std::move(im), c.png.stem().string());
        const auto rows = list(pdf);
        ASSERT_EQ(rows.size(), 2u) << c.png;
        EXPECT_EQ(rows[0].bpc, c.bpc);
        expect_row(rows[1], "smask", 16, 16, "gray", 1, 8, "image");
    }
}

TEST_F(ReportImage, OpaqueAlphaNeedsNoMask) {
    const auto png = make("opaque.png", {"-size", "16x16", "xc:orange", "-alpha", "set", "PNG32:"});
    const pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate);
    EXPECT_FALSE(im.alpha_flate);
}

TEST_F(ReportImage, PalettePngIsExpandedToRgb) {
    const auto png =
        make("pal.png", {"-size", "64x48", "gradient:red-blue", "-colors", "16", "PNG8:"});
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate);
    EXPECT_EQ(im.space, Space::rgb);
    EXPECT_EQ(im.bits_per_component, 8);
    const auto pdf = pdf_of(std::move(im), "pal");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(png, out[0]), "0");
}

TEST_F(ReportImage, SixteenBitPngStaysSixteenBit) {
    const auto png =
        make("deep.png", {"-size", "64x48", "gradient:red-blue", "-depth", "16", "PNG48:"});
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate);
    EXPECT_EQ(im.bits_per_component, 16);
    // The deflated samples are the 16-bit big-endian samples ImageMagick reads from the file.
    EXPECT_EQ(inflate(im.data), raw_rgb(png, 16));
    const auto pdf = pdf_of(std::move(im), "deep");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 16, "image");
}

TEST_F(ReportImage, InterlacedPngIsDecodedExactly) {
    const auto png =
        make("inter.png", {"-size", "64x48", "gradient:red-blue", "-interlace", "PNG", "PNG24:"});
    pdf::ImageData im = load(png, "image/png");
    EXPECT_EQ(im.encoding, Encoding::flate);
    const auto pdf = pdf_of(std::move(im), "inter");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(png, out[0]), "0");
}

TEST_F(ReportImage, GrayAndRgbJpegAreCarriedAsDct) {
    const auto gray =
        make("gray.jpg", {"-size", "64x48", "gradient:black-white", "-type", "Grayscale"});
    const auto rgb = make("rgb.jpg", {"-size", "64x48", "gradient:red-blue"});
    pdf::ImageData g = load(gray, "image/jpeg");
    EXPECT_EQ(g.encoding, Encoding::dct);
    EXPECT_EQ(g.space, Space::gray);
    EXPECT_EQ(g.data.size(), std::filesystem::file_size(gray)) << "the whole file";
    pdf::ImageData c = load(rgb, "image/jpeg");
    EXPECT_EQ(c.space, Space::rgb);
    EXPECT_FALSE(c.invert_cmyk);

    auto rows = list(pdf_of(std::move(g), "gray-jpeg"));
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "gray", 1, 8, "jpeg");
    const auto pdf = pdf_of(std::move(c), "rgb-jpeg");
    rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "jpeg");
    // pdfimages -j gives back the stream: byte for byte the file.
    const test::ProcResult r =
        test::run({"pdfimages", "-j", pdf.string(), (m_dir / "back").string()});
    ASSERT_EQ(r.exit_code, 0) << test::dump(r);
    EXPECT_EQ(test::read_file(m_dir / "back-000.jpg"), test::read_file(rgb));
}

TEST_F(ReportImage, AdobeCmykJpegIsInvertedAndRendersRed) {
    const auto jpg = make("cmyk.jpg", {"-size", "32x32", "xc:red", "-colorspace", "CMYK"});
    pdf::ImageData im = load(jpg, "image/jpeg");
    EXPECT_EQ(im.space, Space::cmyk);
    EXPECT_TRUE(im.invert_cmyk) << "ImageMagick writes an Adobe APP14 marker";
    const auto pdf = pdf_of(std::move(im), "cmyk");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 32, 32, "cmyk", 4, 8, "jpeg");
    // Rendered, the centre is red: with the wrong /Decode it would come out cyan-ish.
    const test::ProcResult r = test::run({"pdftoppm", "-r", "72", "-png", "-singlefile",
                                          pdf.string(), (m_dir / "cmyk-page").string()});
    ASSERT_EQ(r.exit_code, 0) << test::dump(r);
    const test::ProcResult px = test::run({"convert", (m_dir / "cmyk-page.png").string(), "-format",
                                           "%[fx:int(255*p{16,16}.r)] "
                                           "%[fx:int(255*p{16,16}.g)] "
                                           "%[fx:int(255*p{16,16}.b)]",
                                           "info:"});
    ASSERT_EQ(px.exit_code, 0) << test::dump(px);
    std::istringstream in(px.out);
    int red = 0, green = 0, blue = 0;
    in >> red >> green >> blue;
    EXPECT_GT(red, 200) << px.out;
    EXPECT_LT(green, 80) << px.out;
    EXPECT_LT(blue, 80) << px.out;
}

TEST_F(ReportImage, ProbeReadsTheHeadersAndTheChunkFrameOnly) {
    const auto png = rgb_png();
    const std::string file = test::read_file(png);
    auto p = probe_report_image(png, "image/png");
    ASSERT_TRUE(p.ok()) << p.error().detail;
    EXPECT_EQ(p->width, 64u);
    EXPECT_EQ(p->height, 48u);
    // Cut after IHDR: the probe sees the file end before IEND.
    test::write_file(m_dir / "head.png", file.substr(0, 33 + 10));
    auto cut = probe_report_image(m_dir / "head.png", "image/png");
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.error().detail, "damaged PNG: the file is truncated");
    // A changed byte inside the image data keeps the frame: only the full load finds it.
    std::string flipped = file;
    const std::size_t idat = flipped.find("IDAT");
    ASSERT_NE(idat, std::string::npos);
    flipped[idat + 8] = static_cast<char>(flipped[idat + 8] ^ 0x55);
    test::write_file(m_dir / "flip.png", flipped);
    EXPECT_TRUE(probe_report_image(m_dir / "flip.png", "image/png").ok());
    EXPECT_EQ(load_error(m_dir / "flip.png", "image/png").code, Errc::usage);

    const auto jpg = make("probe.jpg", {"-size", "30x20", "xc:green"});
    p = probe_report_image(jpg, "image/jpeg");
    ASSERT_TRUE(p.ok()) << p.error().detail;
    EXPECT_EQ(p->width, 30u);
    EXPECT_EQ(p->height, 20u);
}

TEST_F(ReportImage, DamagedPngsAreClearErrors) {
    const std::string file = test::read_file(rgb_png());
    const auto chunks = chunks_of(file);

    test::write_file(m_dir / "trunc.png", file.substr(0, file.size() / 2));
    Error e = load_error(m_dir / "trunc.png", "image/png");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail, "damaged PNG: the file is truncated");
    EXPECT_EQ(e.subject, (m_dir / "trunc.png").string());

    std::string bad_crc = file;
    for (const Chunk& c : chunks)
        if (c.type == "IDAT") {
            bad_crc[c.at + 8 + c.length / 2] ^= 0x01;
            break;
        }
    test::write_file(m_dir / "crc.png", bad_crc);
    EXPECT_EQ(load_error(m_dir / "crc.png", "image/png").detail,
              "damaged PNG: bad CRC in IDAT chunk");

    test::write_file(m_dir / "garbage.png", test::pseudo_random_bytes(5000, 7));
    e = load_error(m_dir / "garbage.png", "image/png");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail, "damaged PNG: not a PNG file (bad signature)");
    EXPECT_FALSE(probe_report_image(m_dir / "garbage.png", "image/png").ok());

    // No IEND.
    test::write_file(m_dir / "noend.png", file.substr(0, chunks.back().at));
    EXPECT_EQ(load_error(m_dir / "noend.png", "image/png").detail,
              "damaged PNG: the file is truncated");
}

TEST_F(ReportImage, CorruptDeflateDataIsALibpngErrorNotACrash) {
    // Valid CRCs over broken zlib data: only decoding can see it.
    std::string file = test::read_file(rgba_png());
    for (const Chunk& c : chunks_of(file))
        if (c.type == "IDAT") {
            for (std::uint32_t i = 2; i < c.length; i += 3)
                file[c.at + 8 + i] = static_cast<char>(0xA5);
            fix_crc(file, c);
            break;
        }
    test::write_file(m_dir / "inflate.png", file);
    const Error e = load_error(m_dir / "inflate.png", "image/png");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail.rfind("damaged PNG: ", 0), 0u) << e.detail;
}

TEST_F(ReportImage, AbsurdPngSizeIsRefusedFromTheHeader) {
    std::string file = test::read_file(rgb_png());
    const Chunk ihdr = chunks_of(file).at(0);
    ASSERT_EQ(ihdr.type, "IHDR");
    put_be32(file, ihdr.at + 8, 200000);
    fix_crc(file, ihdr);
    test::write_file(m_dir / "huge.png", file);
    const auto p = probe_report_image(m_dir / "huge.png", "image/png");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, Errc::usage);
    EXPECT_NE(p.error().detail.find("200000x48"), std::string::npos) << p.error().detail;

    put_be32(file, ihdr.at + 8, 0);
    fix_crc(file, ihdr);
    test::write_file(m_dir / "zero.png", file);
    EXPECT_EQ(load_error(m_dir / "zero.png", "image/png").detail, "damaged PNG: zero image size");
}

TEST_F(ReportImage, DamagedJpegsAreClearErrors) {
    const std::string file = test::read_file(make("src.jpg", {"-size", "40x30", "xc:blue"}));
    // Remove the frame header (SOF0) segment.
    std::string no_sof = file;
    const std::size_t sof = no_sof.find("\xFF\xC0", 2);
    ASSERT_NE(sof, std::string::npos);
    const std::size_t len = static_cast<unsigned char>(no_sof[sof + 2]) << 8 |
                            static_cast<unsigned char>(no_sof[sof + 3]);
    no_sof.erase(sof, 2 + len);
    test::write_file(m_dir / "nosof.jpg", no_sof);
    Error e = load_error(m_dir / "nosof.jpg", "image/jpeg");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail, "damaged JPEG: no frame header (SOF)");
    EXPECT_FALSE(probe_report_image(m_dir / "nosof.jpg", "image/jpeg").ok());

    std::string zero = file;
    zero[sof + 5] = zero[sof + 6] = '\0';  // height
    test::write_file(m_dir / "zero.jpg", zero);
    EXPECT_EQ(load_error(m_dir / "zero.jpg", "image/jpeg").detail, "damaged JPEG: zero image size");

    test::write_file(m_dir / "cut.jpg", file.substr(0, sof + 4));
    EXPECT_EQ(load_error(m_dir / "cut.jpg", "image/jpeg").code, Errc::usage);

    test::write_file(m_dir / "notjpeg.jpg", "GIF89a....");
    EXPECT_EQ(load_error(m_dir / "notjpeg.jpg", "image/jpeg").detail,
              "damaged JPEG: not a JPEG file (no start-of-image marker)");
}

TEST_F(ReportImage, EmptyMissingAndDirectoryInputs) {
    test::write_file(m_dir / "empty.png", "");
    Error e = load_error(m_dir / "empty.png", "image/png");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail, "the file is empty");
    EXPECT_EQ(load_error(m_dir / "empty.png", "image/jpeg").detail, "the file is empty");
    EXPECT_EQ(load_error(m_dir / "absent.png", "image/png").code, Errc::input_missing);
    EXPECT_EQ(load_error(m_dir.path(), "image/png").code, Errc::input_is_directory);
}

TEST_F(ReportImage, OtherTypesCannotBeShown) {
    // An iPhone photo: a HEIF file type box is enough, the type alone decides.
    test::write_file(m_dir / "x.heic", std::string("\0\0\0\x18"
                                                   "ftypheic\0\0\0\0mif1heic",
                                                   24));
    Error e = load_error(m_dir / "x.heic", "image/heic");
    EXPECT_EQ(e.code, Errc::usage);
    EXPECT_EQ(e.detail, "the report cannot show image/heic images");
    EXPECT_EQ(load_error(m_dir / "x.heic", "image/avif").detail,
              "the report cannot show image/avif images");
    const auto p = probe_report_image(m_dir / "x.heic", "image/gif");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().detail, "the report cannot show image/gif images");
    // A PNG declared as something else is not guessed at.
    EXPECT_EQ(load_error(rgb_png(), "application/octet-stream").code, Errc::usage);
}

// WebP (Discord, WhatsApp): made by cwebp, decoded by libwebp, embedded as the decoded pixels.
class ReportWebp : public ReportImage {
  protected:
    std::filesystem::path cwebp(const std::filesystem::path& png, const std::string& name,
                                const std::vector<std::string>& args) {
        std::vector<std::string> argv{"cwebp", "-quiet"};
        argv.insert(argv.end(), args.begin(), args.end());
        const std::filesystem::path out = m_dir / name;
        argv.insert(argv.end(), {png.string(), "-o", out.string()});
        const test::ProcResult r = test::run(argv);
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return out;
    }
    // The reference decoder's pixels, as a PNG.
    std::filesystem::path dwebp(const std::filesystem::path& webp) {
        const std::filesystem::path out = webp.string() + ".dwebp.png";
        const test::ProcResult r =
            test::run({"dwebp", "-quiet", webp.string(), "-o", out.string()});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return out;
    }
    std::filesystem::path blocks() {
        return make("blocks.png", {"-size", "16x12", "xc:", "+noise", "Random", "-scale", "400%",
                                   "-type", "TrueColor", "PNG24:"});
    }
};

TEST_F(ReportWebp, LosslessWebpExtractsAsTheOriginalPixels) {
    const auto png = blocks();
    const auto webp = cwebp(png, "lossless.webp", {"-lossless", "-exact"});
    const auto probe = probe_report_image(webp, "image/webp");
    ASSERT_TRUE(probe.ok()) << probe.error().detail;
    EXPECT_EQ(probe->width, 64u);
    EXPECT_EQ(probe->height, 48u);
    pdf::ImageData im = load(webp, "image/webp");
    EXPECT_EQ(im.encoding, Encoding::flate);
    EXPECT_EQ(im.space, Space::rgb);
    EXPECT_EQ(im.bits_per_component, 8);
    EXPECT_FALSE(im.alpha_flate);
    const auto pdf = pdf_of(std::move(im), "lossless");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 1u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(png, out[0]), "0");
    EXPECT_EQ(differing_pixels(dwebp(webp), out[0]), "0");
}

TEST_F(ReportWebp, LossyWebpIsWhatLibwebpDecodes) {
    const auto png = blocks();
    const auto webp = cwebp(png, "lossy.webp", {"-q", "40"});
    const auto out = extract(pdf_of(load(webp, "image/webp"), "lossy"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(differing_pixels(dwebp(webp), out[0]), "0");
    // Lossy indeed: the original's pixels are not all there.
    EXPECT_NE(differing_pixels(png, out[0]), "0");
}

TEST_F(ReportWebp, AlphaBecomesASoftMask) {
    const auto png = rgba_png();
    const auto webp = cwebp(png, "alpha.webp", {"-lossless", "-exact"});
    pdf::ImageData im = load(webp, "image/webp");
    ASSERT_TRUE(im.alpha_flate);
    const auto pdf = pdf_of(std::move(im), "alpha");
    const auto rows = list(pdf);
    ASSERT_EQ(rows.size(), 2u);
    expect_row(rows[0], "image", 64, 48, "rgb", 3, 8, "image");
    expect_row(rows[1], "smask", 64, 48, "gray", 1, 8, "image");
    const auto out = extract(pdf);
    ASSERT_EQ(out.size(), 2u);
    const auto color = make("alpha-color.png", {png.string(), "-alpha", "off", "PNG24:"});
    const auto alpha = make("alpha-alpha.png", {png.string(), "-alpha", "extract"});
    EXPECT_EQ(differing_pixels(color, out[0]), "0");
    EXPECT_EQ(differing_pixels(alpha, out[1]), "0");
}

TEST_F(ReportWebp, DamagedAndAnimatedWebpAreClearErrors) {
    const std::string file = test::read_file(cwebp(blocks(), "ok.webp", {"-lossless"}));
    // Cut in its image data: the header is whole, so the probe passes, the decoding fails.
    test::write_file(m_dir / "cut.webp", file.substr(0, file.size() / 2));
    EXPECT_TRUE(probe_report_image(m_dir / "cut.webp", "image/webp").ok());
    const Error cut = load_error(m_dir / "cut.webp", "image/webp");
    EXPECT_EQ(cut.code, Errc::usage);
    EXPECT_EQ(cut.detail.rfind("damaged WebP: ", 0), 0u) << cut.detail;
    test::write_file(m_dir / "riff.webp", std::string("RIFF\x04\0\0\0WEBP", 12));
    EXPECT_EQ(load_error(m_dir / "riff.webp", "image/webp").detail.rfind("damaged WebP: ", 0), 0u);
    // An animation (two frames, by ImageMagick): not a still image to print.
    const auto anim = make("anim.webp", {"-size", "8x8", "xc:red", "xc:blue", "WEBP:"});
    const auto p = probe_report_image(anim, "image/webp");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().detail, "damaged WebP: an animation (only still images can be shown)");
}

}  // namespace
}  // namespace scelle::core
