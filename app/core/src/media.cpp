// Media-type sniffing and header-only pixel sizes, over a stream of chunks.
//
// Written by hand because no well-kept library does this for a stream with bounded memory:
// libmagic wants the file or a whole buffer, and the image decoders want to own the read loop.
// Every reader here looks at bytes only through bounds-checked offsets of the small head
// buffer, or one byte at a time in a state machine, so a malformed or truncated header can
// only end in "no size", never in a read out of bounds.
#include "scelle/core/media.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace scelle::core {

namespace {

// Signatures are written as string_view literals so that embedded NUL bytes count.
using namespace std::string_view_literals;

// The fixed-offset signatures and headers all sit in the first few dozen bytes; the list of
// compatible brands of an ISO BMFF "ftyp" box is the longest thing read from the head, and
// the longest lists seen in practice are a few dozen bytes, so 512 leaves a wide margin.
constexpr std::size_t kHeadSize = 512;
// Text is judged on the start of the file only, so that the cost stays bounded.
constexpr std::size_t kTextWindow = 8192;
// PNG, and most other formats, reject dimensions that do not fit a signed 32-bit integer.
constexpr std::uint32_t kMaxDimension = 0x7FFFFFFF;

std::uint8_t u8(std::byte b) {
    return std::to_integer<std::uint8_t>(b);
}

std::uint32_t be16(const std::byte* p) {
    return std::uint32_t{u8(p[0])} << 8 | u8(p[1]);
}

std::uint32_t be32(const std::byte* p) {
    return be16(p) << 16 | be16(p + 2);
}

std::uint32_t le16(const std::byte* p) {
    return std::uint32_t{u8(p[1])} << 8 | u8(p[0]);
}

std::uint32_t le24(const std::byte* p) {
    return std::uint32_t{u8(p[2])} << 16 | le16(p);
}

std::uint32_t le32(const std::byte* p) {
    return le16(p + 2) << 16 | le16(p);
}

// True when `data` holds `magic` at offset `at` (false when too short to tell).
bool has_at(std::span<const std::byte> data, std::size_t at, std::string_view magic) {
    if (data.size() < at || data.size() - at < magic.size())
        return false;
    return std::memcmp(data.data() + at, magic.data(), magic.size()) == 0;
}

struct Size {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

std::optional<Size> valid_size(std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0 || width > kMaxDimension || height > kMaxDimension)
        return std::nullopt;
    return Size{width, height};
}

// Checks, a byte at a time, that the start of the file is UTF-8 text: valid sequences only
// (no overlong forms, no surrogates, nothing past U+10FFFF), no NUL, few control characters.
class TextCheck {
  public:
    void feed(std::span<const std::byte> chunk) {
        for (const std::byte b : chunk) {
            if (m_seen >= kTextWindow || m_bad)
                return;
            ++m_seen;
            step(u8(b));
        }
    }

    bool is_text(std::uint64_t total) const {
        if (m_bad || m_seen == 0)
            return false;
        // A character cut by the end of the window is fine; one cut by the end of the file
        // is not valid UTF-8.
        if (m_pending > 0 && total <= kTextWindow)
            return false;
        // More than one control character in 50 is a binary format, not prose or a log.
        return std::uint64_t{m_controls} * 50 <= m_seen;
    }

  private:
    void step(std::uint8_t c) {
        if (m_pending > 0) {
            if (c < m_next_lo || c > m_next_hi) {
                m_bad = true;
                return;
            }
            --m_pending;
            m_next_lo = 0x80;
            m_next_hi = 0xBF;
            return;
        }
        if (c == 0x00) {
            m_bad = true;
        } else if (c < 0x20 || c == 0x7F) {
            // Tab, line feed, form feed and carriage return are ordinary in text files, and
            // terminal logs colour their text with escape sequences.
            if (c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B)
                ++m_controls;
        } else if (c < 0x80) {
            // Printable ASCII.
        } else if (c >= 0xC2 && c <= 0xDF) {
            m_pending = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            m_pending = 2;
            // E0 would start an overlong form below A0; ED would start a UTF-16 surrogate.
            if (c == 0xE0)
                m_next_lo = 0xA0;
            if (c == 0xED)
                m_next_hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            m_pending = 3;
            // F0 would be overlong below 90; F4 goes past U+10FFFF from 90 on.
            if (c == 0xF0)
                m_next_lo = 0x90;
            if (c == 0xF4)
                m_next_hi = 0x8F;
        } else {
            m_bad = true;  // A stray continuation byte, C0, C1 or F5..FF.
        }
    }

    std::uint32_t m_seen = 0;
    std::uint32_t m_controls = 0;
    std::uint8_t m_pending = 0;
    std::uint8_t m_next_lo = 0x80;
    std::uint8_t m_next_hi = 0xBF;
    bool m_bad = false;
};

// Walks the marker segments of a JPEG file from its first byte to the first start-of-frame
// marker, skipping segments by their lengths. EXIF, ICC and XMP segments (up to 64 KB each,
// any number of them) are skipped without being kept, so the state is a handful of bytes.
class JpegSizeReader {
  public:
    void feed(std::span<const std::byte> chunk) {
        std::size_t i = 0;
        while (i < chunk.size() && m_step != Step::done) {
            if (m_step == Step::skip) {
                const auto take = static_cast<std::size_t>(
                    std::min<std::uint64_t>(m_remaining, chunk.size() - i));
                i += take;
                m_remaining -= static_cast<std::uint32_t>(take);
                if (m_remaining == 0)
                    m_step = Step::prefix;
                continue;
            }
            step(u8(chunk[i++]));
        }
    }

    std::optional<Size> size() const { return m_size; }

  private:
    enum class Step { soi0, soi1, prefix, code, length_hi, length_lo, skip, frame, done };

    static bool is_start_of_frame(std::uint8_t marker) {
        // C4 (DHT), C8 (JPG extension) and CC (DAC) share the range but are not frames.
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
               marker != 0xCC;
    }

    static bool is_standalone(std::uint8_t marker) {
        // TEM and the restart markers carry no length field.
        return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
    }

    void step(std::uint8_t c) {
        switch (m_step) {
            case Step::soi0:
                m_step = c == 0xFF ? Step::soi1 : Step::done;
                break;
            case Step::soi1:
                m_step = c == 0xD8 ? Step::prefix : Step::done;
                break;
            case Step::prefix:
                // Like libjpeg, tolerate stray bytes between segments: some writers leave them.
                if (c == 0xFF)
                    m_step = Step::code;
                break;
            case Step::code:
                if (c == 0xFF)
                    break;  // A fill byte; the marker code follows.
                if (c == 0x00 || is_standalone(c)) {
                    m_step = Step::prefix;
                } else if (c == 0xD8 || c == 0xD9 || c == 0xDA) {
                    // A second SOI, the end of the image or the start of scan data before any
                    // frame header: there is no size to find.
                    m_step = Step::done;
                } else {
                    m_marker = c;
                    m_step = Step::length_hi;
                }
                break;
            case Step::length_hi:
                m_length = std::uint32_t{c} << 8;
                m_step = Step::length_lo;
                break;
            case Step::length_lo:
                m_length |= c;
                if (m_length < 2) {
                    m_step = Step::done;
                } else if (is_start_of_frame(m_marker)) {
                    // Precision, height, width and the component count at least.
                    m_step = m_length >= 2 + 6 ? Step::frame : Step::done;
                    m_frame_len = 0;
                } else {
                    m_remaining = m_length - 2;
                    m_step = m_remaining > 0 ? Step::skip : Step::prefix;
                }
                break;
            case Step::frame:
                m_frame[m_frame_len++] = std::byte{c};
                if (m_frame_len == m_frame.size()) {
                    // A height of 0 means it is given later by a DNL marker; not worth chasing.
                    m_size = valid_size(be16(m_frame.data() + 3), be16(m_frame.data() + 1));
                    m_step = Step::done;
                }
                break;
            case Step::skip:
            case Step::done:
                break;
        }
    }

    Step m_step = Step::soi0;
    std::uint8_t m_marker = 0;
    std::uint32_t m_length = 0;
    std::uint32_t m_remaining = 0;
    std::array<std::byte, 5> m_frame{};  // Precision, height, width.
    std::size_t m_frame_len = 0;
    std::optional<Size> m_size;
};

// Reads ImageWidth and ImageLength from the first IFD of a classic TIFF file. The IFD may sit
// anywhere, often at the end, so the reader skips forward to it without keeping the bytes.
class TiffSizeReader {
  public:
    void feed(std::span<const std::byte> chunk) {
        std::size_t i = 0;
        while (i < chunk.size() && m_step != Step::done) {
            if (m_step == Step::seek) {
                const auto take = static_cast<std::size_t>(
                    std::min<std::uint64_t>(m_target - m_pos, chunk.size() - i));
                i += take;
                m_pos += take;
                if (m_pos == m_target)
                    m_step = Step::count;
                continue;
            }
            m_buf[m_buf_len++] = chunk[i++];
            ++m_pos;
            consume_if_complete();
        }
    }

    std::optional<Size> size() const {
        if (!m_width || !m_height)
            return std::nullopt;
        return valid_size(*m_width, *m_height);
    }

  private:
    enum class Step { header, seek, count, entry, done };

    std::uint32_t u16(const std::byte* p) const { return m_big_endian ? be16(p) : le16(p); }
    std::uint32_t u32(const std::byte* p) const { return m_big_endian ? be32(p) : le32(p); }

    void consume_if_complete() {
        switch (m_step) {
            case Step::header:
                if (m_buf_len < 8)
                    return;
                if (has_at(m_buf, 0, "II*\0"sv)) {
                    m_big_endian = false;
                } else if (has_at(m_buf, 0, "MM\0*"sv)) {
                    m_big_endian = true;
                } else {
                    m_step = Step::done;
                    return;
                }
                m_target = u32(m_buf.data() + 4);
                // An IFD inside the header, or behind it, is malformed; the stream cannot go back.
                m_step = m_target >= m_pos ? Step::seek : Step::done;
                if (m_target == m_pos)
                    m_step = Step::count;
                break;
            case Step::count:
                if (m_buf_len < 2)
                    return;
                m_entries = u16(m_buf.data());
                m_step = m_entries > 0 ? Step::entry : Step::done;
                break;
            case Step::entry:
                if (m_buf_len < 12)
                    return;
                read_entry();
                --m_entries;
                if (m_entries == 0 || (m_width && m_height))
                    m_step = Step::done;
                break;
            case Step::seek:
            case Step::done:
                break;
        }
        m_buf_len = 0;
    }

    void read_entry() {
        const std::uint32_t tag = u16(m_buf.data());
        const std::uint32_t type = u16(m_buf.data() + 2);
        const std::uint32_t count = u32(m_buf.data() + 4);
        if ((tag != 256 && tag != 257) || count != 1)
            return;
        // A single SHORT or LONG value is stored in the entry itself, left-justified.
        std::optional<std::uint32_t> value;
        if (type == 3)
            value = u16(m_buf.data() + 8);
        else if (type == 4)
            value = u32(m_buf.data() + 8);
        (tag == 256 ? m_width : m_height) = value;
    }

    Step m_step = Step::header;
    bool m_big_endian = false;
    std::uint64_t m_pos = 0;
    std::uint64_t m_target = 0;
    std::uint32_t m_entries = 0;
    std::array<std::byte, 12> m_buf{};
    std::size_t m_buf_len = 0;
    std::optional<std::uint32_t> m_width;
    std::optional<std::uint32_t> m_height;
};

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
