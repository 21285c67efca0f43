// Media-type sniffing and header-only pixel sizes, over a stream of chunks.
//
// Written by hand because no well-kept library does this for a stream with bounded memory:
// libmagic wants the file or a whole buffer, and the image decoders want to own the read loop.
// Every reader here looks at bytes only through bounds-checked offsets of the small head
// buffer, or one byte at a time in a state machine, so a malformed or truncated header can
// only end in "no size", never in a read out of bounds.
#include "scelle/store/media.h"

#include "media_readers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace scelle::core {

namespace {

using namespace media_detail;
using namespace std::string_view_literals;

enum class Kind {
    png,
    jpeg,
    webp,
    gif,
    bmp,
    tiff,
    heic,
    avif,
    mp4,
    m4a,
    quicktime,
    pdf,
    zip,
    mpeg_audio,
    ogg,
    text,
    unknown
};

struct TypeName {
    Kind kind;
    std::string_view media_type;
    std::string_view extension;
};

constexpr std::array kTypeNames{
    TypeName{Kind::png, "image/png", "png"},
    TypeName{Kind::jpeg, "image/jpeg", "jpg"},
    TypeName{Kind::webp, "image/webp", "webp"},
    TypeName{Kind::gif, "image/gif", "gif"},
    TypeName{Kind::bmp, "image/bmp", "bmp"},
    TypeName{Kind::tiff, "image/tiff", "tif"},
    TypeName{Kind::heic, "image/heic", "heic"},
    TypeName{Kind::avif, "image/avif", "avif"},
    TypeName{Kind::mp4, "video/mp4", "mp4"},
    TypeName{Kind::m4a, "audio/mp4", "m4a"},
    TypeName{Kind::quicktime, "video/quicktime", "mov"},
    TypeName{Kind::pdf, "application/pdf", "pdf"},
    TypeName{Kind::zip, "application/zip", "zip"},
    TypeName{Kind::mpeg_audio, "audio/mpeg", "mp3"},
    TypeName{Kind::ogg, "audio/ogg", "ogg"},
    TypeName{Kind::text, "text/plain", "txt"},
    TypeName{Kind::unknown, "application/octet-stream", "bin"},
};

const TypeName& name_of(Kind kind) {
    for (const TypeName& name : kTypeNames) {
        if (name.kind == kind)
            return name;
    }
    return kTypeNames.back();
}

// What an ISO BMFF brand says about the file. When the major brand is not decisive, the
// compatible brand of highest rank wins: AVIF files also list the generic HEIF brand "mif1",
// and most files of any kind list "isom".
struct BrandKind {
    Kind kind = Kind::unknown;
    int rank = 0;  // 0: says nothing; 1: the generic HEIF brands, not decisive as major brand.
};

BrandKind classify_brand(std::string_view b) {
    const auto one_of = [b](std::initializer_list<std::string_view> brands) {
        return std::find(brands.begin(), brands.end(), b) != brands.end();
    };
    if (one_of({"avif", "avis"}))
        return {Kind::avif, 7};
    if (one_of({"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"}))
        return {Kind::heic, 6};
    if (one_of({"qt  "}))
        return {Kind::quicktime, 5};
    if (one_of({"M4A ", "M4B ", "M4P "}))
        return {Kind::m4a, 4};
    if (b.starts_with("iso") || b.starts_with("3gp") ||
        one_of({"mp41", "mp42", "mp71", "avc1", "dash", "M4V ", "M4VH", "M4VP", "f4v ", "mmp4",
                "MSNV", "XAVC", "NDAS"}))
        return {Kind::mp4, 3};
    if (one_of({"mif1", "msf1", "miaf"}))
        return {Kind::heic, 1};
    // Canon CR3 raw files are ISO BMFF too, and list "isom"; they are not videos.
    if (one_of({"crx "}))
        return {Kind::unknown, -1};
    return {};
}

std::optional<Kind> sniff_iso_bmff(std::span<const std::byte> head) {
    if (!has_at(head, 4, "ftyp"sv) || head.size() < 16)
        return std::nullopt;
    // A size of 0 means "up to the end of the file"; below 16 the box cannot hold its fields.
    std::uint64_t box = be32(head.data());
    if (box == 0)
        box = head.size();
    if (box < 16)
        return Kind::unknown;
    const auto brand_at = [&](std::size_t at) {
        return std::string_view(reinterpret_cast<const char*>(head.data() + at), 4);
    };
    BrandKind best = classify_brand(brand_at(8));
    if (best.rank != 0 && best.rank != 1)
        return best.kind;
    const auto end = static_cast<std::size_t>(std::min<std::uint64_t>(box, head.size()));
    for (std::size_t at = 16; at + 4 <= end; at += 4) {
        const BrandKind brand = classify_brand(brand_at(at));
        if (brand.rank > best.rank)
            best = brand;
    }
    return best.kind;
}

// An MPEG-1/2/2.5 Layer III frame header, for MP3 files without an ID3 tag. Only Layer III is
// accepted, with valid version, bitrate and sampling-rate fields, to keep false matches rare.
bool is_mp3_frame(std::span<const std::byte> head) {
    if (head.size() < 3 || u8(head[0]) != 0xFF || (u8(head[1]) & 0xE0) != 0xE0)
        return false;
    const unsigned version = (u8(head[1]) >> 3) & 3;
    const unsigned layer = (u8(head[1]) >> 1) & 3;
    const unsigned bitrate = u8(head[2]) >> 4;
    const unsigned rate = (u8(head[2]) >> 2) & 3;
    return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3;
}

bool is_bmp(std::span<const std::byte> head) {
    if (!has_at(head, 0, "BM"sv) || head.size() < 18)
        return false;
    // "BM" alone is too common at the start of text; the DIB header size must be a known one.
    switch (le32(head.data() + 14)) {
        case 12:   // BITMAPCOREHEADER
        case 16:   // OS/2 2.x, short form
        case 40:   // BITMAPINFOHEADER
        case 52:   // BITMAPV2INFOHEADER
        case 56:   // BITMAPV3INFOHEADER
        case 64:   // OS/2 2.x
        case 108:  // BITMAPV4HEADER
        case 124:  // BITMAPV5HEADER
            return true;
        default:
            return false;
    }
}

Kind sniff_kind(std::span<const std::byte> head, bool text) {
    if (has_at(head, 0, "\x89PNG\r\n\x1A\n"sv))
        return Kind::png;
    if (has_at(head, 0, "\xFF\xD8\xFF"sv))
        return Kind::jpeg;
    if (has_at(head, 0, "RIFF"sv) && has_at(head, 8, "WEBP"sv))
        return Kind::webp;
    if (has_at(head, 0, "GIF87a"sv) || has_at(head, 0, "GIF89a"sv))
        return Kind::gif;
    if (is_bmp(head))
        return Kind::bmp;
    // Classic TIFF (42) and BigTIFF (43), in both byte orders.
    if (has_at(head, 0, "II*\0"sv) || has_at(head, 0, "MM\0*"sv) || has_at(head, 0, "II+\0"sv) ||
        has_at(head, 0, "MM\0+"sv))
        return Kind::tiff;
    if (const auto iso = sniff_iso_bmff(head))
        return *iso;
    // QuickTime files older than the "ftyp" box start directly with one of these atoms.
    if (has_at(head, 4, "moov"sv) || has_at(head, 4, "mdat"sv) || has_at(head, 4, "wide"sv) ||
        has_at(head, 4, "pnot"sv))
        return Kind::quicktime;
    if (has_at(head, 0, "%PDF-"sv))
        return Kind::pdf;
    // A local file header, the end record of an empty archive, or a spanned-archive marker.
    if (has_at(head, 0, "PK\x03\x04"sv) || has_at(head, 0, "PK\x05\x06"sv) ||
        has_at(head, 0, "PK\x07\x08"sv))
        return Kind::zip;
    // ID3v2: the version and revision bytes are never 0xFF.
    if (has_at(head, 0, "ID3"sv) && head.size() >= 5 && u8(head[3]) != 0xFF && u8(head[4]) != 0xFF)
        return Kind::mpeg_audio;
    if (is_mp3_frame(head))
        return Kind::mpeg_audio;
    if (has_at(head, 0, "OggS\0"sv))
        return Kind::ogg;
    return text ? Kind::text : Kind::unknown;
}

std::optional<Size> png_size(std::span<const std::byte> head) {
    // IHDR must be the first chunk, 13 bytes long, width then height.
    if (head.size() < 24 || !has_at(head, 8, "\0\0\0\x0DIHDR"sv))
        return std::nullopt;
    return valid_size(be32(head.data() + 16), be32(head.data() + 20));
}

std::optional<Size> gif_size(std::span<const std::byte> head) {
    if (head.size() < 10)
        return std::nullopt;
    return valid_size(le16(head.data() + 6), le16(head.data() + 8));
}

std::optional<Size> bmp_size(std::span<const std::byte> head) {
    if (head.size() < 22)
        return std::nullopt;
    if (le32(head.data() + 14) == 12)
        return valid_size(le16(head.data() + 18), le16(head.data() + 20));
    if (head.size() < 26)
        return std::nullopt;
    const auto width = static_cast<std::int32_t>(le32(head.data() + 18));
    const auto height = static_cast<std::int32_t>(le32(head.data() + 22));
    // A negative height marks a top-down bitmap; its magnitude is still the height. The most
    // negative value has no positive counterpart and is refused as malformed.
    if (width <= 0 || height == 0 || height == INT32_MIN)
        return std::nullopt;
    return valid_size(static_cast<std::uint32_t>(width),
                      static_cast<std::uint32_t>(height < 0 ? -height : height));
}

std::optional<Size> webp_size(std::span<const std::byte> head) {
    if (head.size() < 20)
        return std::nullopt;
    const std::byte* p = head.data();
    if (has_at(head, 12, "VP8 "sv) && head.size() >= 30) {
        // Lossy: a key frame (bit 0 of the frame tag clear), the start code, then 14-bit
        // width and height whose top two bits are a scaling hint.
        if ((u8(p[20]) & 1) != 0 || !has_at(head, 23, "\x9D\x01\x2A"sv))
            return std::nullopt;
        return valid_size(le16(p + 26) & 0x3FFF, le16(p + 28) & 0x3FFF);
    }
    if (has_at(head, 12, "VP8L"sv) && head.size() >= 25) {
        // Lossless: a signature byte, then width-1 and height-1 on 14 bits each and a 3-bit
        // version that must be 0.
        const std::uint32_t bits = le32(p + 21);
        if (u8(p[20]) != 0x2F || (bits >> 29) != 0)
            return std::nullopt;
        return valid_size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (has_at(head, 12, "VP8X"sv) && head.size() >= 30) {
        // Extended: canvas width-1 and height-1 on 24 bits each, after 4 bytes of flags.
        return valid_size(le24(p + 24) + 1, le24(p + 27) + 1);
    }
    return std::nullopt;
}

}  // namespace

struct MediaSniffer::State {
    std::array<std::byte, kHeadSize> head{};
    std::size_t head_len = 0;
    std::uint64_t total = 0;
    TextCheck text;
    JpegSizeReader jpeg;
    TiffSizeReader tiff;
};

MediaSniffer::MediaSniffer() : m_state(std::make_unique<State>()) {}

MediaSniffer::~MediaSniffer() = default;

void MediaSniffer::feed(std::span<const std::byte> chunk) {
    State& s = *m_state;
    const std::size_t take = std::min(chunk.size(), s.head.size() - s.head_len);
    if (take > 0) {
        std::memcpy(s.head.data() + s.head_len, chunk.data(), take);
        s.head_len += take;
    }
    // Each reader stops looking at bytes once it has its answer, so a long file costs only
    // the loop over its chunks.
    s.text.feed(chunk);
    s.jpeg.feed(chunk);
    s.tiff.feed(chunk);
    s.total += chunk.size();
}

MediaInfo MediaSniffer::result() const {
    const State& s = *m_state;
    const std::span<const std::byte> head(s.head.data(), s.head_len);
    const Kind kind = sniff_kind(head, s.text.is_text(s.total));

    std::optional<Size> size;
    switch (kind) {
        case Kind::png:
            size = png_size(head);
            break;
        case Kind::jpeg:
            size = s.jpeg.size();
            break;
        case Kind::webp:
            size = webp_size(head);
            break;
        case Kind::gif:
            size = gif_size(head);
            break;
        case Kind::bmp:
            size = bmp_size(head);
            break;
        case Kind::tiff:
            size = s.tiff.size();
            break;
        default:
            break;
    }

    MediaInfo info;
    info.media_type = std::string(name_of(kind).media_type);
    if (size) {
        info.width = size->width;
        info.height = size->height;
    }
    return info;
}

MediaInfo sniff_media(std::span<const std::byte> data) {
    MediaSniffer sniffer;
    sniffer.feed(data);
    return sniffer.result();
}

std::string extension_for(std::string_view media_type) {
    // Parameters such as "; charset=utf-8" and letter case do not change the type.
    media_type = media_type.substr(0, media_type.find(';'));
    while (!media_type.empty() && media_type.back() == ' ')
        media_type.remove_suffix(1);
    for (const TypeName& name : kTypeNames) {
        if (std::equal(media_type.begin(), media_type.end(), name.media_type.begin(),
                       name.media_type.end(), [](char a, char b) {
                           return std::tolower(static_cast<unsigned char>(a)) == b;
                       }))
            return std::string(name.extension);
    }
    return "bin";
}

}  // namespace scelle::core
