// The hostile and tampered bundles every reader must refuse (issue 4, docs/bundle-format.md
// section 9), made from a valid bundle: the same list writes the committed corpus in
// tests/data/bundles/invalid/ (scelle-gen-bad-bundles) and is rebuilt by the tests at run time.
// Thread-safe free function; plain values.
#pragma once

#include <string>
#include <vector>

#include "bundle_fixture.h"

namespace scelle::test {

struct CorpusCase {
    std::string file;         // "dotdot.zip"
    std::string bytes;        // the zip
    int exit_code = 1;        // what `scelle-cli verify` must exit with
    std::string kind;         // a problem kind the report must hold
    std::string path;         // the path that problem must name ("" for the whole file)
    std::string description;  // what is wrong, one line
};

// Every case, from `base` (a valid sealed bundle) and `other` (another valid bundle, whose
// tokens are used as the foreign ones).
std::vector<CorpusCase> make_corpus(const BundleFiles& base, const BundleFiles& other);

// The same bundle zipped in memory (libzip, through a temporary file under `tmp`).
std::string zip_bytes(const BundleFiles& b, const std::filesystem::path& tmp);

// The README.md line of a case: "| file | exit | kind | path | description |".
std::string readme_row(const CorpusCase& c);

}  // namespace scelle::test
