// Chat-like test images with known text, drawn by ImageMagick's `convert` with the DejaVu
// fonts (as the report tests' images are): a light or a dark conversation, one bubble a line.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace scelle::test {

struct ChatImage {
    bool dark = false;
    int pointsize = 22;
    std::vector<std::string> lines;
};

// Quotes a text for the shell (single quotes; a single quote inside is closed and reopened).
inline std::string shell_quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

// Draws `img` into `out` (PNG); the y of line i's baseline is 40 + i * (pointsize * 3).
// Returns whether convert succeeded.
inline bool draw_chat(const std::filesystem::path& out, const ChatImage& img) {
    const int step = img.pointsize * 3;
    const int height = 40 + static_cast<int>(img.lines.size()) * step;
    const std::string bg = img.dark ? "#1e1f22" : "#ffffff";
    const std::string bubble_mine = img.dark ? "#3a3c43" : "#e5e5ea";
    const std::string fg = img.dark ? "#e6e6e6" : "#111111";
    std::string cmd = "convert -size 900x" + std::to_string(height) + " xc:'" + bg +
                      "' -font DejaVu-Sans -pointsize " + std::to_string(img.pointsize);
    for (std::size_t i = 0; i < img.lines.size(); ++i) {
        const int base = 40 + static_cast<int>(i) * step;
        const int top = base - img.pointsize - img.pointsize / 2;
        const int bottom = base + img.pointsize / 2 + 4;
        cmd += " -fill '" + bubble_mine + "' -draw 'roundrectangle 10," + std::to_string(top) +
               " 880," + std::to_string(bottom) + " 12,12'";
        cmd += " -fill '" + fg + "' -annotate +24+" + std::to_string(base) + " " +
               shell_quoted(img.lines[i]);
    }
    cmd += " " + shell_quoted(out.string()) + " 2>/dev/null";
    return std::system(cmd.c_str()) == 0;
}

}  // namespace scelle::test
