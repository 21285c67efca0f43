// Helpers of the PoDoFo PDF writer that need no PoDoFo: number and text formatting for content
// streams, dates, the XMP packet, and the checks of fonts and images made before PoDoFo sees them.
#include "pdf_writer_support.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>

#include "scelle/core/text.h"

namespace scelle::core::pdf::detail {
namespace {

double unit(double v) {
    return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
}

std::string xmp_date(std::int64_t unix_time) {
    const auto t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    if (!gmtime_r(&t, &tm))
        return "1970-01-01T00:00:00Z";
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
    const auto t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    if (!gmtime_r(&t, &tm))
        return "D:19700101000000Z";
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
Result<void> check_font_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return font_error(path, std::string("cannot open the font file: ") + std::strerror(errno));
    std::array<char, 4> tag{};
    in.read(tag.data(), tag.size());
    const std::string_view t(tag.data(), static_cast<std::size_t>(in.gcount()));
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
