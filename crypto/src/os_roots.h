// The root certificates of the operating system's own certificate store, where it is not a
// folder of files that OpenSSL reads itself: Windows ("ROOT", the user's view, which includes
// the machine's roots and those set by policy).
#pragma once

#include <vector>

#include "scelle/crypto/ossl_x509_ptr.h"

namespace scelle::crypto::detail {

// Every certificate of the store that OpenSSL can parse; empty where there is no such store
// (POSIX) or when it cannot be opened. Certificates OpenSSL cannot parse are skipped, as
// OpenSSL skips the broken entries of a bundle file.
std::vector<X509Ptr> read_os_root_store();

}  // namespace scelle::crypto::detail
