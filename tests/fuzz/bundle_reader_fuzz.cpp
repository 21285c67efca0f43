// libFuzzer target: the bundle reader (core::verify_bundle_bytes), fed arbitrary bytes as a
// hostile sender could make them: the zip's structure, names, sizes and encryption, then the tag
// files, manifests, case.json, custody log and tokens of whatever parses. Nothing is written to
// disk. Seeds: tests/data/bundles/invalid/*.zip (one of them, with its README, per hostile or
// tampered case).
#include <cstddef>
#include <cstdint>
#include <span>

#include "scelle/bundle/bundle_verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace scelle::core;
    VerifyOptions options;
    options.passphrase = "correct horse battery";  // the corpus's encrypted bundle
    const BundleReport r = verify_bundle_bytes(std::span<const std::uint8_t>(data, size), options);
    // A verdict and its problems must agree: intact exactly when nothing was found.
    if (r.intact() != r.problems.empty())
        __builtin_trap();
    // Without anchors nothing can be sealed.
    if (r.sealed())
        __builtin_trap();
    return 0;
}
