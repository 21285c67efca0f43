// Helpers of the PoDoFo PDF writer that need no PoDoFo: number and text formatting for content
// streams, dates, the XMP packet, and the checks of fonts and images made before PoDoFo sees them.
#include "pdf_writer_support.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "scelle/base/text.h"
#include "scelle/base/time.h"

namespace scelle::core::pdf::detail {
namespace {

double unit(double v) {
    return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
}

std::string xmp_date(std::int64_t unix_time) {
    const std::tm tm = utc_calendar(unix_time);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (const char ch : to_valid_utf8(s)) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                // XML 1.0 forbids most control characters, even escaped.
                if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t')
                    out += ' ';
                else
                    out += ch;
        }
    }
    return out;
}

Error font_error(const std::filesystem::path& path, std::string detail) {
    return make_error(Errc::bad_settings, path.string(), std::move(detail));
}

}  // namespace

// Formats a number for a content stream: fixed notation, at most 4 decimals, no locale (a GUI
// may have set a locale with a decimal comma, which would break the PDF syntax).
std::string num(double v) {
    std::array<char, 64> buf{};
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 4);
    if (ec != std::errc())
        return "0";
    std::string s(buf.data(), end);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s == "-0" || s.empty() ? "0" : s;
}

std::string color_op(const Color& c, const char* op) {
    return num(unit(c.r)) + " " + num(unit(c.g)) + " " + num(unit(c.b)) + " " + op + "\n";
}

std::string rect_path(const Rect& r) {
    return num(r.x) + " " + num(r.y) + " " + num(r.w) + " " + num(r.h) + " re";
}

bool finite(const Rect& r) {
    return std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h);
}

// Decodes UTF-8 that to_valid_utf8() has made valid (invalid input was replaced by U+FFFD).
std::u32string decode_utf8(std::string_view text) {
    const std::string valid = to_valid_utf8(text);
    std::u32string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size();) {
        const auto b0 = static_cast<unsigned char>(valid[i]);
        const std::size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        if (i + len > valid.size())
            break;
        char32_t cp = len == 1   ? b0
                      : len == 2 ? (b0 & 0x1Fu)
                      : len == 3 ? (b0 & 0x0Fu)
                                 : (b0 & 0x07u);
        for (std::size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(valid[i + k]) & 0x3Fu);
        out.push_back(cp);
        i += len;
    }
    return out;
}

// Percent-encodes what may not appear raw in a URI string (non-ASCII bytes, spaces, controls),
// since a URI action holds 7-bit ASCII.
std::string ascii_uri(std::string_view uri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : uri) {
        const auto b = static_cast<unsigned char>(ch);
        if (b <= 0x20 || b >= 0x7F || ch == '"' || ch == '<' || ch == '>' || ch == '\\') {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 0x0F];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string pdf_date(std::int64_t unix_time) {
    const std::tm tm = utc_calendar(unix_time);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "D:%Y%m%d%H%M%SZ", &tm);
    return buf.data();
}

std::string xmp_packet(const DocInfo& info, const std::string& producer) {
    const std::string date = xmp_date(info.created_unix);
    std::string x =
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n";
    if (!info.title.empty())
        x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) +
             "</rdf:li></rdf:Alt></dc:title>\n";
    if (!info.author.empty())
        x += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) +
             "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!info.subject.empty())
        x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    if (!info.lang.empty())
        x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(info.lang) +
             "</rdf:li></rdf:Bag></dc:language>\n";
    if (!info.keywords.empty())
        x += "<pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
    if (!info.creator.empty())
        x += "<xmp:CreatorTool>" + xml_escape(info.creator) + "</xmp:CreatorTool>\n";
    x += "<pdf:Producer>" + xml_escape(producer) + "</pdf:Producer>\n";
    x += "<xmp:CreateDate>" + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date +
         "</xmp:ModifyDate>\n";
    x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";

    return x;
}

// A cheap look at the file before FreeType: it must exist and be a TrueType font (PoDoFo
// 0.9.8 subsets glyf-based fonts only; a CFF "OTTO" font or a collection would come out broken).
namespace {

// Unicode's compatibility decompositions of the Arabic presentation forms (UnicodeData.txt),
// as ranges of consecutive forms of one letter: first, last, then one or two letters.
struct FormRange {
    char16_t first, last, a, b;
};
constexpr FormRange k_arabic_forms[] = {
    {0xFB50, 0xFB51, 0x0671, 0x0000}, {0xFB52, 0xFB55, 0x067B, 0x0000},
    {0xFB56, 0xFB59, 0x067E, 0x0000}, {0xFB5A, 0xFB5D, 0x0680, 0x0000},
    {0xFB5E, 0xFB61, 0x067A, 0x0000}, {0xFB62, 0xFB65, 0x067F, 0x0000},
    {0xFB66, 0xFB69, 0x0679, 0x0000}, {0xFB6A, 0xFB6D, 0x06A4, 0x0000},
    {0xFB6E, 0xFB71, 0x06A6, 0x0000}, {0xFB72, 0xFB75, 0x0684, 0x0000},
    {0xFB76, 0xFB79, 0x0683, 0x0000}, {0xFB7A, 0xFB7D, 0x0686, 0x0000},
    {0xFB7E, 0xFB81, 0x0687, 0x0000}, {0xFB82, 0xFB83, 0x068D, 0x0000},
    {0xFB84, 0xFB85, 0x068C, 0x0000}, {0xFB86, 0xFB87, 0x068E, 0x0000},
    {0xFB88, 0xFB89, 0x0688, 0x0000}, {0xFB8A, 0xFB8B, 0x0698, 0x0000},
    {0xFB8C, 0xFB8D, 0x0691, 0x0000}, {0xFB8E, 0xFB91, 0x06A9, 0x0000},
    {0xFB92, 0xFB95, 0x06AF, 0x0000}, {0xFB96, 0xFB99, 0x06B3, 0x0000},
    {0xFB9A, 0xFB9D, 0x06B1, 0x0000}, {0xFB9E, 0xFB9F, 0x06BA, 0x0000},
    {0xFBA0, 0xFBA3, 0x06BB, 0x0000}, {0xFBA4, 0xFBA5, 0x06C0, 0x0000},
    {0xFBA6, 0xFBA9, 0x06C1, 0x0000}, {0xFBAA, 0xFBAD, 0x06BE, 0x0000},
    {0xFBAE, 0xFBAF, 0x06D2, 0x0000}, {0xFBB0, 0xFBB1, 0x06D3, 0x0000},
    {0xFBD3, 0xFBD6, 0x06AD, 0x0000}, {0xFBD7, 0xFBD8, 0x06C7, 0x0000},
    {0xFBD9, 0xFBDA, 0x06C6, 0x0000}, {0xFBDB, 0xFBDC, 0x06C8, 0x0000},
    {0xFBDD, 0xFBDD, 0x0677, 0x0000}, {0xFBDE, 0xFBDF, 0x06CB, 0x0000},
    {0xFBE0, 0xFBE1, 0x06C5, 0x0000}, {0xFBE2, 0xFBE3, 0x06C9, 0x0000},
    {0xFBE4, 0xFBE7, 0x06D0, 0x0000}, {0xFBE8, 0xFBE9, 0x0649, 0x0000},
    {0xFBEA, 0xFBEB, 0x0626, 0x0627}, {0xFBEC, 0xFBED, 0x0626, 0x06D5},
    {0xFBEE, 0xFBEF, 0x0626, 0x0648}, {0xFBF0, 0xFBF1, 0x0626, 0x06C7},
    {0xFBF2, 0xFBF3, 0x0626, 0x06C6}, {0xFBF4, 0xFBF5, 0x0626, 0x06C8},
    {0xFBF6, 0xFBF8, 0x0626, 0x06D0}, {0xFBF9, 0xFBFB, 0x0626, 0x0649},
    {0xFBFC, 0xFBFF, 0x06CC, 0x0000}, {0xFE70, 0xFE70, 0x0020, 0x064B},
    {0xFE71, 0xFE71, 0x0640, 0x064B}, {0xFE72, 0xFE72, 0x0020, 0x064C},
    {0xFE74, 0xFE74, 0x0020, 0x064D}, {0xFE76, 0xFE76, 0x0020, 0x064E},
    {0xFE77, 0xFE77, 0x0640, 0x064E}, {0xFE78, 0xFE78, 0x0020, 0x064F},
    {0xFE79, 0xFE79, 0x0640, 0x064F}, {0xFE7A, 0xFE7A, 0x0020, 0x0650},
    {0xFE7B, 0xFE7B, 0x0640, 0x0650}, {0xFE7C, 0xFE7C, 0x0020, 0x0651},
    {0xFE7D, 0xFE7D, 0x0640, 0x0651}, {0xFE7E, 0xFE7E, 0x0020, 0x0652},
    {0xFE7F, 0xFE7F, 0x0640, 0x0652}, {0xFE80, 0xFE80, 0x0621, 0x0000},
    {0xFE81, 0xFE82, 0x0622, 0x0000}, {0xFE83, 0xFE84, 0x0623, 0x0000},
    {0xFE85, 0xFE86, 0x0624, 0x0000}, {0xFE87, 0xFE88, 0x0625, 0x0000},
    {0xFE89, 0xFE8C, 0x0626, 0x0000}, {0xFE8D, 0xFE8E, 0x0627, 0x0000},
    {0xFE8F, 0xFE92, 0x0628, 0x0000}, {0xFE93, 0xFE94, 0x0629, 0x0000},
    {0xFE95, 0xFE98, 0x062A, 0x0000}, {0xFE99, 0xFE9C, 0x062B, 0x0000},
    {0xFE9D, 0xFEA0, 0x062C, 0x0000}, {0xFEA1, 0xFEA4, 0x062D, 0x0000},
    {0xFEA5, 0xFEA8, 0x062E, 0x0000}, {0xFEA9, 0xFEAA, 0x062F, 0x0000},
    {0xFEAB, 0xFEAC, 0x0630, 0x0000}, {0xFEAD, 0xFEAE, 0x0631, 0x0000},
    {0xFEAF, 0xFEB0, 0x0632, 0x0000}, {0xFEB1, 0xFEB4, 0x0633, 0x0000},
    {0xFEB5, 0xFEB8, 0x0634, 0x0000}, {0xFEB9, 0xFEBC, 0x0635, 0x0000},
    {0xFEBD, 0xFEC0, 0x0636, 0x0000}, {0xFEC1, 0xFEC4, 0x0637, 0x0000},
    {0xFEC5, 0xFEC8, 0x0638, 0x0000}, {0xFEC9, 0xFECC, 0x0639, 0x0000},
    {0xFECD, 0xFED0, 0x063A, 0x0000}, {0xFED1, 0xFED4, 0x0641, 0x0000},
    {0xFED5, 0xFED8, 0x0642, 0x0000}, {0xFED9, 0xFEDC, 0x0643, 0x0000},
    {0xFEDD, 0xFEE0, 0x0644, 0x0000}, {0xFEE1, 0xFEE4, 0x0645, 0x0000},
    {0xFEE5, 0xFEE8, 0x0646, 0x0000}, {0xFEE9, 0xFEEC, 0x0647, 0x0000},
    {0xFEED, 0xFEEE, 0x0648, 0x0000}, {0xFEEF, 0xFEF0, 0x0649, 0x0000},
    {0xFEF1, 0xFEF4, 0x064A, 0x0000}, {0xFEF5, 0xFEF6, 0x0644, 0x0622},
    {0xFEF7, 0xFEF8, 0x0644, 0x0623}, {0xFEF9, 0xFEFA, 0x0644, 0x0625},
    {0xFEFB, 0xFEFC, 0x0644, 0x0627},
};

void append_utf16_hex(std::string& out, char32_t c) {
    char buf[16];
    if (c > 0xFFFF) {
        const char32_t v = c - 0x10000;
        std::snprintf(buf, sizeof buf, "%04X%04X", static_cast<unsigned>(0xD800 + (v >> 10)),
                      static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
    } else {
        std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c));
    }
    out += buf;
}

}  // namespace

std::u32string typed_text(char32_t c) {
    if ((c >= 0xFB50 && c <= 0xFBFF) || (c >= 0xFE70 && c <= 0xFEFF)) {
        for (const FormRange& r : k_arabic_forms) {
            if (c >= r.first && c <= r.last) {
                std::u32string out(1, r.a);
                if (r.b != 0)
                    out += r.b;
                return out;
            }
        }
    }
    return std::u32string(1, c);
}

std::string to_unicode_cmap(const std::map<unsigned, std::u32string>& glyph_text) {
    std::string out =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    // At most 100 entries per block, as the CMap format asks.
    auto it = glyph_text.begin();
    while (it != glyph_text.end()) {
        std::string block;
        int n = 0;
        for (; it != glyph_text.end() && n < 100; ++it, ++n) {
            char gid[16];
            std::snprintf(gid, sizeof gid, "<%04X> <", it->first & 0xFFFFu);
            block += gid;
            for (const char32_t c : it->second)
                append_utf16_hex(block, c);
            block += ">\n";
        }
        out += std::to_string(n) + " beginbfchar\n" + block + "endbfchar\n";
    }
    out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return out;
}

Result<void> check_font_file(const std::filesystem::path& path, Env& env) {
    auto in = env.open_read(path);
    if (!in.ok())
        return font_error(path, "cannot open the font file: " + in.error().detail);
    std::array<std::byte, 4> tag{};
    std::size_t got = 0;
    while (got < tag.size()) {
        auto n = (*in)->read(std::span(tag).subspan(got));
        if (!n.ok())
            return font_error(path, "cannot read the font file: " + n.error().detail);
        if (*n == 0)
            break;
        got += *n;
    }
    const std::string_view t(reinterpret_cast<const char*>(tag.data()), got);
    if (t != std::string_view("\0\1\0\0", 4) && t != "true")
        return font_error(path, "not a TrueType font file");
    return {};
}

const char* image_problem(const ImageData& im) {
    using E = ImageData::Encoding;
    if (im.width == 0 || im.height == 0 || im.width > 1000000 || im.height > 1000000)
        return "bad image size";
    if (im.data.empty())
        return "no image data";
    if (im.alpha_flate && im.alpha_flate->empty())
        return "empty soft mask";
    if (im.invert_cmyk && im.space != ImageData::Space::cmyk)
        return "inverted samples outside CMYK";
    switch (im.encoding) {
        case E::dct:
            return im.bits_per_component == 8 ? nullptr : "JPEG images have 8 bits per component";
        case E::flate_png_predictor:
            if (im.space == ImageData::Space::cmyk)
                return "PNG data cannot be CMYK";
            return im.bits_per_component == 8 || im.bits_per_component == 16
                       ? nullptr
                       : "bad bits per component";
        case E::flate:
            return im.bits_per_component == 8 || im.bits_per_component == 16
                       ? nullptr
                       : "bad bits per component";
    }
    return "unknown encoding";
}

const char* space_name(ImageData::Space space) {
    switch (space) {
        case ImageData::Space::gray:
            return "DeviceGray";
        case ImageData::Space::cmyk:
            return "DeviceCMYK";
        case ImageData::Space::rgb:
            break;
    }
    return "DeviceRGB";
}

}  // namespace scelle::core::pdf::detail
