// Windows: the roots of the system's certificate store, for OpenSSL's verification of the
// time-stamp tokens (HTTPS itself goes through Schannel, which reads the same store).
#include <windows.h>
// wincrypt.h after windows.h.
#include <wincrypt.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "os_roots.h"

namespace scelle::crypto::detail {

std::vector<X509Ptr> read_os_root_store() {
    std::vector<X509Ptr> out;
    HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
    if (store == nullptr)
        return out;
    PCCERT_CONTEXT cert = nullptr;
    while ((cert = CertEnumCertificatesInStore(store, cert)) != nullptr) {
        const unsigned char* der = cert->pbCertEncoded;
        X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
        if (x509 != nullptr)
            out.emplace_back(x509);
    }
    CertCloseStore(store, 0);
    ERR_clear_error();
    return out;
}

}  // namespace scelle::crypto::detail
