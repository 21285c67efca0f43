// Reading OpenSSL's per-thread error queue into text for Error details and verdicts.
#pragma once

#include <string>

namespace scelle::crypto::detail {

// Empties the calling thread's OpenSSL error queue and returns its entries joined by "; "
// (the library's own reason strings), or an empty string when the queue was empty.
std::string take_openssl_errors();

}  // namespace scelle::crypto::detail
