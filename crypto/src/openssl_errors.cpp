#include "openssl_errors.h"

#include <openssl/err.h>

namespace scelle::crypto::detail {

std::string take_openssl_errors() {
    std::string out;
    unsigned long code;
    while ((code = ERR_get_error()) != 0) {
        const char* reason = ERR_reason_error_string(code);
        if (!out.empty())
            out += "; ";
        out += reason != nullptr ? reason : "error " + std::to_string(code);
    }
    return out;
}

}  // namespace scelle::crypto::detail
