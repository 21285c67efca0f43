// Taking a zip apart and putting it together again, for tests that make the hostile zips
// libzip will not write: bytes between entries, headers that disagree, a second archive.
// And Python's zipfile writing a folder in the ways a bundle over 4 GiB, or a writer that
// cannot seek back, would be written. Header-only; plain values, thread-safe.
#pragma once

#include <gtest/gtest.h>

#include "child_process.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace scelle::test {

inline std::uint32_t get16(const std::string& s, std::size_t at) {
    return static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8;
}
inline std::uint32_t get32(const std::string& s, std::size_t at) {
    return get16(s, at) | get16(s, at + 2) << 16;
}
inline void put16(std::string& s, std::size_t at, std::uint32_t v) {
    s[at] = static_cast<char>(v & 0xff);
    s[at + 1] = static_cast<char>((v >> 8) & 0xff);
}
inline void put32(std::string& s, std::size_t at, std::uint32_t v) {
    put16(s, at, v & 0xffff);
    put16(s, at + 2, v >> 16);
}

// A zip without zip64 or data descriptors (as libzip writes a small bundle) taken apart, to be
// changed and put together again with its offsets recomputed.
struct ParsedZip {
    struct Entry {
        std::string local;    // the local header with its name and extra field
        std::string data;     // the compressed data
        std::string central;  // the central directory entry
        std::string gap_after;
        std::string name() const { return central.substr(46, get16(central, 28)); }
    };
    std::vector<Entry> entries;
    std::string comment;

    explicit ParsedZip(const std::string& z) {
        const std::size_t end = z.rfind("PK\x05\x06");
        const std::size_t n = get16(z, end + 10);
        std::size_t p = get32(z, end + 16);
        comment = z.substr(end + 22);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t len = 46 + get16(z, p + 28) + get16(z, p + 30) + get16(z, p + 32);
            Entry e;
            e.central = z.substr(p, len);
            const std::size_t at = get32(e.central, 42);
            const std::size_t header = 30 + get16(z, at + 26) + get16(z, at + 28);
            e.local = z.substr(at, header);
            e.data = z.substr(at + header, get32(e.central, 20));
            entries.push_back(std::move(e));
            p += len;
        }
    }
    std::string assemble() const {
        std::string out;
        std::string cd;
        for (const auto& e : entries) {
            std::string c = e.central;
            put32(c, 42, static_cast<std::uint32_t>(out.size()));
            cd += c;
            out += e.local + e.data + e.gap_after;
        }
        const auto cd_offset = static_cast<std::uint32_t>(out.size());
        out += cd;
        std::string eocd(22, '\0');
        put32(eocd, 0, 0x06054b50);
        put16(eocd, 8, static_cast<std::uint32_t>(entries.size()));
        put16(eocd, 10, static_cast<std::uint32_t>(entries.size()));
        put32(eocd, 12, static_cast<std::uint32_t>(cd.size()));
        put32(eocd, 16, cd_offset);
        put16(eocd, 20, static_cast<std::uint32_t>(comment.size()));
        return out + eocd + comment;
    }
    Entry& entry(std::string_view suffix) {
        for (auto& e : entries)
            if (e.name().size() >= suffix.size() &&
                e.name().compare(e.name().size() - suffix.size(), suffix.size(), suffix) == 0)
                return e;
        ADD_FAILURE() << "no entry " << suffix;
        return entries.front();
    }
};

// Zips the files under `src` (names relative to it, sorted, all deflated) into `out` with
// Python's zipfile. `mode` may contain "zip64" (zip64 extra fields and end records everywhere:
// the library's 4 GiB limit lowered to 16 bytes) and "stream" (written to a stream that cannot
// seek, hence data descriptors after each entry's data), or "offsets" (zip64 only for the
// entries that lie past 4 KiB, the limit lowered to that: their central version needed is then
// 4.5 and the local one lower, as libzip writes the entries of a bundle past 4 GiB).
inline ProcResult python_zip(const std::filesystem::path& src, const std::filesystem::path& out,
                             const std::string& mode) {
    static const char* script = R"(
import io, os, sys, zipfile
mode, src, out = sys.argv[1:4]
if 'zip64' in mode:
    zipfile.ZIP64_LIMIT = 16
    zipfile.ZIP_FILECOUNT_LIMIT = 2
if 'offsets' in mode:
    zipfile.ZIP64_LIMIT = 4096
class Stream(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def write(self, b): return self.f.write(b)
names = sorted(os.path.relpath(os.path.join(root, n), src)
               for root, dirs, files in os.walk(src) for n in files)
with open(out, 'wb') as f:
    with zipfile.ZipFile(Stream(f) if 'stream' in mode else f, 'w') as z:
        for name in names:
            zi = zipfile.ZipInfo(name, (2026, 11, 28, 17, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o100600 << 16
            with open(os.path.join(src, name), 'rb') as i:
                data = i.read()
            zi.file_size = len(data)
            with z.open(zi, 'w', force_zip64='zip64' in mode) as w:
                w.write(data)
)";
    return run({"python3", "-c", script, mode, src.string(), out.string()});
}

}  // namespace scelle::test
