// prepare_large_buffer() on Linux and the BSDs (backends.h): its own file, because the X11
// backend module (scelle-capture-x11) needs it without the rest of the library.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "backends.h"

namespace scelle::capture::detail {

void prepare_large_buffer(void* data, std::size_t size) {
#ifdef MADV_HUGEPAGE
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    if (!data || size < kHugePage)
        return;
    const long page_size = sysconf(_SC_PAGESIZE);
    const auto page = static_cast<std::uintptr_t>(page_size > 0 ? page_size : 4096);
    // Widened to whole pages: the advice is about memory, and a neighbouring allocation that
    // shares the first or last page only gets the same harmless advice.
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + size + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)size;
#endif
}

}  // namespace scelle::capture::detail
