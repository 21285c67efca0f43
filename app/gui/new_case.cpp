#include "new_case.h"

#include <algorithm>

#include "scelle/base/text.h"

namespace scelle::gui {

Result<NewCaseResult> create_case_from_answers(core::Store& store, const NewCaseAnswers& a) {
    core::NewCase req{a.title, a.destination, a.incidents, a.summary, a.recorded_by};
    if (req.summary && core::trim(*req.summary).empty())
        req.summary.reset();
    if (req.recorded_by && core::trim(*req.recorded_by).empty())
        req.recorded_by.reset();
    SCELLE_TRY(core::validate_new_case(req));
    const std::string handle = core::trim(a.handle);
    SCELLE_ASSIGN_OR_RETURN(std::string id, store.create_case(req));
    NewCaseResult out{id, std::nullopt};
    if (handle.empty())
        return out;
    auto cs = store.open_case(id, core::Access::read_write);
    if (!cs.ok()) {
        out.account_error = cs.error().detail.empty() ? cs.error().subject : cs.error().detail;
        return out;
    }
    core::AccountRequest acc;
    // An account needs a platform; "other" says honestly that the user did not name one.
    const std::string platform = core::trim(a.platform);
    acc.platform = platform.empty() ? std::string("other") : platform;
    acc.handle = handle;
    if (a.profile_url && !core::trim(*a.profile_url).empty())
        acc.url = core::trim(*a.profile_url);
    auto r = (*cs)->add_account(acc);
    if (!r.ok())
        out.account_error = r.error().subject;
    return out;
}

std::string distinct_title(const std::string& wanted, const std::vector<std::string>& taken) {
    auto used = [&](const std::string& t) {
        return std::find(taken.begin(), taken.end(), t) != taken.end();
    };
    if (!used(wanted))
        return wanted;
    for (int n = 2;; ++n) {
        std::string candidate = wanted + " (" + std::to_string(n) + ")";
        if (!used(candidate))
            return candidate;
    }
}

}  // namespace scelle::gui
