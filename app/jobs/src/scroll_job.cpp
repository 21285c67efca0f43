#include "scelle/jobs/scroll_job.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scelle/jobs/i18n.h"

#define _(s) ::scelle::jobs::translate(s)

namespace scelle::jobs {

using nlohmann::json;

const char* to_string(ScrollEnd end) {
    switch (end) {
        case ScrollEnd::end_reached:
            return "end_reached";
        case ScrollEnd::max_frames:
            return "max_frames";
        case ScrollEnd::cancelled:
            return "cancelled";
        case ScrollEnd::no_overlap:
            return "no_overlap";
        case ScrollEnd::ambiguous:
            return "ambiguous";
        case ScrollEnd::unsteady:
            return "unsteady";
        case ScrollEnd::wrong_size:
            return "wrong_size";
        case ScrollEnd::blank:
            return "blank";
    }
    return "end_reached";
}

std::string end_sentence(ScrollEnd end, std::size_t joined) {
    switch (end) {
        case ScrollEnd::end_reached:
            return _("The end of the conversation was reached.");
        case ScrollEnd::max_frames:
            return fmt::format(fmt::runtime(_("Stopped after {} frames (the most asked for): the "
                                              "conversation may go on.")),
                               joined);
        case ScrollEnd::cancelled:
            return _("Stopped at your request.");
        case ScrollEnd::no_overlap:
            return fmt::format(
                fmt::runtime(_("Stopped: frame {} shares no rows with the frame before (the "
                               "window changed, or scrolled too far). Nothing was guessed: the "
                               "joined image ends with frame {}, and every frame read is "
                               "sealed.")),
                joined + 1, joined);
        case ScrollEnd::ambiguous:
            return fmt::format(
                fmt::runtime(_("Stopped: frame {} matches the frame before at several places "
                               "(blank or repeating content). Nothing was guessed: the joined "
                               "image ends with frame {}, and every frame read is sealed.")),
                joined + 1, joined);
        case ScrollEnd::unsteady:
            return _(
                "Stopped: the window kept changing after a scroll (an animation or a "
                "video?). Every frame read is sealed.");
        case ScrollEnd::wrong_size:
            return _("Stopped: the window changed size. Every frame read is sealed.");
        case ScrollEnd::blank:
            return _(
                "Stopped: the picture of the window has one colour only. The window may not "
                "let itself be read (some protected or GPU-drawn windows come out black), "
                "or shows nothing yet. Nothing was scrolled, and the frame read is sealed. "
                "A capture of its region on the screen may read it.");
    }
    return {};
}

bool is_clean_end(ScrollEnd end) {
    return end == ScrollEnd::end_reached || end == ScrollEnd::max_frames ||
           end == ScrollEnd::cancelled;
}

namespace {

struct Read {
    capture::Frame frame;
    bool still = false;
};

// A frame of one colour only: a window that did not let itself be read (black), or that
// shows nothing; no chat looks like that, and two such frames would pass for the end. False
// when the frame holds no pixels to look at (an encoded picture only).
bool one_colour(const capture::Frame& f) {
    const std::vector<std::uint8_t>& p = f.rgb;
    if (p.size() < 3)
        return false;
    for (std::size_t i = 3; i < p.size(); i += 3)
        if (p[i] != p[0] || p[i + 1] != p[1] || p[i + 2] != p[2])
            return false;
    return true;
}

bool same_pixels(const capture::Frame& a, const capture::Frame& b) {
    return a.width == b.width && a.height == b.height && a.rgb == b.rgb;
}

// Reads the area until two reads `still_interval` apart agree (a window that scrolls smoothly
// or redraws late is not read half-way), for at most `settle_limit`.
Result<Read> read_still(capture::Backend& backend, const capture::Request& req,
                        const ScrollOptions& options, bool& escape) {
    const auto deadline = std::chrono::steady_clock::now() + options.settle_limit;
    SCELLE_ASSIGN_OR_RETURN(capture::Frame previous, backend.grab(req));
    for (;;) {
        std::this_thread::sleep_for(options.still_interval);
        escape = escape || backend.escape_held();
        SCELLE_ASSIGN_OR_RETURN(capture::Frame current, backend.grab(req));
        if (same_pixels(previous, current))
            return Read{std::move(current), true};
        if (std::chrono::steady_clock::now() > deadline)
            return Read{std::move(current), false};
        previous = std::move(current);
    }
}

ScrollEnd end_for(capture::Stitcher::Step step) {
    switch (step) {
        case capture::Stitcher::Step::ambiguous:
            return ScrollEnd::ambiguous;
        case capture::Stitcher::Step::wrong_size:
            return ScrollEnd::wrong_size;
        case capture::Stitcher::Step::same:
            return ScrollEnd::end_reached;
        default:
            return ScrollEnd::no_overlap;
    }
}

}  // namespace

Result<ScrollResult> scroll_capture(capture::Backend& backend, capture::Request& req,
                                    const ScrollOptions& options, Reporter& reporter) {
    if (req.target != capture::Target::window && req.target != capture::Target::region)
        return make_error(Errc::usage, "--scroll",
                          "a scrolling capture reads a window or a region, not a whole screen");
    if (options.max_frames < 2 || options.max_frames > kMaxScrollFrames)
        return make_error(Errc::usage, "--max-frames",
                          "give from 2 to " + std::to_string(kMaxScrollFrames) + " frames");
    ScrollResult out;
    out.stitcher = capture::Stitcher(options.direction);
    const auto total = static_cast<std::uint64_t>(options.max_frames);
    // The pointer goes back where the person left it after each scroll: left over the
    // conversation it would light up the message under it, a different one in every frame.
    SCELLE_ASSIGN_OR_RETURN(const std::optional<capture::Point> home, backend.pointer());
    auto go_home = [&] {
        if (home)
            (void)backend.move_pointer(*home);
    };

    // A first look at Esc forgets a press from before the capture, which Windows remembers
    // (Backend::escape_held()); a key still held down is seen again at the next look.
    (void)backend.escape_held();
    bool escape = false;
    SCELLE_ASSIGN_OR_RETURN(Read first, read_still(backend, req, options, escape));
    // "active" would follow the focus, which the pointer's moves may change: the window read
    // first is the one read to the end.
    if (req.target == capture::Target::window && first.frame.window)
        req.window = first.frame.window->id;
    if (!first.still) {
        out.unjoined = std::move(first.frame);
        out.end = ScrollEnd::unsteady;
        return out;
    }
    if (one_colour(first.frame)) {
        out.unjoined = std::move(first.frame);
        out.end = ScrollEnd::blank;
        return out;
    }
    const capture::Rect area = first.frame.bounds;
    out.stitcher.add(first.frame);
    reporter.progress(1, total, "capture");
    const capture::Point middle{area.x + area.width / 2, area.y + area.height / 2};

    // One click first, to learn how far a click scrolls; then as many clicks as move the
    // content by about 60% of the window's body, so that two frames always share rows.
    int clicks = 1;
    bool measured = false;
    out.end = ScrollEnd::max_frames;
    while (out.stitcher.frames() < static_cast<std::size_t>(options.max_frames)) {
        if (escape || backend.escape_held() || reporter.cancelled()) {
            out.end = ScrollEnd::cancelled;
            break;
        }
        if (auto r = backend.scroll(middle, options.direction, clicks); !r.ok()) {
            go_home();
            return std::move(r).error();
        }
        go_home();
        SCELLE_ASSIGN_OR_RETURN(Read next, read_still(backend, req, options, escape));
        if (!next.still) {
            out.unjoined = std::move(next.frame);
            out.end = ScrollEnd::unsteady;
            break;
        }
        const auto outcome = out.stitcher.add(next.frame);
        if (outcome.step != capture::Stitcher::Step::added) {
            out.end = end_for(outcome.step);
            if (outcome.step != capture::Stitcher::Step::same)
                out.unjoined = std::move(next.frame);
            break;
        }
        reporter.progress(out.stitcher.frames(), total, "capture");
        if (!measured) {
            measured = true;
            const std::int32_t body = static_cast<std::int32_t>(next.frame.height) -
                                      out.stitcher.header_rows() - out.stitcher.footer_rows();
            const std::int32_t per_click = std::max(outcome.shift / clicks, 1);
            clicks = std::clamp(body * 6 / 10 / per_click, 1, 50);
        }
    }
    go_home();
    return out;
}

Result<SealedScroll> seal_scroll(core::CaseStore& cs, ScrollResult& result,
                                 const capture::Request& req, const CaptureFields& fields) {
    SealedScroll out;
    const capture::Stitcher& st = result.stitcher;
    CaptureFields frame_fields = fields;
    frame_fields.description.reset();
    json frames = json::array();
    for (std::size_t i = 0; i < st.frames(); ++i) {
        SCELLE_ASSIGN_OR_RETURN(SealedCapture sealed,
                                seal_frame(cs, st.frame(i), req, frame_fields));
        out.frame_items.push_back(sealed.added.seq);
        frames.push_back(
            {{"item", sealed.added.seq}, {"sha256", sealed.added.sha256}, {"shift", st.shift(i)}});
    }
    if (result.unjoined) {
        SCELLE_ASSIGN_OR_RETURN(SealedCapture sealed,
                                seal_frame(cs, std::move(*result.unjoined), req, frame_fields));
        out.frame_items.push_back(sealed.added.seq);
        result.unjoined.reset();
    }
    if (st.frames() < 2)
        return out;
    json pieces = json::array();
    for (const auto& p : st.pieces())
        pieces.push_back(
            {{"item", out.frame_items[p.frame]}, {"from", p.from}, {"to", p.to}, {"at", p.at}});
    json derived = {
        {"method", "scrolling capture"},   {"direction", capture::to_string(st.direction())},
        {"margin", st.margin()},           {"header_rows", st.header_rows()},
        {"footer_rows", st.footer_rows()}, {"frames", std::move(frames)},
        {"pieces", std::move(pieces)}};
    SCELLE_ASSIGN_OR_RETURN(core::ScreenshotRequest sr, encode_frame(st.compose(), req, fields));
    sr.derived = std::move(derived);
    SealedCapture stitched;
    stitched.source = sr.source;
    SCELLE_ASSIGN_OR_RETURN(stitched.added, cs.add_screenshot(sr));
    stitched.width = st.width();
    stitched.height = st.height();
    out.stitched = std::move(stitched);
    return out;
}

}  // namespace scelle::jobs
