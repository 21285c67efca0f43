// Reading the PNG a platform hands over, by file:// URI. Kept free of any platform library so
// that it is built and tested everywhere, whatever the backend.
#include "png_file.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "scelle/base/env.h"
#include "scelle/base/read_file.h"

namespace scelle::capture::detail {

namespace {

constexpr std::array<unsigned char, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr std::uint32_t kPngMax = 0x7FFFFFFF;

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::uint32_t be32(std::span<const std::byte> b, std::size_t at) {
    return (std::to_integer<std::uint32_t>(b[at]) << 24) |
           (std::to_integer<std::uint32_t>(b[at + 1]) << 16) |
           (std::to_integer<std::uint32_t>(b[at + 2]) << 8) |
           std::to_integer<std::uint32_t>(b[at + 3]);
}

}  // namespace

Result<std::filesystem::path> path_from_file_uri(std::string_view uri) {
    constexpr std::string_view kScheme = "file://";
    // The scheme is case-insensitive (RFC 3986); the rest of "file://" is punctuation.
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (uri.size() < kScheme.size() || !std::equal(kScheme.begin(), kScheme.end(), uri.begin(),
                                                   [&](char a, char b) { return a == lower(b); }))
        return make_error(Errc::usage, std::string(uri), "not a file:// URI");
    std::string_view rest = uri.substr(kScheme.size());
    // "file:///path" has an empty host; "file://localhost/path" names this machine. Any other
    // host is a file elsewhere, which a screenshot never is.
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos)
        return make_error(Errc::usage, std::string(uri), "the URI has no path");
    const std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost")
        return make_error(Errc::usage, std::string(uri),
                          fmt::format("the file is on another host ({})", host));
    rest = rest.substr(slash);
    // A query or fragment is not part of the path.
    rest = rest.substr(0, rest.find_first_of("?#"));
    std::string path;
    path.reserve(rest.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != '%') {
            path.push_back(rest[i]);
            continue;
        }
        const int hi = i + 2 < rest.size() ? hex_value(rest[i + 1]) : -1;
        const int lo = i + 2 < rest.size() ? hex_value(rest[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return make_error(Errc::usage, std::string(uri), "a bad %-escape in the URI");
        const char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0')
            return make_error(Errc::usage, std::string(uri), "the URI's path holds a NUL byte");
        path.push_back(c);
        i += 2;
    }
    return std::filesystem::path(path);
}

Result<PngSize> png_size(std::span<const std::byte> png) {
    // Signature (8), then the IHDR chunk: length (4) = 13, type (4), width (4), height (4).
    if (png.size() < 24 || std::memcmp(png.data(), kSignature.data(), kSignature.size()) != 0)
        return make_error(Errc::usage, "png", "the data is not a PNG image");
    if (be32(png, 8) != 13 || std::memcmp(png.data() + 12, "IHDR", 4) != 0)
        return make_error(Errc::usage, "png", "the PNG does not start with its IHDR chunk");
    PngSize size{be32(png, 16), be32(png, 20)};
    if (size.width == 0 || size.height == 0 || size.width > kPngMax || size.height > kPngMax)
        return make_error(
            Errc::usage, "png",
            fmt::format("the PNG's size {}×{} is not valid", size.width, size.height));
    return size;
}

Result<std::vector<std::byte>> read_png_file(const std::filesystem::path& path,
                                             std::uintmax_t max_bytes) {
    core::Env& env = core::Env::system();
    auto info = env.stat(path);
    if (!info.ok())
        return error_from_errno(info.error().sys_errno != 0 ? info.error().sys_errno : EIO,
                                path.string(), true);
    const std::uintmax_t size = info->size;
    if (size > max_bytes)
        return make_error(Errc::usage, path.string(),
                          fmt::format("the image is larger than {} bytes", max_bytes));
    auto read = core::read_file(env, path, static_cast<std::size_t>(size));
    if (!read.ok() && read.error().sys_errno == EFBIG)
        return make_error(Errc::input_changed, path.string(),
                          "the file changed size while it was read");
    if (!read.ok())
        return std::move(read).error();
    if (read->size() != size)
        return make_error(Errc::input_changed, path.string(),
                          "the file changed size while it was read");
    const auto* first = reinterpret_cast<const std::byte*>(read->data());
    std::vector<std::byte> bytes(first, first + read->size());
    SCELLE_TRY(png_size(bytes));
    return bytes;
}

}  // namespace scelle::capture::detail
