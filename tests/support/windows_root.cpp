#include "windows_root.h"

#include <windows.h>
// wincrypt.h after windows.h.
#include <wincrypt.h>

#include <openssl/crypto.h>

namespace scelle::test {

ScopedWindowsRoot::ScopedWindowsRoot(X509* cert) {
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert, &der);
    if (size <= 0)
        return;
    if (HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT")) {
        PCCERT_CONTEXT added = nullptr;
        if (CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der,
                                             static_cast<DWORD>(size),
                                             CERT_STORE_ADD_REPLACE_EXISTING, &added))
            m_added = added;
        CertCloseStore(store, 0);
    }
    OPENSSL_free(der);
}

ScopedWindowsRoot::~ScopedWindowsRoot() {
    // Deleting also frees the context.
    if (m_added != nullptr)
        CertDeleteCertificateFromStore(static_cast<PCCERT_CONTEXT>(m_added));
}

}  // namespace scelle::test
