// Shared by report_images.cpp (file input, JPEG, dispatch) and report_images_png.cpp (PNG):
// the opened input file and the per-format readers. Not a public interface.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "scelle/core/pdf_writer.h"
#include "scelle/core/report_images.h"
#include "scelle/result.h"

namespace scelle::core::report_images_detail {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// A regular, non-empty file opened for reading, with its size at opening time.
struct InputFile {
    FilePtr file;
    std::uint64_t size = 0;
    std::filesystem::path path;
};

// Input errors (missing, directory, not regular, unreadable); Errc::usage for an empty file.
Result<InputFile> open_input(const std::filesystem::path& path);

// Reads exactly `n` bytes. An I/O error is an input error; the end of the file comes back as
// Errc::usage "damaged <format>: the file is truncated".
Result<void> read_exact(InputFile& in, void* buf, std::size_t n, const char* format);

// Errc::usage "damaged <format>: <why>" about the file.
Error damaged(const InputFile& in, const char* format, const std::string& why);

Result<ImageProbe> probe_png(InputFile& in);
Result<pdf::ImageData> load_png(InputFile& in);

}  // namespace scelle::core::report_images_detail
