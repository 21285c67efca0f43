// A secret held in memory (a bundle's passphrase): its bytes are overwritten with zeros when
// it is destroyed, moved from or cleared, so that they do not linger in freed memory, in a
// core dump or in the swap longer than needed (minisign's and libsodium's habit of zeroizing
// secrets). It cannot be copied, so there is one owner of the bytes at a time; clone() makes
// a second owner on purpose. The wipe goes through volatile stores in a separate translation
// unit so that the compiler cannot drop it as a dead store; base does not link OpenSSL, so
// OPENSSL_cleanse is not used. Not thread-safe: one owner, one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scelle {

// Overwrites `n` bytes at `p` with zeros; never optimised away.
void secure_wipe(void* p, std::size_t n) noexcept;

// `Alloc` is for tests (an allocator that checks what it is given back); use SecretString.
template <class Alloc = std::allocator<char>>
class BasicSecretString {
  public:
    using String = std::basic_string<char, std::char_traits<char>, Alloc>;

    BasicSecretString() noexcept = default;
    // Copies the bytes; the caller wipes its own copy.
    BasicSecretString(std::string_view s) : m_value(s.data(), s.size()) {}
    BasicSecretString(const char* s) : BasicSecretString(std::string_view(s)) {}
    // Takes the bytes of `s` and wipes `s` (which is left empty).
    BasicSecretString(std::string&& s) : m_value(s.data(), s.size()) { wipe_string(s); }

    BasicSecretString(const BasicSecretString&) = delete;
    BasicSecretString& operator=(const BasicSecretString&) = delete;
    // The moved-from secret is left empty, its old bytes wiped (a short string lives inside
    // the object, where a plain move would leave it).
    BasicSecretString(BasicSecretString&& other) noexcept : m_value(std::move(other.m_value)) {
        wipe_string(other.m_value);
    }
    BasicSecretString& operator=(BasicSecretString&& other) noexcept {
        if (this != &other) {
            wipe_string(m_value);
            m_value = std::move(other.m_value);
            wipe_string(other.m_value);
        }
        return *this;
    }
    ~BasicSecretString() { wipe_string(m_value); }

    // A second owner of the same bytes, made on purpose.
    BasicSecretString clone() const { return BasicSecretString(view()); }

    std::string_view view() const noexcept { return {m_value.data(), m_value.size()}; }
    // For C interfaces (libzip's passwords); valid while this secret is alive and unchanged.
    const char* c_str() const noexcept { return m_value.c_str(); }
    bool empty() const noexcept { return m_value.empty(); }
    std::size_t size() const noexcept { return m_value.size(); }
    // Wipes the bytes and leaves the secret empty.
    void clear() noexcept { wipe_string(m_value); }

    friend bool operator==(const BasicSecretString& a, const BasicSecretString& b) noexcept {
        return a.view() == b.view();
    }

  private:
    // Wipes the whole buffer (its capacity, not only its size: a string that shrank keeps
    // old bytes past its end), then empties the string. Growing to the capacity does not
    // reallocate.
    template <class S>
    static void wipe_string(S& s) noexcept {
        s.resize(s.capacity());
        secure_wipe(s.data(), s.size());
        s.clear();
    }

    String m_value;
};

using SecretString = BasicSecretString<>;

static_assert(!std::is_copy_constructible_v<SecretString>);
static_assert(std::is_nothrow_move_constructible_v<SecretString>);

}  // namespace scelle
