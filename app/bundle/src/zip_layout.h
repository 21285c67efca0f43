// Private to the bundle verifier: the strict check of a zip file's raw layout, made before
// libzip opens it (docs/bundle-format.md section 1), so that `verify` reads exactly the one
// archive that unzip, 7-Zip and Python's zipfile read. The file must be exactly: the local
// entries in order from offset 0 (each with its data and, when flag bit 3 says so, a data
// descriptor), the central directory, the zip64 end records when used, and one end record
// whose comment ends the file; every local header must agree with its central entry. Only
// headers are read (never an entry's data), through the same libzip source libzip then reads.
// Not thread-safe objects; one check per verification.
#pragma once

#include <zip.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bundle_read.h"

namespace scelle::core::bundle_detail {

// One central directory entry as the check read it.
struct ZipLayoutEntry {
    std::string name;  // raw bytes
    std::uint32_t crc = 0;
    std::uint64_t comp_size = 0;
    std::uint64_t size = 0;
    std::uint64_t data_offset = 0;  // where its stored data starts in the file
};

// What the check found.
struct ZipLayout {
    // False when the file holds no end-of-central-directory record at all: it is left to
    // libzip, which then refuses it as not a zip archive or truncated.
    bool found = false;
    // False when the archive has more entries than a bundle may: the limits check refuses it,
    // and its entries were not walked.
    bool walked = false;
    std::vector<ZipLayoutEntry> entries;  // in central directory order
};

// Checks the layout of the archive `source` holds. The source must be open for reading (it is
// left open, and its position anywhere). Returns false when the file is refused: the problem
// (class unsafe, or unreadable for a read error) is recorded in `v`.
bool check_zip_layout(zip_source_t* source, ZipLayout& layout, Verification& v);

// After libzip opened the archive: false (and a problem recorded) unless libzip reads the
// central directory the layout check read, entry for entry.
bool libzip_reads_layout(zip_t* za, const ZipLayout& layout, Verification& v);

}  // namespace scelle::core::bundle_detail
