// The corpus of invalid bundles (see bundle_corpus.h).
#include "bundle_corpus.h"

#include <fmt/format.h>

#include "scelle/store/bundle_format.h"
#include "temp_dir.h"

namespace scelle::test {

namespace bundle = core::bundle;

namespace {

std::string first_evidence(const BundleFiles& b, std::string_view ext) {
    for (const auto& [path, data] : b.files)
        if (path.rfind("data/evidence/", 0) == 0 && path.size() > ext.size() &&
            path.substr(path.size() - ext.size()) == ext)
            return path;
    return {};
}

std::string first_log_token(const BundleFiles& b) {
    for (const auto& [path, data] : b.files)
        if (bundle::log_token_covers(path))
            return path;
    return {};
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        out.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

void reseal_manifests(BundleFiles& b) {
    rewrite_manifest(b);
    rewrite_tagmanifest(b);
}

}  // namespace

std::string zip_bytes(const BundleFiles& b, const std::filesystem::path& tmp) {
    const auto path = tmp / "bundle-tmp.zip";
    write_bundle_zip(b, path);
    std::string bytes = read_file(path);
    std::filesystem::remove(path);
    return bytes;
}

std::vector<CorpusCase> make_corpus(const BundleFiles& base, const BundleFiles& other) {
    TempDir tmp("scelle-corpus");
    std::vector<CorpusCase> out;
    const std::string f = base.folder() + "/";
    const std::string png = first_evidence(base, ".png");
    const std::string txt = first_evidence(base, ".txt");
    const std::string log_token = first_log_token(base);
    const std::string log(bundle::kCustodyLog);
    const std::string case_json(bundle::kCaseJson);
    const std::string manifest(bundle::kManifest);
    const std::string manifest_token(bundle::kManifestToken);
    auto add_raw = [&](std::string file, std::vector<RawEntry> entries, int exit, std::string kind,
                       std::string path, std::string what) {
        out.push_back({std::move(file), raw_zip(entries), exit, std::move(kind), std::move(path),
                       std::move(what)});
    };
    auto add = [&](std::string file, const BundleFiles& b, int exit, std::string kind,
                   std::string path, std::string what) {
        out.push_back({std::move(file), zip_bytes(b, tmp.path()), exit, std::move(kind),
                       std::move(path), std::move(what)});
    };
    auto with_extra = [&](RawEntry extra) {
        auto e = raw_entries(base);
        e.push_back(std::move(extra));
        return e;
    };

    // Hostile structure: unsafe, exit 1, nothing read.
    add_raw("dotdot.zip", with_extra({f + "../evil.txt", "x"}), 1, "unsafe_name", f + "../evil.txt",
            "an entry name with a '..' segment (zip slip)");
    add_raw("absolute.zip", with_extra({"/tmp/evil.txt", "x"}), 1, "unsafe_name", "/tmp/evil.txt",
            "an absolute entry name");
    add_raw("backslash.zip", with_extra({f + "data\\..\\..\\evil.txt", "x"}), 1, "unsafe_name",
            f + "data\\..\\..\\evil.txt", "an entry name with backslashes");
    add_raw("symlink.zip", with_extra({f + "data/evidence/0009-file.txt", "/etc/passwd", 0120777}),
            1, "symlink", f + "data/evidence/0009-file.txt", "a symbolic link entry");
    add_raw("duplicate.zip", with_extra({f + std::string(bundle::kBagitTxt), "BagIt-Version: 9\n"}),
            1, "duplicate_name", f + std::string(bundle::kBagitTxt),
            "two entries with the same name");
    add_raw("non_utf8_name.zip", with_extra({f + "data/\xe9t\xe9.txt", "x"}), 1, "unsafe_name",
            f + "data/\\xe9t\\xe9.txt", "an entry name that is not UTF-8 (Latin-1 bytes)");
    add_raw("outside_folder.zip", with_extra({"other/evil.txt", "x"}), 1, "outside_bundle_folder",
            "other/evil.txt", "an entry outside the bundle folder");
    add_raw("lying_size.zip",
            with_extra({f + "VERIFY-xx.txt", std::string(1 << 20, 'a'), 0100644, true, 100u}), 1,
            "size_mismatch", "VERIFY-xx.txt",
            "an entry that inflates to 1 MiB but declares 100 bytes");

    // Unreadable: exit 2.
    const std::string good = zip_bytes(base, tmp.path());
    out.push_back({"truncated.zip", good.substr(0, good.size() / 2), 2, "truncated", "",
                   "the first half of a valid bundle"});
    out.push_back({"empty.zip", "", 2, "empty_file", "", "a 0-byte file"});
    out.push_back({"not_a_zip.zip", "%PDF-1.4\nthis is not a zip archive\n", 2, "not_a_zip", "",
                   "a file that is not a zip archive at all"});
    {
        BundleFiles b = base;
        auto& info = b.files[std::string(bundle::kBagInfoTxt)];
        info.replace(info.find("Scelle-Bundle-Version: 1"), 24, "Scelle-Bundle-Version: 2");
        reseal_manifests(b);
        add("unsupported_version.zip", b, 2, "unsupported_version",
            std::string(bundle::kBagInfoTxt), "Scelle-Bundle-Version 2, unknown to this reader");
    }
    {
        const auto path = tmp.path() / "enc.zip";
        write_bundle_zip(base, path, {std::string("correct horse battery"), true, std::nullopt});
        out.push_back({"encrypted.zip", read_file(path), 2, "passphrase_needed", "",
                       "an AES-256 bundle (passphrase \"correct horse battery\") checked "
                       "without its passphrase; with another one: wrong_passphrase"});
    }

    // Tampering: altered, exit 1.
    {
        const auto path = tmp.path() / "comment.zip";
        ZipOptions zo;
        zo.comment = "Copie certifiee conforme par la gendarmerie.";
        write_bundle_zip(base, path, zo);
        out.push_back({"zip_comment.zip", read_file(path), 1, "zip_comment_mismatch", "",
                       "a plain bundle given an archive comment, which no hash covers"});
    }
    {
        BundleFiles b = base;
        b.files[png][b.files[png].size() / 2] ^= 0x01;
        add("evidence_byte.zip", b, 1, "hash_mismatch", png,
            "one byte changed in an evidence file");
    }
    {
        BundleFiles b = base;
        auto& j = b.files[case_json];
        j.replace(j.find("Bundle fixture"), 6, "Bundlf");
        add("case_json_byte.zip", b, 1, "hash_mismatch", case_json,
            "one byte changed in case.json");
    }
    {
        BundleFiles b = base;
        auto& l = b.files[log];
        l.replace(l.find("predator42"), 1, "q");
        add("log_byte.zip", b, 1, "hash_mismatch", log, "one byte changed in the custody log");
    }
    {
        BundleFiles b = base;
        b.files.erase(txt);
        add("file_removed.zip", b, 1, "listed_but_missing", txt, "an evidence file removed");
    }
    {
        BundleFiles b = base;
        b.files["data/evidence/0099-file.txt"] = "planted\n";
        add("file_added.zip", b, 1, "not_in_manifest", "data/evidence/0099-file.txt",
            "an evidence file added");
    }
    {
        BundleFiles b = base;
        b.files["data/evidence/0098-file.txt"] = b.files[txt];
        b.files.erase(txt);
        add("file_renamed.zip", b, 1, "not_in_manifest", "data/evidence/0098-file.txt",
            "an evidence file renamed (" + txt + " is also listed_but_missing)");
    }
    {
        BundleFiles b = base;
        b.files["notes.txt"] = "not allowed\n";
        reseal_manifests(b);
        add("unexpected_file.zip", b, 1, "unexpected_file", "notes.txt",
            "a file the format does not allow, listed in the tag manifest");
    }
    {
        BundleFiles b = base;
        auto lines = split_lines(b.files[log]);
        std::swap(lines[1], lines[2]);
        b.files[log] = join_lines(lines);
        reseal_manifests(b);
        add("log_lines_swapped.zip", b, 1, "log_chain_broken", log,
            "two custody log lines swapped, manifests recomputed");
    }
    {
        BundleFiles b = base;
        auto lines = split_lines(b.files[log]);
        lines.erase(lines.begin() + 1);
        b.files[log] = join_lines(lines);
        reseal_manifests(b);
        add("log_line_removed.zip", b, 1, "log_chain_broken", log,
            "one custody log line removed, manifests recomputed");
    }
    {
        BundleFiles b = base;
        b.files[png][10] ^= 0x01;
        rewrite_manifest(b);
        add("evidence_and_manifest.zip", b, 1, "hash_mismatch", manifest,
            "an evidence file and its manifest line both rewritten (the tag manifest catches it)");
        rewrite_tagmanifest(b);
        add("evidence_manifest_tagmanifest.zip", b, 1, "token_imprint_mismatch", manifest_token,
            "an evidence file, its manifest line and the tag manifest rewritten (only the "
            "manifest's token catches it)");
    }
    {
        BundleFiles b = base;
        b.files[log_token] = other.files.at(first_log_token(other));
        add("token_from_other_bundle.zip", b, 1, "token_imprint_mismatch", log_token,
            "a log token replaced by one from another bundle");
    }
    {
        BundleFiles b = base;
        b.files[std::string(bundle::kBagitTxt)] = "BagIt-Version: 0.97\n";
        reseal_manifests(b);
        add("bad_bagit.zip", b, 1, "bagit_invalid", std::string(bundle::kBagitTxt),
            "bagit.txt is not the BagIt 1.0 declaration");
    }
    {
        BundleFiles b = base;
        auto& info = b.files[std::string(bundle::kBagInfoTxt)];
        const auto at = info.find("Payload-Oxum: ") + 14;
        info.insert(at, "1");
        reseal_manifests(b);
        add("payload_oxum.zip", b, 1, "payload_oxum_mismatch", std::string(bundle::kBagInfoTxt),
            "Payload-Oxum disagrees with the payload");
    }
    {
        // A byte flipped inside the stored evidence in the zip itself: the CRC no longer holds.
        std::string bytes = good;
        const std::string& data = base.files.at(png);
        const auto pos = bytes.find(data.substr(0, 64));
        if (pos != std::string::npos)
            bytes[pos + data.size() / 2] ^= 0x01;
        out.push_back({"zip_crc.zip", bytes, 1, "entry_corrupt", png,
                       "a byte flipped in the zip's stored data (CRC mismatch)"});
    }
    return out;
}

std::string readme_row(const CorpusCase& c) {
    return fmt::format("| {} | {} | {} | {} | {} |", c.file, c.exit_code, c.kind,
                       c.path.empty() ? "-" : c.path, c.description);
}

}  // namespace scelle::test
