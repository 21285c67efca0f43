// Faces drawn by glyph id (see pdf_writer_faces.h).
#include "pdf_writer_faces.h"

#include <cstdio>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "pdf_writer_support.h"
#include "scelle/base/read_file.h"

namespace scelle::core::pdf::detail {

// FreeType metrics of the face. While `identity` is set, GetGlyphId() answers the glyph id it
// is given: PoDoFo's subsetter asks it for the glyph of each "character" it is handed, and is
// handed glyph ids.
class GlyphFace::Metrics final : public PoDoFo::PdfFontMetricsFreetype {
  public:
    // PoDoFo copies the font's bytes (GetFontData() gives them back, for the subsetter).
    Metrics(FT_Library* library, const std::string& data)
        : PoDoFo::PdfFontMetricsFreetype(library, data.data(),
                                         static_cast<unsigned int>(data.size()), false) {}
    long GetGlyphId(long code) const override {
        return identity ? code : PoDoFo::PdfFontMetricsFreetype::GetGlyphId(code);
    }
    bool usable() { return GetFace() != nullptr; }
    bool identity = false;
};

GlyphFace::~GlyphFace() = default;

std::unique_ptr<GlyphFace> GlyphFace::load(FT_Library* library, const std::filesystem::path& path,
                                           char tag, Env& env) {
    // Read through Env, then handed to FreeType from memory: no narrow file name reaches a C
    // library (on Windows it would be in the ANSI code page), and a failed read can be tested.
    auto data = read_file(env, path);
    if (!data.ok() || data->size() < 4)
        return nullptr;
    // TrueType outlines only (the subsetter knows no CFF): a font file or a collection.
    const std::string_view t(data->data(), 4);
    if (t != std::string_view("\0\1\0\0", 4) && t != "true" && t != "ttcf")
        return nullptr;
    std::unique_ptr<GlyphFace> face(new GlyphFace());
    face->m_collection = t == "ttcf";
    try {
        face->m_metrics = std::make_unique<Metrics>(library, *data);
    } catch (const PoDoFo::PdfError&) {
        return nullptr;
    }
    if (!face->m_metrics->usable())
        return nullptr;
    face->m_name = PoDoFo::PdfName(std::string("SFb") + tag);
    std::string ps = face->m_metrics->GetFontname() ? face->m_metrics->GetFontname() : "";
    std::string clean;
    for (const char c : ps)
        if (c > ' ' && c < 0x7F && c != '/' && c != '(' && c != ')' && c != '[' && c != ']' &&
            c != '<' && c != '>' && c != '{' && c != '}' && c != '%')
            clean += c;
    face->m_base_font = std::string("SCLFB") + tag + "+" + (clean.empty() ? "Fallback" : clean);
    return face;
}

unsigned GlyphFace::glyph(char32_t c) const {
    if (c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    const long gid = m_metrics->GetGlyphId(static_cast<long>(c));
    return gid > 0 && gid <= 0xFFFF ? static_cast<unsigned>(gid) : 0;
}

double GlyphFace::width(unsigned gid) const {
    return m_metrics->GetGlyphWidth(static_cast<int>(gid));
}

std::string GlyphFace::use(unsigned gid, const std::u32string& text) {
    m_used.emplace(gid, text);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", gid & 0xFFFFu);
    return buf;
}

PoDoFo::PdfReference GlyphFace::reference(PoDoFo::PdfVecObjects& objects) {
    if (!m_font)
        m_font = objects.CreateObject("Font");
    return m_font->Reference();
}

void GlyphFace::embed(PoDoFo::PdfVecObjects& objects) {
    using PoDoFo::pdf_int64;
    using PoDoFo::PdfName;
    if (!m_font || m_used.empty())
        return;

    // The subset, glyph ids unchanged (glyph 0 is always kept).
    std::set<PoDoFo::pdf_utf16be> gids;
    for (const auto& [gid, text] : m_used)
        gids.insert(static_cast<PoDoFo::pdf_utf16be>(gid));
    PoDoFo::PdfRefCountedBuffer subset_data;
    std::vector<unsigned char> cid_set;
    m_metrics->identity = true;
    try {
        PoDoFo::PdfInputDevice input(m_metrics->GetFontData(),
                                     static_cast<std::size_t>(m_metrics->GetFontDataLen()));
        PoDoFo::PdfFontTTFSubset subset(&input, m_metrics.get(),
                                        m_collection ? PoDoFo::PdfFontTTFSubset::eFontFileType_TTC
                                                     : PoDoFo::PdfFontTTFSubset::eFontFileType_TTF,
                                        0);
        subset.BuildFont(subset_data, gids, cid_set);
    } catch (...) {
        m_metrics->identity = false;
        throw;
    }
    m_metrics->identity = false;

    PoDoFo::PdfObject* file = objects.CreateObject();
    PoDoFo::PdfObject* descriptor = objects.CreateObject("FontDescriptor");
    PoDoFo::PdfObject* cid_font = objects.CreateObject("Font");
    PoDoFo::PdfObject* to_unicode = objects.CreateObject();

    auto& d = descriptor->GetDictionary();
    d.AddKey(PdfName("FontName"), PdfName(m_base_font));
    d.AddKey(PdfName("Flags"), static_cast<pdf_int64>(4));  // symbolic
    PoDoFo::PdfArray bbox;
    m_metrics->GetBoundingBox(bbox);
    d.AddKey(PdfName("FontBBox"), bbox);
    d.AddKey(PdfName("ItalicAngle"), static_cast<pdf_int64>(m_metrics->GetItalicAngle()));
    d.AddKey(PdfName("Ascent"), m_metrics->GetPdfAscent());
    d.AddKey(PdfName("Descent"), m_metrics->GetPdfDescent());
    d.AddKey(PdfName("CapHeight"), m_metrics->GetPdfAscent());
    d.AddKey(PdfName("StemV"), static_cast<pdf_int64>(80));
    d.AddKey(PdfName("FontFile2"), file->Reference());

    PoDoFo::PdfArray widths;
    for (const auto& [gid, text] : m_used) {
        widths.push_back(static_cast<pdf_int64>(gid));
        PoDoFo::PdfArray w;
        w.push_back(static_cast<pdf_int64>(width(gid) + 0.5));
        widths.push_back(w);
    }
    PoDoFo::PdfDictionary system_info;
    system_info.AddKey(PdfName("Registry"), PoDoFo::PdfString("Adobe"));
    system_info.AddKey(PdfName("Ordering"), PoDoFo::PdfString("Identity"));
    system_info.AddKey(PdfName("Supplement"), PoDoFo::PdfVariant(static_cast<pdf_int64>(0)));
    auto& c = cid_font->GetDictionary();
    c.AddKey(PdfName("Subtype"), PdfName("CIDFontType2"));
    c.AddKey(PdfName("BaseFont"), PdfName(m_base_font));
    c.AddKey(PdfName("CIDSystemInfo"), system_info);
    c.AddKey(PdfName("FontDescriptor"), descriptor->Reference());
    c.AddKey(PdfName("CIDToGIDMap"), PdfName("Identity"));
    c.AddKey(PdfName("W"), widths);

    PoDoFo::PdfArray descendants;
    descendants.push_back(cid_font->Reference());
    auto& f = m_font->GetDictionary();
    f.AddKey(PdfName("Subtype"), PdfName("Type0"));
    f.AddKey(PdfName("BaseFont"), PdfName(m_base_font));
    f.AddKey(PdfName("Encoding"), PdfName("Identity-H"));
    f.AddKey(PdfName("DescendantFonts"), descendants);
    f.AddKey(PdfName("ToUnicode"), to_unicode->Reference());

    // The streams last: a streamed document writes an object as soon as its stream is set,
    // and Length1 must be in the dictionary before.
    const std::string cmap = to_unicode_cmap(m_used);
    to_unicode->GetStream()->Set(cmap.data(), static_cast<PoDoFo::pdf_long>(cmap.size()));
    file->GetDictionary().AddKey(PdfName("Length1"), static_cast<pdf_int64>(subset_data.GetSize()));
    file->GetStream()->Set(subset_data.GetBuffer(),
                           static_cast<PoDoFo::pdf_long>(subset_data.GetSize()));
}

}  // namespace scelle::core::pdf::detail
