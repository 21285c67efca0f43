#include "curl_api.h"

#include "scelle/base/program.h"

#include <cstdlib>
#include <mutex>
#include <utility>

namespace scelle::crypto::detail {

namespace {

struct Loaded {
    CurlApi api{};
    bool ok = false;
    std::string why;
};

// curl_global_init is not thread-safe: it runs here, once, under the call_once of
// curl_api(). It is never undone, since other threads may use libcurl until the end.
Loaded initialised(Loaded l) {
    if (l.api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        l.why = "libcurl could not be initialised.";
        return l;
    }
    l.ok = true;
    return l;
}

#if defined(SCELLE_CURL_LINKED)
// The Windows build links a static libcurl (Schannel, zlib: no other library), so there is
// nothing to load and no start-up cost to save: the same table, filled by the linker.
Loaded load() {
    Loaded l;
    CurlApi& a = l.api;
    a.global_init = &curl_global_init;
    a.easy_init = &curl_easy_init;
    a.easy_setopt = &curl_easy_setopt;
    a.easy_perform = &curl_easy_perform;
    a.easy_getinfo = &curl_easy_getinfo;
    a.easy_strerror = &curl_easy_strerror;
    a.easy_cleanup = &curl_easy_cleanup;
    a.slist_append = &curl_slist_append;
    a.slist_free_all = &curl_slist_free_all;
    return initialised(std::move(l));
}
#else
template <typename Fn>
bool bind(const LoadedLibrary& lib, const char* name, Fn& out, std::string& why) {
    void* p = lib.symbol(name);
    if (p == nullptr) {
        why = std::string(curl_library_name()) + " has no " + name + ".";
        return false;
    }
    out = reinterpret_cast<Fn>(p);
    return true;
}

Loaded load() {
    Loaded l;
    auto opened = LoadedLibrary::open(curl_library_name());
    if (!opened.ok()) {
        l.why = "libcurl could not be loaded (" + opened.error().detail + ").";
        return l;
    }
    const LoadedLibrary& lib = *opened;
    CurlApi& a = l.api;
    if (!bind(lib, "curl_global_init", a.global_init, l.why) ||
        !bind(lib, "curl_easy_init", a.easy_init, l.why) ||
        !bind(lib, "curl_easy_setopt", a.easy_setopt, l.why) ||
        !bind(lib, "curl_easy_perform", a.easy_perform, l.why) ||
        !bind(lib, "curl_easy_getinfo", a.easy_getinfo, l.why) ||
        !bind(lib, "curl_easy_strerror", a.easy_strerror, l.why) ||
        !bind(lib, "curl_easy_cleanup", a.easy_cleanup, l.why) ||
        !bind(lib, "curl_slist_append", a.slist_append, l.why) ||
        !bind(lib, "curl_slist_free_all", a.slist_free_all, l.why))
        return l;
    return initialised(std::move(l));
}
#endif

}  // namespace

const char* curl_library_name() {
#if defined(SCELLE_CURL_LINKED)
    return "libcurl (linked in)";
#else
    // SCELLE_LIBCURL names another file: a libcurl installed elsewhere, or (in the tests) one
    // that is missing, to see the failure said.
    if (const char* other = std::getenv("SCELLE_LIBCURL"); other != nullptr && *other != '\0')
        return other;
#if defined(_WIN32)
    return "libcurl-4.dll";  // MSYS2's and the Windows build's name
#elif defined(__APPLE__)
    return "libcurl.4.dylib";
#else
    return "libcurl.so.4";
#endif
#endif
}

const CurlApi* curl_api(std::string* why) {
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.ok) {
        if (why != nullptr)
            *why = loaded.why;
        return nullptr;
    }
    return &loaded.api;
}

}  // namespace scelle::crypto::detail
