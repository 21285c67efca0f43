// The PDF writer: the small drawing interface the report builder uses, so that the PDF library
// (PoDoFo 0.9.8 here; 0.10 elsewhere breaks its whole API) is touched by one file only
// (src/pdf_writer_podofo*.cpp). It knows pages, text in four embedded Unicode fonts, filled and
// stroked rectangles, lines, images already encoded in PDF terms, and link annotations; the
// layout (line breaking, pagination, tables) is the builder's.
//
// Coordinates are PDF points (1/72 inch) with the origin at the bottom-left of the page.
// Text is UTF-8. The fonts are embedded as subsets with Identity-H encoding and a ToUnicode map,
// so every character a font has renders and extracts. A character the font lacks is taken from
// the first fallback face that has it (FontFiles::fallbacks: mathematical letters and emoji,
// Chinese...), also embedded as a subset with a ToUnicode map, supplementary planes included;
// one that no face has is drawn as U+FFFD (or "?" when even that is missing) — visibly
// replaced, never dropped. Arabic presentation forms (text shaped by FriBidi) extract as the
// letters typed. text_width() measures the text as it will be drawn.
//
// An image of 16 bits per component needs PDF 1.5: adding one raises the version the document
// declares (the catalog's /Version, since the header is already written); otherwise 1.4.
//
// Images must be added between pages (before begin_page() of the first page that draws them):
// the file is streamed page by page, and an image added while a page is open would be held
// in memory until the end. An image may be drawn on several pages.
//
// Ownership and threads: a Writer owns its output file until finish() or destruction; a Writer
// destroyed without a successful finish() leaves an incomplete file, which the caller deletes
// (the report builder writes to a temporary file and renames it). One thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"

namespace scelle::core::pdf {

enum class Font { sans, sans_bold, mono, sans_italic };
inline constexpr std::size_t kFontCount = 4;

struct Color {
    double r = 0, g = 0, b = 0;  // 0..1, DeviceRGB
};

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;  // bottom-left corner, width, height
};

// TrueType files of the faces (DejaVu Sans, Sans Bold, Sans Mono, Sans Oblique). Without an
// italic file, Font::sans_italic is drawn upright in `sans`. `fallbacks`: TrueType files (.ttf,
// or .ttc whose first face is used) searched in order for a character a face lacks; a fallback
// that cannot be read is left out (the report does not depend on it).
struct FontFiles {
    std::filesystem::path sans, sans_bold, mono;
    std::filesystem::path sans_italic = {};
    std::vector<std::filesystem::path> fallbacks = {};
};

// The document information dictionary (and the XMP metadata, when written).
struct DocInfo {
    std::string title, author, subject, keywords;  // UTF-8
    std::string creator;                           // "Scellé <version>"
    std::int64_t created_unix = 0;                 // CreationDate and ModDate
    std::string lang;                              // the catalog's /Lang: "fr-FR", "en-GB"
};

// An image as the PDF holds it: the stream's bytes already encoded.
struct ImageData {
    enum class Space { gray, rgb, cmyk };
    enum class Encoding {
        dct,                  // JPEG bytes as they are (DCTDecode)
        flate_png_predictor,  // concatenated PNG IDAT data (FlateDecode, Predictor 15)
        flate,                // zlib-compressed samples, rows top to bottom, no predictor
    };
    std::uint32_t width = 0, height = 0;
    Space space = Space::rgb;
    int bits_per_component = 8;
    Encoding encoding = Encoding::flate;
    std::vector<std::byte> data;
    // Adobe CMYK JPEGs store inverted samples (/Decode [1 0 1 0 1 0 1 0]).
    bool invert_cmyk = false;
    // Optional soft mask (alpha): 8-bit gray, same size, zlib-compressed, no predictor.
    std::optional<std::vector<std::byte>> alpha_flate;
};

using ImageId = int;

class Writer {
  public:
    virtual ~Writer() = default;

    // Width in points of `utf8` drawn in `font` at `size` points, replacement characters
    // included. Valid before any page.
    virtual double text_width(Font font, double size, std::string_view utf8) const = 0;
    // Whether `font` itself (not a fallback face) has a glyph for the code point `c`.
    virtual bool has_glyph(Font font, char32_t c) const = 0;
    // The font's ascent and descent (descent negative), in points at `size`.
    virtual double ascent(Font font, double size) const = 0;
    virtual double descent(Font font, double size) const = 0;

    // Adds an image to the document; only while no page is open. Takes the data.
    virtual Result<ImageId> add_image(ImageData&& image) = 0;

    virtual void begin_page(double width, double height) = 0;
    // Draws one line of text with its baseline at `baseline`.
    virtual void text(double x, double baseline, Font font, double size, std::string_view utf8,
                      Color color = {}) = 0;
    virtual void fill_rect(const Rect& r, Color color) = 0;
    // Fills the union of the rectangles as one path: rectangles that share an edge show no
    // seam when a viewer anti-aliases, as separate fills do (a QR code must read as one shape).
    virtual void fill_rects(const std::vector<Rect>& rects, Color color) = 0;
    virtual void stroke_rect(const Rect& r, double line_width, Color color) = 0;
    virtual void line(double x1, double y1, double x2, double y2, double line_width,
                      Color color) = 0;
    // Draws the image scaled to fill `place`. With `clip`, only what falls inside `clip` is
    // painted (a tall image split across pages is drawn once per page, shifted, and clipped).
    virtual void image(ImageId id, const Rect& place, std::optional<Rect> clip = {}) = 0;
    // A clickable area opening `uri` (printed with the page, no border).
    virtual void link(const Rect& area, std::string_view uri) = 0;
    virtual void end_page() = 0;

    // Completes the file (fonts subset and embedded, cross-reference table, trailer) and closes
    // it; does not sync it. Errc::output_failed (sys_errno ENOSPC for a full disk) on failure.
    virtual Result<void> finish() = 0;
};

// Opens a writer on `out` (created or truncated, through `env`). Errc::output_failed when the
// file cannot be created; Errc::bad_settings naming a font file that is missing or not a usable
// TrueType font.
Result<std::unique_ptr<Writer>> open_writer(const std::filesystem::path& out,
                                            const FontFiles& fonts, const DocInfo& info,
                                            Env& env = Env::system());

}  // namespace scelle::core::pdf
