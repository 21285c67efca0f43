// POSIX: the system's roots are files, which OpenSSL reads itself (trust_store.cpp).
#include "os_roots.h"

namespace scelle::crypto::detail {

std::vector<X509Ptr> read_os_root_store() {
    return {};
}

}  // namespace scelle::crypto::detail
