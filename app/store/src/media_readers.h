// Stream readers for media sniffing: byte helpers, a UTF-8 text check, and the JPEG and
// TIFF size readers that walk a file chunk by chunk with a few bytes of state. Internal to
// media.cpp (split out to keep each file readable); not part of the public interface.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

namespace scelle::core::media_detail {

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

inline std::uint8_t u8(std::byte b) {
    return std::to_integer<std::uint8_t>(b);
}

inline std::uint32_t be16(const std::byte* p) {
    return std::uint32_t{u8(p[0])} << 8 | u8(p[1]);
}

inline std::uint32_t be32(const std::byte* p) {
    return be16(p) << 16 | be16(p + 2);
}

inline std::uint32_t le16(const std::byte* p) {
    return std::uint32_t{u8(p[1])} << 8 | u8(p[0]);
}

inline std::uint32_t le24(const std::byte* p) {
    return std::uint32_t{u8(p[2])} << 16 | le16(p);
}

inline std::uint32_t le32(const std::byte* p) {
    return le16(p + 2) << 16 | le16(p);
}

// True when `data` holds `magic` at offset `at` (false when too short to tell).
inline bool has_at(std::span<const std::byte> data, std::size_t at, std::string_view magic) {
    if (data.size() < at || data.size() - at < magic.size())
        return false;
    return std::memcmp(data.data() + at, magic.data(), magic.size()) == 0;
}

struct Size {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

inline std::optional<Size> valid_size(std::uint32_t width, std::uint32_t height) {
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

}  // namespace scelle::core::media_detail
