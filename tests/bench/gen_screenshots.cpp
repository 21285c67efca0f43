// scelle-bench-gen: writes the screenshot-like PNG files that the import benchmark reads.
//
//   scelle-bench-gen OUTDIR COUNT [WIDTH HEIGHT]   COUNT screenshots of about 1 MiB each
//   scelle-bench-gen --size-kb KB OUTDIR COUNT [WIDTH HEIGHT]
//                                                  the same, of about KB kB (1000 bytes) each
//   scelle-bench-gen --big SIZE_MB OUTDIR          one PNG of about SIZE_MB MiB
//
// A screenshot is drawn like a chat or social-media window: flat UI regions (title bar, side
// bar, message bubbles, avatars), lines of text-like glyphs with grey anti-aliasing, and one
// photo-like area (smooth gradients plus sensor-like noise). Flat regions and text compress
// very well and the photo does not, so the photo's height sets the file size: it is measured
// once, on the first image, so that the PNG comes out near 1 MiB, as a phone or desktop
// screenshot with a photo in it does. With --size-kb, the target is smaller: a phone-sized
// chat screenshot of about 60 kB is mostly flat regions and text, with a small photo. Everything
// comes from a seeded generator, so the same arguments always give the same bytes, and every file
// differs from the others (an import would store a duplicate only once, which would make the
// benchmark measure less work).
//
// The big file is noise stored with zlib level 0, so that its size is exact and cheap to
// make. encode_png_rgb8 works in memory: making it needs about 4 x SIZE_MB of RAM here, in the
// generator only; the import that reads it afterwards is what the benchmark measures.
//
// Prints the total number of bytes written on stdout (one line), and a summary on stderr.
#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scelle/base/png_writer.h"

namespace {

namespace fs = std::filesystem;
using scelle::core::encode_png_rgb8;

constexpr std::uint64_t kDefaultTargetBytes = std::uint64_t{1} << 20;
constexpr std::uint64_t kBaseSeed = 0x5C311E0000000001ULL;

// SplitMix64: tiny, fast and fully specified, so the output does not depend on the standard
// library's distributions (which differ between implementations).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // A value in [lo, hi]; the slight modulo bias does not matter for pictures.
    int range(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

  private:
    std::uint64_t m_state;
};

struct Rgb {
    std::uint8_t r, g, b;
};

class Canvas {
  public:
    Canvas(int width, int height)
        : m_w(width), m_h(height), m_px(static_cast<std::size_t>(width) * height * 3) {}
    int width() const { return m_w; }
    int height() const { return m_h; }
    std::span<const std::uint8_t> pixels() const { return m_px; }

    void set(int x, int y, Rgb c) {
        if (x < 0 || y < 0 || x >= m_w || y >= m_h)
            return;
        std::uint8_t* p = &m_px[(static_cast<std::size_t>(y) * m_w + x) * 3];
        p[0] = c.r;
        p[1] = c.g;
        p[2] = c.b;
    }
    void fill(int x0, int y0, int w, int h, Rgb c) {
        for (int y = std::max(0, y0); y < std::min(m_h, y0 + h); ++y)
            for (int x = std::max(0, x0); x < std::min(m_w, x0 + w); ++x)
                set(x, y, c);
    }
    // A rectangle with corners cut round, as chat bubbles and cards are drawn.
    void rounded(int x0, int y0, int w, int h, int radius, Rgb c) {
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const int dx =
                    x < radius ? radius - x : (x >= w - radius ? x - (w - radius - 1) : 0);
                const int dy =
                    y < radius ? radius - y : (y >= h - radius ? y - (h - radius - 1) : 0);
                if (dx * dx + dy * dy <= radius * radius)
                    set(x0 + x, y0 + y, c);
            }
        }
    }
    void disc(int cx, int cy, int radius, Rgb c) {
        for (int y = -radius; y <= radius; ++y)
            for (int x = -radius; x <= radius; ++x)
                if (x * x + y * y <= radius * radius)
                    set(cx + x, cy + y, c);
    }

  private:
    int m_w;
    int m_h;
    std::vector<std::uint8_t> m_px;
};

Rgb mix(Rgb a, Rgb b, int weight_of_b_in_256) {
    auto m = [&](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(
            (x * (256 - weight_of_b_in_256) + y * weight_of_b_in_256) >> 8);
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)};
}

// A fixed set of 7x11 glyphs, the same in every image, as one font is in a real screenshot:
// each cell is 0 (background), 1..3 (anti-aliased edge) or 4 (ink).
constexpr int kGlyphW = 7;
constexpr int kGlyphH = 11;
constexpr int kGlyphCount = 80;
using Glyph = std::array<std::uint8_t, kGlyphW * kGlyphH>;

std::vector<Glyph> make_font() {
    Rng rng(kBaseSeed ^ 0xF047);
    std::vector<Glyph> font(kGlyphCount);
    for (auto& g : font) {
        g.fill(0);
        // Strokes: a few vertical and horizontal bars and one diagonal, like simple letters.
        const int top = rng.range(0, 3);
        for (int s = 0, n = rng.range(1, 3); s < n; ++s) {
            const int x = rng.range(0, kGlyphW - 2);
            for (int y = top; y < kGlyphH - 1; ++y)
                g[y * kGlyphW + x] = 4;
        }
        for (int s = 0, n = rng.range(0, 2); s < n; ++s) {
            const int y = rng.range(top, kGlyphH - 2);
            for (int x = 0; x < kGlyphW - 1; ++x)
                g[y * kGlyphW + x] = 4;
        }
        if (rng.range(0, 1) == 1)
            for (int y = top; y < kGlyphH - 1; ++y)
                g[y * kGlyphW + std::min(kGlyphW - 1, (y - top) * (kGlyphW - 1) / 8)] = 4;
        // Anti-aliasing: background cells beside ink get a grey level.
        Glyph aa = g;
        for (int y = 0; y < kGlyphH; ++y)
            for (int x = 0; x < kGlyphW; ++x)
                if (g[y * kGlyphW + x] == 0) {
                    int n = 0;
                    if (x > 0 && g[y * kGlyphW + x - 1] == 4)
                        ++n;
                    if (x + 1 < kGlyphW && g[y * kGlyphW + x + 1] == 4)
                        ++n;
                    if (y + 1 < kGlyphH && g[(y + 1) * kGlyphW + x] == 4)
                        ++n;
                    aa[y * kGlyphW + x] = static_cast<std::uint8_t>(std::min(n, 3));
                }
        g = aa;
    }
    return font;
}

// Writes one line of words from `x0` until `x_end`; returns the x where it stopped.
int draw_text_line(Canvas& c, const std::vector<Glyph>& font, Rng& rng, int x0, int y0, int x_end,
                   Rgb ink, Rgb paper) {
    int x = x0;
    while (x + kGlyphW * 3 < x_end) {
        const int letters = rng.range(2, 10);
        if (x + letters * (kGlyphW + 1) > x_end)
            break;
        for (int l = 0; l < letters; ++l) {
            const Glyph& g = font[rng.range(0, kGlyphCount - 1)];
            for (int gy = 0; gy < kGlyphH; ++gy)
                for (int gx = 0; gx < kGlyphW; ++gx)
                    if (const int v = g[gy * kGlyphW + gx]; v != 0)
                        c.set(x + gx, y0 + gy, mix(paper, ink, v * 64));
            x += kGlyphW + 1;
        }
        x += kGlyphW;  // the space between words
    }
    return x;
}

// Smooth colour fields plus per-pixel noise: deflate cannot do much with it, as with a photo.
void draw_photo(Canvas& c, Rng& rng, int x0, int y0, int w, int h) {
    std::array<Rgb, 4> corner{};
    for (auto& k : corner)
        k = {static_cast<std::uint8_t>(rng.range(20, 235)),
             static_cast<std::uint8_t>(rng.range(20, 235)),
             static_cast<std::uint8_t>(rng.range(20, 235))};
    const double fx = 0.005 + static_cast<double>(rng.range(0, 100)) / 10000.0;
    const double fy = 0.004 + static_cast<double>(rng.range(0, 100)) / 10000.0;
    const double phase = static_cast<double>(rng.range(0, 628)) / 100.0;
    for (int y = 0; y < h; ++y) {
        const double v = h > 1 ? static_cast<double>(y) / (h - 1) : 0.0;
        for (int x = 0; x < w; ++x) {
            const double u = w > 1 ? static_cast<double>(x) / (w - 1) : 0.0;
            const double wave = 28.0 * std::sin(x * fx + phase) * std::cos(y * fy);
            const std::uint64_t noise = rng.next();
            auto channel = [&](std::uint8_t a, std::uint8_t b, std::uint8_t cc, std::uint8_t d,
                               int shift) {
                const double base =
                    (a * (1 - u) + b * u) * (1 - v) + (cc * (1 - u) + d * u) * v + wave;
                const int n = static_cast<int>((noise >> shift) & 0x1F) - 16;
                return static_cast<std::uint8_t>(std::clamp(static_cast<int>(base) + n, 0, 255));
            };
            c.set(x0 + x, y0 + y,
                  {channel(corner[0].r, corner[1].r, corner[2].r, corner[3].r, 0),
                   channel(corner[0].g, corner[1].g, corner[2].g, corner[3].g, 8),
                   channel(corner[0].b, corner[1].b, corner[2].b, corner[3].b, 16)});
        }
    }
}

// Draws screenshot number `index`; `photo_h` is the height of its photo area in pixels.
Canvas draw_screenshot(const std::vector<Glyph>& font, int width, int height, int index,
                       int photo_h) {
    Rng rng(kBaseSeed + static_cast<std::uint64_t>(index) * 0x100000001B3ULL);
    Canvas c(width, height);
    const bool dark = rng.range(0, 3) == 0;
    const Rgb bg = dark ? Rgb{30, 31, 36} : Rgb{246, 247, 249};
    const Rgb ink = dark ? Rgb{225, 226, 230} : Rgb{28, 30, 34};
    const Rgb accent{static_cast<std::uint8_t>(rng.range(0, 90)),
                     static_cast<std::uint8_t>(rng.range(90, 170)),
                     static_cast<std::uint8_t>(rng.range(170, 255))};
    c.fill(0, 0, width, height, bg);

    // Title bar with the window's title.
    const int bar_h = std::max(24, height / 24);
    c.fill(0, 0, width, bar_h, accent);
    draw_text_line(c, font, rng, 16, (bar_h - kGlyphH) / 2, width / 3, {255, 255, 255}, accent);

    // Side bar: a list of conversations, each an avatar and two lines.
    const int side_w = width / 6;
    const Rgb side_bg = dark ? Rgb{40, 42, 48} : Rgb{232, 234, 238};
    c.fill(0, bar_h, side_w, height - bar_h, side_bg);
    for (int y = bar_h + 12; y + 48 < height; y += 56) {
        const Rgb av{static_cast<std::uint8_t>(rng.range(60, 230)),
                     static_cast<std::uint8_t>(rng.range(60, 230)),
                     static_cast<std::uint8_t>(rng.range(60, 230))};
        c.disc(30, y + 20, 18, av);
        draw_text_line(c, font, rng, 58, y + 6, side_w - 8, ink, side_bg);
        draw_text_line(c, font, rng, 58, y + 24, side_w - 8, mix(side_bg, ink, 140), side_bg);
    }

    // Messages: bubbles on both sides, with one photo among them.
    const int main_x = side_w + 24;
    const int main_w = width - main_x - 24;
    const int photo_w = std::min(main_w, width * 5 / 12);
    const int photo_at = rng.range(0, 2);
    const Rgb in_bubble = dark ? Rgb{52, 54, 62} : Rgb{255, 255, 255};
    int y = bar_h + 16;
    for (int m = 0; y < height; ++m) {
        const bool mine = rng.range(0, 1) == 1;
        const Rgb bubble = mine ? accent : in_bubble;
        const Rgb text = mine ? Rgb{255, 255, 255} : ink;
        if (m == photo_at && photo_h > 0) {
            const int px = mine ? main_x + main_w - photo_w : main_x;
            c.rounded(px - 6, y - 6, photo_w + 12, photo_h + 12, 12, bubble);
            draw_photo(c, rng, px, y, photo_w, photo_h);
            y += photo_h + 24;
            continue;
        }
        const int lines = rng.range(1, 4);
        const int bw = std::min(main_w, rng.range(main_w / 4, main_w * 3 / 4));
        const int bh = lines * (kGlyphH + 7) + 16;
        const int bx = mine ? main_x + main_w - bw : main_x;
        c.rounded(bx, y, bw, bh, 14, bubble);
        for (int l = 0; l < lines; ++l)
            draw_text_line(c, font, rng, bx + 14, y + 10 + l * (kGlyphH + 7), bx + bw - 14, text,
                           bubble);
        y += bh + 14;
    }
    return c;
}

// Encodes one image at zlib level 6 (libpng's and most tools' default).
std::optional<std::vector<std::byte>> encode(const Canvas& c, int level = 6) {
    auto png = encode_png_rgb8(static_cast<std::uint32_t>(c.width()),
                               static_cast<std::uint32_t>(c.height()), c.pixels(), level);
    if (!png.ok()) {
        std::cerr << "scelle-bench-gen: PNG encoding failed: " << png.error().subject << ": "
                  << png.error().detail << '\n';
        return std::nullopt;
    }
    return std::move(png).value();
}

bool write_file(const fs::path& path, std::span<const std::byte> data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) {
        std::cerr << "scelle-bench-gen: cannot write " << path << '\n';
        return false;
    }
    return true;
}

// Finds the photo height that makes the first screenshot about `target` bytes long. The size is
// close to linear in the height, so two secant steps from two measures are enough.
std::optional<int> calibrate_photo_height(const std::vector<Glyph>& font, int width, int height,
                                          std::uint64_t target) {
    const int max_h = height - std::max(24, height / 24) - 40;
    if (max_h <= 0)
        return 0;
    auto size_at = [&](int h) -> std::optional<double> {
        auto png = encode(draw_screenshot(font, width, height, 0, h));
        if (!png)
            return std::nullopt;
        return static_cast<double>(png->size());
    };
    int h0 = 0;
    int h1 = max_h / 2;
    auto s0 = size_at(h0);
    auto s1 = size_at(h1);
    if (!s0 || !s1)
        return std::nullopt;
    for (int step = 0; step < 2 && *s1 != *s0; ++step) {
        const double slope = (*s1 - *s0) / (h1 - h0);
        const int h2 = std::clamp(
            static_cast<int>(std::lround(h1 + (static_cast<double>(target) - *s1) / slope)), 0,
            max_h);
        if (h2 == h1)
            break;
        h0 = h1;
        s0 = s1;
        h1 = h2;
        s1 = size_at(h1);
        if (!s1)
            return std::nullopt;
    }
    if (*s1 < static_cast<double>(target) * 0.9)
        std::cerr << "scelle-bench-gen: note: at " << width << "x" << height
                  << " a screenshot is only about " << static_cast<std::uint64_t>(*s1)
                  << " bytes\n";
    return h1;
}

std::optional<long> parse_positive(std::string_view s) {
    long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v <= 0)
        return std::nullopt;
    return v;
}

int usage() {
    std::cerr << "usage: scelle-bench-gen [--size-kb KB] OUTDIR COUNT [WIDTH HEIGHT]\n"
                 "       scelle-bench-gen --big SIZE_MB OUTDIR\n";
    return 2;
}

int make_big(long size_mb, const fs::path& outdir) {
    // Noise at level 0: the PNG is the pixel bytes plus a few bytes per 64 KiB block and row.
    constexpr std::uint32_t kWidth = 4096;
    const std::uint64_t target = static_cast<std::uint64_t>(size_mb) << 20;
    const auto rows = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, target / (kWidth * 3)));
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(kWidth) * rows * 3);
    Rng rng(kBaseSeed ^ static_cast<std::uint64_t>(size_mb));
    std::size_t i = 0;
    for (; i + 8 <= rgb.size(); i += 8) {
        const std::uint64_t v = rng.next();
        std::memcpy(&rgb[i], &v, 8);
    }
    for (; i < rgb.size(); ++i)
        rgb[i] = static_cast<std::uint8_t>(rng.next());
    auto png = encode_png_rgb8(kWidth, rows, rgb, 0);
    if (!png.ok()) {
        std::cerr << "scelle-bench-gen: PNG encoding failed: " << png.error().subject << ": "
                  << png.error().detail << '\n';
        return 1;
    }
    rgb = {};
    const fs::path path = outdir / ("big-" + std::to_string(size_mb) + "MB.png");
    if (!write_file(path, *png))
        return 1;
    std::cerr << "scelle-bench-gen: wrote " << path.string() << " (" << kWidth << "x" << rows
              << ")\n";
    std::cout << png->size() << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "--big") {
        const auto size_mb = parse_positive(args[1]);
        if (!size_mb)
            return usage();
        std::error_code ec;
        fs::create_directories(std::string(args[2]), ec);
        return make_big(*size_mb, std::string(args[2]));
    }
    std::uint64_t target = kDefaultTargetBytes;
    if (args.size() >= 2 && args[0] == "--size-kb") {
        const auto kb = parse_positive(args[1]);
        if (!kb)
            return usage();
        target = static_cast<std::uint64_t>(*kb) * 1000;
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.size() != 2 && args.size() != 4)
        return usage();
    const fs::path outdir{std::string(args[0])};
    const auto count = parse_positive(args[1]);
    const auto width = args.size() == 4 ? parse_positive(args[2]) : 1920L;
    const auto height = args.size() == 4 ? parse_positive(args[3]) : 1080L;
    if (!count || !width || !height || *width > 16384 || *height > 16384)
        return usage();
    std::error_code ec;
    fs::create_directories(outdir, ec);
    if (ec) {
        std::cerr << "scelle-bench-gen: cannot create " << outdir << ": " << ec.message() << '\n';
        return 1;
    }

    const auto font = make_font();
    const auto w = static_cast<int>(*width);
    const auto h = static_cast<int>(*height);
    const auto photo_h = calibrate_photo_height(font, w, h, target);
    if (!photo_h)
        return 1;

    // Images are independent, so they are made on every core; each is still drawn from its
    // own seed, so the bytes do not depend on the number of threads.
    std::atomic<long> next{0};
    std::atomic<std::uint64_t> total{0};
    std::atomic<bool> failed{false};
    const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < workers; ++t) {
        pool.emplace_back([&] {
            for (long i = next++; i < *count && !failed; i = next++) {
                auto png = encode(draw_screenshot(font, w, h, static_cast<int>(i), *photo_h));
                char name[32];
                std::snprintf(name, sizeof name, "shot-%04ld.png", i + 1);
                if (!png || !write_file(outdir / name, *png)) {
                    failed = true;
                    return;
                }
                total += png->size();
            }
        });
    }
    for (auto& th : pool)
        th.join();
    if (failed)
        return 1;
    std::cerr << "scelle-bench-gen: wrote " << *count << " screenshots of " << w << "x" << h
              << " in " << outdir.string() << ", " << total.load() << " bytes (photo area "
              << *photo_h << " px high)\n";
    std::cout << total.load() << '\n';
    return 0;
}
