#include "child_process.h"

#include <stdexcept>

namespace scelle::test {

std::string dump(const ProcResult& r) {
    return "exit=" + std::to_string(r.exit_code) + " signal=" + std::to_string(r.signal) +
           "\nstdout: " + r.out + "\nstderr: " + r.err;
}

}  // namespace scelle::test

#if defined(_WIN32)

// Windows: CreateProcessW with a command line quoted for CommandLineToArgvW, a UTF-16
// environment block, and pipes for both outputs read by two threads. Only the pipes' ends
// meant for the child are inheritable, and only by that child (a handle list), so that two
// tests starting children at once do not keep each other's pipes open.
#include <windows.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace scelle::test {

namespace {

std::wstring wide(const std::string& utf8) {
    if (utf8.empty())
        return {};
    const int n =
        MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
    return out;
}

// One argument as CommandLineToArgvW (and the C runtime) reads it back.
void append_quoted(std::wstring& line, const std::wstring& arg) {
    if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
        line += arg;
        return;
    }
    line += L'"';
    std::size_t backslashes = 0;
    for (wchar_t c : arg) {
        if (c == L'\\') {
            ++backslashes;
            continue;
        }
        // Backslashes before a quote are doubled, and the quote escaped.
        line.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
        backslashes = 0;
        line += c;
    }
    line.append(backslashes * 2, L'\\');  // before the closing quote
    line += L'"';
}

// The parent's environment with the overrides applied, as a CreateProcessW block. Names are
// compared without case, as Windows does.
std::wstring environment_block(const std::map<std::string, std::string>& overrides) {
    std::map<std::wstring, std::wstring> vars;
    auto upper = [](std::wstring s) {
        CharUpperBuffW(s.data(), static_cast<DWORD>(s.size()));
        return s;
    };
    std::map<std::wstring, std::wstring> names;  // upper-case name -> name as written
    if (wchar_t* env = GetEnvironmentStringsW()) {
        for (const wchar_t* e = env; *e != L'\0'; e += wcslen(e) + 1) {
            const std::wstring kv = e;
            const auto eq = kv.find(L'=', 1);  // "=C:=C:\\..." entries start with '='
            if (eq == std::wstring::npos)
                continue;
            names[upper(kv.substr(0, eq))] = kv.substr(0, eq);
            vars[upper(kv.substr(0, eq))] = kv.substr(eq + 1);
        }
        FreeEnvironmentStringsW(env);
    }
    for (const auto& [k, v] : overrides) {
        const std::wstring name = wide(k);
        names[upper(name)] = name;
        vars[upper(name)] = wide(v);
    }
    std::wstring block;
    for (const auto& [key, value] : vars)
        block += names[key] + L"=" + value + L'\0';
    block += L'\0';
    return block;
}

struct Handle {
    HANDLE h = nullptr;
    Handle() = default;
    explicit Handle(HANDLE x) : h(x) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    void reset() {
        if (h != nullptr && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        h = nullptr;
    }
};

// A pipe whose write end the child inherits.
void make_pipe(Handle& read_end, Handle& write_end) {
    SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
    if (!CreatePipe(&read_end.h, &write_end.h, &sa, 0))
        throw std::runtime_error("CreatePipe failed");
    SetHandleInformation(read_end.h, HANDLE_FLAG_INHERIT, 0);
}

Handle open_nul() {
    SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
    return Handle(CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, nullptr));
}

// Starts the child with these standard handles; returns its process handle, or null when it
// could not be started (the caller reports exit 127, as a shell would).
HANDLE start(const std::vector<std::string>& argv, const RunOptions& opts, HANDLE in, HANDLE out,
             HANDLE err) {
    if (argv.empty())
        throw std::invalid_argument("no program to run");
    if (opts.uid)
        throw std::runtime_error("running as another user is not done on Windows");
    std::wstring line;
    for (const auto& a : argv) {
        if (!line.empty())
            line += L' ';
        append_quoted(line, wide(a));
    }
    std::wstring env = environment_block(opts.env);
    const std::wstring cwd = opts.cwd ? wide(*opts.cwd) : std::wstring();

    // Each handle once: a list with duplicates is refused.
    std::vector<HANDLE> inherited;
    for (HANDLE h : {in, out, err})
        if (std::find(inherited.begin(), inherited.end(), h) == inherited.end())
            inherited.push_back(h);
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    std::vector<unsigned char> attrs(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attrs.data());
    if (!InitializeProcThreadAttributeList(list, 1, 0, &size) ||
        !UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited.data(),
                                   inherited.size() * sizeof(HANDLE), nullptr, nullptr))
        throw std::runtime_error("the child's handle list could not be made");

    STARTUPINFOEXW si{};
    si.StartupInfo.cb = sizeof si;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = in;
    si.StartupInfo.hStdOutput = out;
    si.StartupInfo.hStdError = err;
    si.lpAttributeList = list;
    PROCESS_INFORMATION pi{};
    const BOOL ok =
        CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE,
                       CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT | CREATE_NO_WINDOW,
                       env.data(), cwd.empty() ? nullptr : cwd.c_str(), &si.StartupInfo, &pi);
    DeleteProcThreadAttributeList(list);
    if (!ok)
        return nullptr;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

int exit_code_of(HANDLE process) {
    WaitForSingleObject(process, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(process, &code);
    return static_cast<int>(code);
}

void read_all(HANDLE pipe, std::string& into) {
    char chunk[65536];
    DWORD n = 0;
    while (ReadFile(pipe, chunk, sizeof chunk, &n, nullptr) && n > 0)
        into.append(chunk, n);
}

// Spawned children by pid, for wait_for.
std::mutex g_spawned_mutex;
std::map<pid_t, HANDLE> g_spawned;

}  // namespace

ProcResult run(const std::vector<std::string>& argv, const RunOptions& opts) {
    Handle out_read, out_write, err_read, err_write;
    make_pipe(out_read, out_write);
    make_pipe(err_read, err_write);
    Handle nul = open_nul();
    Handle process(start(argv, opts, nul.h, out_write.h, err_write.h));
    // The parent's copies of the write ends are closed, so that reading ends with the child.
    out_write.reset();
    err_write.reset();
    ProcResult r;
    std::thread err_reader([&] { read_all(err_read.h, r.err); });
    read_all(out_read.h, r.out);
    err_reader.join();
    r.exit_code = process.h != nullptr ? exit_code_of(process.h) : 127;
    return r;
}

pid_t spawn(const std::vector<std::string>& argv, const RunOptions& opts) {
    Handle nul = open_nul();
    HANDLE process = start(argv, opts, nul.h, nul.h, nul.h);
    if (process == nullptr)
        throw std::runtime_error("the program could not be started: " + argv[0]);
    const auto pid = static_cast<pid_t>(GetProcessId(process));
    std::lock_guard lock(g_spawned_mutex);
    g_spawned[pid] = process;
    return pid;
}

ProcResult wait_for(pid_t pid) {
    HANDLE process = nullptr;
    {
        std::lock_guard lock(g_spawned_mutex);
        auto it = g_spawned.find(pid);
        if (it == g_spawned.end())
            throw std::invalid_argument("not a child started by spawn()");
        process = it->second;
        g_spawned.erase(it);
    }
    ProcResult r;
    r.exit_code = exit_code_of(process);
    CloseHandle(process);
    return r;
}

uid_t unprivileged_uid() {
    throw std::runtime_error("users' ids are not used on Windows");
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
