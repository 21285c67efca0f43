// Linked into every test program that talks to a TSA: any request that would leave the
// machine goes to a closed proxy port instead, so that a regression can never reach the
// internet. Loopback never uses a proxy (tsa_client.h), so the test TSAs still answer. Set
// before main(), for the process and every child it starts.
#include "env_guard.h"

namespace {

struct NoInternet {
    NoInternet() {
        scelle::test::set_env_var("http_proxy", "http://127.0.0.1:9");
        scelle::test::set_env_var("https_proxy", "http://127.0.0.1:9");
        scelle::test::unset_env_var("no_proxy");
        scelle::test::unset_env_var("NO_PROXY");
    }
};
const NoInternet kNoInternet;

}  // namespace
