// scelle-gen-tsp-vectors: writes the RFC 3161 test vectors of tests/vectors/ (run once; the
// output is committed, and tests/vectors/README.md says what each file is).
//
//   scelle-gen-tsp-vectors OUTDIR
//
// The certificates are valid for 50 years from the day the vectors were made, so that
// `openssl ts -verify`, which checks at the current time, keeps accepting good.tsr; Scellé
// itself checks at genTime and would not be affected by their expiry.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>

#include "scelle/crypto/sha256.h"
#include "scelle/crypto/tsp.h"
#include "temp_dir.h"
#include "tsa_signer.h"

int main(int argc, char** argv) try {
    using namespace scelle;
    using namespace scelle::test;
    if (argc != 2) {
        std::cerr << "usage: scelle-gen-tsp-vectors OUTDIR\n";
        return 2;
    }
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);

    TestPkiOptions validity;
    validity.not_before = std::time(nullptr) - 86400;
    validity.not_after = std::time(nullptr) + 50L * 365 * 86400;
    auto pki = std::make_shared<const TestPki>(validity);
    TsaSigner signer(pki);

    const std::string data =
        "{\"action\":\"case_created\",\"seq\":1}\n{\"action\":\"item_imported\",\"seq\":2}\n";
    const crypto::Digest digest = crypto::sha256(data);
    // "SCELLE01" as a 64-bit number: a fixed nonce so that request.tsq is a known answer.
    constexpr std::uint64_t nonce = 0x5343454c4c453031ULL;
    auto request = crypto::make_timestamp_request(digest, nonce);
    if (!request.ok()) {
        std::cerr << "request: " << request.error().detail << "\n";
        return 1;
    }
    const std::string req(request->der.begin(), request->der.end());

    write_file(out / "data.txt", data);
    write_file(out / "ca.pem", pki->ca_pem());
    write_file(out / "other-ca.pem", pki->other_ca_pem());
    write_file(out / "request.tsq", req);
    const std::string good = signer.respond(req);
    write_file(out / "good.tsr", good);
    write_file(out / "other-digest.tsr", signer.respond(req, TsaFault::other_digest));
    write_file(out / "wrong-nonce.tsr", signer.respond(req, TsaFault::wrong_nonce));
    write_file(out / "rejection.tsr", signer.respond(req, TsaFault::rejection));
    write_file(out / "no-eku.tsr", signer.respond(req, TsaFault::no_eku));
    write_file(out / "noncritical-eku.tsr", signer.respond(req, TsaFault::noncritical_eku));
    write_file(out / "untrusted-ca.tsr", signer.respond(req, TsaFault::untrusted_ca));
    write_file(out / "truncated.tsr", signer.respond(req, TsaFault::truncated_der));
    write_file(out / "garbage.tsr", signer.respond(req, TsaFault::garbage));
    std::string bad_sig = good;
    bad_sig.back() = static_cast<char>(bad_sig.back() ^ 0x01);
    write_file(out / "bad-signature.tsr", bad_sig);
    write_file(out / "trailing-bytes.tsr", good + std::string(1, '\0'));
    std::cout << "wrote the vectors to " << out.string() << "\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "scelle-gen-tsp-vectors: " << e.what() << "\n";
    return 1;
}
