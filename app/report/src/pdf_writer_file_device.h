// The PDF writer's output file (pdf_writer_podofo.cpp): a PoDoFo output device that checks
// every write. Not a public interface; includes PoDoFo, like the writer. One owner, one thread.
#pragma once

#include <podofo/podofo.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "scelle/base/env.h"

namespace scelle::core::pdf::detail {

// The output file. PoDoFo's own file device (an std::fstream) never checks its writes, so a
// full disk would go unnoticed; this one writes through Env (WritableFile::write_at), keeps the
// errno of a failure and
// raises a PdfError that the writer turns into Errc::output_failed. PoDoFo's immediate writer
// seeks back a few bytes to overwrite "endobj" with "stream", so writes land at any offset.
// Until a file descriptor is attached, everything stays in the buffer: the fonts are checked
// before the output file is created.
class FileDevice final : public PoDoFo::PdfOutputDevice {
  public:
    FileDevice() { m_buf.reserve(k_capacity); }
    ~FileDevice() override = default;
    FileDevice(const FileDevice&) = delete;
    FileDevice& operator=(const FileDevice&) = delete;

    void attach(std::unique_ptr<WritableFile> file) { m_file = std::move(file); }
    int failed_errno() const { return m_errno; }

    size_t GetLength() const override { return m_length; }
    size_t Tell() const override { return m_pos; }

    void PrintV(const char* format, long bytes, va_list args) override {
        if (bytes < 0)
            PODOFO_RAISE_ERROR(PoDoFo::ePdfError_InvalidHandle);
        std::vector<char> text(static_cast<std::size_t>(bytes) + 1);
        std::vsnprintf(text.data(), text.size(), format, args);
        Write(text.data(), static_cast<std::size_t>(bytes));
    }

    void Write(const char* data, size_t size) override {
        fail_if_failed();
        if (m_pos < m_buf_start || m_pos > m_buf_start + m_buf.size())
            restart_buffer_at_pos();
        if (m_pos - m_buf_start + size > k_capacity && !m_buf.empty())
            restart_buffer_at_pos();
        const std::size_t offset = m_pos - m_buf_start;
        if (size >= k_capacity && m_file) {
            write_at(data, size, m_pos);
            m_buf_start = m_pos + size;
        } else {
            if (offset + size > m_buf.size())
                m_buf.resize(offset + size);
            std::memcpy(m_buf.data() + offset, data, size);
        }
        m_pos += size;
        m_length = std::max(m_length, m_pos);
    }

    size_t Read(char*, size_t) override {
        PODOFO_RAISE_ERROR(PoDoFo::ePdfError_InvalidDeviceOperation);
    }

    void Seek(size_t offset) override {
        if (offset > m_length)
            PODOFO_RAISE_ERROR(PoDoFo::ePdfError_ValueOutOfRange);
        m_pos = offset;
    }

    void Flush() override {
        fail_if_failed();
        flush_buffer();
    }

    // Writes what is buffered and closes the file; the errno of a failure, or 0.
    int close_file() {
        try {
            Flush();
        } catch (const PoDoFo::PdfError&) {
            return m_errno != 0 ? m_errno : EIO;
        }
        const std::unique_ptr<WritableFile> file = std::move(m_file);
        if (file) {
            if (auto closed = file->close(); !closed.ok())
                return closed.error().sys_errno != 0 ? closed.error().sys_errno : EIO;
        }
        return 0;
    }

  private:
    static constexpr std::size_t k_capacity = std::size_t{1} << 20;

    void fail_if_failed() const {
        if (m_errno != 0)
            PODOFO_RAISE_ERROR(PoDoFo::ePdfError_UnexpectedEOF);
    }

    void restart_buffer_at_pos() {
        flush_buffer();
        m_buf_start = m_pos;
    }

    void flush_buffer() {
        if (!m_file || m_buf.empty())
            return;
        write_at(m_buf.data(), m_buf.size(), m_buf_start);
        m_buf_start += m_buf.size();
        m_buf.clear();
    }

    void write_at(const char* data, std::size_t size, std::size_t at) {
        auto written = m_file->write_at(at, std::as_bytes(std::span(data, size)));
        if (!written.ok()) {
            m_errno = written.error().sys_errno != 0 ? written.error().sys_errno : EIO;
            PODOFO_RAISE_ERROR(PoDoFo::ePdfError_UnexpectedEOF);
        }
    }

    std::unique_ptr<WritableFile> m_file;
    std::vector<char> m_buf;
    std::size_t m_buf_start = 0;  // file offset of m_buf[0]
    std::size_t m_pos = 0;
    std::size_t m_length = 0;
    int m_errno = 0;
};

}  // namespace scelle::core::pdf::detail
