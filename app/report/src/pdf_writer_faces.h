// Faces the PoDoFo writer draws by glyph id (pdf_writer_podofo.cpp): the fallback faces and the
// Arabic presentation forms. Not a public interface; includes PoDoFo, like the writer.
//
// Why by hand: PoDoFo 0.9.8's CID fonts map each UTF-16 unit of the text to a glyph and each
// glyph back to that unit, so they reach only the Basic Multilingual Plane (no mathematical
// letters, no emoji) and extract an Arabic presentation form as itself, not as the letter
// typed. A GlyphFace writes the Type0 / CIDFontType2 font itself (Identity-H, CIDToGIDMap
// Identity: the codes in the content stream are glyph ids) with a ToUnicode map from each glyph
// to the text it stands for, and subsets the font file with PoDoFo's TrueType subsetter, which
// keeps glyph ids.
//
// Ownership: a GlyphFace belongs to one writer and one document; one thread at a time.
#pragma once

#include <podofo/podofo.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "scelle/base/env.h"

namespace scelle::core::pdf::detail {

class GlyphFace {
  public:
    // The first face of the TrueType file `path`, read through `env`, or nullptr when it
    // cannot be read. `library` must outlive the face. `tag` (one letter) makes the subset
    // prefix unique.
    static std::unique_ptr<GlyphFace> load(FT_Library* library, const std::filesystem::path& path,
                                           char tag, Env& env);
    ~GlyphFace();
    GlyphFace(const GlyphFace&) = delete;
    GlyphFace& operator=(const GlyphFace&) = delete;

    // The glyph id of `c` in this face, 0 when it has none.
    unsigned glyph(char32_t c) const;
    // Advance width of glyph `gid` in thousandths of an em.
    double width(unsigned gid) const;

    // Records that `gid` is drawn for `text` (its ToUnicode entry; the first text wins) and
    // returns its code in hexadecimal, for a "<...> Tj" string.
    std::string use(unsigned gid, const std::u32string& text);
    // The font's resource name and object, created on first use in `doc`.
    const PoDoFo::PdfName& name() const { return m_name; }
    PoDoFo::PdfReference reference(PoDoFo::PdfVecObjects& objects);
    // Writes the font (subset, widths, descriptor, ToUnicode) if it was used. Throws PdfError.
    void embed(PoDoFo::PdfVecObjects& objects);

  private:
    class Metrics;
    GlyphFace() = default;

    bool m_collection = false;
    std::unique_ptr<Metrics> m_metrics;
    PoDoFo::PdfName m_name;
    std::string m_base_font;  // "ABCDEF+PostScriptName"
    PoDoFo::PdfObject* m_font = nullptr;
    std::map<unsigned, std::u32string> m_used;  // glyph id -> text
};

}  // namespace scelle::core::pdf::detail
