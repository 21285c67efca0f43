// Cryptographically strong random bytes from OpenSSL's DRBG. Thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace scelle::crypto {

// Random lowercase hex string of `bytes` random bytes (2 * bytes characters).
std::string random_hex(std::size_t bytes);

}  // namespace scelle::crypto
