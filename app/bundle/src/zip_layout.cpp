// The strict check of a zip file's raw layout (zip_layout.h). Written by hand because no zip
// library says whether a file is exactly one archive: each, libzip included, looks for the
// archive its own way (the last end record, the one whose central directory checks out best,
// an offset adjusted for data in front) and reads past what does not fit. Two tools may then
// read two different archives from one file, and a bundle that verifies could show other files
// to the person who opens it with unzip or 7-Zip. The rules here leave no room for a choice.
#include "zip_layout.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_detail {

namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kZip64EndSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;
constexpr std::uint32_t kDescriptorSig = 0x08074b50;

constexpr std::uint64_t kLocalLen = 30;
constexpr std::uint64_t kCentralLen = 46;
constexpr std::uint64_t kEndLen = 22;
constexpr std::uint64_t kZip64EndLen = 56;
constexpr std::uint64_t kZip64LocatorLen = 20;
constexpr std::uint64_t kMaxComment = 0xffff;
constexpr std::uint32_t kSaturated32 = 0xffffffff;
constexpr std::uint16_t kSaturated16 = 0xffff;

// A bundle's central directory is far smaller (100,000 short names at most).
constexpr std::uint64_t kMaxCentralDirectory = 64ull << 20;

// General purpose flags a bundle may use: encrypted (bit 0, WinZip AES only), the deflate
// level (bits 1-2), data descriptor (bit 3), UTF-8 names (bit 11).
constexpr std::uint16_t kFlagEncrypted = 0x0001;
constexpr std::uint16_t kFlagDescriptor = 0x0008;
constexpr std::uint16_t kAllowedFlags = 0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0800;

// "Version needed to extract": unzip 6.0 extracts entries up to 4.6 ("can do v4.6"), Python's
// zipfile up to 6.3, and a WinZip AES entry needs 5.1, which only 7-Zip (no version limit)
// opens among them.
constexpr unsigned kMaxPlainVersion = 46;
constexpr unsigned kMaxAesVersion = 63;
constexpr std::uint16_t kZip64Version = 45;

constexpr std::uint16_t kMethodAes = 99;
constexpr std::uint16_t kExtraZip64 = 0x0001;
constexpr std::uint16_t kExtraAes = 0x9901;
constexpr std::uint16_t kExtraUnicodePath = 0x7075;
constexpr std::uint16_t kExtraUnicodeComment = 0x6375;

std::uint16_t get16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
std::uint32_t get32(const unsigned char* p) {
    return static_cast<std::uint32_t>(get16(p)) | static_cast<std::uint32_t>(get16(p + 2)) << 16;
}
std::uint64_t get64(const unsigned char* p) {
    return static_cast<std::uint64_t>(get32(p)) | static_cast<std::uint64_t>(get32(p + 4)) << 32;
}
const unsigned char* bytes(const std::string& s, std::size_t at = 0) {
    return reinterpret_cast<const unsigned char*>(s.data()) + at;
}

bool is_signature(std::uint32_t s) {
    return s == kLocalSig || s == kCentralSig || s == kEndSig || s == kZip64EndSig ||
           s == kZip64LocatorSig || s == kDescriptorSig;
}

// Where a zip record signature ("PK" and two bytes) occurs in `s`, if anywhere.
std::optional<std::size_t> find_signature(std::string_view s) {
    for (std::size_t i = 0; i + 4 <= s.size(); ++i)
        if (s[i] == 'P' && s[i + 1] == 'K' &&
            is_signature(get32(reinterpret_cast<const unsigned char*>(s.data()) + i)))
            return i;
    return std::nullopt;
}

// The fields of one header that local and central must agree on.
struct Header {
    std::uint16_t version_needed = 0;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint16_t time = 0;
    std::uint16_t date = 0;
    std::uint32_t crc = 0;
    std::uint64_t comp_size = 0;
    std::uint64_t size = 0;
    std::string name;
    std::string aes;  // the WinZip AES extra field's data, empty without one
};

struct CentralEntry {
    Header h;
    std::uint64_t offset = 0;
    bool offset_in_zip64 = false;  // the offset is in the zip64 extra field
};

// The extra fields of one header, checked well formed.
struct Extras {
    std::optional<std::string> zip64;
    std::optional<std::string> aes;
};

class Checker {
  public:
    Checker(zip_source_t* source, std::uint64_t size, ZipLayout& layout)
        : m_src(source), m_size(size), m_layout(layout) {}

    bool run() { return find_end() && read_end_records() && read_central() && walk_entries(); }

    bool read_failed = false;
    std::string kind;
    std::string path;
    std::string detail;

  private:
    bool refuse(std::string k, std::string d, std::string p = {}) {
        kind = std::move(k);
        detail = std::move(d);
        path = std::move(p);
        return false;
    }

    // Reads exactly `len` bytes at `at` into `out`. A file shorter than that is a layout
    // problem for the caller; an error of the source is recorded as a read error.
    bool read(std::uint64_t at, std::uint64_t len, std::string& out) {
        out.clear();
        if (at > m_size || len > m_size - at)
            return false;
        out.resize(static_cast<std::size_t>(len));
        if (len == 0)
            return true;
        if (zip_source_seek(m_src, static_cast<zip_int64_t>(at), SEEK_SET) != 0)
            return read_error();
        std::size_t got = 0;
        while (got < out.size()) {
            const zip_int64_t r = zip_source_read(m_src, out.data() + got, out.size() - got);
            if (r < 0)
                return read_error();
            if (r == 0)
                break;
            got += static_cast<std::size_t>(r);
        }
        if (got != out.size()) {
            // The file is shorter than its size said: it changed while being read.
            read_failed = true;
            detail = "the file changed while it was being read";
            return false;
        }
        return true;
    }
    bool read_error() {
        read_failed = true;
        detail = zip_error_strerror(zip_source_error(m_src));
        return false;
    }
    std::optional<std::uint32_t> signature_at(std::uint64_t at) {
        std::string b;
        if (!read(at, 4, b))
            return std::nullopt;
        return get32(bytes(b));
    }

    // The end-of-central-directory record: the one whose comment ends the file exactly.
    bool find_end() {
        if (m_size < kEndLen)
            return true;  // not a zip archive: libzip says so
        const std::uint64_t tail_len = std::min(m_size, kEndLen + kMaxComment);
        const std::uint64_t tail_at = m_size - tail_len;
        std::string tail;
        if (!read(tail_at, tail_len, tail))
            return false;
        std::optional<std::uint64_t> last;
        for (std::uint64_t i = tail_len - kEndLen + 1; i-- > 0;) {
            if (get32(bytes(tail, i)) != kEndSig)
                continue;
            if (!last)
                last = i;
            if (i + kEndLen + get16(bytes(tail, i + 20)) == tail_len) {
                m_end = tail_at + i;
                m_end_record.assign(tail, i, kEndLen);
                m_comment = tail.substr(i + kEndLen);
                break;
            }
        }
        if (!last)
            return true;  // no end record at all: not a zip archive, or truncated
        m_layout.found = true;
        if (!m_end) {
            const std::uint64_t after = tail_len - (*last + kEndLen);
            const std::uint16_t declared = get16(bytes(tail, *last + 20));
            if (declared > after)
                return refuse("zip_layout",
                              fmt::format("the end-of-central-directory record declares a "
                                          "{}-byte comment, but only {} bytes follow it",
                                          declared, after));
            const std::string_view extra =
                std::string_view(tail).substr(*last + kEndLen + declared);
            if (find_signature(extra))
                return refuse("zip_second_archive",
                              fmt::format("the {} bytes after the end of the zip archive hold "
                                          "another archive's records",
                                          extra.size()));
            return refuse("zip_extra_bytes",
                          fmt::format("{} bytes follow the end of the zip archive (its "
                                      "end-of-central-directory record and {}-byte comment)",
                                      extra.size(), declared));
        }
        if (auto at = find_signature(m_comment))
            return refuse("zip_second_archive",
                          fmt::format("the archive comment holds a zip record signature (at "
                                      "offset {}): another archive's records",
                                      *m_end + kEndLen + *at));
        return true;
    }

    // The end record, and the zip64 end record and locator when present; where the central
    // directory must be.
    bool read_end_records() {
        if (!m_end)
            return true;
        const unsigned char* e = bytes(m_end_record);
        const std::uint16_t disk = get16(e + 4);
        const std::uint16_t cd_disk = get16(e + 6);
        const std::uint16_t n_disk = get16(e + 8);
        const std::uint16_t n = get16(e + 10);
        const std::uint32_t cd_size = get32(e + 12);
        const std::uint32_t cd_offset = get32(e + 16);
        m_entries = n;
        m_cd_size = cd_size;
        m_cd_offset = cd_offset;
        m_cd_end = *m_end;
        bool locator = false;
        std::string loc;
        if (*m_end >= kZip64LocatorLen) {
            if (!read(*m_end - kZip64LocatorLen, kZip64LocatorLen, loc))
                return false;
            locator = get32(bytes(loc)) == kZip64LocatorSig;
        }
        const bool saturated = disk == kSaturated16 || cd_disk == kSaturated16 ||
                               n_disk == kSaturated16 || n == kSaturated16 ||
                               cd_size == kSaturated32 || cd_offset == kSaturated32;
        if (!locator) {
            if (saturated)
                return refuse("zip_layout",
                              "the end-of-central-directory record defers to zip64 end records "
                              "that are missing");
            if (disk != 0 || cd_disk != 0)
                return refuse("zip_layout", "the archive says it spans several disks");
            if (n_disk != n)
                return refuse("zip_layout",
                              fmt::format("the end record's entry counts disagree ({} on this "
                                          "disk, {} in all)",
                                          n_disk, n));
            return true;
        }
        // Zip64: the locator names the zip64 end record, which must come right before it.
        const unsigned char* l = bytes(loc);
        const std::uint64_t z_at = get64(l + 8);
        if (get32(l + 4) != 0 || get32(l + 16) > 1)
            return refuse("zip_layout", "the archive says it spans several disks");
        const std::uint64_t loc_at = *m_end - kZip64LocatorLen;
        std::string z;
        if (z_at > loc_at || loc_at - z_at < kZip64EndLen || !read(z_at, kZip64EndLen, z) ||
            get32(bytes(z)) != kZip64EndSig)
            return read_failed ? false
                               : refuse("zip_layout",
                                        fmt::format("the zip64 end locator names no zip64 end "
                                                    "record at offset {}",
                                                    z_at));
        const unsigned char* r = bytes(z);
        if (get64(r + 4) != kZip64EndLen - 12)
            return refuse("zip_layout",
                          "the zip64 end record has an extensible data sector, which a bundle "
                          "never has");
        if (z_at + kZip64EndLen != loc_at)
            return refuse("zip_extra_bytes",
                          fmt::format("{} bytes lie between the zip64 end record (offset {}) and "
                                      "its locator (offset {})",
                                      loc_at - z_at - kZip64EndLen, z_at, loc_at));
        m_zip64_records = z + loc;
        const std::uint64_t n64_disk = get64(r + 24);
        const std::uint64_t n64 = get64(r + 32);
        const std::uint64_t size64 = get64(r + 40);
        const std::uint64_t offset64 = get64(r + 48);
        if (get32(r + 16) != 0 || get32(r + 20) != 0 || (disk != 0 && disk != kSaturated16) ||
            (cd_disk != 0 && cd_disk != kSaturated16))
            return refuse("zip_layout", "the archive says it spans several disks");
        if (n64_disk != n64 || (n != kSaturated16 && n != n64) ||
            (n_disk != kSaturated16 && n_disk != n64))
            return refuse("zip_layout",
                          fmt::format("the end records' entry counts disagree ({} and {} in the "
                                      "zip64 end record, {} and {} in the end record)",
                                      n64_disk, n64, n_disk, n));
        if ((cd_size != kSaturated32 && cd_size != size64) ||
            (cd_offset != kSaturated32 && cd_offset != offset64))
            return refuse("zip_layout",
                          "the end record and the zip64 end record place the central "
                          "directory differently");
        m_entries = n64;
        m_cd_size = size64;
        m_cd_offset = offset64;
        m_cd_end = z_at;
        return true;
    }

    // The central directory: right before the end records, every entry well formed.
    bool read_central() {
        if (!m_end)
            return true;
        // Too many entries for a bundle: the limits check refuses it without reading them.
        if (m_entries > bundle::kMaxEntries)
            return true;
        if (m_cd_offset > m_cd_end || m_cd_size > m_cd_end - m_cd_offset)
            return refuse("zip_layout",
                          fmt::format("the central directory the end record names (offset {}, "
                                      "{} bytes) runs past the end record (offset {})",
                                      m_cd_offset, m_cd_size, m_cd_end));
        if (m_cd_offset + m_cd_size != m_cd_end)
            return misplaced_central();
        if (m_cd_size > kMaxCentralDirectory)
            return refuse("zip_layout",
                          fmt::format("the central directory is {} bytes, more than a bundle's "
                                      "can be",
                                      m_cd_size));
        std::string cd;
        if (!read(m_cd_offset, m_cd_size, cd))
            return false;
        // Another end record signature before the real one could be taken for it.
        for (const std::string* region : {&cd, &m_zip64_records}) {
            const std::size_t at = region->find("PK\x05\x06");
            if (at != std::string::npos)
                return refuse("zip_second_archive",
                              fmt::format("the central directory or zip64 end records hold "
                                          "another end record's signature (offset {})",
                                          (region == &cd ? m_cd_offset : m_cd_end) + at));
        }
        std::size_t p = 0;
        for (std::uint64_t k = 0; k < m_entries; ++k) {
            if (cd.size() - p < kCentralLen || get32(bytes(cd, p)) != kCentralSig)
                return refuse("zip_layout",
                              fmt::format("the central directory holds {} entries; the end "
                                          "record says {}",
                                          k, m_entries));
            if (!parse_central(cd, p, k))
                return false;
        }
        if (p != cd.size())
            return refuse("zip_layout",
                          fmt::format("the central directory holds more than the {} entries "
                                      "the end record says, or {} stray bytes",
                                      m_entries, cd.size() - p));
        m_layout.walked = true;
        return true;
    }

    // The central directory does not end where the end records begin: the bytes between are
    // outside the archive libzip would read, and are what unzip and Python read instead.
    bool misplaced_central() {
        const std::uint64_t gap = m_cd_end - m_cd_offset - m_cd_size;
        const auto after_named = signature_at(m_cd_offset + m_cd_size);
        if (read_failed)
            return false;
        if (after_named == kEndSig || after_named == kZip64EndSig)
            return refuse("zip_second_archive",
                          fmt::format("the file holds two zip archives: the central directory "
                                      "the last end record names (offset {}) is followed by "
                                      "another end record (offset {}), and other tools read "
                                      "the archive {} bytes further on",
                                      m_cd_offset, m_cd_offset + m_cd_size, gap));
        const auto at_shifted = signature_at(m_cd_end - m_cd_size);
        const auto at_start = signature_at(0);
        if (read_failed)
            return false;
        if (at_shifted == kCentralSig && at_start == kLocalSig)
            return refuse("zip_second_archive",
                          fmt::format("the file holds two zip archives: {} bytes of zip records "
                                      "come before the archive the end record describes, and "
                                      "tools differ on which one they read",
                                      gap));
        if (at_shifted == kCentralSig)
            return refuse("zip_extra_bytes",
                          fmt::format("{} bytes come before the zip archive (for example a "
                                      "self-extracting program); other tools skip them",
                                      gap));
        return refuse("zip_extra_bytes",
                      fmt::format("{} bytes lie between the central directory (ending at offset "
                                  "{}) and the end record (offset {})",
                                  gap, m_cd_offset + m_cd_size, m_cd_end));
    }

    // The extra fields of a header, which must be well formed; the ones that change how an
    // entry is read are kept.
    bool parse_extras(std::string_view extra, const std::string& shown, const char* where,
                      Extras& out) {
        std::size_t p = 0;
        while (p < extra.size()) {
            if (extra.size() - p < 4)
                return refuse("zip_layout", fmt::format("the {} extra fields are malformed", where),
                              shown);
            const auto* h = reinterpret_cast<const unsigned char*>(extra.data()) + p;
            const std::uint16_t id = get16(h);
            const std::uint16_t len = get16(h + 2);
            if (extra.size() - p - 4 < len)
                return refuse("zip_layout", fmt::format("the {} extra fields are malformed", where),
                              shown);
            const std::string data(extra.substr(p + 4, len));
            if (id == kExtraUnicodePath || id == kExtraUnicodeComment)
                return refuse("zip_header_mismatch",
                              fmt::format("the {} header carries an Info-ZIP Unicode extra field "
                                          "(0x{:04x}), which other tools read instead of the "
                                          "entry's name or comment",
                                          where, id),
                              shown);
            std::optional<std::string>* slot = id == kExtraZip64 ? &out.zip64
                                               : id == kExtraAes ? &out.aes
                                                                 : nullptr;
            if (slot != nullptr) {
                if (*slot)
                    return refuse(
                        "zip_layout",
                        fmt::format("the {} header has two extra fields 0x{:04x}", where, id),
                        shown);
                *slot = data;
            }
            p += 4 + len;
        }
        return true;
    }

    // The AES extra field's data, checked; `method` becomes the method of the data inside.
    bool check_aes(const Header& h, const std::string& shown) {
        const bool flagged = (h.flags & kFlagEncrypted) != 0;
        if (h.method != kMethodAes) {
            if (!h.aes.empty())
                return refuse("zip_layout",
                              "a WinZip AES extra field on an entry that is not AES-encrypted",
                              shown);
            return true;
        }
        const auto* a = bytes(h.aes);
        if (h.aes.size() != 7 || (get16(a) != 1 && get16(a) != 2) || a[2] != 'A' || a[3] != 'E' ||
            a[4] < 1 || a[4] > 3 || !flagged)
            return refuse("zip_layout", "a WinZip AES entry without a valid AES extra field",
                          shown);
        return true;
    }

    bool parse_central(const std::string& cd, std::size_t& p, std::uint64_t k) {
        const unsigned char* c = bytes(cd, p);
        CentralEntry e;
        Header& h = e.h;
        h.version_needed = get16(c + 6);
        h.flags = get16(c + 8);
        h.method = get16(c + 10);
        h.time = get16(c + 12);
        h.date = get16(c + 14);
        h.crc = get32(c + 16);
        const std::uint32_t comp32 = get32(c + 20);
        const std::uint32_t size32 = get32(c + 24);
        const std::uint16_t name_len = get16(c + 28);
        const std::uint16_t extra_len = get16(c + 30);
        const std::uint16_t comment_len = get16(c + 32);
        const std::uint16_t disk = get16(c + 34);
        const std::uint32_t offset32 = get32(c + 42);
        const std::size_t var = std::size_t{name_len} + extra_len + comment_len;
        if (cd.size() - p - kCentralLen < var)
            return refuse("zip_layout",
                          fmt::format("central directory entry {} runs past the central "
                                      "directory",
                                      k));
        h.name = cd.substr(p + kCentralLen, name_len);
        const std::string shown = printable_name(h.name);
        Extras ex;
        if (!parse_extras(std::string_view(cd).substr(p + kCentralLen + name_len, extra_len), shown,
                          "central", ex))
            return false;
        p += kCentralLen + var;
        if (ex.aes)
            h.aes = *ex.aes;
        // Zip64: each field saturated in the header is in the extra field, in this order.
        std::size_t need = (size32 == kSaturated32 ? 8 : 0) + (comp32 == kSaturated32 ? 8 : 0) +
                           (offset32 == kSaturated32 ? 8 : 0) + (disk == kSaturated16 ? 4 : 0);
        if ((need > 0 || ex.zip64) && (!ex.zip64 || ex.zip64->size() != need))
            return refuse("zip_layout",
                          "the central zip64 extra field does not hold exactly the sizes and "
                          "offset the header defers to it",
                          shown);
        std::size_t z = 0;
        auto take = [&](std::uint64_t v32, bool saturated) -> std::uint64_t {
            if (!saturated)
                return v32;
            const std::uint64_t v = get64(bytes(*ex.zip64, z));
            z += 8;
            return v;
        };
        h.size = take(size32, size32 == kSaturated32);
        h.comp_size = take(comp32, comp32 == kSaturated32);
        e.offset = take(offset32, offset32 == kSaturated32);
        e.offset_in_zip64 = offset32 == kSaturated32;
        const std::uint32_t disk32 = disk == kSaturated16 ? get32(bytes(*ex.zip64, z)) : disk;
        if (disk32 != 0)
            return refuse("zip_layout", "the entry says it starts on another disk", shown);
        if ((h.flags & ~kAllowedFlags) != 0)
            return refuse(
                "zip_layout",
                fmt::format("general purpose flags 0x{:04x}, which a bundle never uses", h.flags),
                shown);
        if (!check_aes(h, shown))
            return false;
        const unsigned version = h.version_needed & 0xff;
        const unsigned max_version = h.method == kMethodAes ? kMaxAesVersion : kMaxPlainVersion;
        if (version > max_version)
            return refuse(
                "zip_layout",
                fmt::format("the entry needs zip version {}.{} to be extracted; {} "
                            "none above {}.{}",
                            version / 10, version % 10,
                            h.method == kMethodAes ? "zip readers accept" : "unzip 6.0 extracts",
                            max_version / 10, max_version % 10),
                shown);
        m_central.push_back(std::move(e));
        return true;
    }

    // Every local entry, from offset 0 to the central directory, agreeing with its central
    // entry.
    bool walk_entries() {
        if (!m_layout.walked)
            return true;
        std::uint64_t pos = 0;
        const CentralEntry* prev = nullptr;
        for (const CentralEntry& e : m_central) {
            const std::string shown = printable_name(e.h.name);
            if (e.offset != pos) {
                if (prev == nullptr)
                    return bytes_before(e.offset);
                const std::string before = printable_name(prev->h.name);
                if (e.offset > pos)
                    return refuse("zip_layout",
                                  fmt::format("{} bytes between the entries {} (ending at "
                                              "offset {}) and {} (offset {}) belong to no entry",
                                              e.offset - pos, before, pos, shown, e.offset),
                                  shown);
                return refuse("zip_layout",
                              fmt::format("the entry (offset {}) starts inside the entry {}, "
                                          "which ends at offset {}, or is out of order",
                                          e.offset, before, pos),
                              shown);
            }
            std::uint64_t data_offset = 0;
            if (!check_local(e, shown, pos, data_offset))
                return false;
            m_layout.entries.push_back({e.h.name, e.h.crc, e.h.comp_size, e.h.size, data_offset});
            prev = &e;
        }
        if (pos != m_cd_offset) {
            const auto sig = signature_at(pos);
            if (read_failed)
                return false;
            if (sig && is_signature(*sig))
                return refuse("zip_second_archive",
                              fmt::format("the {} bytes between the last entry (ending at offset "
                                          "{}) and the central directory hold zip records no "
                                          "central entry lists",
                                          m_cd_offset - pos, pos));
            return refuse("zip_extra_bytes",
                          fmt::format("{} bytes lie between the last entry (ending at offset {}) "
                                      "and the central directory (offset {})",
                                      m_cd_offset - pos, pos, m_cd_offset));
        }
        return true;
    }

    bool bytes_before(std::uint64_t first) {
        const auto sig = signature_at(0);
        if (read_failed)
            return false;
        if (sig == kLocalSig)
            return refuse("zip_second_archive",
                          fmt::format("the first {} bytes hold zip entries the central "
                                      "directory does not list",
                                      first));
        return refuse("zip_extra_bytes",
                      fmt::format("{} bytes come before the first entry (for example a "
                                  "self-extracting program)",
                                  first));
    }

    bool mismatch(const std::string& shown, std::string_view field, const std::string& local,
                  const std::string& central) {
        return refuse("zip_header_mismatch",
                      fmt::format("the local header says {} {}, the central directory {}", field,
                                  local, central),
                      shown);
    }

    // One local header, its data and its data descriptor; `pos` moves past them, `data_offset`
    // is where the data starts.
    bool check_local(const CentralEntry& e, const std::string& shown, std::uint64_t& pos,
                     std::uint64_t& data_offset) {
        const Header& c = e.h;
        std::string fixed;
        if (pos > m_cd_offset || m_cd_offset - pos < kLocalLen || !read(pos, kLocalLen, fixed) ||
            get32(bytes(fixed)) != kLocalSig)
            return read_failed ? false
                               : refuse("zip_layout",
                                        fmt::format("no local header at offset {}", pos), shown);
        const unsigned char* l = bytes(fixed);
        Header h;
        h.version_needed = get16(l + 4);
        h.flags = get16(l + 6);
        h.method = get16(l + 8);
        h.time = get16(l + 10);
        h.date = get16(l + 12);
        h.crc = get32(l + 14);
        const std::uint32_t comp32 = get32(l + 18);
        const std::uint32_t size32 = get32(l + 22);
        const std::uint16_t name_len = get16(l + 26);
        const std::uint16_t extra_len = get16(l + 28);
        const std::uint64_t header_end = pos + kLocalLen + name_len + extra_len;
        std::string var;
        if (header_end > m_cd_offset || !read(pos + kLocalLen, name_len + extra_len, var))
            return read_failed ? false
                               : refuse("zip_layout",
                                        "the local header runs into the central "
                                        "directory",
                                        shown);
        h.name = var.substr(0, name_len);
        Extras ex;
        if (!parse_extras(std::string_view(var).substr(name_len), shown, "local", ex))
            return false;
        if (ex.aes)
            h.aes = *ex.aes;

        if (h.name != c.name)
            return mismatch(shown, "the name", "\"" + printable_name(h.name) + "\"",
                            "\"" + shown + "\"");
        if (h.flags != c.flags)
            return mismatch(shown, "general purpose flags", fmt::format("0x{:04x}", h.flags),
                            fmt::format("0x{:04x}", c.flags));
        // libzip (and Python) raise the central entry's version to 4.5 when only its offset
        // needs zip64, past 4 GiB: the local header keeps the lower one. Every reader takes
        // the central one.
        const bool zip64_offset_only = e.offset_in_zip64 && c.version_needed == kZip64Version &&
                                       h.version_needed < kZip64Version;
        if (h.version_needed != c.version_needed && !zip64_offset_only)
            return mismatch(shown, "version needed to extract",
                            fmt::format("{}.{}", h.version_needed / 10, h.version_needed % 10),
                            fmt::format("{}.{}", c.version_needed / 10, c.version_needed % 10));
        if (h.method != c.method)
            return mismatch(shown, "compression method", std::to_string(h.method),
                            std::to_string(c.method));
        if (h.time != c.time || h.date != c.date)
            return mismatch(shown, "modification time",
                            fmt::format("0x{:04x}{:04x}", h.date, h.time),
                            fmt::format("0x{:04x}{:04x}", c.date, c.time));
        if (h.aes != c.aes)
            return mismatch(shown, "WinZip AES extra field",
                            h.aes.empty() ? "none" : "0x" + hex(h.aes),
                            c.aes.empty() ? "none" : "0x" + hex(c.aes));
        // CRC and sizes: equal, or zeros when a data descriptor follows the data. A size saturated
        // in the header is in the zip64 extra field, which holds both sizes.
        const bool descriptor = (h.flags & kFlagDescriptor) != 0;
        if (ex.zip64 && ex.zip64->size() != 16)
            return refuse("zip_layout",
                          "the local zip64 extra field does not hold exactly the two sizes", shown);
        if ((size32 == kSaturated32 || comp32 == kSaturated32) && !ex.zip64)
            return refuse("zip_layout",
                          "the local header defers its sizes to a zip64 extra field it lacks",
                          shown);
        auto agrees = [descriptor](std::uint64_t local, std::uint64_t central) {
            return local == central || (descriptor && local == 0);
        };
        if (!agrees(h.crc, c.crc))
            return mismatch(shown, "CRC-32", fmt::format("{:08x}", h.crc),
                            fmt::format("{:08x}", c.crc));
        const std::uint64_t size = size32 == kSaturated32 ? get64(bytes(*ex.zip64)) : size32;
        const std::uint64_t comp = comp32 == kSaturated32 ? get64(bytes(*ex.zip64, 8)) : comp32;
        if (!agrees(size, c.size) || (ex.zip64 && !agrees(get64(bytes(*ex.zip64)), c.size)))
            return mismatch(shown, "uncompressed size",
                            std::to_string(ex.zip64 ? get64(bytes(*ex.zip64)) : size),
                            std::to_string(c.size));
        if (!agrees(comp, c.comp_size) ||
            (ex.zip64 && !agrees(get64(bytes(*ex.zip64, 8)), c.comp_size)))
            return mismatch(shown, "compressed size",
                            std::to_string(ex.zip64 ? get64(bytes(*ex.zip64, 8)) : comp),
                            std::to_string(c.comp_size));
        if (c.comp_size > m_cd_offset - header_end)
            return refuse("zip_layout",
                          fmt::format("the entry's {} bytes of data run into the central "
                                      "directory",
                                      c.comp_size),
                          shown);
        data_offset = header_end;
        pos = header_end + c.comp_size;
        if (descriptor)
            return check_descriptor(c, shown, ex.zip64.has_value(), pos);
        return true;
    }

    // The data descriptor after an entry's data: optional signature, CRC, then both sizes in
    // 4 bytes, or 8 for an entry with a zip64 local header.
    bool check_descriptor(const Header& c, const std::string& shown, bool zip64,
                          std::uint64_t& pos) {
        const std::uint64_t width = zip64 ? 8 : 4;
        const std::uint64_t room = m_cd_offset - pos;
        std::string d;
        if (!read(pos, std::min<std::uint64_t>(room, 4 + 4 + 2 * width), d))
            return false;
        for (std::size_t skip : {std::size_t{4}, std::size_t{0}}) {
            if (skip == 4 && (d.size() < 4 || get32(bytes(d)) != kDescriptorSig))
                continue;
            if (d.size() < skip + 4 + 2 * width)
                continue;
            const unsigned char* p = bytes(d, skip);
            const std::uint64_t comp = zip64 ? get64(p + 4) : get32(p + 4);
            const std::uint64_t size = zip64 ? get64(p + 12) : get32(p + 8);
            if (get32(p) == c.crc && comp == c.comp_size && size == c.size) {
                pos += skip + 4 + 2 * width;
                return true;
            }
        }
        return refuse("zip_header_mismatch",
                      "the data descriptor after the entry's data is missing or disagrees with "
                      "the central directory",
                      shown);
    }

    static std::string hex(const std::string& s) {
        std::string out;
        for (unsigned char ch : s)
            out += fmt::format("{:02x}", ch);
        return out;
    }

    zip_source_t* m_src;
    std::uint64_t m_size;
    ZipLayout& m_layout;
    std::optional<std::uint64_t> m_end;  // offset of the end-of-central-directory record
    std::string m_end_record;
    std::string m_comment;
    std::string m_zip64_records;  // the zip64 end record and locator, when present
    std::uint64_t m_entries = 0;
    std::uint64_t m_cd_size = 0;
    std::uint64_t m_cd_offset = 0;
    std::uint64_t m_cd_end = 0;  // where the central directory must end
    std::vector<CentralEntry> m_central;
};

}  // namespace

bool check_zip_layout(zip_source_t* source, ZipLayout& layout, Verification& v) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(source, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        v.problem(ProblemClass::unreadable, "read_error", "", "the file's size cannot be read");
        return false;
    }
    Checker c(source, st.size, layout);
    if (c.run())
        return true;
    if (c.read_failed)
        v.problem(ProblemClass::unreadable, "read_error", "", c.detail);
    else
        v.problem(ProblemClass::unsafe, c.kind, c.path, c.detail);
    return false;
}

bool libzip_reads_layout(zip_t* za, const ZipLayout& layout, Verification& v) {
    if (!layout.walked)
        return true;
    const zip_int64_t n = zip_get_num_entries(za, 0);
    bool same = n >= 0 && static_cast<std::uint64_t>(n) == layout.entries.size();
    for (std::size_t i = 0; same && i < layout.entries.size(); ++i) {
        const ZipLayoutEntry& e = layout.entries[i];
        zip_stat_t st;
        zip_stat_init(&st);
        // libzip gives names as C strings: a name with a NUL byte (refused later as unsafe)
        // is compared up to it.
        same = zip_stat_index(za, i, ZIP_FL_ENC_RAW, &st) == 0 && st.name != nullptr &&
               std::string_view(e.name).substr(0, e.name.find('\0')) == st.name &&
               (st.valid & ZIP_STAT_SIZE) && st.size == e.size && (st.valid & ZIP_STAT_COMP_SIZE) &&
               st.comp_size == e.comp_size;
    }
    if (!same)
        v.problem(ProblemClass::unsafe, "zip_second_archive", "",
                  "the zip library reads another central directory than the one at the end of "
                  "the file");
    return same;
}

}  // namespace scelle::core::bundle_detail
