// Owners for libzip handles (CONVENTIONS.md rule 3): an archive is discarded unless
// commit() closed it; a source is freed unless a libzip call took it.
#pragma once

#include <zip.h>

#include <memory>
#include <string>

#include "scelle/base/handle.h"
#include "scelle/base/result.h"

namespace scelle::core {

using ZipSourcePtr = Handle<zip_source_t, zip_source_free>;
using ZipFilePtr = Handle<zip_file_t, zip_fclose>;

// An archive open for reading or writing. Destroying it without commit() discards every
// change (and, for a new archive, leaves no file).
class ZipArchive {
  public:
    ZipArchive() = default;
    explicit ZipArchive(zip_t* z) : m_zip(z) {}
    zip_t* get() const { return m_zip.get(); }
    explicit operator bool() const { return m_zip != nullptr; }
    // zip_close(): writes the archive (libzip writes a temporary file in the same folder and
    // renames it). On failure the archive is discarded and the error says why.
    Result<void> commit(const std::string& subject) {
        zip_t* z = m_zip.release();
        if (z == nullptr)
            return {};
        if (zip_close(z) != 0) {
            std::string why = zip_strerror(z);
            zip_discard(z);
            return make_error(Errc::output_failed, subject, why);
        }
        return {};
    }

  private:
    Handle<zip_t, zip_discard> m_zip;
};

}  // namespace scelle::core
