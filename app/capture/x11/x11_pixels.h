// Private to the X11 backend: an XImage's pixels to packed 8-bit RGB.
#pragma once

#include <X11/Xlib.h>

#include <cstdint>

#include "scelle/base/result.h"

namespace scelle::capture::x11 {

// Converts the top-left width × height pixels of a ZPixmap image of a TrueColor visual,
// honouring its channel masks, bit depth and byte order, into `out` (width * height * 3
// bytes). Errc::capture_unavailable for visuals whose pixels are not colours by themselves
// (PseudoColor, GrayScale and others that go through a colormap).
Result<void> to_rgb(const XImage& image, const Visual& visual, std::uint32_t width,
                    std::uint32_t height, std::uint8_t* out);

}  // namespace scelle::capture::x11
