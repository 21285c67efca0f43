// `scelle-cli capture CASE (--screen [N] | --region X,Y,W,H | --window active|ID)`: reads the
// screen through the platform's capture backend (the same as the desktop application's),
// encodes the pixels once as PNG and seals that PNG like an import (CaseStore::add_screenshot,
// then a timestamp request unless --offline).
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli.h"
#include "i18n.h"
#include "scelle/capture/capture.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/jobs/scroll_job.h"
#include "scelle/ocr/ocr.h"
#include "scelle/ocr/transcribe.h"

namespace scelle::cli {

using nlohmann::json;

namespace {

// "X,Y,W,H" with W and H positive; nullopt when it is not that.
std::optional<capture::Rect> parse_region(const std::string& text) {
    std::int32_t v[4] = {0, 0, 0, 0};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        auto [next, ec] = std::from_chars(p, end, v[i]);
        if (ec != std::errc() || next == p)
            return std::nullopt;
        p = next;
        if (i < 3) {
            if (p == end || *p != ',')
                return std::nullopt;
            ++p;
        }
    }
    if (p != end || v[2] <= 0 || v[3] <= 0)
        return std::nullopt;
    return capture::Rect{v[0], v[1], v[2], v[3]};
}

int usage(const Context& ctx, const std::string& subject, const char* why) {
    Error e{Errc::usage, subject, why, 0};
    return report_error(ctx, e);
}

int capture_scrolling(const Context& ctx, core::CaseStore& cs, capture::Backend& backend,
                      capture::Request& request, const CaptureArgs& args,
                      const std::optional<SealSetup>& setup) {
    jobs::ScrollOptions options;
    options.direction =
        args.direction == "up" ? capture::ScrollDirection::up : capture::ScrollDirection::down;
    if (args.max_frames)
        options.max_frames = *args.max_frames;
    InterruptGuard guard;
    std::function<void(double)> show;
    if (!ctx.json)
        show = [&options](double f) {
            const auto n = static_cast<int>(f * options.max_frames + 0.5);
            std::cerr << fmt::format(fmt::runtime(_("Frame {} read\n")), n) << std::flush;
        };
    jobs::CallbackReporter reporter(std::move(show), [] { return InterruptGuard::interrupted(); });
    auto read = jobs::scroll_capture(backend, request, options, reporter);
    if (!read.ok()) {
        Error e = read.error();
        if (e.code == Errc::usage && e.subject == "capture")
            e.subject = args.what == CaptureArgs::What::region ? "--region" : "--window";
        return report_error(ctx, e);
    }
    jobs::CaptureFields fields;
    fields.description = args.description;
    fields.account = args.account;
    fields.happened = args.happened;
    auto sealed = jobs::seal_scroll(cs, *read, request, fields);
    if (!sealed.ok())
        return report_error(ctx, sealed.error());
    const std::size_t joined = read->stitcher.frames();
    const bool clean = jobs::is_clean_end(read->end);
    // The whole conversation made searchable in the same action: its machine transcript
    // (never evidence; the frames are not transcribed, their text is in the joined image).
    // A failure is said, and the capture stands.
    std::optional<std::size_t> transcript_lines;
    std::optional<std::string> transcript_error;
    if (sealed->stitched && !args.no_transcript && ocr::available()) {
        if (!ctx.json)
            std::cerr << _("Transcribing the conversation (machine transcript, for search)…\n");
        auto out = ocr::transcribe_items(cs, {sealed->stitched->added.seq});
        if (out.ok() && !out->empty() && out->front().transcript)
            transcript_lines = out->front().transcript->lines.size();
        else
            transcript_error = !out.ok()            ? out.error().detail
                               : out->empty()       ? std::string("no outcome")
                               : out->front().error ? out->front().error->detail
                                                    : std::string();
    }
    if (ctx.json) {
        json doc = {{"frames", sealed->frame_items},
                    {"joined", joined},
                    {"end", jobs::to_string(read->end)},
                    {"item", nullptr}};
        if (sealed->stitched)
            doc.update({{"item", sealed->stitched->added.seq},
                        {"sha256", sealed->stitched->added.sha256},
                        {"width", sealed->stitched->width},
                        {"height", sealed->stitched->height},
                        {"source", sealed->stitched->source}});
        doc["transcript_lines"] = transcript_lines ? json(*transcript_lines) : json(nullptr);
        doc["timestamp"] = seal_after_change(ctx, cs, setup);
        print_json(doc);
        return clean ? kExitOk : kExitFailed;
    }
    const auto& items = sealed->frame_items;
    if (!items.empty())
        std::cerr << fmt::format(
            fmt::runtime(P_("+ {} frame sealed: item {}\n", "+ {} frames sealed: items {} to {}\n",
                            items.size())),
            items.size(), items.front(), items.back());
    if (sealed->stitched)
        std::cerr << fmt::format(
            fmt::runtime(_("+ the {} frames joined → item {}, {}×{} (SHA-256 {}): an image made "
                           "from the frames, not an original\n")),
            joined, sealed->stitched->added.seq, sealed->stitched->width, sealed->stitched->height,
            sealed->stitched->added.sha256);
    std::cerr << jobs::end_sentence(read->end, joined) << '\n';
    if (transcript_lines)
        std::cerr << fmt::format(
            fmt::runtime(_("Machine transcript of item {}: {} lines, to check against the image "
                           "(scelle-cli search finds words in it).\n")),
            sealed->stitched->added.seq, *transcript_lines);
    else if (transcript_error)
        std::cerr << fmt::format(fmt::runtime(_("The conversation was not transcribed ({}); "
                                                "scelle-cli transcribe can try again.\n")),
                                 shown(*transcript_error));
    seal_after_change(ctx, cs, setup);
    return clean ? kExitOk : kExitFailed;
}

}  // namespace

int cmd_capture(const Context& ctx, const std::string& case_ref, const CaptureArgs& args) {
    if (args.delay_seconds < 0 || args.delay_seconds > 60)
        return usage(ctx, "--delay", _("give a delay from 0 to 60 seconds"));
    if (args.scroll) {
        if (args.direction != "down" && args.direction != "up")
            return usage(ctx, "--direction", _("write down or up"));
        if (args.max_frames && (*args.max_frames < 2 || *args.max_frames > jobs::kMaxScrollFrames))
            return usage(ctx, "--max-frames", _("give from 2 to 200 frames"));
        if (args.what == CaptureArgs::What::screen)
            return usage(ctx, "--scroll",
                         _("a scrolling capture reads a window (--window) or a region (--region), "
                           "not a whole screen"));
    }
    capture::Request request;
    switch (args.what) {
        case CaptureArgs::What::screen:
            if (args.screen) {
                if (*args.screen < 1)
                    return usage(ctx, "--screen", _("screens are numbered from 1"));
                request.target = capture::Target::screen;
                request.screen = *args.screen - 1;
            } else {
                request.target = capture::Target::all_screens;
            }
            break;
        case CaptureArgs::What::region: {
            auto r = parse_region(args.region);
            if (!r)
                return usage(ctx, "--region",
                             _("write it X,Y,WIDTH,HEIGHT in pixels, e.g. 0,0,800,600"));
            request.target = capture::Target::region;
            request.region = *r;
            break;
        }
        case CaptureArgs::What::window:
            request.target = capture::Target::window;
            request.window = args.window;
            break;
    }

    int rc = kExitOk;
    // Settings and the case are checked before the screen is read: a typo is said at once,
    // before the user has arranged the windows.
    std::optional<SealSetup> setup;
    if (!args.tsa.offline && !(setup = prepare_sealing(ctx, args.tsa, rc)))
        return rc;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto backend = capture::open_platform_backend();
    if (!backend.ok())
        return report_error(ctx, backend.error());

    for (int left = args.delay_seconds; left > 0; --left) {
        if (!ctx.json)
            std::cerr << fmt::format(fmt::runtime(_("Capture in {} s…\n")), left);
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (args.scroll)
        return capture_scrolling(ctx, *cs, **backend, request, args, setup);

    auto frame = jobs::grab(**backend, request);
    if (!frame.ok()) {
        Error e = frame.error();
        // The backend names what it could not find; the user knows it by the option they typed.
        if (e.code == Errc::usage)
            e.subject = args.what == CaptureArgs::What::region   ? "--region"
                        : args.what == CaptureArgs::What::window ? "--window"
                                                                 : "--screen";
        return report_error(ctx, e);
    }
    jobs::CaptureFields fields;
    fields.description = args.description;
    fields.account = args.account;
    fields.happened = args.happened;
    auto sealed = jobs::seal_frame(*cs, std::move(frame).value(), request, fields);
    if (!sealed.ok())
        return report_error(ctx, sealed.error());
    const core::ImportOutcome* added = &sealed->added;
    const jobs::SealedCapture* encoded = &*sealed;
    const std::string& source = sealed->source;

    if (ctx.json) {
        json doc = {
            {"item", added->seq},      {"sha256", added->sha256},   {"duplicate", added->duplicate},
            {"width", encoded->width}, {"height", encoded->height}, {"source", source}};
        doc["timestamp"] = seal_after_change(ctx, *cs, setup);
        print_json(doc);
        return kExitOk;
    }
    if (added->duplicate)
        std::cerr << fmt::format(
            fmt::runtime(_("= The screen shows exactly what item {} holds; not stored twice.\n")),
            added->seq);
    else
        std::cerr << fmt::format(fmt::runtime(_("+ capture {}×{} ({}) → item {} (SHA-256 {})\n")),
                                 encoded->width, encoded->height, shown(source), added->seq,
                                 added->sha256);
    seal_after_change(ctx, *cs, setup);
    return kExitOk;
}

}  // namespace scelle::cli
