// The PDF writer over PoDoFo 0.9.8: with pdf_writer_faces.cpp and pdf_writer_file_device.h,
// the only files of the project that include PoDoFo.
#include <podofo/podofo.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "pdf_writer_faces.h"
#include "pdf_writer_file_device.h"
#include "pdf_writer_module.h"
#include "pdf_writer_support.h"
#include "scelle/base/program.h"
#include "scelle/base/text.h"
#include "scelle/report/pdf_writer.h"

namespace scelle::core::pdf {
namespace {

using namespace detail;

constexpr char32_t k_replacement = 0xFFFD;

PoDoFo::PdfString utf8_string(std::string_view s) {
    const std::string valid = to_valid_utf8(s);
    return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(valid.data()),
                             static_cast<PoDoFo::pdf_long>(valid.size()));
}

// PdfPainter keeps AddToPageResources protected; images are drawn by reference (the image
// object itself is already written and freed by the streamed document).
class Painter final : public PoDoFo::PdfPainter {
  public:
    void add_xobject(const PoDoFo::PdfName& name, const PoDoFo::PdfReference& ref) {
        AddToPageResources(name, ref, PoDoFo::PdfName("XObject"));
    }
    void add_font(const PoDoFo::PdfName& name, const PoDoFo::PdfReference& ref) {
        AddToPageResources(name, ref, PoDoFo::PdfName("Font"));
    }
};

// PdfDocument keeps GetCatalog() protected; /Lang and /Metadata go there.
class StreamedDocument final : public PoDoFo::PdfStreamedDocument {
  public:
    using PoDoFo::PdfStreamedDocument::PdfStreamedDocument;
    PoDoFo::PdfDictionary& catalog() { return GetCatalog()->GetDictionary(); }
};

struct FontSlot {
    PoDoFo::PdfFont* font = nullptr;
    std::filesystem::path path;
    // Advance widths in thousandths of an em, by code point as given (the face that draws it,
    // or the replacement, decided).
    mutable std::unordered_map<char32_t, double> widths;
    // The same file drawn by glyph id, for Arabic presentation forms; loaded when first needed.
    mutable std::unique_ptr<GlyphFace> shaped;
    mutable bool shaped_tried = false;
};

// How one character is drawn: by `face` (glyph `gid`), or, without a face, as `drawn` in the
// writer's own font.
struct Choice {
    GlyphFace* face = nullptr;
    unsigned gid = 0;
    char32_t drawn = 0;
};

Error font_error(const std::filesystem::path& path, std::string detail) {
    return make_error(Errc::bad_settings, path.string(), std::move(detail));
}

struct ImageRef {
    PoDoFo::PdfName name;
    PoDoFo::PdfReference ref;
};

class PodofoWriter final : public Writer {
  public:
    PodofoWriter(std::filesystem::path out, Env& env) : m_path(std::move(out)), m_env(env) {}
    ~PodofoWriter() override;
    PodofoWriter(const PodofoWriter&) = delete;
    PodofoWriter& operator=(const PodofoWriter&) = delete;

    Result<void> open(const FontFiles& fonts, const DocInfo& info);

    double text_width(Font font, double size, std::string_view utf8) const override;
    bool has_glyph(Font font, char32_t c) const override;
    double ascent(Font font, double size) const override;
    double descent(Font font, double size) const override;
    Result<ImageId> add_image(ImageData&& image) override;
    void begin_page(double width, double height) override;
    void text(double x, double baseline, Font font, double size, std::string_view utf8,
              Color color) override;
    void fill_rect(const Rect& r, Color color) override;
    void fill_rects(const std::vector<Rect>& rects, Color color) override;
    void stroke_rect(const Rect& r, double line_width, Color color) override;
    void line(double x1, double y1, double x2, double y2, double line_width, Color color) override;
    void image(ImageId id, const Rect& place, std::optional<Rect> clip) override;
    void link(const Rect& area, std::string_view uri) override;
    void end_page() override;
    Result<void> finish() override;

  private:
    const FontSlot& slot(Font font) const { return m_fonts[static_cast<std::size_t>(font)]; }
    bool own_glyph(Font font, char32_t c) const;
    Choice choose(Font font, char32_t c) const;
    // Advance of `c` as drawn (by `ch`), thousandths of an em; cached per font.
    double advance(Font font, char32_t c, const Choice& ch) const;
    GlyphFace* shaped_face(Font font) const;
    void load_fallbacks(const FontFiles& fonts);
    GlyphFace* fallback(std::size_t i) const;
    Result<void> create_fonts(const FontFiles& fonts);
    void write_info(const DocInfo& info);
    void write_xmp(const DocInfo& info, const std::string& producer);
    ImageRef write_image_object(const ImageData& image, const std::vector<std::byte>& data,
                                bool is_mask, const PoDoFo::PdfReference* smask);
    Error output_error(const PoDoFo::PdfError& e) const;
    // Runs a drawing step on the open page; a PoDoFo error or misuse is kept for finish().
    template <typename F>
    void draw(const char* what, F&& step);
    void fail(Errc code, std::string detail);
    void append(const std::string& ops);

    std::filesystem::path m_path;
    Env& m_env;
    // Declared in this order so that the painter goes first and the device last.
    std::unique_ptr<FileDevice> m_device;
    std::unique_ptr<StreamedDocument> m_doc;
    Painter m_painter;
    std::array<FontSlot, kFontCount> m_fonts;
    // PoDoFo's FreeType library handle, which the faces keep a pointer to.
    mutable FT_Library m_ft = nullptr;
    // The fallback faces, read when first needed (a report in French needs none): a file
    // that cannot be read stays null.
    struct Fallback {
        std::filesystem::path path;
        std::unique_ptr<GlyphFace> face;
        bool tried = false;
    };
    mutable std::vector<Fallback> m_fallbacks;
    std::vector<ImageRef> m_images;
    PoDoFo::PdfPage* m_page = nullptr;
    std::optional<Error> m_error;
    bool m_finished = false;
};

PodofoWriter::~PodofoWriter() {
    // PdfPainter must not be destroyed with a page open; closing it may write and fail, which
    // is of no interest here: the caller deletes the incomplete file.
    if (m_page) {
        try {
            m_painter.FinishPage();
        } catch (...) {
        }
    }
}

Error PodofoWriter::output_error(const PoDoFo::PdfError& e) const {
    const int err = m_device ? m_device->failed_errno() : 0;
    if (err != 0)
        return Error{Errc::output_failed, m_path.string(), std::strerror(err), err};
    return make_error(Errc::output_failed, m_path.string(),
                      std::string("PDF library: ") + PoDoFo::PdfError::ErrorMessage(e.GetError()));
}

void PodofoWriter::fail(Errc code, std::string detail) {
    if (!m_error)
        m_error = make_error(code, m_path.string(), std::move(detail));
}

template <typename F>
void PodofoWriter::draw(const char* what, F&& step) {
    if (m_error)
        return;
    if (m_finished || !m_page) {
        fail(Errc::internal, std::string(what) + " outside a page");
        return;
    }
    try {
        std::forward<F>(step)();
    } catch (const PoDoFo::PdfError& e) {
        if (!m_error)
            m_error = output_error(e);
    } catch (const std::exception& e) {
        fail(Errc::internal, std::string(what) + ": " + e.what());
    }
}

void PodofoWriter::append(const std::string& ops) {
    m_painter.GetCanvas()->Append(ops);
}

Result<void> PodofoWriter::create_fonts(const FontFiles& fonts) {
    const std::array<const std::filesystem::path*, kFontCount> paths{
        &fonts.sans, &fonts.sans_bold, &fonts.mono, &fonts.sans_italic};
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const std::filesystem::path& path = *paths[i];
        if (path.empty() && i == static_cast<std::size_t>(Font::sans_italic)) {
            m_fonts[i].font = m_fonts[0].font;  // no italic file: upright
            m_fonts[i].path = m_fonts[0].path;
            continue;
        }
        SCELLE_TRY(check_font_file(path, m_env));
        // The font cache is keyed by name: each face gets its own, or the second face would
        // come back as the first.
        const std::string key = "scelle-font-" + std::to_string(i) + ":" + core::path_to_utf8(path);
        // FreeType opens the file with fopen(): on Windows, a name it can spell.
        const std::string file_name = core::path_for_ansi_api(path);
        try {
            m_fonts[i].path = path;
            m_fonts[i].font = m_doc->CreateFontSubset(
                key.c_str(), i == 1, i == 3, false,
                PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(), file_name.c_str());
        } catch (const PoDoFo::PdfError& e) {
            return font_error(path, std::string("unusable font: ") +
                                        PoDoFo::PdfError::ErrorMessage(e.GetError()));
        }
        if (!m_fonts[i].font)
            return font_error(path, "unusable font");
    }
    return {};
}

void PodofoWriter::write_info(const DocInfo& info) {
    PoDoFo::PdfInfo* pdf_info = m_doc->GetInfo();
    if (!info.title.empty())
        pdf_info->SetTitle(utf8_string(info.title));
    if (!info.author.empty())
        pdf_info->SetAuthor(utf8_string(info.author));
    if (!info.subject.empty())
        pdf_info->SetSubject(utf8_string(info.subject));
    if (!info.keywords.empty())
        pdf_info->SetKeywords(utf8_string(info.keywords));
    if (!info.creator.empty())
        pdf_info->SetCreator(utf8_string(info.creator));
    const std::string producer = "PoDoFo " + std::to_string(PODOFO_VERSION_MAJOR) + "." +
                                 std::to_string(PODOFO_VERSION_MINOR) + "." +
                                 std::to_string(PODOFO_VERSION_PATCH);
    pdf_info->SetProducer(PoDoFo::PdfString(producer));
    // 0.9.8 has no setter for the dates and puts "now" in CreationDate.
    const PoDoFo::PdfString date(pdf_date(info.created_unix));
    auto& dict = pdf_info->GetObject()->GetDictionary();
    dict.AddKey(PoDoFo::PdfName("CreationDate"), date);
    dict.AddKey(PoDoFo::PdfName("ModDate"), date);
    if (!info.lang.empty())
        m_doc->catalog().AddKey(PoDoFo::PdfName("Lang"), PoDoFo::PdfString(ascii_uri(info.lang)));
    write_xmp(info, producer);
}

// The XMP packet mirrors the Info dictionary, as PDF/A asks; it is written uncompressed.
void PodofoWriter::write_xmp(const DocInfo& info, const std::string& producer) {
    const std::string x = xmp_packet(info, producer);
    PoDoFo::PdfObject* meta = m_doc->GetObjects()->CreateObject("Metadata");
    meta->GetDictionary().AddKey(PoDoFo::PdfName("Subtype"), PoDoFo::PdfName("XML"));
    m_doc->catalog().AddKey(PoDoFo::PdfName("Metadata"), meta->Reference());
    meta->GetStream()->Set(x.data(), static_cast<PoDoFo::pdf_long>(x.size()),
                           PoDoFo::TVecFilters());
}

Result<void> PodofoWriter::open(const FontFiles& fonts, const DocInfo& info) {
    try {
        m_device = std::make_unique<FileDevice>();
        m_doc = std::make_unique<StreamedDocument>(m_device.get(), PoDoFo::ePdfVersion_1_4);
        SCELLE_TRY(create_fonts(fonts));
        load_fallbacks(fonts);
        write_info(info);
    } catch (const PoDoFo::PdfError& e) {
        return make_error(
            Errc::internal, m_path.string(),
            std::string("PDF library: ") + PoDoFo::PdfError::ErrorMessage(e.GetError()));
    }
    auto file = m_env.open_write(m_path);
    if (!file.ok()) {
        const int err = file.error().sys_errno != 0 ? file.error().sys_errno : EIO;
        return Error{Errc::output_failed, m_path.string(), std::strerror(err), err};
    }
    m_device->attach(std::move(file).value());
    return {};
}

void PodofoWriter::load_fallbacks(const FontFiles& fonts) {
    m_ft = m_doc->GetFontLibrary();
    // Tags A to P: at most 16 fallback faces.
    for (const std::filesystem::path& path : fonts.fallbacks)
        if (m_fallbacks.size() < 16)
            m_fallbacks.push_back(Fallback{path, nullptr, false});
}

GlyphFace* PodofoWriter::fallback(std::size_t i) const {
    Fallback& f = m_fallbacks[i];
    if (!f.tried) {
        f.tried = true;
        // A fallback that cannot be read is left out: the report does not depend on it.
        f.face =
            GlyphFace::load(&m_ft, f.path, static_cast<char>('A' + static_cast<int>(i)), m_env);
    }
    return f.face.get();
}

GlyphFace* PodofoWriter::shaped_face(Font font) const {
    const FontSlot& s = slot(font);
    if (!s.shaped_tried) {
        s.shaped_tried = true;
        // Tags after the fallbacks' (A to P): Q, R, S, T.
        s.shaped =
            GlyphFace::load(&m_ft, s.path, static_cast<char>('Q' + static_cast<int>(font)), m_env);
    }
    return s.shaped.get();
}

Choice PodofoWriter::choose(Font font, char32_t c) const {
    // An Arabic presentation form (text shaped by FriBidi) is drawn from the same file by
    // glyph id, so that it extracts as the letter typed rather than as the form.
    const bool form = (c >= 0xFB50 && c <= 0xFBFF) || (c >= 0xFE70 && c <= 0xFEFF);
    if (form && own_glyph(font, c)) {
        if (GlyphFace* f = shaped_face(font))
            if (const unsigned gid = f->glyph(c))
                return Choice{f, gid, c};
    }
    if (own_glyph(font, c))
        return Choice{nullptr, 0, c};
    for (std::size_t i = 0; i < m_fallbacks.size(); ++i)
        if (GlyphFace* f = fallback(i))
            if (const unsigned gid = f->glyph(c))
                return Choice{f, gid, c};
    return Choice{nullptr, 0, own_glyph(font, k_replacement) ? k_replacement : U'?'};
}

bool PodofoWriter::has_glyph(Font font, char32_t c) const {
    return own_glyph(font, c);
}

bool PodofoWriter::own_glyph(Font font, char32_t c) const {
    // PoDoFo 0.9.8's Identity-H encoding maps each UTF-16 unit to a glyph, so only the Basic
    // Multilingual Plane can be drawn; characters beyond it (emoji) count as missing.
    if (c == 0 || c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
        return false;
    const FontSlot& s = slot(font);
    return s.font && s.font->GetFontMetrics()->GetGlyphId(static_cast<long>(c)) != 0;
}

double PodofoWriter::text_width(Font font, double size, std::string_view utf8) const {
    const FontSlot& s = slot(font);
    if (!s.font)
        return 0;
    double total = 0;
    for (const char32_t c : decode_utf8(utf8)) {
        const auto it = s.widths.find(c);
        total += it != s.widths.end() ? it->second : advance(font, c, choose(font, c));
    }
    return total * size / 1000.0;
}

double PodofoWriter::advance(Font font, char32_t c, const Choice& ch) const {
    const FontSlot& s = slot(font);
    auto it = s.widths.find(c);
    if (it == s.widths.end()) {
        double w = 0;
        if (ch.face) {
            w = ch.face->width(ch.gid);
        } else {
            const PoDoFo::PdfFontMetrics* m = s.font->GetFontMetrics();
            const long gid = m->GetGlyphId(static_cast<long>(ch.drawn));
            w = m->GetGlyphWidth(static_cast<int>(gid));
        }
        it = s.widths.emplace(c, w).first;
    }
    return it->second;
}

double PodofoWriter::ascent(Font font, double size) const {
    const FontSlot& s = slot(font);
    return s.font ? s.font->GetFontMetrics()->GetPdfAscent() * size / 1000.0 : 0;
}

double PodofoWriter::descent(Font font, double size) const {
    const FontSlot& s = slot(font);
    return s.font ? s.font->GetFontMetrics()->GetPdfDescent() * size / 1000.0 : 0;
}

ImageRef PodofoWriter::write_image_object(const ImageData& im, const std::vector<std::byte>& data,
                                          bool is_mask, const PoDoFo::PdfReference* smask) {
    using PoDoFo::PdfName;
    PoDoFo::PdfImage img(m_doc.get());
    auto& d = img.GetObject()->GetDictionary();
    const bool dct = !is_mask && im.encoding == ImageData::Encoding::dct;
    d.AddKey(PdfName("ColorSpace"), PdfName(is_mask ? "DeviceGray" : space_name(im.space)));
    d.AddKey(PdfName("Filter"), PdfName(dct ? "DCTDecode" : "FlateDecode"));
    if (!is_mask && im.encoding == ImageData::Encoding::flate_png_predictor) {
        PoDoFo::PdfDictionary parms;
        parms.AddKey(PdfName("Predictor"), static_cast<PoDoFo::pdf_int64>(15));
        parms.AddKey(PdfName("Colors"),
                     static_cast<PoDoFo::pdf_int64>(im.space == ImageData::Space::gray ? 1 : 3));
        parms.AddKey(PdfName("BitsPerComponent"),
                     static_cast<PoDoFo::pdf_int64>(im.bits_per_component));
        parms.AddKey(PdfName("Columns"), static_cast<PoDoFo::pdf_int64>(im.width));
        d.AddKey(PdfName("DecodeParms"), parms);
    }
    if (!is_mask && im.invert_cmyk) {
        PoDoFo::PdfArray decode;
        for (int i = 0; i < 4; ++i) {
            decode.push_back(static_cast<PoDoFo::pdf_int64>(1));
            decode.push_back(static_cast<PoDoFo::pdf_int64>(0));
        }
        d.AddKey(PdfName("Decode"), decode);
    }
    if (smask)
        d.AddKey(PdfName("SMask"), *smask);
    // The bytes are already encoded: SetImageDataRaw stores them as they are, no re-deflating.
    PoDoFo::PdfMemoryInputStream in(reinterpret_cast<const char*>(data.data()),
                                    static_cast<PoDoFo::pdf_long>(data.size()));
    img.SetImageDataRaw(im.width, im.height,
                        is_mask ? 8u : static_cast<unsigned>(im.bits_per_component), &in);
    return ImageRef{img.GetIdentifier(), img.GetObjectReference()};
}

Result<ImageId> PodofoWriter::add_image(ImageData&& image) {
    if (m_error)
        return *m_error;
    if (m_finished || m_page)
        return make_error(Errc::internal, m_path.string(),
                          "an image may only be added between pages");
    if (const char* problem = image_problem(image))
        return make_error(Errc::usage, m_path.string(), std::string("image: ") + problem);
    try {
        std::optional<PoDoFo::PdfReference> smask;
        if (image.alpha_flate)
            smask = write_image_object(image, *image.alpha_flate, true, nullptr).ref;
        m_images.push_back(write_image_object(image, image.data, false, smask ? &*smask : nullptr));
        // 16 bits per component came with PDF 1.5. The streamed header already says 1.4; since
        // PDF 1.4 the catalog's /Version, written at the end, overrides it.
        if (image.bits_per_component == 16)
            m_doc->catalog().AddKey(PoDoFo::PdfName("Version"), PoDoFo::PdfName("1.5"));
    } catch (const PoDoFo::PdfError& e) {
        m_error = output_error(e);
        return *m_error;
    }
    return static_cast<ImageId>(m_images.size() - 1);
}

void PodofoWriter::begin_page(double width, double height) {
    if (m_error)
        return;
    if (m_finished || m_page) {
        fail(Errc::internal, m_finished ? "begin_page after finish" : "begin_page twice");
        return;
    }
    if (!(std::isfinite(width) && std::isfinite(height) && width > 0 && height > 0)) {
        fail(Errc::internal, "bad page size");
        return;
    }
    try {
        PoDoFo::PdfPage* page = m_doc->CreatePage(PoDoFo::PdfRect(0, 0, width, height));
        m_painter.SetPage(page);
        m_page = page;
    } catch (const PoDoFo::PdfError& e) {
        m_error = output_error(e);
    }
}

void PodofoWriter::text(double x, double baseline, Font font, double size, std::string_view utf8,
                        Color color) {
    draw("text", [&] {
        if (!(std::isfinite(x) && std::isfinite(baseline) && std::isfinite(size) && size > 0)) {
            fail(Errc::internal, "text: bad position or size");
            return;
        }
        // Runs of characters drawn by one face, each placed after the previous one.
        append(color_op(color, "rg"));
        GlyphFace* run_face = nullptr;
        std::vector<PoDoFo::pdf_utf16be> units;  // own font: big-endian UTF-16 units
        std::string glyphs;                      // a glyph face: hexadecimal glyph ids
        double run_width = 0;
        auto flush = [&] {
            if (!run_face && !units.empty()) {
                PoDoFo::PdfFont* f = slot(font).font;
                f->SetFontSize(static_cast<float>(size));
                m_painter.SetFont(f);
                m_painter.DrawText(
                    x, baseline,
                    PoDoFo::PdfString(units.data(), static_cast<PoDoFo::pdf_long>(units.size())));
            } else if (run_face && !glyphs.empty()) {
                m_painter.add_font(run_face->name(), run_face->reference(*m_doc->GetObjects()));
                append("BT\n/" + run_face->name().GetName() + " " + num(size) + " Tf\n" + num(x) +
                       " " + num(baseline) + " Td\n<" + glyphs + "> Tj\nET\n");
            }
            units.clear();
            glyphs.clear();
            x += run_width * size / 1000.0;
            run_width = 0;
        };
        for (const char32_t c : decode_utf8(utf8)) {
            const Choice ch = choose(font, c);
            if (ch.face != run_face) {
                flush();
                run_face = ch.face;
            }
            run_width += advance(font, c, ch);
            if (ch.face) {
                glyphs += ch.face->use(ch.gid, typed_text(c));
            } else {
                const std::array<unsigned char, 2> be{static_cast<unsigned char>(ch.drawn >> 8),
                                                      static_cast<unsigned char>(ch.drawn & 0xFF)};
                PoDoFo::pdf_utf16be unit = 0;
                std::memcpy(&unit, be.data(), be.size());
                units.push_back(unit);
            }
        }
        flush();
    });
}

void PodofoWriter::fill_rect(const Rect& r, Color color) {
    draw("fill_rect", [&] {
        if (!finite(r))
            return fail(Errc::internal, "fill_rect: bad rectangle");
        append(color_op(color, "rg") + rect_path(r) + " f\n");
    });
}

void PodofoWriter::fill_rects(const std::vector<Rect>& rects, Color color) {
    draw("fill_rects", [&] {
        std::string path;
        for (const Rect& r : rects) {
            if (!finite(r))
                return fail(Errc::internal, "fill_rects: bad rectangle");
            path += rect_path(r) + "\n";
        }
        if (!path.empty())
            append(color_op(color, "rg") + path + "f\n");
    });
}

void PodofoWriter::stroke_rect(const Rect& r, double line_width, Color color) {
    draw("stroke_rect", [&] {
        if (!finite(r) || !std::isfinite(line_width))
            return fail(Errc::internal, "stroke_rect: bad rectangle");
        append(color_op(color, "RG") + num(line_width) + " w " + rect_path(r) + " S\n");
    });
}

void PodofoWriter::line(double x1, double y1, double x2, double y2, double line_width,
                        Color color) {
    draw("line", [&] {
        if (!finite(Rect{x1, y1, x2, y2}) || !std::isfinite(line_width))
            return fail(Errc::internal, "line: bad coordinates");
        append(color_op(color, "RG") + num(line_width) + " w " + num(x1) + " " + num(y1) + " m " +
               num(x2) + " " + num(y2) + " l S\n");
    });
}

void PodofoWriter::image(ImageId id, const Rect& place, std::optional<Rect> clip) {
    draw("image", [&] {
        if (id < 0 || static_cast<std::size_t>(id) >= m_images.size())
            return fail(Errc::internal, "image: unknown image id");
        if (!finite(place) || (clip && !finite(*clip)))
            return fail(Errc::internal, "image: bad rectangle");
        const ImageRef& ref = m_images[static_cast<std::size_t>(id)];
        m_painter.add_xobject(ref.name, ref.ref);
        std::string ops = "q\n";
        if (clip)
            ops += rect_path(*clip) + " W n\n";
        ops += num(place.w) + " 0 0 " + num(place.h) + " " + num(place.x) + " " + num(place.y) +
               " cm /" + ref.name.GetName() + " Do\nQ\n";
        append(ops);
    });
}

void PodofoWriter::link(const Rect& area, std::string_view uri) {
    draw("link", [&] {
        if (!finite(area))
            return fail(Errc::internal, "link: bad rectangle");
        if (uri.empty())
            return;
        PoDoFo::PdfAnnotation* a = m_page->CreateAnnotation(
            PoDoFo::ePdfAnnotation_Link, PoDoFo::PdfRect(area.x, area.y, area.w, area.h));
        PoDoFo::PdfAction action(PoDoFo::ePdfAction_URI, m_doc.get());
        action.SetURI(PoDoFo::PdfString(ascii_uri(uri)));
        a->SetAction(action);
        a->SetBorderStyle(0, 0, 0);
        a->SetFlags(PoDoFo::ePdfAnnotationFlags_Print);
    });
}

void PodofoWriter::end_page() {
    if (m_error)
        return;
    if (!m_page) {
        fail(Errc::internal, "end_page without a page");
        return;
    }
    try {
        m_page = nullptr;
        m_painter.FinishPage();
    } catch (const PoDoFo::PdfError& e) {
        m_error = output_error(e);
    }
}

Result<void> PodofoWriter::finish() {
    if (m_finished)
        return make_error(Errc::internal, m_path.string(), "finish() called twice");
    if (m_page && !m_error)
        end_page();
    m_finished = true;
    if (m_error)
        return *m_error;
    try {
        for (const Fallback& f : m_fallbacks)
            if (f.face)
                f.face->embed(*m_doc->GetObjects());
        for (const FontSlot& s : m_fonts)
            if (s.shaped)
                s.shaped->embed(*m_doc->GetObjects());
        m_doc->Close();
    } catch (const PoDoFo::PdfError& e) {
        m_error = output_error(e);
        return *m_error;
    }
    if (const int err = m_device->close_file(); err != 0) {
        m_error = Error{Errc::output_failed, m_path.string(), std::strerror(err), err};
        return *m_error;
    }
    return {};
}

// PoDoFo writes its own diagnostics to stderr unless told otherwise, once per process.
void quiet_podofo() {
    static const bool done = [] {
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfError::EnableLogging(false);
        return true;
    }();
    (void)done;
}

}  // namespace

Result<std::unique_ptr<Writer>> detail::open_podofo_writer(const std::filesystem::path& out,
                                                           const FontFiles& fonts,
                                                           const DocInfo& info, Env& env) {
    quiet_podofo();
    auto writer = std::make_unique<PodofoWriter>(out, env);
    try {
        SCELLE_TRY(writer->open(fonts, info));
    } catch (const std::exception& e) {
        return make_error(Errc::internal, out.string(), e.what());
    }
    return std::unique_ptr<Writer>(std::move(writer));
}

}  // namespace scelle::core::pdf
