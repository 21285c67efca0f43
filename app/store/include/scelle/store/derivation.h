// Making a joined picture again from the screens it was made of, following the recipe its
// custody line gives (a scrolling capture's "derived": the pieces, each a band of rows of one
// screen placed at a row of the joined picture; scelle/capture/stitch.h), and comparing every
// pixel. `check` does it on the store's originals, verify on a bundle's files: neither takes
// a joined picture on trust. Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace scelle::core {

// The method the scrolling capture records (jobs/scroll_job.cpp).
inline constexpr const char* kScrollMethod = "scrolling capture";

enum class Redone {
    same,        // made again, identical pixel for pixel
    differs,     // not what the screens give: detail says where
    not_redone,  // could not be made again here: detail says why (not an alteration)
};
struct Recomposition {
    Redone result = Redone::not_redone;
    std::string detail;  // English
};

// A screen's PNG bytes, as the custody log recorded them, or why they cannot be had (the
// screen was withdrawn since, its file is missing).
struct ScreenBytes {
    std::optional<std::string> bytes;
    std::string why_not;
};
using ScreenSource = std::function<ScreenBytes(std::int64_t item)>;

// Follows `derived` ("pieces": [{item, from, to, at}] tiling the picture from the top) with
// the screens `screen` gives and compares the result with `joined_png`. A recipe that does not
// tile the picture exactly, a screen of another width, or a joined picture that cannot be
// decoded is `differs`; an unknown method, a screen that cannot be had or decoded, or a
// picture too large to hold here (more than 48 million pixels) is `not_redone`.
Recomposition recompose(const nlohmann::json& derived, std::string_view joined_png,
                        const ScreenSource& screen);

}  // namespace scelle::core
