// Stitcher: see stitch.h.
#include "scelle/capture/stitch.h"

#include <algorithm>
#include <cstring>

namespace scelle::capture {

const char* to_string(ScrollDirection direction) {
    return direction == ScrollDirection::up ? "up" : "down";
}

Stitcher::Stitcher(ScrollDirection direction, std::int32_t margin, std::int32_t min_overlap)
    : m_direction(direction),
      m_margin_wanted(std::max(margin, 0)),
      m_min_overlap(std::max(min_overlap, 1)) {}

namespace {

// FNV-1a, 64 bits: a row's identity. A match found through the hashes is then confirmed on
// the pixels themselves, so a collision cannot join two different rows.
std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {
    std::uint64_t h = 14695981039346656037ULL;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

std::int32_t common_prefix(const std::vector<std::uint64_t>& a,
                           const std::vector<std::uint64_t>& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return static_cast<std::int32_t>(n);
}

std::int32_t common_suffix(const std::vector<std::uint64_t>& a,
                           const std::vector<std::uint64_t>& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n])
        ++n;
    return static_cast<std::int32_t>(n);
}

}  // namespace

Stitcher::RowHashes Stitcher::hash_rows(const Frame& frame) const {
    const std::int32_t width = static_cast<std::int32_t>(frame.width);
    const std::int32_t margin = std::min(m_margin_wanted, width / 4);
    const std::size_t stride = std::size_t{frame.width} * 3;
    RowHashes out(frame.height);
    for (std::uint32_t y = 0; y < frame.height; ++y)
        out[y] = fnv1a(frame.rgb.data() + y * stride + std::size_t(margin) * 3,
                       std::size_t(width - 2 * margin) * 3);
    return out;
}

std::vector<std::int32_t> Stitcher::matching_shifts(const RowHashes& earlier,
                                                    const RowHashes& later) const {
    std::vector<std::int32_t> out;
    const std::int32_t top = m_header;
    const std::int32_t bottom = static_cast<std::int32_t>(m_rows) - m_footer;
    for (std::int32_t s = 1; bottom - top - s >= m_min_overlap; ++s) {
        bool all = true;
        for (std::int32_t r = top; r + s < bottom && all; ++r)
            all = later[std::size_t(r)] == earlier[std::size_t(r + s)];
        if (all)
            out.push_back(s);
    }
    return out;
}

Stitcher::Outcome Stitcher::add(const Frame& frame) {
    if (frame.width == 0 || frame.height == 0 ||
        frame.rgb.size() != std::size_t{frame.width} * frame.height * 3 ||
        (!m_frames.empty() && (frame.width != m_width || frame.height != m_rows)))
        return {Step::wrong_size, 0};
    RowHashes hashes = hash_rows(frame);
    if (m_frames.empty()) {
        m_width = frame.width;
        m_rows = frame.height;
        m_frames.push_back(frame);
        m_hashes.push_back(std::move(hashes));
        m_shifts.push_back(0);
        return {Step::added, 0};
    }
    const RowHashes& previous = m_hashes.back();
    if (hashes == previous &&
        std::memcmp(frame.rgb.data(), m_frames.back().rgb.data(), frame.rgb.size()) == 0)
        return {Step::same, 0};

    // The sticky rows: those the same in every frame, this one included. Rows that stop being
    // sticky join the body, and every join made so far must still hold with them.
    const std::int32_t old_header = m_header, old_footer = m_footer;
    const std::int32_t rows = static_cast<std::int32_t>(m_rows);
    const std::int32_t header =
        std::min(m_frames.size() == 1 ? rows : m_header, common_prefix(previous, hashes));
    const std::int32_t footer =
        std::min(m_frames.size() == 1 ? rows : m_footer, common_suffix(previous, hashes));
    m_header = header;
    m_footer = std::min(footer, rows - header);
    auto restore = [&] {
        m_header = old_header;
        m_footer = old_footer;
    };
    auto earlier_later =
        [this](std::size_t k,
               const RowHashes& kth) -> std::pair<const RowHashes*, const RowHashes*> {
        // Frame k against frame k-1, in reading order of the content.
        if (m_direction == ScrollDirection::down)
            return {&m_hashes[k - 1], &kth};
        return {&kth, &m_hashes[k - 1]};
    };
    if (m_header != old_header || m_footer != old_footer)
        for (std::size_t k = 1; k < m_frames.size(); ++k) {
            auto [earlier, later] = earlier_later(k, m_hashes[k]);
            const auto shifts = matching_shifts(*earlier, *later);
            if (std::find(shifts.begin(), shifts.end(), m_shifts[k]) == shifts.end()) {
                restore();
                return {Step::no_overlap, 0};
            }
        }

    auto [earlier, later] = earlier_later(m_frames.size(), hashes);
    const auto shifts = matching_shifts(*earlier, *later);
    if (shifts.size() != 1) {
        restore();
        return {shifts.empty() ? Step::no_overlap : Step::ambiguous, 0};
    }
    const std::int32_t s = shifts.front();
    // Confirm on the pixels what the hashes found.
    const Frame& before = m_frames.back();
    const Frame& above = m_direction == ScrollDirection::down ? before : frame;
    const Frame& below = m_direction == ScrollDirection::down ? frame : before;
    const std::int32_t margin = std::min(m_margin_wanted, static_cast<std::int32_t>(m_width) / 4);
    const std::size_t stride = std::size_t{m_width} * 3;
    const std::size_t skip = std::size_t(margin) * 3;
    const std::size_t span = stride - 2 * skip;
    for (std::int32_t r = m_header; r + s < rows - m_footer; ++r)
        if (std::memcmp(below.rgb.data() + std::size_t(r) * stride + skip,
                        above.rgb.data() + std::size_t(r + s) * stride + skip, span) != 0) {
            restore();
            return {Step::no_overlap, 0};
        }
    m_frames.push_back(frame);
    m_hashes.push_back(std::move(hashes));
    m_shifts.push_back(s);
    return {Step::added, s};
}

std::int32_t Stitcher::margin() const {
    return std::min(m_margin_wanted, static_cast<std::int32_t>(m_width) / 4);
}

std::vector<StitchPiece> Stitcher::pieces() const {
    std::vector<StitchPiece> out;
    const std::size_t n = m_frames.size();
    if (n == 0)
        return out;
    const std::int32_t rows = static_cast<std::int32_t>(m_rows);
    const std::int32_t body_end = rows - (n == 1 ? 0 : m_footer);
    // The frames in the order of the content, top first, with the shift from the one above.
    auto frame_at = [&](std::size_t i) {
        return m_direction == ScrollDirection::down ? i : n - 1 - i;
    };
    auto shift_at = [&](std::size_t i) {
        return m_direction == ScrollDirection::down ? m_shifts[i] : m_shifts[n - i];
    };
    std::int32_t at = 0;
    out.push_back({frame_at(0), 0, body_end, 0});
    at = body_end;
    for (std::size_t i = 1; i < n; ++i) {
        const std::int32_t s = shift_at(i);
        out.push_back({frame_at(i), body_end - s, body_end, at});
        at += s;
    }
    if (body_end < rows) {
        // The footer, once, from the last frame of the content: joined to its band.
        StitchPiece& last = out.back();
        if (last.frame == frame_at(n - 1) && last.to == body_end)
            last.to = rows;
        else
            out.push_back({frame_at(n - 1), body_end, rows, at});
    }
    return out;
}

std::uint32_t Stitcher::height() const {
    std::uint32_t h = 0;
    for (const auto& p : pieces())
        h += static_cast<std::uint32_t>(p.to - p.from);
    return h;
}

Frame Stitcher::compose() const {
    Frame out;
    if (m_frames.empty())
        return out;
    const Frame& first = m_direction == ScrollDirection::down ? m_frames.front() : m_frames.back();
    out.monitors = first.monitors;
    out.active_window = first.active_window;
    out.window = first.window;
    out.backend = first.backend;
    out.width = m_width;
    out.height = height();
    out.bounds = first.bounds;
    out.bounds.height = static_cast<std::int32_t>(out.height);
    const std::size_t stride = std::size_t{m_width} * 3;
    out.rgb.resize(stride * out.height);
    for (const auto& p : pieces())
        std::memcpy(out.rgb.data() + std::size_t(p.at) * stride,
                    m_frames[p.frame].rgb.data() + std::size_t(p.from) * stride,
                    std::size_t(p.to - p.from) * stride);
    return out;
}

}  // namespace scelle::capture
