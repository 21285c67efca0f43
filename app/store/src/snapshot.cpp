// The case as it was at one moment (snapshot.h).
#include "scelle/store/snapshot.h"

#include <algorithm>
#include <set>

namespace scelle::core {

namespace {

// A concurrent writer (another scelle-cli importing into the same case) may change the case
// while it is read. Every change appends a custody line in the same transaction, so a log
// that has the same length before and after the other reads means they saw one state.
constexpr int kSnapshotAttempts = 20;

}  // namespace

bool has_evidence_file(const Item& it) {
    return it.kind != "link" && it.sha256.has_value() && !it.withdrawn_at.has_value();
}

Result<Snapshot> read_snapshot(CaseStore& cs) {
    for (int attempt = 0; attempt < kSnapshotAttempts; ++attempt) {
        Snapshot s;
        SCELLE_ASSIGN_OR_RETURN(auto before, cs.log_lines());
        SCELLE_ASSIGN_OR_RETURN(s.accounts, cs.accounts());
        SCELLE_ASSIGN_OR_RETURN(s.items, cs.items());
        SCELLE_ASSIGN_OR_RETURN(auto tokens, cs.timestamps());
        SCELLE_ASSIGN_OR_RETURN(s.log_lines, cs.log_lines());
        if (s.log_lines != before)
            continue;
        // Two processes sealing at the same moment can each store a token over the same K;
        // the bundle holds one file per K: the earliest token.
        std::set<std::int64_t> seen;
        for (auto& t : tokens)
            if (t.covers >= 1 && t.covers <= static_cast<std::int64_t>(s.log_lines.size()) &&
                seen.insert(t.covers).second)
                s.tokens.push_back(std::move(t));
        std::stable_sort(
            s.tokens.begin(), s.tokens.end(),
            [](const TimestampToken& a, const TimestampToken& b) { return a.covers < b.covers; });
        s.info = cs.info();
        return s;
    }
    return make_error(Errc::store_io, cs.info().id,
                      "the case kept changing while it was read for export; try again");
}

}  // namespace scelle::core
