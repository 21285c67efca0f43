// The Tesseract engine (ocr.h), inside the OCR module: Leptonica decodes the image, the
// picture is made dark text on a light background, small text is enlarged, and Tesseract's
// LSTM models read it line by line.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "ocr_module.h"
#include "scelle/base/program.h"
#include "scelle/base/read_file.h"
#include "scelle/base/text.h"

namespace scelle::ocr::detail {

namespace {

// Every Leptonica image has one owner (CONVENTIONS.md, house rule 3).
struct PixDeleter {
    void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct TextDeleter {
    void operator()(char* s) const { delete[] s; }
};
using TextPtr = std::unique_ptr<char[], TextDeleter>;

// Text lines shorter than this (in pixels) are read again at twice the size: Tesseract's
// models are trained on text about 30 pixels high and lose letters below about 20.
constexpr int kSmallLineHeight = 20;
constexpr float kUpscale = 2.0F;

// The mean grey level of an 8-bit image, sampled on every fourth row and column.
double mean_luminance(PIX* gray) {
    const l_int32 w = pixGetWidth(gray);
    const l_int32 h = pixGetHeight(gray);
    const l_int32 wpl = pixGetWpl(gray);
    const l_uint32* data = pixGetData(gray);
    double sum = 0;
    std::int64_t n = 0;
    for (l_int32 y = 0; y < h; y += 4) {
        const l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
        for (l_int32 x = 0; x < w; x += 4) {
            sum += GET_DATA_BYTE(line, x);
            ++n;
        }
    }
    return n == 0 ? 255.0 : sum / static_cast<double>(n);
}

std::uint32_t be32(const std::byte* p) {
    return std::uint32_t{std::to_integer<std::uint8_t>(p[0])} << 24 |
           std::uint32_t{std::to_integer<std::uint8_t>(p[1])} << 16 |
           std::uint32_t{std::to_integer<std::uint8_t>(p[2])} << 8 |
           std::uint32_t{std::to_integer<std::uint8_t>(p[3])};
}

// Whether a PNG file is whole: every chunk inside the bytes with its CRC right, up to IEND.
// Checked before Leptonica decodes it, because libpng's default error handler, which
// Leptonica's PNG reader keeps, writes its complaints about a damaged file on stderr, in the
// middle of the command's own output. Bytes that are not a PNG are left to Leptonica.
bool png_damaged(std::span<const std::byte> b) {
    static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (b.size() < 8 || std::memcmp(b.data(), kSignature, 8) != 0)
        return false;
    std::size_t pos = 8;
    while (b.size() - pos >= 12) {
        const std::uint32_t len = be32(b.data() + pos);
        if (len > b.size() - pos - 12)
            return true;
        const auto* type = reinterpret_cast<const Bytef*>(b.data() + pos + 4);
        const uLong crc = crc32(crc32(0L, Z_NULL, 0), type, static_cast<uInt>(len + 4));
        if (crc != be32(b.data() + pos + 8 + len))
            return true;
        if (std::memcmp(type, "IEND", 4) == 0)
            return false;
        pos += 12 + std::size_t{len};
    }
    return true;
}

// Where the language models are, as UTF-8: TESSDATA_PREFIX when it is set; else
// share/scelle/tessdata beside the program's folder, where the Windows package ships them;
// else empty, for the folder Debian's library was built with (/usr/share/tesseract-ocr/5/tessdata).
std::string models_folder() {
    if (auto from_env = core::env_var("TESSDATA_PREFIX"); from_env && !from_env->empty())
        return *from_env;
    const std::filesystem::path dir = program_dir();
    if (dir.empty())
        return {};
    const std::filesystem::path shipped = dir.parent_path() / "share" / "scelle" / "tessdata";
    std::error_code ec;
    if (!std::filesystem::is_directory(shipped, ec))
        return {};
    std::string folder = core::path_to_utf8(shipped);
    folder += '/';
    return folder;
}

// Tesseract's file reader, given its file names as UTF-8: its own opens them with fopen(),
// which reads a name in the ANSI code page on Windows, and a folder such as
// "C:\\Program Files\\Scellé" or a user's own name would not be found there. core::read_file
// opens them by their wide names.
bool read_model_file(const char* utf8_name, std::vector<char>* data) {
    auto bytes = core::read_file(core::Env::system(), core::utf8_to_path(utf8_name));
    if (!bytes.ok())
        return false;
    data->assign(bytes->begin(), bytes->end());
    return true;
}

std::string trimmed(const char* s) {
    std::string t = s == nullptr ? std::string() : std::string(s);
    const auto first = t.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = t.find_last_not_of(" \t\r\n");
    return t.substr(first, last - first + 1);
}

class TesseractEngine final : public Engine {
  public:
    explicit TesseractEngine(std::string languages) : m_languages(std::move(languages)) {}

    Result<void> init() {
        // Leptonica's messages go to stderr; the failures it reports come back as errors.
        setMsgSeverity(L_SEVERITY_NONE);
        // The models' folder: models_folder(). With data_size 0, Init takes `data` as that
        // folder, and reads every file through read_model_file().
        const std::string folder = models_folder();
        if (m_api.Init(folder.c_str(), 0, m_languages.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0,
                       nullptr, nullptr, false, &read_model_file) != 0)
            return make_error(Errc::install_incomplete, "tessdata " + m_languages,
                              "the Tesseract language models could not be loaded");
        // Screenshots carry no resolution: say a usual one, rather than have Tesseract warn
        // and guess for every image.
        m_api.SetVariable("user_defined_dpi", "96");
        m_api.SetVariable("debug_file", "/dev/null");
        m_api.SetPageSegMode(tesseract::PSM_AUTO);
        // Sauvola's local thresholds rather than one global Otsu threshold: a chat bubble's
        // background and the window's differ, and a global threshold turns whole bubbles,
        // text and all, into black blocks.
        m_api.SetVariable("thresholding_method", "2");
        return {};
    }

    std::string engine_name() const override {
        return std::string("tesseract ") + tesseract::TessBaseAPI::Version();
    }

    Result<core::Transcript> read(std::span<const std::byte> image) override {
        if (png_damaged(image))
            return make_error(Errc::input_unreadable, "image",
                              "the PNG file is damaged: cut short or altered");
        PixPtr pix(pixReadMem(reinterpret_cast<const l_uint8*>(image.data()), image.size()));
        if (!pix)
            return make_error(Errc::input_unreadable, "image",
                              "not an image the OCR engine can decode");
        PixPtr gray(pixConvertTo8(pix.get(), 0));
        if (!gray)
            return make_error(Errc::input_unreadable, "image", "cannot be made grey");
        pix.reset();
        // Dark mode: light text on a dark background. Tesseract reads dark on light best.
        if (mean_luminance(gray.get()) < 128.0)
            pixInvert(gray.get(), gray.get());

        float scale = 1.0F;
        if (median_line_height(gray.get()) < kSmallLineHeight) {
            PixPtr big(pixScaleGrayLI(gray.get(), kUpscale, kUpscale));
            if (big) {
                gray = std::move(big);
                scale = kUpscale;
            }
        }
        m_api.SetImage(gray.get());
        if (m_api.Recognize(nullptr) != 0) {
            m_api.Clear();
            return make_error(Errc::internal, "tesseract", "recognition failed");
        }
        core::Transcript t;
        t.engine = engine_name();
        t.languages = m_languages;
        t.confidence = std::clamp(m_api.MeanTextConf(), 0, 100);
        std::unique_ptr<tesseract::ResultIterator> it(m_api.GetIterator());
        const auto level = tesseract::RIL_TEXTLINE;
        if (it) {
            do {
                TextPtr text(it->GetUTF8Text(level));
                std::string line = trimmed(text.get());
                int left = 0, top = 0, right = 0, bottom = 0;
                if (line.empty() || !it->BoundingBox(level, &left, &top, &right, &bottom))
                    continue;
                core::TranscriptLine l;
                l.text = std::move(line);
                // Back to the original picture's pixels.
                l.x = static_cast<std::int64_t>(std::floor(static_cast<float>(left) / scale));
                l.y = static_cast<std::int64_t>(std::floor(static_cast<float>(top) / scale));
                l.width =
                    static_cast<std::int64_t>(std::ceil(static_cast<float>(right) / scale)) - l.x;
                l.height =
                    static_cast<std::int64_t>(std::ceil(static_cast<float>(bottom) / scale)) - l.y;
                l.confidence =
                    std::clamp(static_cast<int>(std::lround(it->Confidence(level))), 0, 100);
                t.lines.push_back(std::move(l));
            } while (it->Next(level));
        }
        m_api.Clear();
        return t;
    }

  private:
    // The median height of the text lines the layout analysis finds (no recognition); 0 when
    // it finds none: text too small to be found at all is found once enlarged.
    int median_line_height(PIX* gray) {
        m_api.SetImage(gray);
        std::unique_ptr<tesseract::PageIterator> it(m_api.AnalyseLayout());
        std::vector<int> heights;
        if (it) {
            do {
                int left = 0, top = 0, right = 0, bottom = 0;
                if (it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom))
                    heights.push_back(bottom - top);
            } while (it->Next(tesseract::RIL_TEXTLINE));
        }
        if (heights.empty())
            return 0;
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        return heights[heights.size() / 2];
    }

    std::string m_languages;
    tesseract::TessBaseAPI m_api;
};

}  // namespace

Result<std::unique_ptr<Engine>> open_tesseract_engine(const std::string& languages) {
    auto engine = std::make_unique<TesseractEngine>(languages);
    SCELLE_TRY(engine->init());
    return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace scelle::ocr::detail
