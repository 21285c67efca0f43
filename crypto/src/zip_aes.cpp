#include "scelle/crypto/zip_aes.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <array>
#include <cstdint>

namespace scelle::crypto {

namespace {

constexpr int kRounds = 1000;
constexpr std::size_t kKeySize = 32;

using EvpMacPtr = Handle<EVP_MAC, EVP_MAC_free>;

}  // namespace

std::optional<ZipAesAuthenticator> ZipAesAuthenticator::create(std::string_view passphrase,
                                                               std::span<const std::byte> head) {
    if (head.size() < kSaltSize + kVerifierSize)
        return std::nullopt;
    // Encryption key | authentication key | password verifier.
    std::array<unsigned char, 2 * kKeySize + kVerifierSize> keys{};
    if (PKCS5_PBKDF2_HMAC_SHA1(passphrase.data(), static_cast<int>(passphrase.size()),
                               reinterpret_cast<const unsigned char*>(head.data()),
                               static_cast<int>(kSaltSize), kRounds, static_cast<int>(keys.size()),
                               keys.data()) != 1)
        return std::nullopt;
    const bool verifier_ok =
        CRYPTO_memcmp(keys.data() + 2 * kKeySize, head.data() + kSaltSize, kVerifierSize) == 0;
    EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    EvpMacCtxPtr ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    char digest[] = "SHA1";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    const bool ready =
        ctx && EVP_MAC_init(ctx.get(), keys.data() + kKeySize, kKeySize, params) == 1;
    OPENSSL_cleanse(keys.data(), keys.size());
    if (!verifier_ok || !ready)
        return std::nullopt;
    return ZipAesAuthenticator(std::move(ctx));
}

void ZipAesAuthenticator::update(std::span<const std::byte> encrypted) {
    if (!encrypted.empty())
        EVP_MAC_update(m_ctx.get(), reinterpret_cast<const unsigned char*>(encrypted.data()),
                       encrypted.size());
}

bool ZipAesAuthenticator::matches(std::span<const std::byte> code) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    std::size_t len = 0;
    if (EVP_MAC_final(m_ctx.get(), out.data(), &len, out.size()) != 1 || len < kCodeSize ||
        code.size() != kCodeSize)
        return false;
    return CRYPTO_memcmp(out.data(), code.data(), kCodeSize) == 0;
}

}  // namespace scelle::crypto
