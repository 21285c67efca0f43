// A throw-away public-key infrastructure for time-stamp tests, made at test time with OpenSSL's
// C API: a test root CA, a second root the tests do not trust, TSA certificates with and
// without a proper timeStamping EKU, and a TLS server certificate for 127.0.0.1.
//
// Keys are EC P-256, so that making a full set costs milliseconds (on Windows, the root's and
// the TLS server's are RSA: test_pki.cpp). Nothing here is secret or
// reused: every TestPki is new. A TestPki is immutable once made; share it freely between
// threads (through std::shared_ptr<const TestPki>).
#pragma once

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scelle/crypto/ossl_x509_ptr.h"

namespace scelle::test {

struct KeyAndCert {
    crypto::EvpPkeyPtr key;
    crypto::X509Ptr cert;
};

struct TestPkiOptions {
    // Validity window of every certificate. Defaults: from a day ago, for ten years.
    std::time_t not_before = std::time(nullptr) - 86400;
    std::time_t not_after = std::time(nullptr) + 3650L * 86400;
};

class TestPki {
  public:
    explicit TestPki(const TestPkiOptions& options = {});

    KeyAndCert ca;                   // "Scellé Test Root CA": the anchor tests trust
    KeyAndCert other_ca;             // "Untrusted Test Root CA": never in a test trust store
    KeyAndCert tsa;                  // signed by ca; EKU timeStamping, critical
    KeyAndCert tsa_no_eku;           // signed by ca; no extended key usage at all
    KeyAndCert tsa_noncritical_eku;  // signed by ca; EKU timeStamping, not critical
    KeyAndCert tsa_other_ca;         // signed by other_ca; EKU timeStamping, critical
    KeyAndCert server;               // signed by ca; serverAuth, IP:127.0.0.1, DNS:localhost

    std::string ca_pem() const;
    std::string other_ca_pem() const;
    // Writes ca_pem() to `path` (replacing it).
    void write_ca_pem(const std::filesystem::path& path) const;
};

std::string cert_to_pem(X509* cert);

}  // namespace scelle::test
