// scelle-test-tsa: the test TSA as a program, for command-line tests that run scelle-cli in a
// child process. It listens on 127.0.0.1 on a free port, writes the test CA to the given file,
// prints its URL on one line of stdout (and into --url-out FILE, written once it serves), and
// serves until SIGTERM or SIGINT, then exits 0.
//
//   scelle-test-tsa --ca-out FILE [--url-out FILE] [--fault MODE] [--https] [--slow-ms N]
//                   [--record-dir DIR]
//
// Fault modes: none http_500 garbage truncated_der other_digest wrong_nonce rejection no_eku
// noncritical_eku untrusted_ca slow drop_connection oversized.
// The fault mode can be changed while it runs: POST the mode name to /control/fault, followed
// by a space and a count to apply it to that many requests only.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "temp_dir.h"
#include "test_tsa.h"

namespace {

int usage() {
    std::cerr << "usage: scelle-test-tsa --ca-out FILE [--url-out FILE] [--fault MODE] [--https]"
                 " [--slow-ms N] [--record-dir DIR]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) try {
    using namespace scelle::test;
    TestTsaOptions options;
    options.control_endpoints = true;
    std::string ca_out;
    std::string url_out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--ca-out" && has_value) {
            ca_out = argv[++i];
        } else if (a == "--url-out" && has_value) {
            url_out = argv[++i];
        } else if (a == "--fault" && has_value) {
            auto f = tsa_fault_from_string(argv[++i]);
            if (!f) {
                std::cerr << "scelle-test-tsa: unknown fault mode " << argv[i] << "\n";
                return 2;
            }
            options.fault = *f;
        } else if (a == "--https") {
            options.https = true;
        } else if (a == "--slow-ms" && has_value) {
            options.slow_delay = std::chrono::milliseconds(std::atoll(argv[++i]));
        } else if (a == "--record-dir" && has_value) {
            options.record_dir = argv[++i];
        } else {
            return usage();
        }
    }
    if (ca_out.empty())
        return usage();

    // The signals are blocked before any thread exists, so every server thread inherits the
    // mask and only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    TestTsa tsa(options);
    tsa.pki().write_ca_pem(ca_out);
    if (!tsa.start()) {
        std::cerr << "scelle-test-tsa: " << tsa.last_error() << "\n";
        return 1;
    }
    std::cout << tsa.url() << std::endl;
    if (!url_out.empty()) {
        // Written whole under a temporary name, then renamed, so a reader never sees half.
        write_file(url_out + ".tmp", tsa.url() + "\n");
        std::filesystem::rename(url_out + ".tmp", url_out);
    }

    int sig = 0;
    sigwait(&stop_signals, &sig);
    tsa.stop();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "scelle-test-tsa: " << e.what() << "\n";
    return 1;
}
