#include "child_process.h"

#include <stdexcept>

namespace scelle::test {

std::string dump(const ProcResult& r) {
    return "exit=" + std::to_string(r.exit_code) + " signal=" + std::to_string(r.signal) +
           "\nstdout: " + r.out + "\nstderr: " + r.err;
}

}  // namespace scelle::test

#if defined(_WIN32)

// Windows: the support library compiles, and a test that starts a child process fails loudly.
// (The test programs themselves are not built for Windows yet: docs/building.md.)
namespace scelle::test {

namespace {

[[noreturn]] void not_on_windows() {
    throw std::runtime_error("child processes are not run by the Windows build of the tests");
}

}  // namespace

ProcResult run(const std::vector<std::string>&, const RunOptions&) {
    not_on_windows();
}
pid_t spawn(const std::vector<std::string>&, const RunOptions&) {
    not_on_windows();
}
ProcResult wait_for(pid_t) {
    not_on_windows();
}
uid_t unprivileged_uid() {
    not_on_windows();
}

}  // namespace scelle::test

#else

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

extern char** environ;

namespace scelle::test {

namespace {

// Builds the child's environment: the parent's, with the overrides applied.
std::vector<std::string> child_env(const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string kv = *e;
        auto eq = kv.find('=');
        if (eq != std::string::npos && overrides.count(kv.substr(0, eq)))
            continue;
        out.push_back(kv);
    }
    for (const auto& [k, v] : overrides)
        out.push_back(k + "=" + v);
    return out;
}

// The program's path as execvp would find it, looked up in the parent: a test process has
// threads (a test TSA, a GUI), and a child forked from it may call only async-signal-safe
// functions until it execs. Allocating there (building argv, searching PATH) can deadlock on a
// lock another thread held at the fork, which hung a whole CI run once.
std::string resolve_program(const std::string& name, const std::vector<std::string>& env) {
    if (name.find('/') != std::string::npos)
        return name;
    std::string path = "/usr/local/bin:/usr/bin:/bin";
    for (const auto& kv : env)
        if (kv.rfind("PATH=", 0) == 0)
            path = kv.substr(5);
    std::size_t begin = 0;
    while (begin <= path.size()) {
        std::size_t end = path.find(':', begin);
        if (end == std::string::npos)
            end = path.size();
        std::string dir = path.substr(begin, end - begin);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        begin = end + 1;
    }
    return name;  // execve fails on it, and the child exits 127 as a shell would
}

// Everything the child needs, made before the fork.
struct ChildPlan {
    std::string program;
    std::vector<std::string> argv_storage, env_storage;
    std::vector<char*> argv, envp;
    std::optional<uid_t> uid;
    std::optional<std::string> cwd;

    ChildPlan(const std::vector<std::string>& args, const RunOptions& opts)
        : argv_storage(args), env_storage(child_env(opts.env)), uid(opts.uid), cwd(opts.cwd) {
        if (argv_storage.empty())
            throw std::invalid_argument("no program to run");
        program = resolve_program(argv_storage[0], env_storage);
        for (auto& s : argv_storage)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        for (auto& s : env_storage)
            envp.push_back(s.data());
        envp.push_back(nullptr);
    }
};

// In the forked child: async-signal-safe calls only.
[[noreturn]] void exec_child(const ChildPlan& plan) {
    if (plan.uid) {
        if (::setgid(65534) != 0 || ::setuid(*plan.uid) != 0)
            _exit(126);
    }
    if (plan.cwd && ::chdir(plan.cwd->c_str()) != 0)
        _exit(126);
    ::execve(plan.program.c_str(), plan.argv.data(), plan.envp.data());
    _exit(127);
}

ProcResult decode_status(int status) {
    ProcResult r;
    if (WIFEXITED(status))
        r.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.signal = WTERMSIG(status);
    return r;
}

}  // namespace

ProcResult run(const std::vector<std::string>& argv, const RunOptions& opts) {
    const ChildPlan plan(argv, opts);
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        exec_child(plan);
    }
    ::close(out[1]);
    ::close(err[1]);
    std::string bufs[2];
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_count = 2;
    char chunk[65536];
    while (open_count > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = ::read(fds[i].fd, chunk, sizeof chunk);
            if (n > 0) {
                bufs[i].append(chunk, static_cast<std::size_t>(n));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ProcResult r = decode_status(status);
    r.out = std::move(bufs[0]);
    r.err = std::move(bufs[1]);
    return r;
}

pid_t spawn(const std::vector<std::string>& argv, const RunOptions& opts) {
    const ChildPlan plan(argv, opts);
    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(devnull, 0);
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
        exec_child(plan);
    }
    return pid;
}

ProcResult wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return decode_status(status);
}

uid_t unprivileged_uid() {
    if (const passwd* pw = ::getpwnam("nobody"))
        return pw->pw_uid;
    return 65534;
}

}  // namespace scelle::test

#endif  // _WIN32
