#include "scelle/crypto/random.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "scelle/crypto/hex.h"

namespace scelle::crypto {

std::string random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> buf(bytes);
    // A DRBG that cannot seed itself leaves no safe way to make identifiers or nonces.
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
        throw std::runtime_error("OpenSSL's random generator failed");
    return hex_encode(buf);
}

}  // namespace scelle::crypto
