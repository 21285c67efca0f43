// Report images: the file input, the JPEG header walk, and the choice by media type (PNG in
// report_images_png.cpp, WebP in report_images_webp.cpp).
#include "scelle/report/report_images.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "report_images_internal.h"
#include "scelle/base/env.h"

namespace scelle::core {
namespace report_images_detail {

Result<InputFile> open_input(const std::filesystem::path& path) {
    InputFile in;
    in.path = path;
    // libpng reads through a FILE*, hence a C stream rather than Env::open_read.
    auto file = Env::system().open_c_stream(path);
    if (!file.ok())
        return error_from_errno(file.error().sys_errno, path.string(), true);
    in.file = std::move(*file);
    // By name, once open: the file read is the one the store holds, under a name only Scellé
    // writes.
    auto st = Env::system().stat(path);
    if (!st.ok())
        return error_from_errno(st.error().sys_errno, path.string(), true);
    if (st->type == FileInfo::Type::directory)
        return error_from_errno(EISDIR, path.string(), true);
    if (st->type != FileInfo::Type::file)
        return make_error(Errc::input_not_regular, path.string(), "not a regular file");
    if (st->size == 0)
        return make_error(Errc::usage, path.string(), "the file is empty");
    in.size = st->size;
    return in;
}

Result<void> read_exact(InputFile& in, void* buf, std::size_t n, const char* format) {
    if (n == 0)
        return {};
    if (std::fread(buf, 1, n, in.file.get()) == n)
        return {};
    if (std::ferror(in.file.get()))
        return error_from_errno(errno != 0 ? errno : EIO, in.path.string(), true);
    return damaged(in, format, "the file is truncated");
}

Error damaged(const InputFile& in, const char* format, const std::string& why) {
    return make_error(Errc::usage, in.path.string(), std::string("damaged ") + format + ": " + why);
}

}  // namespace report_images_detail

namespace {

using namespace report_images_detail;

constexpr const char* k_jpeg = "JPEG";
// A JPEG whose headers (EXIF, ICC profile, thumbnails) pass this size is read whole by the
// probe; most fit well within it.
constexpr std::size_t k_probe_prefix = std::size_t{256} << 10;
constexpr std::uint64_t k_max_file = std::uint64_t{1} << 31;

struct JpegInfo {
    std::uint32_t width = 0, height = 0;
    int components = 0;
    bool adobe = false;
};

// What the marker walk found: the header, or why there is none. `truncated` means the bytes
// ended inside the headers: with the whole file that is damage, with a prefix, read more.
struct JpegWalk {
    std::optional<JpegInfo> info;
    bool truncated = false;
    std::string problem;
};

bool is_sof(unsigned m) {
    return (m >= 0xC0 && m <= 0xC3) || (m >= 0xC5 && m <= 0xC7) || (m >= 0xC9 && m <= 0xCB) ||
           (m >= 0xCD && m <= 0xCF);
}

unsigned be16(std::span<const std::byte> d, std::size_t at) {
    return std::to_integer<unsigned>(d[at]) << 8 | std::to_integer<unsigned>(d[at + 1]);
}

std::string read_sof(std::span<const std::byte> seg, JpegInfo& info) {
    if (seg.size() < 6)
        return "short frame header";
    const unsigned precision = std::to_integer<unsigned>(seg[0]);
    info.height = be16(seg, 1);
    info.width = be16(seg, 3);
    info.components = std::to_integer<int>(seg[5]);
    if (seg.size() < 6 + 3 * static_cast<std::size_t>(info.components))
        return "short frame header";
    if (info.width == 0 || info.height == 0)
        return "zero image size";
    if (precision != 8)
        return std::to_string(precision) + "-bit samples (only 8-bit JPEG can be shown)";
    if (info.components != 1 && info.components != 3 && info.components != 4)
        return std::to_string(info.components) + " color components";
    return {};
}

// Walks the markers from SOI to the first scan (SOS), reading the frame header (SOF) and
// noting an Adobe APP14 marker. Entropy-coded data is not looked at.
JpegWalk walk_jpeg(std::span<const std::byte> d) {
    JpegWalk w;
    if (d.size() < 2 || d[0] != std::byte{0xFF} || d[1] != std::byte{0xD8}) {
        w.problem = "not a JPEG file (no start-of-image marker)";
        return w;
    }
    JpegInfo info;
    bool have_sof = false;
    std::size_t i = 2;
    for (;;) {
        if (i >= d.size()) {
            w.truncated = true;
            w.problem = have_sof ? "no image data" : "no frame header (SOF)";
            return w;
        }
        if (d[i] != std::byte{0xFF}) {
            w.problem = "bad marker";
            return w;
        }
        while (i < d.size() && d[i] == std::byte{0xFF})
            ++i;  // fill bytes
        if (i >= d.size())
            continue;
        const unsigned m = std::to_integer<unsigned>(d[i++]);
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01)
            continue;  // markers without a length
        if (m == 0xD8 || m == 0xD9 || m == 0x00 || (m == 0xDA && !have_sof)) {
            w.problem = have_sof ? "no image data" : "no frame header (SOF)";
            return w;
        }
        if (m == 0xDA) {
            w.info = info;
            return w;
        }
        if (i + 2 > d.size()) {
            w.truncated = true;
            w.problem = "the file is truncated";
            return w;
        }
        const std::size_t len = be16(d, i);
        if (len < 2) {
            w.problem = "bad segment length";
            return w;
        }
        if (i + len > d.size()) {
            w.truncated = true;
            w.problem = "the file is truncated";
            return w;
        }
        const auto seg = d.subspan(i + 2, len - 2);
        if (is_sof(m) && !have_sof) {
            if (std::string p = read_sof(seg, info); !p.empty()) {
                w.problem = p;
                return w;
            }
            have_sof = true;
        } else if (m == 0xEE && seg.size() >= 5 && std::memcmp(seg.data(), "Adobe", 5) == 0) {
            info.adobe = true;
        }
        i += len;
    }
}

Result<std::vector<std::byte>> read_bytes(InputFile& in, std::uint64_t n) {
    std::vector<std::byte> data(static_cast<std::size_t>(n));
    SCELLE_TRY(read_exact(in, data.data(), data.size(), k_jpeg));
    return data;
}

Result<JpegInfo> checked(const InputFile& in, const JpegWalk& w) {
    if (!w.info)
        return damaged(in, k_jpeg, w.problem);
    return *w.info;
}

Result<ImageProbe> probe_jpeg(InputFile& in) {
    if (in.size > k_max_file)
        return damaged(in, k_jpeg, "the file is too large");
    const std::uint64_t prefix = std::min<std::uint64_t>(in.size, k_probe_prefix);
    SCELLE_ASSIGN_OR_RETURN(std::vector<std::byte> head, read_bytes(in, prefix));
    JpegWalk w = walk_jpeg(head);
    if (!w.info && w.truncated && prefix < in.size) {
        std::vector<std::byte> rest;
        SCELLE_ASSIGN_OR_RETURN(rest, read_bytes(in, in.size - prefix));
        head.insert(head.end(), rest.begin(), rest.end());
        w = walk_jpeg(head);
    }
    SCELLE_ASSIGN_OR_RETURN(const JpegInfo info, checked(in, w));
    return ImageProbe{info.width, info.height};
}

Result<pdf::ImageData> load_jpeg(InputFile& in) {
    if (in.size > k_max_file)
        return damaged(in, k_jpeg, "the file is too large");
    pdf::ImageData im;
    SCELLE_ASSIGN_OR_RETURN(im.data, read_bytes(in, in.size));
    SCELLE_ASSIGN_OR_RETURN(const JpegInfo info, checked(in, walk_jpeg(im.data)));
    im.width = info.width;
    im.height = info.height;
    im.bits_per_component = 8;
    im.encoding = pdf::ImageData::Encoding::dct;
    im.space = info.components == 1   ? pdf::ImageData::Space::gray
               : info.components == 3 ? pdf::ImageData::Space::rgb
                                      : pdf::ImageData::Space::cmyk;
    // Adobe's CMYK JPEGs (Photoshop and most others since) store inverted samples.
    im.invert_cmyk = info.components == 4 && info.adobe;
    return im;
}

enum class Kind { png, jpeg, webp };

Result<Kind> kind_of(const std::filesystem::path& file, std::string_view media_type) {
    if (media_type == "image/png")
        return Kind::png;
    if (media_type == "image/jpeg")
        return Kind::jpeg;
    if (media_type == "image/webp")
        return Kind::webp;
    return make_error(
        Errc::usage, file.string(),
        "the report cannot show " + (media_type.empty() ? std::string("files of unknown type")
                                                        : std::string(media_type) + " images"));
}

}  // namespace

Result<ImageProbe> probe_report_image(const std::filesystem::path& file,
                                      std::string_view media_type) {
    SCELLE_ASSIGN_OR_RETURN(const Kind kind, kind_of(file, media_type));
    SCELLE_ASSIGN_OR_RETURN(InputFile in, open_input(file));
    switch (kind) {
        case Kind::png:
            return probe_png(in);
        case Kind::webp:
            return probe_webp(in);
        case Kind::jpeg:
            break;
    }
    return probe_jpeg(in);
}

Result<pdf::ImageData> load_report_image(const std::filesystem::path& file,
                                         std::string_view media_type) {
    SCELLE_ASSIGN_OR_RETURN(const Kind kind, kind_of(file, media_type));
    SCELLE_ASSIGN_OR_RETURN(InputFile in, open_input(file));
    try {
        switch (kind) {
            case Kind::png:
                return load_png(in);
            case Kind::webp:
                return load_webp(in);
            case Kind::jpeg:
                break;
        }
        return load_jpeg(in);
    } catch (const std::bad_alloc&) {
        return make_error(Errc::usage, file.string(), "the image is too large for memory");
    } catch (const std::exception& e) {
        return make_error(Errc::internal, file.string(), e.what());
    }
}

}  // namespace scelle::core
