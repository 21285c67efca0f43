#include "capture_flow.h"

#include <algorithm>
#include <cstdlib>

#include "scelle/store/store.h"

namespace scelle::gui {

Result<std::unique_ptr<capture::Backend>> open_capture_backend() {
    const char* forced = std::getenv("SCELLE_CAPTURE_BACKEND");
    if (forced && *forced)
        return capture::open_backend(forced);
    return capture::open_platform_backend();
}

Result<capture::Frame> grab(capture::Request& req) {
    SCELLE_ASSIGN_OR_RETURN(auto backend, open_capture_backend());
    if (req.target == capture::Target::screen && req.screen == kScreenUnderPointer) {
        req.screen = 0;
        if (!backend->asks_the_user()) {
            SCELLE_ASSIGN_OR_RETURN(auto monitors, backend->monitors());
            SCELLE_ASSIGN_OR_RETURN(auto at, backend->pointer());
            if (at)
                req.screen = std::max(0, capture::monitor_at(monitors, *at));
        }
    }
    return backend->grab(req);
}

Result<std::vector<capture::Monitor>> list_monitors() {
    SCELLE_ASSIGN_OR_RETURN(auto backend, open_capture_backend());
    if (backend->asks_the_user())
        return std::vector<capture::Monitor>{};
    return backend->monitors();
}

Result<core::ImportOutcome> seal_frame(const std::filesystem::path& store_root,
                                       const std::string& case_id, capture::Frame frame,
                                       const capture::Request& req,
                                       const std::optional<std::string>& source) {
    core::ScreenshotRequest sr;
    sr.capture = capture::describe(frame);
    sr.source = source ? *source : capture::source_text(frame, req);
    SCELLE_ASSIGN_OR_RETURN(capture::Capture cap, capture::encode(std::move(frame)));
    sr.png = std::move(cap.png);
    core::Store store(store_root);
    SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(case_id, core::Access::read_write));
    return cs->add_screenshot(sr);
}

}  // namespace scelle::gui
