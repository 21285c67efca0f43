// The bundle verifier's checks of the bag itself (docs/bundle-format.md sections 2 and 3): which
// files are present, bagit.txt, bag-info.txt, and both manifests, line by line and both ways.
#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "bundle_read.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_detail {

namespace {

constexpr std::array<std::string_view, 8> kRequired = {
    bundle::kBagitTxt, bundle::kBagInfoTxt, bundle::kManifest, bundle::kTagManifest,
    bundle::kCaseJson, bundle::kCustodyLog, bundle::kVerifyFr, bundle::kVerifyEn,
};

bool is_payload(std::string_view path) {
    return path.rfind("data/", 0) == 0;
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "data/evidence/<NNNN>-<kind>.<ext>" as section 2 names them.
bool is_evidence_name(std::string_view path) {
    if (path.rfind(bundle::kEvidenceDir, 0) != 0)
        return false;
    std::string_view rest = path.substr(bundle::kEvidenceDir.size());
    const std::size_t dash = rest.find('-');
    const std::size_t dot = rest.rfind('.');
    if (dash == std::string_view::npos || dot == std::string_view::npos || dot < dash)
        return false;
    const std::string_view num = rest.substr(0, dash);
    const std::string_view kind = rest.substr(dash + 1, dot - dash - 1);
    const std::string_view ext = rest.substr(dot + 1);
    if (!all_digits(num) || num.size() < 4 || (num.size() > 4 && num.front() == '0') ||
        num == "0000")
        return false;
    if (kind != "screenshot" && kind != "file" && kind != "web")
        return false;
    for (std::string_view e :
         {"png", "jpg", "webp", "gif", "bmp", "tif", "heic", "avif", "pdf", "txt", "mp4", "bin"})
        if (ext == e)
            return true;
    return false;
}

bool allowed(std::string_view path) {
    if (std::find(kRequired.begin(), kRequired.end(), path) != kRequired.end())
        return true;
    return path == bundle::kReportPdf || path == bundle::kManifestToken ||
           path == bundle::kTsaCerts || bundle::log_token_covers(path).has_value() ||
           is_evidence_name(path);
}

// Checks one manifest: format, order, scope, listed ⇔ present, hashes. `payload`: the
// manifest of data/ (else the tag manifest).
void check_one_manifest(Verification& v, std::string_view name, bool payload) {
    const std::string* text = v.content(name);
    if (text == nullptr) {
        v.check(payload ? "manifest" : "tagmanifest", false);
        return;  // missing or unreadable: already reported
    }
    bool ok = true;
    std::size_t bad_line = 0;
    auto lines = bundle::parse_manifest(*text, bad_line);
    if (!lines) {
        v.problem(ProblemClass::altered, "manifest_malformed", std::string(name),
                  fmt::format("line {} is not \"<sha256>  <path>\"", bad_line));
        v.check(payload ? "manifest" : "tagmanifest", false);
        return;
    }
    std::set<std::string> listed;
    std::string prev;
    std::size_t n = 0;
    for (const auto& l : *lines) {
        ++n;
        if (n > 1 && l.path <= prev) {
            v.problem(ProblemClass::altered, "manifest_malformed", std::string(name),
                      l.path == prev ? fmt::format("line {} lists {} a second time", n, l.path)
                                     : fmt::format("line {} ({}) is out of order", n, l.path));
            ok = false;
        }
        prev = l.path;
        listed.insert(l.path);
        const bool in_scope =
            payload ? is_payload(l.path) : !is_payload(l.path) && l.path != bundle::kTagManifest;
        if (!in_scope) {
            v.problem(ProblemClass::altered, "manifest_malformed", std::string(name),
                      fmt::format("line {} lists {}, which belongs in {}", n, l.path,
                                  payload ? bundle::kTagManifest : bundle::kManifest));
            ok = false;
            continue;
        }
        const FileData* f = v.file(l.path);
        if (f == nullptr) {
            v.problem(ProblemClass::altered, "listed_but_missing", l.path,
                      fmt::format("{} lists it, but the bundle does not have it", name));
            ok = false;
            continue;
        }
        if (!f->sha256.empty() && f->sha256 != l.sha256) {
            v.problem(
                ProblemClass::altered, "hash_mismatch", l.path,
                fmt::format("{} says {}, the file's SHA-256 is {}", name, l.sha256, f->sha256));
            ok = false;
        }
    }
    for (const auto& [path, f] : v.files) {
        const bool in_scope =
            payload ? is_payload(path) : !is_payload(path) && path != bundle::kTagManifest;
        if (in_scope && listed.count(path) == 0) {
            v.problem(ProblemClass::altered, "not_in_manifest", path,
                      fmt::format("the file is not listed in {}", name));
            ok = false;
        }
    }
    v.check(payload ? "manifest" : "tagmanifest", ok);
}

}  // namespace

void check_layout(Verification& v) {
    bool ok = true;
    for (std::string_view req : kRequired)
        if (v.file(req) == nullptr) {
            v.problem(ProblemClass::altered, "missing_file", std::string(req),
                      "a required file is missing");
            ok = false;
        }
    for (const auto& [path, f] : v.files) {
        if (!allowed(path)) {
            v.problem(ProblemClass::altered, "unexpected_file", path,
                      "the format does not allow this file in a bundle");
            ok = false;
        }
        if (is_payload(path)) {
            ++v.report.payload_files;
            v.report.payload_bytes += f.size;
        }
        if (is_evidence_name(path))
            ++v.report.evidence_files;
    }
    v.check("layout", ok);
}

void check_bagit(Verification& v) {
    const std::string* text = v.content(bundle::kBagitTxt);
    if (text == nullptr) {
        v.check("bagit", false);
        return;
    }
    const bool ok = *text == bundle::kBagitContent;
    if (!ok) {
        // Say what is wrong, not only that something is.
        std::string why = "the file is not the two lines BagIt 1.0 requires";
        if (text->find('\r') != std::string::npos)
            why =
                "the file holds CR characters (CR LF line endings?); the format requires "
                "lines ending in LF alone";
        else if (text->rfind("BagIt-Version: ", 0) == 0 &&
                 text->rfind("BagIt-Version: 1.0\n", 0) != 0)
            why = "BagIt-Version is not 1.0";
        else if (text->find("Tag-File-Character-Encoding: UTF-8\n") == std::string::npos)
            why = "Tag-File-Character-Encoding is not UTF-8";
        v.problem(ProblemClass::altered, "bagit_invalid", std::string(bundle::kBagitTxt), why);
    }
    v.check("bagit", ok);
}

void check_bag_info(Verification& v, std::int64_t log_lines) {
    const std::string* text = v.content(bundle::kBagInfoTxt);
    if (text == nullptr) {
        v.check("bag_info", false);
        return;
    }
    // No seal covers bag-info.txt: every value in it must be what the covered files say, so
    // that it can never change the verdict. It is parsed strictly (LF only, as section 3.2
    // says), and compared with the file the writer would make from the covered content.
    const std::string path(bundle::kBagInfoTxt);
    bool ok = true;
    auto bad = [&](std::string detail) {
        v.problem(ProblemClass::altered, "bag_info_invalid", path, std::move(detail));
        ok = false;
    };
    if (text->find('\r') != std::string::npos)
        bad("the file holds CR characters (CR LF line endings?); the format requires lines "
            "ending in LF alone");
    std::vector<std::pair<std::string, std::string>> lines;
    std::size_t pos = 0;
    while (pos < text->size()) {
        std::size_t nl = text->find('\n', pos);
        if (nl == std::string::npos) {
            bad("the last line does not end in LF");
            nl = text->size();
        }
        std::string_view line(text->data() + pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const std::size_t colon = line.find(": ");
        if (colon == std::string_view::npos || colon == 0) {
            bad(fmt::format("line {} is not \"Label: value\"", lines.size() + 1));
            lines.emplace_back();
            continue;
        }
        lines.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    }
    // The version first: an unknown one is said only if nothing else is found altered, and then
    // the rest of the file is not judged (a newer format may say other things).
    auto version = std::find_if(lines.begin(), lines.end(),
                                [](const auto& l) { return l.first == "Scelle-Bundle-Version"; });
    if (version != lines.end() && version->second != std::to_string(bundle::kBundleVersion)) {
        v.defer_unsupported("unsupported_version", path,
                            fmt::format("Scelle-Bundle-Version is \"{}\"; this reader knows "
                                        "version {}",
                                        version->second, bundle::kBundleVersion));
        v.check("bag_info", false);
        return;
    }

    // What the covered files say each value is.
    const nlohmann::json* doc = v.case_doc ? &*v.case_doc : nullptr;
    const std::string exported_at = doc ? (*doc)["exported_at"].get<std::string>() : "";
    const std::string software = doc ? (*doc)["software"].get<std::string>() : "";
    const bool has_token = v.file(bundle::kManifestToken) != nullptr;
    const std::string oxum = fmt::format("{}.{}", v.report.payload_bytes, v.report.payload_files);
    struct Want {
        std::string_view label;
        std::string value;  // empty: not known (the file it comes from is unreadable)
        std::string_view from;
    };
    const Want want[] = {
        {"Bagging-Date", exported_at.substr(0, std::min<std::size_t>(exported_at.size(), 10)),
         "the export date in case.json"},
        {"Payload-Oxum", oxum, "the payload present"},
        {"External-Identifier", v.report.case_id, "the case id of the bundle folder"},
        {"Bag-Software-Agent", software, "the software named in case.json"},
        {"Scelle-Bundle-Version", std::to_string(bundle::kBundleVersion), "the format version"},
        {"Scelle-Exported-At", exported_at, "the export time in case.json"},
        {"Scelle-Sealed", has_token ? "yes" : "no", "whether the manifest's token is present"},
        {"Scelle-Log-Lines", log_lines >= 0 ? std::to_string(log_lines) : std::string(),
         "the custody log's line count"},
    };
    for (std::size_t i = 0; i < std::size(want); ++i) {
        const Want& w = want[i];
        if (i >= lines.size()) {
            bad(fmt::format("{} is missing", w.label));
            continue;
        }
        if (lines[i].first != w.label) {
            bad(fmt::format("line {} should be \"{}: ...\"", i + 1, w.label));
            continue;
        }
        const std::string& got = lines[i].second;
        if (w.value.empty() || got == w.value)
            continue;
        if (w.label == "Payload-Oxum") {
            v.problem(ProblemClass::altered, "payload_oxum_mismatch", path,
                      fmt::format("Payload-Oxum says {}, the payload is {}", got, oxum));
            ok = false;
        } else {
            bad(fmt::format("{} is \"{}\", but {} gives \"{}\"", w.label, got, w.from, w.value));
        }
    }
    if (lines.size() > std::size(want))
        bad("lines follow Scelle-Log-Lines; the format allows none");
    v.check("bag_info", ok);
}

void check_manifests(Verification& v) {
    check_one_manifest(v, bundle::kManifest, true);
    check_one_manifest(v, bundle::kTagManifest, false);
}

}  // namespace scelle::core::bundle_detail
