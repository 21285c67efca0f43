// Streaming SHA-256 over OpenSSL's EVP interface (no hand-written hash).
//
// Sha256 hashes data fed in any number of pieces; sha256_file streams a file through a fixed
// buffer, so memory use does not grow with the file. A Sha256 object is not thread-safe; the
// free functions are.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/crypto/ossl_ptr.h"

namespace scelle::crypto {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
  public:
    Sha256();
    void update(std::span<const std::byte> data);
    void update(std::string_view data);
    // Ends the computation; the object can then be reset() and reused.
    Digest finish();
    // The digest of what was fed so far, leaving the computation open for more data.
    Digest digest_so_far() const;
    void reset();

  private:
    EvpMdCtxPtr m_ctx;
};

Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

// Hashes a whole file, streamed in 1 MiB blocks, read through `env`.
Result<Digest> sha256_file(const std::filesystem::path& path, core::Env& env = core::Env::system());

// Lowercase hexadecimal of a digest (64 characters).
std::string to_hex(const Digest& digest);

}  // namespace scelle::crypto
