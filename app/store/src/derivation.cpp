// recompose(): a joined picture made again from its screens (derivation.h).
#include "scelle/store/derivation.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "scelle/base/png_reader.h"

namespace scelle::core {

using nlohmann::json;

namespace {

// Pixels held at once for one picture (4 bytes each): a conversation of 800 × 60,000 rows.
constexpr std::uint64_t kMaxPixels = 48ull * 1000 * 1000;

Result<RgbaImage> decode(std::string_view bytes) {
    return decode_png_rgba(std::as_bytes(std::span(bytes.data(), bytes.size())), kMaxPixels);
}

bool is_int(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer();
}

}  // namespace

Recomposition recompose(const json& derived, std::string_view joined_png,
                        const ScreenSource& screen) {
    auto differs = [](std::string why) { return Recomposition{Redone::differs, std::move(why)}; };
    auto not_redone = [](std::string why) {
        return Recomposition{Redone::not_redone, std::move(why)};
    };
    if (!derived.is_object() || derived.value("method", std::string()) != kScrollMethod)
        return not_redone(fmt::format(
            "made by a method this version does not know ({})",
            derived.is_object() ? derived.value("method", json()).dump() : std::string("none")));
    auto image = decode(joined_png);
    if (!image.ok()) {
        if (image.error().code == Errc::usage)
            return not_redone("too large to be made again here (" + image.error().detail + ")");
        return differs("its picture cannot be decoded (" + image.error().detail + ")");
    }
    const json pieces = derived.value("pieces", json());
    if (!pieces.is_array() || pieces.empty())
        return differs("the recipe has no pieces");
    const std::size_t row_bytes = std::size_t{image->width} * 4;
    std::vector<std::uint8_t> made(image->rgba.size(), 0);
    std::int64_t next_row = 0;  // the pieces tile the picture from the top, in order
    std::int64_t current = -1;  // the screen decoded now
    RgbaImage frame;
    for (const auto& p : pieces) {
        if (!p.is_object() || !is_int(p, "item") || !is_int(p, "from") || !is_int(p, "to") ||
            !is_int(p, "at"))
            return differs("a piece of the recipe is not {item, from, to, at}");
        const std::int64_t item = p["item"], from = p["from"], to = p["to"], at = p["at"];
        if (at != next_row || from < 0 || to <= from || at + (to - from) > image->height)
            return differs(
                fmt::format("the piece of item {} (rows {} to {} at {}) does not "
                            "continue the picture at row {}",
                            item, from, to, at, next_row));
        if (item != current) {
            ScreenBytes sb = screen(item);
            if (!sb.bytes)
                return not_redone(fmt::format("its screen, item {}, {}", item, sb.why_not));
            auto decoded = decode(*sb.bytes);
            if (!decoded.ok())
                return not_redone(fmt::format("its screen, item {}, cannot be decoded here ({})",
                                              item, decoded.error().detail));
            frame = std::move(decoded).value();
            current = item;
        }
        if (frame.width != image->width || to > frame.height)
            return differs(
                fmt::format("item {} is {} by {} pixels, where the piece wants rows "
                            "{} to {} of a picture {} wide",
                            item, frame.width, frame.height, from, to, image->width));
        std::memcpy(made.data() + static_cast<std::size_t>(at) * row_bytes,
                    frame.rgba.data() + static_cast<std::size_t>(from) * row_bytes,
                    static_cast<std::size_t>(to - from) * row_bytes);
        next_row = at + (to - from);
    }
    if (next_row != image->height)
        return differs(
            fmt::format("the pieces end at row {}, the picture has {}", next_row, image->height));
    if (made != image->rgba) {
        const auto diff = std::mismatch(made.begin(), made.end(), image->rgba.begin());
        const auto at = static_cast<std::size_t>(diff.first - made.begin());
        return differs(fmt::format("its pixels differ from row {}", at / row_bytes));
    }
    return {Redone::same, {}};
}

}  // namespace scelle::core
