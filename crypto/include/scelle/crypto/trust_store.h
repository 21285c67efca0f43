// The trust anchors against which time-stamp tokens are checked.
//
// Trust comes from outside the token and outside the bundle: the system's certificate store,
// a folder of anchors shipped with Scellé, and PEM files the user names (SCELLE_TRUST_ANCHORS,
// `--ca`). Certificates carried inside a token only help to build the chain; they are never
// added here. Chains must end at a self-signed anchor held by this store: an intermediate named
// as an anchor is not enough (no partial chains), so that naming a TSA's own certificate can
// not silently stand in for its root.
//
// A TrustStore is built once and is immutable afterwards; its const members are thread-safe.
// Each verification gets a fresh X509_STORE from make_store(), because the verification time
// (genTime) is a property of the store's parameters and must not leak between threads.
#pragma once

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/crypto/ossl_x509_ptr.h"

namespace scelle::crypto {

enum class SystemAnchors { use, skip };
// Whether a store includes the certificates of the system's bundle file (see make_store).
enum class SystemBundle { include, skip };

struct TrustStoreOptions {
    // The operating system's store: OpenSSL's default paths, which also honour SSL_CERT_FILE
    // and SSL_CERT_DIR; on Windows, the roots of the system's certificate store instead of
    // the built-in paths. Tests skip it so that only their own test CA decides.
    SystemAnchors system = SystemAnchors::use;
    // Anchors shipped with Scellé: every *.pem and *.crt file in this folder. A folder that
    // does not exist simply adds nothing (an installation may ship none).
    std::optional<std::filesystem::path> shipped_dir;
    // PEM files named by the user, each holding one or more certificates. A missing or
    // certificate-less file is an error naming the file: a typo must not go unnoticed.
    std::vector<std::filesystem::path> user_files;
};

class TrustStore {
  public:
    static Result<TrustStore> create(const TrustStoreOptions& options);

    TrustStore(TrustStore&& o) noexcept;
    TrustStore& operator=(TrustStore&& o) noexcept;
    TrustStore(const TrustStore&) = delete;
    TrustStore& operator=(const TrustStore&) = delete;
    ~TrustStore() = default;

    // A new X509_STORE holding every anchor, checking validity at `at` when given (genTime)
    // and at the current time otherwise. The caller owns it; null only when out of memory.
    // The system's hashed certificate folder is looked up lazily by OpenSSL; its bundle file
    // (SSL_CERT_FILE, or the built-in one when there is no hashed folder) must be parsed whole,
    // which costs tens of milliseconds: it is read on the first store that includes it, once.
    // Callers that can first try without it pass SystemBundle::skip.
    X509StorePtr make_store(std::optional<std::time_t> at,
                            SystemBundle bundle = SystemBundle::include) const;
    // True when the system store has a bundle to add (see make_store): a file, or on Windows
    // the roots of the system's certificate store.
    bool has_system_bundle() const { return !m_system_file.empty() || m_system_os_store; }

    // Anchors loaded from the shipped folder and the user's files (the system store is not
    // counted: it is looked up lazily by OpenSSL).
    std::size_t explicit_anchor_count() const { return m_anchors.size(); }
    bool uses_system_store() const { return m_system == SystemAnchors::use; }

  private:
    TrustStore() = default;

    SystemAnchors m_system = SystemAnchors::use;
    std::vector<X509Ptr> m_anchors;
    // The system's CA bundle file, read once (OpenSSL would parse it again for every new
    // store: about 50 ms each for Debian's 140 roots), and only when SSL_CERT_FILE names it or
    // the system has no hashed certificate folder (Debian has one: looked up lazily).
    std::string m_system_file;  // the bundle file, when the system store has one to read
    // Windows: the roots of the system's certificate store ("ROOT"), read once like the file.
    bool m_system_os_store = false;
    mutable std::once_flag m_system_file_once;
    mutable std::vector<X509Ptr> m_system_file_certs;
    std::string m_system_dir;  // the hashed directory, looked up lazily by OpenSSL
};

// Splits a SCELLE_TRUST_ANCHORS-style list (paths separated by ':', by ';' on Windows as in
// PATH), dropping empty entries.
std::vector<std::filesystem::path> split_anchor_list(std::string_view list);

// Reads every certificate of a PEM file. Errors name the file.
Result<std::vector<X509Ptr>> read_pem_certificates(const std::filesystem::path& path);

}  // namespace scelle::crypto
