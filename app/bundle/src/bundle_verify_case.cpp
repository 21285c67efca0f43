// The bundle verifier's content checks (docs/bundle-format.md sections 4 to 7): the custody
// log's chain, case.json against its schema and against the evidence files, the manifest and
// the log, and every time-stamp token against the data it covers and the trust anchors.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle_read.h"
#include "bundle_writer_internal.h"
#include "scelle/crypto/hex.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/custody_log.h"

namespace scelle::core::bundle_detail {

using nlohmann::json;

namespace {

const std::string kCaseJsonPath(bundle::kCaseJson);
const std::string kLogPath(bundle::kCustodyLog);

void mismatch(Verification& v, const std::string& path, std::string detail) {
    v.problem(ProblemClass::altered, "case_mismatch", path, std::move(detail));
}

std::set<std::int64_t> log_token_ks(const Verification& v) {
    std::set<std::int64_t> ks;
    for (const auto& [path, f] : v.files)
        if (auto k = bundle::log_token_covers(path))
            ks.insert(*k);
    return ks;
}

void check_items(Verification& v, const json& doc) {
    // The manifest's hashes, by path (the manifest check reports its own problems).
    std::map<std::string, std::string> listed;
    if (const std::string* m = v.content(bundle::kManifest)) {
        std::size_t bad = 0;
        if (auto lines = bundle::parse_manifest(*m, bad))
            for (auto& l : *lines)
                listed[l.path] = l.sha256;
    }
    std::set<std::int64_t> account_ids;
    for (const auto& a : doc["accounts"])
        if (!account_ids.insert(a["id"].get<std::int64_t>()).second)
            mismatch(v, kCaseJsonPath, fmt::format("account {} appears twice", a["id"].dump()));
    std::set<std::string> claimed;
    std::set<std::int64_t> seqs;
    for (const auto& it : doc["items"]) {
        const std::int64_t seq = it["seq"];
        const std::string kind = it["kind"];
        const std::string who = fmt::format("item {}", seq);
        if (!seqs.insert(seq).second)
            mismatch(v, kCaseJsonPath, who + " appears twice");
        if (it["account"].is_number_integer() &&
            account_ids.count(it["account"].get<std::int64_t>()) == 0)
            mismatch(v, kCaseJsonPath, who + " names an account case.json does not have");
        const bool withdrawn = it["withdrawn"];
        std::optional<std::string> sha;
        if (it["sha256"].is_string())
            sha = it["sha256"].get<std::string>();
        if (kind == "link" || withdrawn) {
            if (!it["file"].is_null())
                mismatch(v, kCaseJsonPath, who + " is a link or withdrawn but names a file");
        } else {
            std::optional<std::string> mt;
            if (it["media_type"].is_string())
                mt = it["media_type"].get<std::string>();
            const std::string expected = bundle::evidence_path(seq, kind, mt);
            if (!it["file"].is_string() || it["file"].get<std::string>() != expected) {
                mismatch(v, kCaseJsonPath,
                         fmt::format("{} should name its file {}", who, expected));
            } else if (const FileData* f = v.file(expected); f == nullptr) {
                mismatch(v, expected, who + "'s evidence file is missing");
            } else {
                claimed.insert(expected);
                auto l = listed.find(expected);
                const std::string& ref = l != listed.end() ? l->second : f->sha256;
                if (!sha || *sha != ref)
                    mismatch(v, expected,
                             fmt::format("case.json gives {} the SHA-256 {}, the manifest {}", who,
                                         sha.value_or("null"), ref));
                if (!it["size"].is_number_integer() || it["size"].get<std::uint64_t>() != f->size)
                    mismatch(v, expected, fmt::format("case.json gives {} another size", who));
            }
        }
    }
    v.report.items = static_cast<std::int64_t>(seqs.size());
    for (const auto& [path, f] : v.files)
        if (path.rfind(bundle::kEvidenceDir, 0) == 0 && claimed.count(path) == 0)
            mismatch(v, path, "no item in case.json names this evidence file");
}

void check_timestamp_list(Verification& v, const json& doc, const LogView& log) {
    std::set<std::int64_t> ks;
    for (const auto& t : doc["timestamps"])
        ks.insert(t["covers"].get<std::int64_t>());
    const auto digests = log.readable ? custody::prefix_digests(log.lines, ks)
                                      : std::map<std::int64_t, crypto::Digest>{};
    std::set<std::string> described;
    for (const auto& t : doc["timestamps"]) {
        const std::int64_t k = t["covers"];
        const std::string file = t["file"];
        described.insert(file);
        if (file != bundle::log_token_path(k) || v.file(file) == nullptr) {
            mismatch(v, kCaseJsonPath,
                     fmt::format("the timestamp over {} lines should be in {}, present", k,
                                 bundle::log_token_path(k)));
            continue;
        }
        auto d = digests.find(k);
        if (log.readable && (d == digests.end() || crypto::to_hex(d->second) != t["prefix_sha256"]))
            mismatch(v, kCaseJsonPath,
                     fmt::format("the SHA-256 of the log's first {} lines is not the one "
                                 "case.json gives",
                                 k));
    }
    for (std::int64_t k : log_token_ks(v))
        if (described.count(bundle::log_token_path(k)) == 0)
            mismatch(v, bundle::log_token_path(k), "case.json does not describe this token");
}

}  // namespace

LogView check_log(Verification& v) {
    LogView out;
    const std::string* text = v.content(bundle::kCustodyLog);
    if (text == nullptr) {
        v.check("custody_log", false);
        return out;
    }
    bool ok = true;
    if (text->empty() || text->back() != '\n') {
        v.problem(ProblemClass::altered, "log_malformed", kLogPath,
                  text->empty() ? "the log is empty" : "the last line does not end in LF");
        ok = false;
    }
    std::size_t pos = 0;
    while (pos < text->size()) {
        std::size_t nl = text->find('\n', pos);
        if (nl == std::string::npos)
            nl = text->size();
        if (nl - pos > kMaxLogLine) {
            v.problem(
                ProblemClass::altered, "log_malformed", kLogPath,
                fmt::format("line {} is longer than {} bytes", out.lines.size() + 1, kMaxLogLine));
            v.check("custody_log", false);
            return out;
        }
        out.lines.emplace_back(*text, pos, nl - pos);
        pos = nl + 1;
    }
    for (const auto& issue : custody::check_chain(out.lines)) {
        using K = custody::ChainIssue::Kind;
        const bool chain = issue.kind == K::chain_broken || issue.kind == K::bad_seq;
        static constexpr const char* kWhy[] = {
            "is not a JSON object", "is not canonical JSON", "has the wrong sequence number",
            "does not follow the line before it", "lacks its action or time"};
        v.problem(ProblemClass::altered, chain ? "log_chain_broken" : "log_malformed", kLogPath,
                  fmt::format("line {} {}", issue.line, kWhy[static_cast<int>(issue.kind)]));
        ok = false;
    }
    out.readable = true;
    v.report.log_lines = static_cast<std::int64_t>(out.lines.size());
    v.check("custody_log", ok);
    return out;
}

ParsedCaseJson parse_case_json(const std::string* text) {
    ParsedCaseJson out;
    if (text == nullptr)
        return out;
    out.read = true;
    out.ok = parse_json_within_bounds(*text, out.doc, out.too_big);
    return out;
}

void check_case_json(Verification& v, ParsedCaseJson parsed, const LogView& log,
                     const LoggedCase* logged) {
    if (!parsed.read) {
        v.check("case_json", false);
        return;
    }
    if (!parsed.ok) {
        v.problem(ProblemClass::altered, "case_json_invalid", kCaseJsonPath,
                  parsed.too_big ? "the JSON is larger or deeper than a case can be"
                                 : "not valid JSON (UTF-8)");
        v.check("case_json", false);
        return;
    }
    // Read through a const reference (operator[] never inserts), kept at the end by a move.
    const json& doc = parsed.doc;
    if (doc.is_discarded()) {
        v.problem(ProblemClass::altered, "case_json_invalid", kCaseJsonPath, "not valid JSON");
        v.check("case_json", false);
        return;
    }
    if (doc.is_object() && doc.contains("scelle_case_schema") &&
        !(doc["scelle_case_schema"].is_number_integer() &&
          doc["scelle_case_schema"].get<std::int64_t>() >= bundle::kOldestCaseJsonSchema &&
          doc["scelle_case_schema"].get<std::int64_t>() <= bundle::kCaseJsonSchema)) {
        v.defer_unsupported("unsupported_case_schema", kCaseJsonPath,
                            fmt::format("scelle_case_schema is {}; this reader knows versions {} "
                                        "to {}",
                                        doc["scelle_case_schema"].dump(),
                                        bundle::kOldestCaseJsonSchema, bundle::kCaseJsonSchema));
        v.check("case_json", false);
        return;
    }
    if (!validate_case_schema(v, doc)) {
        v.check("case_json", false);
        return;
    }
    const std::size_t before = v.report.problems.size() + v.report.problems_omitted;
    if (doc["case"]["id"] != v.report.case_id)
        mismatch(v, kCaseJsonPath,
                 fmt::format("the case id {} is not the bundle folder's ({})",
                             doc["case"]["id"].dump(), v.report.case_id));
    const bool has_token = v.file(bundle::kManifestToken) != nullptr;
    if (doc["sealed"].get<bool>() != has_token)
        mismatch(v, kCaseJsonPath,
                 fmt::format("\"sealed\" is {}, but the manifest's token is {}",
                             doc["sealed"].dump(), has_token ? "present" : "absent"));
    check_items(v, doc);
    check_timestamp_list(v, doc, log);
    if (logged != nullptr)
        compare_with_log(v, doc, *logged);
    v.case_doc = std::move(parsed.doc);
    v.check("case_json", v.report.problems.size() + v.report.problems_omitted == before);
}

void check_tokens(Verification& v, const LogView& log, const LoggedCase* logged) {
    static const crypto::TrustStore kNoAnchors = [] {
        auto s = crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {}});
        return std::move(s).value();
    }();
    const crypto::TrustStore& trust = v.options->trust ? *v.options->trust : kNoAnchors;
    const auto digests = log.readable ? custody::prefix_digests(log.lines, log_token_ks(v))
                                      : std::map<std::int64_t, crypto::Digest>{};
    bool ok = true;
    auto verify_one = [&](const std::string& path, std::optional<std::int64_t> covers,
                          std::optional<crypto::Digest> digest) {
        BundleToken t;
        t.path = path;
        t.covers = covers;
        const std::string* der = v.content(path);
        if (der == nullptr || !digest) {
            t.detail = der == nullptr ? "the token could not be read"
                                      : "the data it covers could not be read";
            v.report.tokens.push_back(std::move(t));
            ok = false;
            return;
        }
        const std::span<const std::uint8_t> bytes(
            reinterpret_cast<const std::uint8_t*>(der->data()), der->size());
        const crypto::TspVerdict verdict = crypto::verify_timestamp_token(bytes, *digest, trust);
        if (verdict.response && verdict.response->token) {
            const auto& f = *verdict.response->token;
            t.gen_time = f.gen_time;
            t.tsa = !f.tsa_name.empty() ? f.tsa_name : f.signer_subject;
            t.serial = f.serial_hex;
        }
        using crypto::CheckOutcome;
        using crypto::TspCheck;
        const crypto::TspCheckResult* first = nullptr;
        for (const auto& c : verdict.checks)
            if (c.outcome == CheckOutcome::failed && c.check != TspCheck::chain_trusted &&
                c.check != TspCheck::openssl_verify) {
                first = &c;
                break;
            }
        const bool chain_failed = !verdict.passed(TspCheck::chain_trusted);
        if (first == nullptr && !chain_failed && !verdict.ok())
            first = verdict.first_failure();  // OpenSSL's own check alone refused it
        if (first != nullptr) {
            const std::string kind =
                first->check == TspCheck::imprint_matches ? "token_imprint_mismatch"
                : first->check == TspCheck::status_granted || first->check == TspCheck::parsed
                    ? "token_not_granted"
                    : "token_invalid";
            t.detail = std::string(crypto::to_string(first->check)) + ": " + first->detail;
            v.problem(ProblemClass::altered, kind, path,
                      kind == "token_imprint_mismatch"
                          ? "the token does not cover the data it names (" + first->detail + ")"
                          : verdict.reason() + " (" + t.detail + ")");
            ok = false;
        } else {
            t.intact = true;
            t.trusted = !chain_failed;
            if (chain_failed) {
                const auto* c = verdict.find(TspCheck::chain_trusted);
                t.detail = c ? c->detail : "the signer does not chain to a trusted anchor";
                // OpenSSL's words for a chain that ends without an anchor the reader has.
                t.anchor_missing = t.detail.find("issuer certificate") != std::string::npos ||
                                   t.detail.find("self-signed") != std::string::npos ||
                                   t.detail.find("self signed") != std::string::npos ||
                                   t.detail.find("trusted anchor") != std::string::npos;
            }
        }
        v.report.tokens.push_back(std::move(t));
    };
    if (v.file(bundle::kManifestToken) != nullptr) {
        const std::string* m = v.content(bundle::kManifest);
        verify_one(std::string(bundle::kManifestToken), std::nullopt,
                   m ? std::optional(crypto::sha256(*m)) : std::nullopt);
    }
    for (std::int64_t k : log_token_ks(v)) {
        const std::string path = bundle::log_token_path(k);
        if (log.readable && k > static_cast<std::int64_t>(log.lines.size())) {
            v.problem(ProblemClass::altered, "token_imprint_mismatch", path,
                      fmt::format("the token covers {} log lines; the custody log has only {}", k,
                                  log.lines.size()));
            ok = false;
            BundleToken t;
            t.path = path;
            t.covers = k;
            t.detail = "covers lines the log lacks";
            v.report.tokens.push_back(std::move(t));
            continue;
        }
        auto d = digests.find(k);
        verify_one(path, k, d == digests.end() ? std::nullopt : std::optional(d->second));
    }
    // tsa-certs.pem is the certificates the tokens carry, each once, in the writer's order:
    // recomputed, so that nothing can be planted there.
    std::vector<std::span<const std::uint8_t>> ders;
    auto add_der = [&](std::string_view path) {
        if (const std::string* der = v.content(path))
            ders.emplace_back(reinterpret_cast<const std::uint8_t*>(der->data()), der->size());
    };
    for (std::int64_t k : log_token_ks(v))
        add_der(bundle::log_token_path(k));
    add_der(bundle::kManifestToken);
    const std::string certs = bundle_internal::make_tsa_certs_pem(ders);
    const std::string* have = v.content(bundle::kTsaCerts);
    const bool certs_present = v.file(bundle::kTsaCerts) != nullptr;
    if (certs.empty() ? certs_present : (have == nullptr || *have != certs)) {
        v.problem(ProblemClass::altered, "certs_mismatch", std::string(bundle::kTsaCerts),
                  certs.empty() ? "the tokens carry no certificate, yet the file is present"
                                : "the file is not the certificates the tokens carry");
        ok = false;
    }
    v.check("tokens", ok);
    if (logged == nullptr)
        return;
    check_tokens_recorded(v, *logged);
    // What the log recorded when each token arrived must be what the token says.
    for (const BundleToken& t : v.report.tokens) {
        if (!t.covers || !t.intact)
            continue;
        const FileData* f = v.file(t.path);
        const LoggedToken* lt = f ? bound_token(*logged, *t.covers, f->sha256) : nullptr;
        if (lt == nullptr)
            continue;
        const json& f_gen = lt->fields["gen_time"];
        if (!f_gen.is_string() || f_gen.get<std::string>() != t.gen_time)
            v.problem(ProblemClass::altered, "time_mismatch", t.path,
                      fmt::format("the token's time is {}, but custody line {} recorded {}",
                                  t.gen_time, lt->line, f_gen.dump()));
        if (lt->fields["serial"] != json(t.serial))
            v.problem(ProblemClass::altered, "token_not_recorded", t.path,
                      fmt::format("the token's serial number is {}, but custody line {} "
                                  "recorded {}",
                                  t.serial, lt->line, lt->fields["serial"].dump()));
        auto d = digests.find(*t.covers);
        if (d != digests.end() && lt->fields["prefix_sha256"] != json(crypto::to_hex(d->second)))
            v.problem(ProblemClass::altered, "log_chain_broken", kLogPath,
                      fmt::format("line {} records the SHA-256 of the first {} lines as {}, but "
                                  "they hash to {}",
                                  lt->line, *t.covers, lt->fields["prefix_sha256"].dump(),
                                  crypto::to_hex(d->second)));
    }
}

}  // namespace scelle::core::bundle_detail
