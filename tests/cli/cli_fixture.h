// Shared pieces of the command-line tests: running the built scelle-cli on a store.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "child_process.h"

namespace scelle::test {

// Runs `scelle-cli --store STORE args...` with LC_ALL=C (English messages unless --lang) and
// `env` added to the environment.
inline ProcResult run_cli(const std::filesystem::path& store, const std::vector<std::string>& args,
                          std::map<std::string, std::string> env = {}, RunOptions opts = {}) {
    std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    opts.env.insert(env.begin(), env.end());
    opts.env.emplace("LC_ALL", "C");
    return run(argv, opts);
}

// The first line of a command's output (a case id printed by `case new`).
inline std::string first_line(const std::string& out) {
    return out.substr(0, out.find('\n'));
}

}  // namespace scelle::test
