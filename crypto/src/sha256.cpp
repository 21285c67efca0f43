#include "scelle/crypto/sha256.h"

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <vector>

#include "scelle/crypto/hex.h"

namespace scelle::crypto {

namespace {

// SHA-256 fetched once from OpenSSL's providers. EVP_sha256() is a legacy handle: every
// EVP_DigestInit_ex with it fetches the implementation again (a lookup under a lock), which a
// verify of a few hundred small entries paid for each entry (docs/performance.md). The fetched
// object lives as long as the process; it is only read after the first call (thread-safe).
const EVP_MD* sha256_md() {
    static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
}

}  // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    // Allocation or initialisation failure of a built-in digest means the process is broken;
    // there is nothing useful a caller could do with an error value here.
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), sha256_md(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not initialise SHA-256");
}

void Sha256::update(std::span<const std::byte> data) {
    if (!data.empty())
        EVP_DigestUpdate(m_ctx.get(), data.data(), data.size());
}

void Sha256::update(std::string_view data) {
    update(std::as_bytes(std::span(data.data(), data.size())));
}

Digest Sha256::finish() {
    Digest out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_ctx.get(), out.data(), &len);
    return out;
}

Digest Sha256::digest_so_far() const {
    EvpMdCtxPtr copy(EVP_MD_CTX_new());
    if (!copy || EVP_MD_CTX_copy_ex(copy.get(), m_ctx.get()) != 1)
        throw std::runtime_error("OpenSSL could not copy a SHA-256 computation");
    Digest out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(copy.get(), out.data(), &len);
    return out;
}

void Sha256::reset() {
    EVP_DigestInit_ex(m_ctx.get(), sha256_md(), nullptr);
}

Digest sha256(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.finish();
}

std::string sha256_hex(std::string_view data) {
    return to_hex(sha256(data));
}

Result<Digest> sha256_file(const std::filesystem::path& path, core::Env& env) {
    auto in = env.open_read(path);
    if (!in.ok())
        return error_from_errno(in.error().sys_errno, path.string(), true);
    Sha256 h;
    // Not zero-filled: a small file touches only the pages it fills.
    constexpr std::size_t kBuffer = 1 << 20;
    const auto storage = std::make_unique_for_overwrite<std::byte[]>(kBuffer);
    const std::span<std::byte> buf(storage.get(), kBuffer);
    for (;;) {
        auto n = (*in)->read(buf);
        if (!n.ok())
            return error_from_errno(n.error().sys_errno, path.string(), true);
        if (*n == 0)
            break;
        h.update(buf.first(*n));
    }
    return h.finish();
}

std::string to_hex(const Digest& digest) {
    return hex_encode(digest);
}

}  // namespace scelle::crypto
