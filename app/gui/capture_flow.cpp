#include "capture_flow.h"

#include "scelle/store/store.h"

namespace scelle::gui {

Result<std::optional<std::string>> sole_account(core::CaseStore& cs) {
    SCELLE_ASSIGN_OR_RETURN(auto accounts, cs.accounts());
    if (accounts.size() != 1)
        return std::optional<std::string>{};
    return std::optional<std::string>(accounts.front().platform + ":" + accounts.front().handle);
}

Result<core::ImportOutcome> seal_frame(const std::filesystem::path& store_root,
                                       const std::string& case_id, capture::Frame frame,
                                       const capture::Request& req,
                                       const std::optional<std::string>& source) {
    core::Store store(store_root);
    SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(case_id, core::Access::read_write));
    jobs::CaptureFields fields;
    fields.source = source;
    SCELLE_ASSIGN_OR_RETURN(fields.account, sole_account(*cs));
    SCELLE_ASSIGN_OR_RETURN(jobs::SealedCapture sealed,
                            jobs::seal_frame(*cs, std::move(frame), req, fields));
    return std::move(sealed.added);
}

}  // namespace scelle::gui
