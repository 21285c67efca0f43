// The case read at one moment, for the writers that turn it into files (the bundle, the
// report): the log did not grow while the other tables were read. Plain data; read_snapshot()
// runs on the calling thread and holds no transaction afterwards.
#pragma once

#include <vector>

#include "scelle/store/case_store.h"

namespace scelle::core {

struct Snapshot {
    CaseInfo info;
    std::vector<Account> accounts;
    std::vector<Item> items;
    std::vector<std::string> log_lines;
    // One token per K (the earliest obtained), in increasing K: what timestamps/ holds.
    std::vector<TimestampToken> tokens;
};
Result<Snapshot> read_snapshot(CaseStore& cs);

// True when the item has an evidence file in the bundle: a live item with a stored original.
bool has_evidence_file(const Item& it);

}  // namespace scelle::core
