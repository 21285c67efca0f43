#include "scelle/crypto/sha256.h"

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <vector>

#include "scelle/crypto/hex.h"

namespace scelle::crypto {

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    // Allocation or initialisation failure of a built-in digest means the process is broken;
    // there is nothing useful a caller could do with an error value here.
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1)
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
    EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr);
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
    std::vector<std::byte> buf(1 << 20);
    for (;;) {
        auto n = (*in)->read(buf);
        if (!n.ok())
            return error_from_errno(n.error().sys_errno, path.string(), true);
        if (*n == 0)
            break;
        h.update(std::span(buf.data(), *n));
    }
    return h.finish();
}

std::string to_hex(const Digest& digest) {
    return hex_encode(digest);
}

}  // namespace scelle::crypto
