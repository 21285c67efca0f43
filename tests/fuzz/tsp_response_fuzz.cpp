// libFuzzer target: the TimeStampResp reader and verifier, fed arbitrary bytes as a TSA (or a
// tampered bundle) could send them. Seeds: tests/vectors/*.tsr.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "scelle/crypto/tsp.h"

namespace {

const scelle::crypto::TrustStore& trust() {
    // The vectors' test CA, so that inputs close to the seeds reach the chain checks.
    static const auto store = [] {
        scelle::crypto::TrustStoreOptions o;
        o.system = scelle::crypto::SystemAnchors::skip;
        o.user_files = {SCELLE_TSP_VECTORS_DIR "/ca.pem"};
        auto s = scelle::crypto::TrustStore::create(o);
        if (!s.ok()) {
            o.user_files.clear();
            s = scelle::crypto::TrustStore::create(o);
        }
        return std::make_unique<scelle::crypto::TrustStore>(std::move(s).value());
    }();
    return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace scelle::crypto;
    const std::span<const std::uint8_t> der(data, size);
    auto parsed = parse_timestamp_response(der);
    static const Digest digest = sha256(
        "{\"action\":\"case_created\",\"seq\":1}\n"
        "{\"action\":\"item_imported\",\"seq\":2}\n");
    TspVerdict v = verify_timestamp_token(der, digest, trust());
    // Parsing and verification must agree on what is a TimeStampResp.
    if (parsed.ok() != v.passed(TspCheck::parsed))
        __builtin_trap();
    if (v.ok() && !parsed.ok())
        __builtin_trap();
    return 0;
}
