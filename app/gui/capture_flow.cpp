#include "capture_flow.h"

#include "scelle/ocr/ocr.h"
#include "scelle/ocr/transcribe.h"
#include "scelle/store/store.h"

namespace scelle::gui {

Result<std::optional<std::string>> sole_account(core::CaseStore& cs) {
    SCELLE_ASSIGN_OR_RETURN(auto accounts, cs.accounts());
    if (accounts.size() != 1)
        return std::optional<std::string>{};
    return std::optional<std::string>(accounts.front().platform + ":" + accounts.front().handle);
}

CaptureAttempt seal_frame(const std::filesystem::path& store_root, const std::string& case_id,
                          capture::Frame frame, const capture::Request& req,
                          const std::optional<std::string>& source) {
    jobs::CaptureFields fields;
    fields.source = source;
    // The case's sole account, when the case can be read; a case that cannot be opened still
    // gets the picture encoded, so that it is kept in memory (below) rather than lost.
    {
        core::Store store(store_root);
        if (auto cs = store.open_case(case_id, core::Access::read_only); cs.ok())
            if (auto account = sole_account(**cs); account.ok())
                fields.account = std::move(account).value();
    }
    auto encoded = jobs::encode_frame(std::move(frame), req, fields);
    if (!encoded.ok())
        return {encoded.error(), std::nullopt};
    auto stored = store_capture(store_root, case_id, *encoded);
    if (stored.ok())
        return {std::move(stored), std::nullopt};
    return {std::move(stored), std::move(encoded).value()};
}

ScrollAttempt scroll_and_seal(const std::filesystem::path& store_root, const std::string& case_id,
                              capture::Request req, std::function<bool()> cancelled) {
    ScrollAttempt out{make_error(Errc::internal, "scroll")};
    auto backend = capture::open_platform_backend();
    if (!backend.ok()) {
        out.sealed = backend.error();
        return out;
    }
    jobs::CallbackReporter reporter(nullptr, std::move(cancelled));
    auto read = jobs::scroll_capture(**backend, req, jobs::ScrollOptions{}, reporter);
    if (!read.ok()) {
        out.sealed = read.error();
        return out;
    }
    out.end = read->end;
    out.joined = read->stitcher.frames();
    core::Store store(store_root);
    auto cs = store.open_case(case_id, core::Access::read_write);
    if (!cs.ok()) {
        out.sealed = cs.error();
        return out;
    }
    jobs::CaptureFields fields;
    if (auto account = sole_account(**cs); account.ok())
        fields.account = std::move(account).value();
    out.sealed = jobs::seal_scroll(**cs, *read, req, fields);
    // Searchable in the same action: the joined conversation's machine transcript (never
    // evidence). A failure leaves the capture as it is; "Read the pictures" can try again.
    if (out.sealed.ok() && out.sealed->stitched && ocr::available()) {
        auto t = ocr::transcribe_items(**cs, {out.sealed->stitched->added.seq});
        out.transcribed = t.ok() && !t->empty() && t->front().transcript.has_value();
    }
    return out;
}

Result<core::ImportOutcome> store_capture(const std::filesystem::path& store_root,
                                          const std::string& case_id,
                                          const core::ScreenshotRequest& capture) {
    core::Store store(store_root);
    SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(case_id, core::Access::read_write));
    return cs->add_screenshot(capture);
}

}  // namespace scelle::gui
