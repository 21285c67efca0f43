// Placeholder: being written (issue 4). Replaced before it lands.
#include <iostream>

#include "cli.h"

namespace scelle::cli {

int cmd_export(const Context&, const std::string&, const ExportArgs&) {
    std::cerr << "scelle-cli export: not written yet.\n";
    return kExitUsage;
}

}  // namespace scelle::cli
