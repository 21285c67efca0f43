// The bundle verifier's checks of the bag itself (docs/bundle-format.md sections 2 and 3): which
// files are present, bagit.txt, bag-info.txt, and both manifests, line by line and both ways.
#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "bundle_read.h"
#include "scelle/core/bundle_format.h"

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

bool is_date(std::string_view s) {
    return s.size() == 10 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
           all_digits(s.substr(5, 2)) && s[7] == '-' && all_digits(s.substr(8, 2));
}

// "2026-11-28T17:30:00.000Z": UTC, RFC 3339, milliseconds.
bool is_utc_ms(std::string_view s) {
    return s.size() == 24 && is_date(s.substr(0, 10)) && s[10] == 'T' &&
           all_digits(s.substr(11, 2)) && s[13] == ':' && all_digits(s.substr(14, 2)) &&
           s[16] == ':' && all_digits(s.substr(17, 2)) && s[19] == '.' &&
           all_digits(s.substr(20, 3)) && s[23] == 'Z';
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
    if (!all_digits(s) || (s.size() > 1 && s.front() == '0'))
        return std::nullopt;
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
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
    if (!ok)
        v.problem(ProblemClass::altered, "bagit_invalid", std::string(bundle::kBagitTxt),
                  "the file is not the two lines BagIt 1.0 requires");
    v.check("bagit", ok);
}

void check_bag_info(Verification& v, std::int64_t log_lines) {
    const std::string* text = v.content(bundle::kBagInfoTxt);
    if (text == nullptr) {
        v.check("bag_info", false);
        return;
    }
    const std::string path(bundle::kBagInfoTxt);
    static constexpr std::array<std::string_view, 8> kLabels = {
        "Bagging-Date",          "Payload-Oxum",       "External-Identifier", "Bag-Software-Agent",
        "Scelle-Bundle-Version", "Scelle-Exported-At", "Scelle-Sealed",       "Scelle-Log-Lines"};
    std::vector<std::string> values;
    std::size_t pos = 0;
    bool ok = true;
    auto bad = [&](std::string detail) {
        v.problem(ProblemClass::altered, "bag_info_invalid", path, std::move(detail));
        ok = false;
    };
    while (pos < text->size() && values.size() < kLabels.size()) {
        const std::size_t nl = text->find('\n', pos);
        if (nl == std::string::npos) {
            bad("the last line does not end in LF");
            break;
        }
        const std::string_view line(text->data() + pos, nl - pos);
        pos = nl + 1;
        const std::string_view label = kLabels[values.size()];
        if (line.substr(0, label.size()) != label || line.substr(label.size(), 2) != ": ") {
            bad(fmt::format("line {} should be \"{}: ...\"", values.size() + 1, label));
            break;
        }
        values.emplace_back(line.substr(label.size() + 2));
    }
    if (ok && values.size() < kLabels.size())
        bad(fmt::format("{} is missing", kLabels[values.size()]));
    else if (ok && pos != text->size())
        bad("lines follow Scelle-Log-Lines; the format allows none");
    if (values.size() > 4 && values[4] != std::to_string(bundle::kBundleVersion)) {
        v.problem(ProblemClass::unreadable, "unsupported_version", path,
                  fmt::format("Scelle-Bundle-Version is \"{}\"; this reader knows version {}",
                              values[4], bundle::kBundleVersion));
        v.check("bag_info", false);
        return;
    }
    if (values.size() > 0 && !is_date(values[0]))
        bad("Bagging-Date is not YYYY-MM-DD");
    if (values.size() > 1) {
        // Payload-Oxum: <bytes>.<files> of what is present under data/.
        const std::string& oxum = values[1];
        const std::size_t dot = oxum.find('.');
        auto bytes = parse_u64(std::string_view(oxum).substr(0, dot));
        auto count = dot == std::string::npos ? std::nullopt
                                              : parse_u64(std::string_view(oxum).substr(dot + 1));
        const std::string actual =
            fmt::format("{}.{}", v.report.payload_bytes, v.report.payload_files);
        if (!bytes || !count) {
            bad("Payload-Oxum is not <bytes>.<files>");
        } else if (oxum != actual) {
            v.problem(ProblemClass::altered, "payload_oxum_mismatch", path,
                      fmt::format("Payload-Oxum says {}, the payload is {}", oxum, actual));
            ok = false;
        }
    }
    if (values.size() > 2 && values[2] != v.report.case_id)
        bad(fmt::format("External-Identifier \"{}\" is not the case id \"{}\"", values[2],
                        v.report.case_id));
    if (values.size() > 3 && values[3].rfind("Scellé ", 0) != 0)
        bad("Bag-Software-Agent is not \"Scellé <version>\"");
    if (values.size() > 5 && !is_utc_ms(values[5]))
        bad("Scelle-Exported-At is not a UTC time with milliseconds");
    if (values.size() > 6) {
        const bool has_token = v.file(bundle::kManifestToken) != nullptr;
        if (values[6] != "yes" && values[6] != "no")
            bad("Scelle-Sealed is neither yes nor no");
        else if ((values[6] == "yes") != has_token)
            bad(fmt::format("Scelle-Sealed says {}, but the manifest's token is {}", values[6],
                            has_token ? "present" : "absent"));
    }
    if (values.size() > 7) {
        auto n = parse_u64(values[7]);
        if (!n)
            bad("Scelle-Log-Lines is not a number");
        else if (log_lines >= 0 && *n != static_cast<std::uint64_t>(log_lines))
            bad(fmt::format("Scelle-Log-Lines says {}, the custody log has {} lines", values[7],
                            log_lines));
    }
    v.check("bag_info", ok);
}

void check_manifests(Verification& v) {
    check_one_manifest(v, bundle::kManifest, true);
    check_one_manifest(v, bundle::kTagManifest, false);
}

}  // namespace scelle::core::bundle_detail
