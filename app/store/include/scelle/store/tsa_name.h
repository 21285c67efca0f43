// The time-stamp authority's short name ("DigiCert", "Free TSA") for the screens and the
// command line, from the name a token gives (an RFC 2253 distinguished name such as
// "CN=DigiCert Timestamp 2023,O=DigiCert\, Inc.,C=US", or a URL). The full name stays in the
// store and in the bundle; this is only what a person reads.
//
// Pure function, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace scelle::core {

// The organisation (O) of a distinguished name, else its common name (CN); anything that is
// not a distinguished name (a URL, a name already short) is returned as it is.
std::string tsa_short_name(std::string_view full);

}  // namespace scelle::core
