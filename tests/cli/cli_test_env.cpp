// Every command-line test runs without a time-stamp authority unless it names one (through
// SCELLE_TSA_URLS or --tsa): no test may ever reach the internet, and the settings file of
// whoever runs the tests must not change what they see. Set before main(), for every child.
#include <stdlib.h>

namespace {

struct OfflineByDefault {
    OfflineByDefault() {
        ::setenv("SCELLE_TSA_URLS", "", 1);
        ::setenv("SCELLE_TRUST_ANCHORS", "", 1);
        ::setenv("SCELLE_CONFIG", "/nonexistent/scelle-test-settings.json", 1);
        ::unsetenv("SCELLE_TSA_TIMEOUT");
    }
};
const OfflineByDefault kOfflineByDefault;

}  // namespace
