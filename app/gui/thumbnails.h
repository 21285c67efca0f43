// Thumbnails of a case's items, decoded off the GUI thread from the original files in the
// case folder (CaseStore::object_path), so a case with hundreds of screenshots opens at once
// and fills in as the pictures are read.
//
// decode_thumbnail() runs on a worker thread and returns plain pixels (no wx object crosses
// threads); to_bitmap() makes the bitmap on the GUI thread. Originals are only read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <wx/bitmap.h>

namespace scelle::gui {

struct ThumbnailPixels {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;    // width * height * 3
    std::vector<unsigned char> alpha;  // width * height, or empty
};

// Images larger than this are not decoded for a thumbnail (a 2 GB file named .png must not
// take the memory of the machine); their item shows the generic picture icon.
inline constexpr std::uintmax_t kMaxThumbnailSource = 64u * 1024u * 1024u;

// Reads the image at `file` and scales it to fit `box` pixels (keeping its proportions).
// nullopt when it is not an image wx can read, is damaged, or is too large. Never logs: a
// damaged image must not raise a message box from a worker thread. `top_of_tall`: an image
// more than twice as tall as wide (a stitched conversation) gives its top square instead of a
// strip too thin to read (the grid's tiles; never the viewer).
std::optional<ThumbnailPixels> decode_thumbnail(const std::filesystem::path& file, int box,
                                                bool top_of_tall = false);

// A `box`×`box` bitmap with the thumbnail centred on a light background. GUI thread only.
wxBitmap to_bitmap(const ThumbnailPixels& px, int box);

}  // namespace scelle::gui
