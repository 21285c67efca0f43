#include "scelle/jobs/capture_job.h"

#include <algorithm>
#include <utility>

namespace scelle::jobs {

Result<capture::Frame> grab(capture::Backend& backend, capture::Request& req) {
    if (req.target == capture::Target::screen && req.screen == kScreenUnderPointer) {
        req.screen = 0;
        if (!backend.asks_the_user()) {
            SCELLE_ASSIGN_OR_RETURN(auto monitors, backend.monitors());
            SCELLE_ASSIGN_OR_RETURN(auto at, backend.pointer());
            if (at)
                req.screen = std::max(0, capture::monitor_at(monitors, *at));
        }
    }
    return backend.grab(req);
}

Result<capture::Frame> grab(capture::Request& req) {
    SCELLE_ASSIGN_OR_RETURN(auto backend, capture::open_platform_backend());
    return grab(*backend, req);
}

Result<std::vector<capture::Monitor>> list_monitors() {
    SCELLE_ASSIGN_OR_RETURN(auto backend, capture::open_platform_backend());
    if (backend->asks_the_user())
        return std::vector<capture::Monitor>{};
    return backend->monitors();
}

namespace {

struct Encoded {
    core::ScreenshotRequest sr;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

Result<Encoded> encode_with_size(capture::Frame frame, const capture::Request& req,
                                 const CaptureFields& fields) {
    Encoded out;
    out.sr.capture = capture::describe(frame);
    out.sr.source = fields.source ? *fields.source : capture::source_text(frame, req);
    out.sr.description = fields.description;
    out.sr.account = fields.account;
    out.sr.happened = fields.happened;
    SCELLE_ASSIGN_OR_RETURN(capture::Capture cap, capture::encode(std::move(frame)));
    out.sr.png = std::move(cap.png);
    out.width = cap.width;
    out.height = cap.height;
    return out;
}

}  // namespace

Result<core::ScreenshotRequest> encode_frame(capture::Frame frame, const capture::Request& req,
                                             const CaptureFields& fields) {
    SCELLE_ASSIGN_OR_RETURN(Encoded e, encode_with_size(std::move(frame), req, fields));
    return std::move(e.sr);
}

Result<SealedCapture> seal_frame(core::CaseStore& cs, capture::Frame frame,
                                 const capture::Request& req, const CaptureFields& fields) {
    SCELLE_ASSIGN_OR_RETURN(Encoded e, encode_with_size(std::move(frame), req, fields));
    SealedCapture out;
    out.width = e.width;
    out.height = e.height;
    out.source = e.sr.source;
    SCELLE_ASSIGN_OR_RETURN(out.added, cs.add_screenshot(e.sr));
    return out;
}

}  // namespace scelle::jobs
