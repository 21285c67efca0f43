// libcurl, loaded the first time a time-stamp is asked for (private to the TSA client).
//
// Why not linked: libcurl brings about thirty shared libraries (GnuTLS, Kerberos, LDAP, SSH,
// HTTP/2...), and resolving their symbols at every start of scelle-cli cost more than half of
// its start-up (docs/performance.md, "Start-up"), though most commands (verify, export,
// report, --version) never speak to the network. The headers are libcurl's own, so every type
// and constant is the real one; only the nine functions below come through dlopen.
#pragma once

#include <curl/curl.h>

#include <string>

#include "scelle/base/handle.h"

namespace scelle::crypto::detail {

struct CurlApi {
    CURLcode (*global_init)(long flags);
    CURL* (*easy_init)();
    CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL* handle);
    CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
    const char* (*easy_strerror)(CURLcode code);
    void (*easy_cleanup)(CURL* handle);
    curl_slist* (*slist_append)(curl_slist* list, const char* line);
    void (*slist_free_all)(curl_slist* list);
};

// The library's file name, as the dynamic loader looks it up (its SONAME on Linux), or the
// SCELLE_LIBCURL environment variable when it is set.
const char* curl_library_name();

// libcurl loaded and initialised (curl_global_init) once for the whole process, thread-safe;
// it is never unloaded. nullptr when it cannot be: `why` (if given) then says so in one
// sentence naming the library.
const CurlApi* curl_api(std::string* why = nullptr);

// Deleters for Handle; only called on handles made through curl_api(), so it is loaded.
inline void easy_cleanup(CURL* handle) {
    curl_api()->easy_cleanup(handle);
}
inline void slist_free_all(curl_slist* list) {
    curl_api()->slist_free_all(list);
}

using CurlPtr = Handle<CURL, easy_cleanup>;
using CurlSlistPtr = Handle<curl_slist, slist_free_all>;

// Appends a header line; on failure the list is left unchanged and false is returned.
inline bool append_header(CurlSlistPtr& list, const char* line) {
    curl_slist* grown = curl_api()->slist_append(list.get(), line);
    if (grown == nullptr)
        return false;
    (void)list.release();  // curl_slist_append returned the same list, now one longer
    list.reset(grown);
    return true;
}

}  // namespace scelle::crypto::detail
