#include "capture_flow.h"

#include "scelle/store/store.h"

namespace scelle::gui {

CaptureAttempt seal_frame(const std::filesystem::path& store_root, const std::string& case_id,
                          capture::Frame frame, const capture::Request& req,
                          const std::optional<std::string>& source) {
    jobs::CaptureFields fields;
    fields.source = source;
    auto encoded = jobs::encode_frame(std::move(frame), req, fields);
    if (!encoded.ok())
        return {encoded.error(), std::nullopt};
    auto stored = store_capture(store_root, case_id, *encoded);
    if (stored.ok())
        return {std::move(stored), std::nullopt};
    return {std::move(stored), std::move(encoded).value()};
}

Result<core::ImportOutcome> store_capture(const std::filesystem::path& store_root,
                                          const std::string& case_id,
                                          const core::ScreenshotRequest& capture) {
    core::Store store(store_root);
    SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(case_id, core::Access::read_write));
    return cs->add_screenshot(capture);
}

}  // namespace scelle::gui
