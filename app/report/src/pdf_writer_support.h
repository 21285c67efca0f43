// Helpers of the PoDoFo PDF writer (pdf_writer_podofo.cpp) that need no PoDoFo. Not a public
// interface. Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "scelle/base/result.h"
#include "scelle/report/pdf_writer.h"

namespace scelle::core::pdf::detail {

// A number for a content stream: fixed notation, at most 4 decimals, whatever the locale.
std::string num(double v);
// "r g b <op>\n" with each component clamped to 0..1.
std::string color_op(const Color& c, const char* op);
// "x y w h re".
std::string rect_path(const Rect& r);
bool finite(const Rect& r);

// The code points of `text`, each invalid UTF-8 sequence replaced by U+FFFD.
std::u32string decode_utf8(std::string_view text);
// `uri` with non-ASCII bytes, spaces and controls percent-encoded.
std::string ascii_uri(std::string_view uri);
// "D:YYYYMMDDHHmmSSZ" (UTC).
std::string pdf_date(std::int64_t unix_time);
// The XMP metadata packet mirroring the Info dictionary.
std::string xmp_packet(const DocInfo& info, const std::string& producer);

// The text an Arabic presentation form stands for (U+FB50-FBFF, U+FE70-FEFF, as FriBidi's
// shaping makes them): its letter, or the two letters of a ligature (lam-alef), in logical
// order; the character itself for any other.
std::u32string typed_text(char32_t c);
// The ToUnicode CMap of a font drawn by glyph id (two-byte codes): each glyph to its text.
std::string to_unicode_cmap(const std::map<unsigned, std::u32string>& glyph_text);

// Errc::bad_settings naming `path` unless it is a readable TrueType file (by its tag, read
// through `env`).
Result<void> check_font_file(const std::filesystem::path& path, Env& env);
// Why `im` cannot be embedded, or nullptr.
const char* image_problem(const ImageData& im);
// The PDF name of the color space: "DeviceGray", "DeviceRGB", "DeviceCMYK".
const char* space_name(ImageData::Space space);

}  // namespace scelle::core::pdf::detail
