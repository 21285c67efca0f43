// The authentication code of a WinZip AES-256 zip entry (AE-1 and AE-2, the format 7-Zip and
// libzip write): the last 10 bytes of the entry's stored data are the first 10 bytes of an
// HMAC-SHA1 over its encrypted bytes, keyed by PBKDF2-HMAC-SHA1 (1000 rounds) of the passphrase
// and the entry's salt. Checked here over the stored bytes, with OpenSSL, without decrypting:
// libzip does not check it when it inflates (bundle_read.cpp says why).
//
// Stored data of an entry: salt (16 bytes) | password verifier (2) | encrypted bytes | code (10).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include <openssl/evp.h>

#include "scelle/crypto/ossl_ptr.h"

namespace scelle::crypto {

using EvpMacCtxPtr = Handle<EVP_MAC_CTX, EVP_MAC_CTX_free>;

class ZipAesAuthenticator {
  public:
    static constexpr std::size_t kSaltSize = 16;  // AES-256
    static constexpr std::size_t kVerifierSize = 2;
    static constexpr std::size_t kCodeSize = 10;
    static constexpr std::size_t kOverhead = kSaltSize + kVerifierSize + kCodeSize;

    // Keys derived from `passphrase` and the entry's first kSaltSize + kVerifierSize stored
    // bytes; nullopt when the passphrase's verifier differs (a wrong passphrase, or an altered
    // salt or verifier) or `head` is short.
    static std::optional<ZipAesAuthenticator> create(std::string_view passphrase,
                                                     std::span<const std::byte> head);

    // The encrypted bytes, in any number of pieces.
    void update(std::span<const std::byte> encrypted);
    // Ends the computation: whether `code` (the entry's last kCodeSize stored bytes) is the one
    // the passphrase's key gives these bytes.
    bool matches(std::span<const std::byte> code);

  private:
    explicit ZipAesAuthenticator(EvpMacCtxPtr ctx) : m_ctx(std::move(ctx)) {}
    EvpMacCtxPtr m_ctx;
};

}  // namespace scelle::crypto
