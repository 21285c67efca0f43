// Owning pointers for OpenSSL handles, in the shape of BoringSSL's bssl::UniquePtr: one
// owner from the line a handle is created, a stateless deleter, no naked *_free elsewhere.
#pragma once

#include <openssl/evp.h>

#include <memory>

namespace scelle::crypto {

template <typename T, void (*FreeFn)(T*)>
struct OsslDeleter {
    void operator()(T* p) const noexcept { FreeFn(p); }
};

using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OsslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

}  // namespace scelle::crypto
