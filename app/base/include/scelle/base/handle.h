// Owners for the handles of C libraries (CONVENTIONS.md rule 3): `Handle<T, free_fn>` is a
// std::unique_ptr<T> whose deleter calls `free_fn` (zip_discard, sqlite3_finalize,
// curl_easy_cleanup, EVP_MD_CTX_free, QRcode_free...). The function is a template constant,
// so the deleter is stateless and a Handle is the size of a pointer (BoringSSL's
// bssl::UniquePtr shape), unlike unique_ptr<T, decltype(&free_fn)>, which also stores the
// function's address. Whatever `free_fn` returns (sqlite3_close_v2's int...) is ignored: a
// destructor has nobody to tell. The function is never called with a null pointer. A Handle
// has the thread-safety of std::unique_ptr: one owner, moved, never copied.
#pragma once

#include <cstdio>
#include <memory>

namespace scelle {

// The stateless deleter of a Handle: calls `FreeFn` on the pointer.
template <auto FreeFn>
struct FreeWith {
    template <typename T>
    void operator()(T* p) const noexcept {
        (void)FreeFn(p);
    }
};

template <typename T, auto FreeFn>
using Handle = std::unique_ptr<T, FreeWith<FreeFn>>;

// A C stream. Named, because the address of a standard library function (std::fclose) may
// not be taken.
inline void close_c_file(std::FILE* f) noexcept {
    std::fclose(f);
}
using CFilePtr = Handle<std::FILE, close_c_file>;

}  // namespace scelle
