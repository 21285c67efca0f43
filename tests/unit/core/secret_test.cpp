#include "scelle/base/secret.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

namespace scelle {
namespace {

static_assert(!std::is_copy_constructible_v<SecretString>);
static_assert(!std::is_copy_assignable_v<SecretString>);
static_assert(std::is_nothrow_move_constructible_v<SecretString>);
static_assert(std::is_nothrow_move_assignable_v<SecretString>);

// Long enough to live on the heap, not inside the string object.
constexpr std::string_view kLong = "correct horse battery staple, twice over";
// Short enough to live inside the string object.
constexpr std::string_view kShort = "hunter2";

// What the allocator below saw given back: every buffer, and whether each was all zeros.
struct Freed {
    int buffers = 0;
    int with_bytes = 0;  // buffers given back with a non-zero byte in them
};
Freed g_freed;

// Looks at each buffer as it is given back, before the memory is released.
template <class T>
struct CheckingAllocator {
    using value_type = T;
    CheckingAllocator() = default;
    template <class U>
    CheckingAllocator(const CheckingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        const auto* b = reinterpret_cast<const unsigned char*>(p);
        ++g_freed.buffers;
        if (std::any_of(b, b + n * sizeof(T), [](unsigned char c) { return c != 0; }))
            ++g_freed.with_bytes;
        std::allocator<T>{}.deallocate(p, n);
    }
    friend bool operator==(const CheckingAllocator&, const CheckingAllocator&) { return true; }
};

using CheckedSecret = BasicSecretString<CheckingAllocator<char>>;

// True when `secret` appears in the bytes of the object at `p`.
template <class T>
bool holds(const T& object, std::string_view secret) {
    const auto* b = reinterpret_cast<const char*>(&object);
    const char* end = b + sizeof(T);
    return std::search(b, end, secret.begin(), secret.end()) != end;
}

TEST(SecretString, HoldsWhatItWasGiven) {
    const SecretString s{std::string(kLong)};
    EXPECT_EQ(s.view(), kLong);
    EXPECT_EQ(std::string_view(s.c_str()), kLong);
    EXPECT_EQ(s.size(), kLong.size());
    EXPECT_FALSE(s.empty());
    EXPECT_TRUE(SecretString().empty());
    EXPECT_EQ(s.clone().view(), kLong);
    EXPECT_TRUE(s == s.clone());
    EXPECT_FALSE(s == SecretString("other"));
}

TEST(SecretString, TakingAStringWipesIt) {
    std::string given(kLong);
    const SecretString s(std::move(given));
    EXPECT_EQ(s.view(), kLong);
    EXPECT_TRUE(given.empty());  // NOLINT(bugprone-use-after-move): checked on purpose
}

TEST(SecretString, MovedFromIsEmpty) {
    for (std::string_view value : {kLong, kShort}) {
        SecretString a{value};
        SecretString b(std::move(a));
        EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
        EXPECT_EQ(b.view(), value);
        SecretString c;
        c = std::move(b);
        EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
        EXPECT_EQ(c.view(), value);
    }
}

// A short secret lives inside the object, where std::string's move leaves its bytes behind;
// the moved-from secret must not keep them.
TEST(SecretString, MovedFromKeepsNoBytesOfAShortSecret) {
    SecretString a{kShort};
    ASSERT_TRUE(holds(a, kShort));  // the test sees the bytes when they are there
    SecretString b(std::move(a));
    EXPECT_FALSE(holds(a, kShort));  // NOLINT(bugprone-use-after-move)
    SecretString c{kShort};
    SecretString d;
    d = std::move(c);
    EXPECT_FALSE(holds(c, kShort));  // NOLINT(bugprone-use-after-move)
}

// The allocator sees the heap buffer as it is given back: all zeros for a secret, the bytes
// for a plain string (which shows the check can fail).
TEST(SecretString, DestructionWipesTheHeapBuffer) {
    g_freed = {};
    { std::basic_string<char, std::char_traits<char>, CheckingAllocator<char>> plain(kLong); }
    EXPECT_EQ(g_freed.buffers, 1);
    EXPECT_EQ(g_freed.with_bytes, 1) << "a plain string is freed with its bytes";

    g_freed = {};
    {
        CheckedSecret s{kLong};
        EXPECT_EQ(s.view(), kLong);
    }
    EXPECT_EQ(g_freed.buffers, 1);
    EXPECT_EQ(g_freed.with_bytes, 0);

    // Moved, assigned over and cleared: every buffer given back is zeros.
    g_freed = {};
    {
        CheckedSecret a{kLong};
        CheckedSecret b{std::string(kLong) + " and more"};
        b = std::move(a);
        CheckedSecret c(std::move(b));
        CheckedSecret d{kLong};
        d.clear();
        EXPECT_TRUE(d.empty());
    }
    EXPECT_GE(g_freed.buffers, 3);
    EXPECT_EQ(g_freed.with_bytes, 0);
}

// A short secret's bytes are inside the object: after its destructor ran, the object's
// storage holds none of them.
TEST(SecretString, DestructionWipesAShortSecret) {
    alignas(SecretString) unsigned char storage[sizeof(SecretString)];
    auto* s = new (storage) SecretString(kShort);
    ASSERT_TRUE(holds(*s, kShort));
    s->~SecretString();
    const auto* b = reinterpret_cast<const char*>(storage);
    EXPECT_EQ(std::search(b, b + sizeof storage, kShort.begin(), kShort.end()), b + sizeof storage);
}

}  // namespace
}  // namespace scelle
