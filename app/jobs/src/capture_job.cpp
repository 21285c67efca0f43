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

Result<SealedCapture> seal_frame(core::CaseStore& cs, capture::Frame frame,
                                 const capture::Request& req, const CaptureFields& fields) {
    core::ScreenshotRequest sr;
    sr.capture = capture::describe(frame);
    sr.source = fields.source ? *fields.source : capture::source_text(frame, req);
    sr.description = fields.description;
    sr.account = fields.account;
    sr.happened = fields.happened;
    SCELLE_ASSIGN_OR_RETURN(capture::Capture cap, capture::encode(std::move(frame)));
    sr.png = std::move(cap.png);
    SealedCapture out;
    out.width = cap.width;
    out.height = cap.height;
    out.source = sr.source;
    SCELLE_ASSIGN_OR_RETURN(out.added, cs.add_screenshot(sr));
    return out;
}

}  // namespace scelle::jobs
