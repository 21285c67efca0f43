// Runs a child process with captured stdout and stderr, for end-to-end tests of the
// command-line tools and for interop checks with standard tools (openssl, sha256sum...).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scelle::test {

#if defined(_WIN32)
using uid_t = unsigned;  // no users' ids on Windows: only for the signatures below
#endif

struct RunOptions {
    std::map<std::string, std::string> env;  // added to (or replacing in) the environment
    std::optional<uid_t> uid;                // run as this user (tests run as root in CI)
    std::optional<std::string> cwd;
};

struct ProcResult {
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
};

ProcResult run(const std::vector<std::string>& argv, const RunOptions& opts = {});

// The exit status and both outputs, for assertion messages.
std::string dump(const ProcResult& r);

// Starts a child whose output goes to /dev/null; returns its pid.
pid_t spawn(const std::vector<std::string>& argv, const RunOptions& opts = {});
// Waits for a spawned child; returns its ProcResult without output.
ProcResult wait_for(pid_t pid);

// The first user id that is not root ("nobody" when it exists), for permission tests.
uid_t unprivileged_uid();

}  // namespace scelle::test
