// Rectangle arithmetic (capture.h): its own file, because the X11 backend module
// (scelle-capture-x11) needs it without the rest of the library.
#include <algorithm>
#include <cstdint>

#include "scelle/capture/capture.h"

namespace scelle::capture {

namespace {

// Rectangles are compared in 64 bits: x + width can pass INT32_MAX for hostile input.
std::int64_t right(const Rect& r) {
    return std::int64_t{r.x} + r.width;
}
std::int64_t bottom(const Rect& r) {
    return std::int64_t{r.y} + r.height;
}

}  // namespace

bool Rect::contains(const Rect& r) const {
    if (empty() || r.empty())
        return false;
    return r.x >= x && r.y >= y && right(r) <= right(*this) && bottom(r) <= bottom(*this);
}

Rect Rect::intersect(const Rect& r) const {
    const std::int64_t left = std::max<std::int64_t>(x, r.x);
    const std::int64_t top = std::max<std::int64_t>(y, r.y);
    const std::int64_t rgt = std::min(right(*this), right(r));
    const std::int64_t bot = std::min(bottom(*this), bottom(r));
    if (empty() || r.empty() || rgt <= left || bot <= top)
        return Rect{};
    return Rect{static_cast<std::int32_t>(left), static_cast<std::int32_t>(top),
                static_cast<std::int32_t>(rgt - left), static_cast<std::int32_t>(bot - top)};
}

}  // namespace scelle::capture
