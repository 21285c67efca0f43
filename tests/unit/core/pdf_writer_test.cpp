// Tests of the PoDoFo PDF writer: real files checked by the tools of others (qpdf, poppler's
// pdffonts, pdftotext, pdfinfo, pdftohtml, pdfimages, pdftoppm), and the failure paths (bad
// fonts, an uncreatable output, a full disk, misuse) as Result errors.
#include "scelle/report/pdf_writer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle::core::pdf {
namespace {

const FontFiles k_fonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};

DocInfo sample_info() {
    DocInfo info;
    info.title = "Rapport d'élément — Zoé";
    info.author = "Zoé Dupré";
    info.subject = "Preuves scellées";
    info.keywords = "harcèlement, preuve";
    info.creator = "Scellé 0.1";
    info.created_unix = 1700000000;  // 2023-11-14T22:13:20Z
    info.lang = "fr-FR";
    return info;
}

std::unique_ptr<Writer> open_ok(const std::filesystem::path& out,
                                const DocInfo& info = sample_info()) {
    auto w = open_writer(out, k_fonts, info);
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().detail);
    return w.ok() ? std::move(w).value() : nullptr;
}

std::string run_ok(const std::vector<std::string>& argv) {
    const test::ProcResult r = test::run(argv);
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
    return r.out;
}

void expect_qpdf_clean(const std::filesystem::path& pdf) {
    const test::ProcResult r = test::run({"qpdf", "--check", pdf.string()});
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
    EXPECT_NE(r.out.find("No syntax or stream encoding errors found"), std::string::npos) << r.out;
}

std::string pdftotext(const std::filesystem::path& pdf) {
    return run_ok({"pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
}

// The object dump with streams uncompressed and runs of white space made one space, to look
// for keys ("/Border [ 0 0 0 ]" whatever the line breaks).
std::string qdf(const std::filesystem::path& pdf) {
    const std::filesystem::path out = pdf.string() + ".qdf";
    run_ok({"qpdf", "--qdf", "--object-streams=disable", pdf.string(), out.string()});
    std::string squeezed;
    for (const char c : test::read_file(out)) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (!space)
            squeezed += c;
        else if (!squeezed.empty() && squeezed.back() != ' ')
            squeezed += ' ';
    }
    return squeezed;
}

// A zlib stream of `bytes`, as ImageData::Encoding::flate holds it.
std::vector<std::byte> zlib(const std::vector<std::uint8_t>& bytes) {
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::vector<std::byte> out(size);
    EXPECT_EQ(compress(reinterpret_cast<Bytef*>(out.data()), &size, bytes.data(),
                       static_cast<uLong>(bytes.size())),
              Z_OK);
    out.resize(size);
    return out;
}

// A 4x2 RGB image: left half red, right half blue.
ImageData red_blue_image() {
    std::vector<std::uint8_t> px;
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x) {
            px.push_back(x < 2 ? 255 : 0);
            px.push_back(0);
            px.push_back(x < 2 ? 0 : 255);
        }
    ImageData im;
    im.width = 4;
    im.height = 2;
    im.space = ImageData::Space::rgb;
    im.encoding = ImageData::Encoding::flate;
    im.data = zlib(px);
    return im;
}

struct Rgb {
    int r = 0, g = 0, b = 0;
};

// Renders page 1 at 72 dpi (1 pt = 1 px) and returns its pixels, row by row.
std::vector<std::vector<Rgb>> render(const std::filesystem::path& pdf) {
    const std::string ppm = run_ok({"pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-aa", "no",
                                    "-aaVector", "no", pdf.string()});
    std::istringstream in(ppm);
    std::string magic;
    int w = 0, h = 0, max = 0;
    in >> magic >> w >> h >> max;
    in.get();
    EXPECT_EQ(magic, "P6");
    std::vector<std::vector<Rgb>> rows(static_cast<std::size_t>(h));
    for (auto& row : rows)
        for (int x = 0; x < w; ++x) {
            const int r = in.get(), g = in.get(), b = in.get();
            row.push_back(Rgb{r, g, b});
        }
    EXPECT_TRUE(in.good());
    return rows;
}

// The value of one "Name:   value" line of pdfinfo's output.
std::string field(const std::string& pdfinfo, const std::string& name) {
    std::istringstream in(pdfinfo);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name + ":", 0) != 0)
            continue;
        const std::size_t at = line.find_first_not_of(' ', name.size() + 1);
        return at == std::string::npos ? std::string() : line.substr(at);
    }
    return "<no " + name + ">";
}

class PdfWriter : public ::testing::Test {
  protected:
    test::TempDir m_dir{"scelle-pdf"};
};

TEST_F(PdfWriter, TextInEveryScriptExtractsAndFontsAreEmbeddedSubsets) {
    const auto pdf = m_dir / "text.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    w->begin_page(595, 842);
    w->text(56, 780, Font::sans, 12, "Élément à vérifier, ç");
    w->text(56, 760, Font::sans_bold, 12, "Съешь же ещё этих мягких булок");
    w->text(56, 740, Font::mono, 10, "Ελληνικά: αβγ ΔΣΩ");
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);

    const std::string text = pdftotext(pdf);
    EXPECT_NE(text.find("Élément à vérifier, ç"), std::string::npos) << text;
    EXPECT_NE(text.find("Съешь же ещё этих мягких булок"), std::string::npos) << text;
    EXPECT_NE(text.find("Ελληνικά: αβγ ΔΣΩ"), std::string::npos) << text;

    const std::string fonts = run_ok({"pdffonts", pdf.string()});
    std::istringstream lines(fonts);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        if (line.find("DejaVu") == std::string::npos)
            continue;
        ++count;
        EXPECT_NE(line.find("CID TrueType"), std::string::npos) << line;
        EXPECT_NE(line.find("Identity-H"), std::string::npos) << line;
        EXPECT_NE(line.find("yes yes yes"), std::string::npos) << "emb sub uni: " << line;
        EXPECT_EQ(line.find('+'), 6u) << "subset tag: " << line;
    }
    EXPECT_EQ(count, 3) << fonts;
    EXPECT_NE(fonts.find("DejaVuSans-Bold"), std::string::npos) << fonts;
    EXPECT_NE(fonts.find("DejaVuSansMono"), std::string::npos) << fonts;
}

TEST_F(PdfWriter, MissingGlyphsAndBadUtf8BecomeReplacementCharacters) {
    const auto pdf = m_dir / "missing.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    EXPECT_TRUE(w->has_glyph(Font::sans, U'é'));
    EXPECT_FALSE(w->has_glyph(Font::sans, U'中'));
    EXPECT_FALSE(w->has_glyph(Font::sans, U'\U0001F600'));  // beyond the BMP: not drawable
    EXPECT_TRUE(w->has_glyph(Font::mono, 0xFFFD));
    // The replaced text is measured as drawn.
    EXPECT_DOUBLE_EQ(w->text_width(Font::sans, 10, "a中b"),
                     w->text_width(Font::sans, 10, "a\uFFFDb"));
    EXPECT_DOUBLE_EQ(w->text_width(Font::sans, 10, "x\xff\xfe"),
                     w->text_width(Font::sans, 10, "x\uFFFD\uFFFD"));
    w->begin_page(300, 200);
    w->text(10, 150, Font::sans, 12, "CJK 中 emoji 😀 end");
    w->text(10, 120, Font::mono, 12, "bad \xff\xc3 utf8");
    w->text(10, 90, Font::sans, 12, std::string("nul \0 char", 10));
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    const std::string text = pdftotext(pdf);
    EXPECT_NE(text.find("CJK \uFFFD emoji \uFFFD end"), std::string::npos) << text;
    EXPECT_NE(text.find("bad \uFFFD\uFFFD utf8"), std::string::npos) << text;
    EXPECT_NE(text.find("nul \uFFFD char"), std::string::npos) << text;
    EXPECT_EQ(text.find("中"), std::string::npos);
}

// The fallback chain: characters DejaVu lacks come from the next faces (supplementary planes
// included), embedded as subsets with Unicode maps; a fallback file that cannot be read is left
// out; the italic face is its own embedded font.
TEST_F(PdfWriter, FallbackFacesDrawWhatDejaVuLacksAndExtractAsTyped) {
    const std::filesystem::path symbola =
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";
    const std::filesystem::path wqy = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    if (!std::filesystem::exists(symbola) || !std::filesystem::exists(wqy))
        GTEST_SKIP() << "fonts-symbola and fonts-wqy-microhei are not installed";
    const auto pdf = m_dir / "fallback.pdf";
    FontFiles fonts = k_fonts;
    fonts.sans_italic = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf";
    fonts.fallbacks = {m_dir / "missing.ttf", symbola, wqy};
    auto w = open_writer(pdf, fonts, sample_info());
    ASSERT_TRUE(w.ok()) << w.error().detail;
    Writer& wr = **w;
    EXPECT_FALSE(wr.has_glyph(Font::sans, U'\U0001D4D3'));  // DejaVu's own answer
    // Measured as drawn: in the fallback face, not as a replacement mark.
    EXPECT_NE(wr.text_width(Font::sans, 10, "\U0001D4D3"), wr.text_width(Font::sans, 10, "\uFFFD"));
    EXPECT_GT(wr.text_width(Font::sans, 10, "小明"), 0.0);
    wr.begin_page(300, 200);
    wr.text(10, 150, Font::sans, 12, "styled 𝓓𝓪𝓻𝓴 🖤 end");
    wr.text(10, 120, Font::sans_bold, 12, "chinese 小明 end");
    wr.text(10, 90, Font::sans_italic, 12, "italic text");
    wr.text(10, 60, Font::sans, 12, "none \U000E0001 end");  // a tag character no face has
    wr.end_page();
    ASSERT_TRUE(wr.finish().ok());
    expect_qpdf_clean(pdf);
    const std::string text = pdftotext(pdf);
    EXPECT_NE(text.find("styled 𝓓𝓪𝓻𝓴 🖤 end"), std::string::npos) << text;
    EXPECT_NE(text.find("chinese 小明 end"), std::string::npos) << text;
    EXPECT_NE(text.find("none \uFFFD end"), std::string::npos) << text;
    const std::string list = run_ok({"pdffonts", pdf.string()});
    for (const char* face : {"+Symbola ", "+WenQuanYiMicroHei ", "+DejaVuSans-Oblique "}) {
        const auto at = list.find(face);
        ASSERT_NE(at, std::string::npos) << face << "\n" << list;
        const std::string row = list.substr(at, list.find('\n', at) - at);
        EXPECT_NE(row.find("yes yes yes"), std::string::npos) << row;
    }
}

TEST_F(PdfWriter, MetricsComeFromTheFonts) {
    auto w = open_ok(m_dir / "m.pdf");
    ASSERT_TRUE(w);
    // DejaVu Sans: "A" advances 1401/2048 em, ascent 1901/2048, descent -483/2048.
    EXPECT_NEAR(w->text_width(Font::sans, 10, "A"), 6.8408, 1e-3);
    EXPECT_NEAR(w->text_width(Font::sans, 10, "AA"), 2 * w->text_width(Font::sans, 10, "A"), 1e-9);
    EXPECT_NEAR(w->ascent(Font::sans, 10), 9.282, 1e-2);
    EXPECT_NEAR(w->descent(Font::sans, 10), -2.358, 1e-2);
    EXPECT_GT(w->text_width(Font::sans_bold, 10, "Élément"),
              w->text_width(Font::sans, 10, "Élément"));
    EXPECT_DOUBLE_EQ(w->text_width(Font::mono, 10, "iiii"), w->text_width(Font::mono, 10, "WWWW"));
    EXPECT_DOUBLE_EQ(w->text_width(Font::sans, 10, ""), 0.0);
}

TEST_F(PdfWriter, InfoXmpAndLang) {
    const auto pdf = m_dir / "info.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    w->begin_page(200, 200);
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    const std::string info = run_ok({"pdfinfo", "-isodates", pdf.string()});
    EXPECT_EQ(field(info, "Title"), "Rapport d'élément — Zoé") << info;
    EXPECT_EQ(field(info, "Author"), "Zoé Dupré");
    EXPECT_EQ(field(info, "Subject"), "Preuves scellées");
    EXPECT_EQ(field(info, "Keywords"), "harcèlement, preuve");
    EXPECT_EQ(field(info, "Creator"), "Scellé 0.1");
    EXPECT_EQ(field(info, "CreationDate"), "2023-11-14T22:13:20Z");
    EXPECT_EQ(field(info, "ModDate"), "2023-11-14T22:13:20Z");
    EXPECT_EQ(field(info, "Metadata Stream"), "yes");
    EXPECT_EQ(field(info, "PDF version"), "1.4");
    EXPECT_EQ(field(info, "Page size"), "200 x 200 pts");

    const std::string xmp = run_ok({"pdfinfo", "-meta", pdf.string()});
    EXPECT_NE(xmp.find("<rdf:li xml:lang=\"x-default\">Rapport d'élément — Zoé</rdf:li>"),
              std::string::npos)
        << xmp;
    EXPECT_NE(xmp.find("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"), std::string::npos)
        << xmp;
    EXPECT_NE(qdf(pdf).find("/Lang (fr-FR)"), std::string::npos);
}

TEST_F(PdfWriter, LinkIsAnUriAnnotationWithoutBorderAndPrinted) {
    const auto pdf = m_dir / "link.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    w->begin_page(300, 200);
    w->text(20, 100, Font::sans, 12, "exemple");
    w->link(Rect{20, 95, 60, 16}, "https://example.org/a b?é=1");
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    const std::string html = run_ok({"pdftohtml", "-xml", "-stdout", "-i", pdf.string()});
    EXPECT_NE(html.find("https://example.org/a%20b?%C3%A9=1"), std::string::npos) << html;
    const std::string objects = qdf(pdf);
    EXPECT_NE(objects.find("/URI (https://example.org/a%20b?%C3%A9=1)"), std::string::npos);
    EXPECT_NE(objects.find("/Subtype /Link"), std::string::npos);
    EXPECT_NE(objects.find("/Border [ 0 0 0 ]"), std::string::npos) << "no border";
    EXPECT_NE(objects.find("/F 4"), std::string::npos) << "Print flag";
}

TEST_F(PdfWriter, ShapesAndClippedImageRenderExactly) {
    const auto pdf = m_dir / "draw.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    auto id = w->add_image(red_blue_image());
    ASSERT_TRUE(id.ok()) << id.error().detail;
    w->begin_page(40, 30);
    // The image fills x 0..40, y 10..30 (top two thirds), clipped to its left half (red).
    w->image(*id, Rect{0, 10, 40, 20}, Rect{0, 0, 20, 30});
    w->fill_rect(Rect{0, 0, 10, 10}, Color{0, 1, 0});
    w->stroke_rect(Rect{20, 2, 10, 6}, 1, Color{0, 0, 0});
    w->line(32, 5, 39, 5, 2, Color{0, 0, 1});
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);

    const auto px = render(pdf);
    ASSERT_EQ(px.size(), 30u);
    ASSERT_EQ(px[0].size(), 40u);
    const auto at = [&](int x, int y_from_top) {
        return px[std::size_t(y_from_top)][std::size_t(x)];
    };
    EXPECT_EQ(at(5, 5).r, 255);  // red half of the image
    EXPECT_EQ(at(5, 5).b, 0);
    EXPECT_EQ(at(15, 15).r, 255);
    EXPECT_EQ(at(30, 5).r, 255) << "clipped: white";
    EXPECT_EQ(at(30, 5).b, 255) << "clipped: white";
    EXPECT_EQ(at(30, 5).g, 255) << "clipped: white";
    EXPECT_EQ(at(5, 25).g, 255);  // green square, bottom left
    EXPECT_EQ(at(5, 25).r, 0);
    EXPECT_EQ(at(25, 25).r, 255) << "inside the stroked rectangle: white";
    EXPECT_EQ(at(35, 25).b, 255);  // blue line at y = 5 (row 24/25)
    EXPECT_EQ(at(35, 25).r, 0);
}

// 16 bits per component came with PDF 1.5: such an image raises the version the file declares
// (1.4 otherwise, see InfoXmpAndLang), and the file stays valid.
TEST_F(PdfWriter, SixteenBitImageDeclaresPdf15) {
    const auto pdf = m_dir / "deep.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    std::vector<std::uint8_t> px(std::size_t{4} * 2 * 3 * 2, 0x80);
    ImageData im;
    im.width = 4;
    im.height = 2;
    im.bits_per_component = 16;
    im.data = zlib(px);
    auto id = w->add_image(std::move(im));
    ASSERT_TRUE(id.ok()) << id.error().detail;
    w->begin_page(40, 20);
    w->image(*id, Rect{0, 0, 40, 20});
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    const std::string info = run_ok({"pdfinfo", pdf.string()});
    EXPECT_EQ(field(info, "PDF version"), "1.5") << info;
}

TEST_F(PdfWriter, SameImageOnSeveralPagesIsOneObject) {
    const auto pdf = m_dir / "reuse.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    auto id = w->add_image(red_blue_image());
    ASSERT_TRUE(id.ok());
    for (int i = 0; i < 3; ++i) {
        w->begin_page(100, 100);
        w->image(*id, Rect{10, 10, 40, 20});
        w->end_page();
    }
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    const std::string list = run_ok({"pdfimages", "-list", pdf.string()});
    std::istringstream in(list);
    std::string line;
    std::vector<std::string> objects;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::vector<std::string> t;
        for (std::string s; f >> s;)
            t.push_back(s);
        if (t.size() > 11 && t[2] == "image")
            objects.push_back(t[10]);
    }
    ASSERT_EQ(objects.size(), 3u) << list;
    EXPECT_EQ(objects[0], objects[1]);
    EXPECT_EQ(objects[1], objects[2]);
}

TEST_F(PdfWriter, AddImageRefusesMisuseAndBadDataWithoutBreakingTheWriter) {
    const auto pdf = m_dir / "bad-image.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    ImageData empty = red_blue_image();
    empty.data.clear();
    EXPECT_EQ(w->add_image(std::move(empty)).error().code, Errc::usage);
    ImageData zero = red_blue_image();
    zero.width = 0;
    EXPECT_EQ(w->add_image(std::move(zero)).error().code, Errc::usage);
    ImageData bad_bpc = red_blue_image();
    bad_bpc.bits_per_component = 5;
    EXPECT_EQ(w->add_image(std::move(bad_bpc)).error().code, Errc::usage);
    ImageData empty_mask = red_blue_image();
    empty_mask.alpha_flate.emplace();
    EXPECT_EQ(w->add_image(std::move(empty_mask)).error().code, Errc::usage);
    ImageData cmyk_png = red_blue_image();
    cmyk_png.encoding = ImageData::Encoding::flate_png_predictor;
    cmyk_png.space = ImageData::Space::cmyk;
    EXPECT_EQ(w->add_image(std::move(cmyk_png)).error().code, Errc::usage);

    w->begin_page(100, 100);
    auto during_page = w->add_image(red_blue_image());
    ASSERT_FALSE(during_page.ok());
    EXPECT_EQ(during_page.error().code, Errc::internal);
    w->text(10, 50, Font::sans, 12, "still fine");
    w->end_page();
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    EXPECT_NE(pdftotext(pdf).find("still fine"), std::string::npos);
}

TEST_F(PdfWriter, MissingOrUnusableFontIsBadSettingsAndCreatesNoFile) {
    const auto pdf = m_dir / "nofont.pdf";
    FontFiles fonts = k_fonts;
    fonts.sans_bold = m_dir / "absent.ttf";
    auto r = open_writer(pdf, fonts, sample_info());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::bad_settings);
    EXPECT_EQ(r.error().subject, fonts.sans_bold.string());
    EXPECT_FALSE(std::filesystem::exists(pdf));

    test::write_file(m_dir / "garbage.ttf", std::string(4, '\0') + "not a font at all");
    fonts.sans_bold = k_fonts.sans_bold;
    fonts.mono = m_dir / "garbage.ttf";
    r = open_writer(pdf, fonts, sample_info());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::bad_settings);
    EXPECT_EQ(r.error().subject, fonts.mono.string());

    // A TrueType tag on a broken body: FreeType refuses it.
    test::write_file(m_dir / "broken.ttf", std::string("\0\1\0\0", 4) + std::string(200, 'x'));
    fonts.mono = m_dir / "broken.ttf";
    r = open_writer(pdf, fonts, sample_info());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::bad_settings);
    EXPECT_EQ(r.error().subject, fonts.mono.string());
    EXPECT_FALSE(std::filesystem::exists(pdf));
}

TEST_F(PdfWriter, UncreatableOutputIsOutputFailed) {
    const auto pdf = m_dir / "no-such-dir" / "x.pdf";
    auto r = open_writer(pdf, k_fonts, sample_info());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::output_failed);
    EXPECT_EQ(r.error().sys_errno, ENOENT);
    EXPECT_EQ(r.error().subject, pdf.string());
}

TEST_F(PdfWriter, FullDiskIsOutputFailedWithEnospc) {
    // /dev/full accepts the open and fails every write with ENOSPC.
    ASSERT_TRUE(std::filesystem::exists("/dev/full"));
    auto r = open_writer("/dev/full", k_fonts, sample_info());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    auto w = std::move(r).value();
    // Enough data to pass the writer's buffer while drawing.
    std::vector<std::uint8_t> noise(3 * 600 * 600);
    std::uint32_t s = 1;
    for (auto& b : noise) {
        s = s * 1103515245u + 12345u;
        b = static_cast<std::uint8_t>(s >> 24);
    }
    ImageData im;
    im.width = im.height = 600;
    im.data = zlib(noise);
    auto id = w->add_image(std::move(im));
    if (id.ok()) {
        w->begin_page(100, 100);
        w->image(*id, Rect{0, 0, 100, 100});
        w->end_page();
    } else {
        EXPECT_EQ(id.error().sys_errno, ENOSPC);
    }
    const Result<void> done = w->finish();
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, Errc::output_failed);
    EXPECT_EQ(done.error().sys_errno, ENOSPC);
}

TEST_F(PdfWriter, SmallDocumentOnFullDiskFailsAtFinish) {
    auto r = open_writer("/dev/full", k_fonts, sample_info());
    ASSERT_TRUE(r.ok());
    auto w = std::move(r).value();
    w->begin_page(100, 100);
    w->text(10, 10, Font::sans, 10, "x");
    w->end_page();
    const Result<void> done = w->finish();
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, Errc::output_failed);
    EXPECT_EQ(done.error().sys_errno, ENOSPC);
}

TEST_F(PdfWriter, MisuseIsRememberedAndReturnedByFinish) {
    auto w = open_ok(m_dir / "misuse.pdf");
    ASSERT_TRUE(w);
    w->text(10, 10, Font::sans, 10, "no page yet");
    w->begin_page(100, 100);
    w->text(10, 10, Font::sans, 10, "later calls are ignored");
    w->end_page();
    const Result<void> done = w->finish();
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, Errc::internal);
    EXPECT_NE(done.error().detail.find("outside a page"), std::string::npos);
}

TEST_F(PdfWriter, DestroyedWithoutFinishDoesNotCrash) {
    auto w = open_ok(m_dir / "abandoned.pdf");
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->add_image(red_blue_image()).ok());
    w->begin_page(100, 100);
    w->text(10, 10, Font::sans, 10, "abandoned with a page open");
    w.reset();
    SUCCEED();
}

TEST_F(PdfWriter, FinishClosesAnOpenPage) {
    const auto pdf = m_dir / "open-page.pdf";
    auto w = open_ok(pdf);
    ASSERT_TRUE(w);
    w->begin_page(100, 100);
    w->text(10, 50, Font::sans, 10, "closed by finish");
    ASSERT_TRUE(w->finish().ok());
    expect_qpdf_clean(pdf);
    EXPECT_NE(pdftotext(pdf).find("closed by finish"), std::string::npos);
}

}  // namespace
}  // namespace scelle::core::pdf
