// Windows: a certificate in the user's "ROOT" store for one test, removed afterwards, so that
// the tests can show Scellé trusting what Windows trusts (the time-stamp tokens' chains, and
// HTTPS through Schannel). Under Wine only: Windows itself asks the user before adding a root.
#pragma once

#if defined(_WIN32)

#include <openssl/x509.h>

namespace scelle::test {

class ScopedWindowsRoot {
  public:
    explicit ScopedWindowsRoot(X509* cert);
    ~ScopedWindowsRoot();
    ScopedWindowsRoot(const ScopedWindowsRoot&) = delete;
    ScopedWindowsRoot& operator=(const ScopedWindowsRoot&) = delete;
    bool added() const { return m_added != nullptr; }

  private:
    const void* m_added = nullptr;  // the store's copy (PCCERT_CONTEXT)
};

}  // namespace scelle::test

#endif
