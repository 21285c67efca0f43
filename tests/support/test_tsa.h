// A real RFC 3161 Time-Stamp Authority for tests, listening on 127.0.0.1 on an ephemeral port,
// in the test's own process: it signs with OpenSSL under a test CA made at start (TsaSigner),
// serves HTTP or HTTPS with cpp-httplib, and can be told to misbehave in every way the client
// must survive (TsaFault), switchable while it runs. It records every request it receives.
//
// The same server runs as the standalone `scelle-test-tsa` program for command-line tests.
//
// Endpoints: POST /tsa (the TSA). With control endpoints on (the standalone program):
// POST /control/fault (body: a TsaFault name, optionally followed by a space and the number
// of requests it applies to) and GET /control/requests (the count).
//
// Thread-safe: set_fault() and the recorded requests may be used while requests are served.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_pki.h"
#include "tsa_signer.h"

namespace scelle::test {

struct RecordedRequest {
    std::string body;
    std::string content_type;
    std::string accept;
    std::string user_agent;
    bool has_expect = false;  // an "Expect" header was sent
};

struct TestTsaOptions {
    std::shared_ptr<const TestPki> pki;  // made by the server when null
    bool https = false;                  // TLS with pki->server, under pki->ca
    TsaFault fault = TsaFault::none;
    std::chrono::milliseconds slow_delay = std::chrono::minutes(2);
    bool control_endpoints = false;
    // When set, each request body is also written there as request-0001.tsq, ...
    std::optional<std::filesystem::path> record_dir;
};

class TestTsa {
  public:
    explicit TestTsa(TestTsaOptions options = {});
    ~TestTsa();  // stops the server
    TestTsa(const TestTsa&) = delete;
    TestTsa& operator=(const TestTsa&) = delete;

    // Binds 127.0.0.1 on a free port and serves in a background thread. False (and
    // last_error()) when it cannot.
    bool start();
    // Stops serving; waits for the handlers, waking a slow reply at once. Safe to call twice.
    void stop();

    // "http://127.0.0.1:PORT/tsa" (https:// with TLS). Valid after start().
    std::string url() const;
    int port() const;
    const std::string& last_error() const;

    void set_fault(TsaFault fault);
    // The fault for the next `requests` requests only, then none: deterministic, unlike
    // switching the fault from another thread while a request is in flight.
    void set_fault_for_next(TsaFault fault, int requests);
    TsaFault fault() const;
    void set_slow_delay(std::chrono::milliseconds delay);

    std::vector<RecordedRequest> requests() const;
    std::vector<std::string> request_bodies() const;
    std::size_t request_count() const;
    void clear_requests();

    const TestPki& pki() const;
    std::shared_ptr<const TestPki> shared_pki() const;
    TsaSigner& signer();

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// A loopback port with nothing listening (bound, then released), for "no TSA there" tests.
int unused_loopback_port();

}  // namespace scelle::test
