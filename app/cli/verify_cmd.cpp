// Placeholder: being written (issue 4). Replaced before it lands.
#include <iostream>

#include "cli.h"

namespace scelle::cli {

int cmd_verify(const Context&, const VerifyArgs&) {
    std::cerr << "scelle-cli verify: not written yet.\n";
    return kExitUsage;
}

}  // namespace scelle::cli
