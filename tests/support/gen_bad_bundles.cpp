// Writes the committed corpus of invalid bundles: tests/data/bundles/invalid/*.zip and its
// README.md (one line per case: what is wrong, what verify must say). Run it again after a
// change to the list in bundle_corpus.cpp:
//   scelle-gen-bad-bundles tests/data/bundles/invalid
// The tokens are signed by a test CA made for the run; nothing here is secret.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bundle_corpus.h"
#include "temp_dir.h"

int main(int argc, char** argv) {
    using namespace scelle::test;
    if (argc != 2) {
        std::cerr << "usage: scelle-gen-bad-bundles OUTPUT_DIR\n";
        return 2;
    }
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    TestTsa tsa;
    if (!tsa.start()) {
        std::cerr << "test TSA: " << tsa.last_error() << '\n';
        return 1;
    }
    TempDir a("scelle-gen-a");
    TempDir b("scelle-gen-b");
    const BundleFiles base = make_valid_bundle(a.path(), tsa);
    const BundleFiles other = make_valid_bundle(b.path(), tsa);
    if (base.files.empty() || other.files.empty())
        return 1;
    std::ofstream readme(out / "README.md");
    readme << "# Invalid bundles\n\n"
              "Each file here must be refused by `scelle-cli verify` (docs/bundle-format.md "
              "section 9)\nwith the exit code and a problem of the kind shown, naming the path "
              "shown (relative to the\nbundle folder; the full entry name for hostile names). "
              "They are also the seeds of\n`tests/fuzz/bundle_reader_fuzz`. Made by "
              "`scelle-gen-bad-bundles` (tests/support/gen_bad_bundles.cpp\nand "
              "bundle_corpus.cpp); the tests also rebuild every case at run time, plus the "
              "large ones\nnot kept here (100,001 entries, a 1 GiB deflate bomb).\n\n"
              "| file | exit | kind | path | what is wrong |\n|---|---|---|---|---|\n";
    for (const auto& c : make_corpus(base, other)) {
        write_file(out / c.file, c.bytes);
        readme << readme_row(c) << '\n';
    }
    std::cout << "wrote " << out << '\n';
    return 0;
}
