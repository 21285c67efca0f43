// Owning pointers for OpenSSL handles (scelle/base/handle.h), in the shape of BoringSSL's
// bssl::UniquePtr: one owner from the line a handle is created, a stateless deleter, no
// naked *_free elsewhere.
#pragma once

#include <openssl/evp.h>

#include "scelle/base/handle.h"

namespace scelle::crypto {

using EvpMdCtxPtr = Handle<EVP_MD_CTX, EVP_MD_CTX_free>;

}  // namespace scelle::crypto
