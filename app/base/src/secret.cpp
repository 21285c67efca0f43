#include "scelle/base/secret.h"

namespace scelle {

// Volatile stores may not be removed by the compiler even though nothing reads the bytes
// afterwards; being out of line, the function is not seen by the caller's optimiser either.
void secure_wipe(void* p, std::size_t n) noexcept {
    volatile unsigned char* b = static_cast<volatile unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = 0;
}

}  // namespace scelle
