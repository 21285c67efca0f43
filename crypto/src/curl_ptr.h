// Owning pointers for libcurl handles (private to the TSA client): one owner from the line a
// handle is created, a stateless deleter, no naked curl_*_cleanup elsewhere.
#pragma once

#include <curl/curl.h>

#include "scelle/base/handle.h"

namespace scelle::crypto::detail {

using CurlPtr = Handle<CURL, curl_easy_cleanup>;
using CurlSlistPtr = Handle<curl_slist, curl_slist_free_all>;

// Appends a header line; on failure the list is left unchanged and false is returned.
inline bool append_header(CurlSlistPtr& list, const char* line) {
    curl_slist* grown = curl_slist_append(list.get(), line);
    if (grown == nullptr)
        return false;
    (void)list.release();  // curl_slist_append returned the same list, now one longer
    list.reset(grown);
    return true;
}

}  // namespace scelle::crypto::detail
