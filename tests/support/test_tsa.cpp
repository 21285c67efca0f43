#include "test_tsa.h"

// httplib.h includes winsock2.h on Windows, before windows.h as it must be.
#include <httplib.h>

#if !defined(_WIN32)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>

#include "temp_dir.h"

namespace scelle::test {

namespace {

int port_of(const sockaddr_storage& a) {
    if (a.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
    return -1;
}

// True when `s` is a connected socket from `local_port` to `remote_port`.
template <typename Socket>
bool is_connection(Socket s, int local_port, int remote_port) {
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t len = sizeof local;
    if (::getsockname(s, reinterpret_cast<sockaddr*>(&local), &len) != 0)
        return false;
    len = sizeof peer;
    if (::getpeername(s, reinterpret_cast<sockaddr*>(&peer), &len) != 0)
        return false;
    return port_of(local) == local_port && port_of(peer) == remote_port;
}

// cpp-httplib gives a handler no access to its socket, and a "dropped connection" must close
// before any byte of a reply is written. The connection's socket is found among the process's
// descriptors by its two ports, and shut down; httplib then fails to write and closes it.
void drop_connection(int local_port, int remote_port) {
#if defined(_WIN32)
    // Windows: sockets are kernel handles, multiples of 4 (a value that is no socket gives
    // WSAENOTSOCK). A test process holds a few hundred handles at most.
    for (std::uintptr_t h = 4; h < (1u << 20); h += 4) {
        const auto s = static_cast<SOCKET>(h);
        if (is_connection(s, local_port, remote_port)) {
            ::shutdown(s, SD_BOTH);
            return;
        }
    }
#else
    rlimit lim{};
    const long max_fd = (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < 65536)
                            ? static_cast<long>(lim.rlim_cur)
                            : 65536;
    for (int fd = 0; fd < max_fd; ++fd) {
        if (is_connection(fd, local_port, remote_port)) {
            ::shutdown(fd, SHUT_RDWR);
            return;
        }
    }
#endif
}

}  // namespace

int unused_loopback_port() {
#if defined(_WIN32)
    using Socket = SOCKET;
    auto close_socket = [](Socket s) { ::closesocket(s); };
    const Socket none = INVALID_SOCKET;
#else
    using Socket = int;
    auto close_socket = [](Socket s) { ::close(s); };
    const Socket none = -1;
#endif
    const Socket s = ::socket(AF_INET, SOCK_STREAM, 0);
    if (s == none)
        return 1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 1;  // nothing listens on port 1 either
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    close_socket(s);
    return port;
}

struct TestTsa::Impl {
    TestTsaOptions options;
    std::shared_ptr<const TestPki> pki;
    TsaSigner signer;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = -1;
    std::string error;

    std::atomic<TsaFault> fault;
    std::atomic<long long> slow_ms;
    // When positive, the fault applies to that many more requests, then reverts to none.
    int fault_budget = 0;  // guarded by mutex

    mutable std::mutex mutex;  // guards requests, stopping
    std::condition_variable wake;
    std::vector<RecordedRequest> requests;
    bool stopping = false;

    explicit Impl(TestTsaOptions o)
        : options(std::move(o)),
          pki(options.pki ? options.pki : std::make_shared<const TestPki>()),
          signer(pki),
          fault(options.fault),
          slow_ms(options.slow_delay.count()) {}

    void record(const httplib::Request& q) {
        RecordedRequest r;
        r.body = q.body;
        r.content_type = q.get_header_value("Content-Type");
        r.accept = q.get_header_value("Accept");
        r.user_agent = q.get_header_value("User-Agent");
        r.has_expect = q.has_header("Expect");
        std::size_t n;
        {
            std::lock_guard lock(mutex);
            requests.push_back(std::move(r));
            n = requests.size();
        }
        if (options.record_dir) {
            char name[32];
            std::snprintf(name, sizeof name, "request-%04zu.tsq", n);
            write_file(*options.record_dir / name, q.body);
        }
    }

    void handle(const httplib::Request& q, httplib::Response& r) {
        record(q);
        if (q.get_header_value("Content-Type") != "application/timestamp-query") {
            r.status = 415;
            r.set_content("expected application/timestamp-query\n", "text/plain");
            return;
        }
        const TsaFault f = take_fault();
        switch (f) {
            case TsaFault::http_500:
                r.status = 500;
                r.set_content("the test TSA was told to fail\n", "text/plain");
                return;
            case TsaFault::drop_connection:
                drop_connection(q.local_port, q.remote_port);
                return;
            case TsaFault::oversized:
                r.set_content(std::string(2u << 20, '\x30'), "application/timestamp-reply");
                return;
            case TsaFault::slow: {
                // Woken by stop(), so that a two-minute reply never holds up the tests.
                std::unique_lock lock(mutex);
                wake.wait_for(lock, std::chrono::milliseconds(slow_ms.load()),
                              [this] { return stopping; });
                break;
            }
            default:
                break;
        }
        r.set_content(signer.respond(q.body, f), "application/timestamp-reply");
    }

    TsaFault take_fault() {
        std::lock_guard lock(mutex);
        const TsaFault f = fault.load();
        if (fault_budget > 0 && --fault_budget == 0)
            fault = TsaFault::none;
        return f;
    }

    void set_fault(TsaFault f, int times) {
        std::lock_guard lock(mutex);
        fault = f;
        fault_budget = times;
    }

    // Body: "<fault>" or "<fault> <n>" (the fault for the next n requests only).
    void control_fault(const httplib::Request& q, httplib::Response& r) {
        std::string name = q.body;
        while (!name.empty() && (name.back() == '\n' || name.back() == '\r'))
            name.pop_back();
        int times = 0;
        if (auto space = name.find(' '); space != std::string::npos) {
            try {
                times = std::stoi(name.substr(space + 1));
            } catch (const std::exception&) {
                times = -1;
            }
            name.resize(space);
        }
        auto f = tsa_fault_from_string(name);
        if (f && times >= 0) {
            set_fault(*f, times);
            r.set_content(std::string(to_string(*f)) + "\n", "text/plain");
        } else {
            r.status = 400;
            r.set_content("unknown fault mode\n", "text/plain");
        }
    }
};

TestTsa::TestTsa(TestTsaOptions options) : m(std::make_unique<Impl>(std::move(options))) {}

TestTsa::~TestTsa() {
    stop();
}

bool TestTsa::start() {
    if (m->server)
        return true;
    if (m->options.https)
        m->server = std::make_unique<httplib::SSLServer>(m->pki->server.cert.get(),
                                                         m->pki->server.key.get());
    else
        m->server = std::make_unique<httplib::Server>();
    if (!m->server->is_valid()) {
        m->error = "the HTTP server could not be set up (TLS certificate or key refused)";
        m->server.reset();
        return false;
    }
    Impl* impl = m.get();
    m->server->set_keep_alive_timeout(1);
    m->server->Post(
        "/tsa", [impl](const httplib::Request& q, httplib::Response& r) { impl->handle(q, r); });
    if (m->options.control_endpoints) {
        m->server->Post("/control/fault", [impl](const httplib::Request& q, httplib::Response& r) {
            impl->control_fault(q, r);
        });
        m->server->Get("/control/requests", [impl](const httplib::Request&, httplib::Response& r) {
            std::size_t n;
            {
                std::lock_guard lock(impl->mutex);
                n = impl->requests.size();
            }
            r.set_content(std::to_string(n) + "\n", "text/plain");
        });
    }
    m->port = m->server->bind_to_any_port("127.0.0.1");
    if (m->port <= 0) {
        m->error = "could not bind 127.0.0.1";
        m->server.reset();
        return false;
    }
    {
        std::lock_guard lock(m->mutex);
        m->stopping = false;
    }
    httplib::Server* server = m->server.get();
    m->thread = std::thread([server] { server->listen_after_bind(); });
    while (!m->server->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
}

void TestTsa::stop() {
    if (!m->server)
        return;
    {
        std::lock_guard lock(m->mutex);
        m->stopping = true;
    }
    m->wake.notify_all();
    m->server->stop();
    if (m->thread.joinable())
        m->thread.join();
    m->server.reset();
}

std::string TestTsa::url() const {
    return std::string(m->options.https ? "https" : "http") +
           "://127.0.0.1:" + std::to_string(m->port) + "/tsa";
}

int TestTsa::port() const {
    return m->port;
}
const std::string& TestTsa::last_error() const {
    return m->error;
}
void TestTsa::set_fault(TsaFault fault) {
    m->set_fault(fault, 0);
}
void TestTsa::set_fault_for_next(TsaFault fault, int requests) {
    m->set_fault(fault, requests);
}
TsaFault TestTsa::fault() const {
    return m->fault.load();
}
void TestTsa::set_slow_delay(std::chrono::milliseconds delay) {
    m->slow_ms = delay.count();
}

std::vector<RecordedRequest> TestTsa::requests() const {
    std::lock_guard lock(m->mutex);
    return m->requests;
}

std::vector<std::string> TestTsa::request_bodies() const {
    std::lock_guard lock(m->mutex);
    std::vector<std::string> out;
    for (const auto& r : m->requests)
        out.push_back(r.body);
    return out;
}

std::size_t TestTsa::request_count() const {
    std::lock_guard lock(m->mutex);
    return m->requests.size();
}

void TestTsa::clear_requests() {
    std::lock_guard lock(m->mutex);
    m->requests.clear();
}

const TestPki& TestTsa::pki() const {
    return *m->pki;
}
std::shared_ptr<const TestPki> TestTsa::shared_pki() const {
    return m->pki;
}
TsaSigner& TestTsa::signer() {
    return m->signer;
}

}  // namespace scelle::test
