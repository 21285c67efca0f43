// The bundle writer's texts about the case: the snapshot it is made from, data/case.json
// (docs/bundle-format.md section 5), bag-info.txt (section 3.2) and tsa-certs.pem (section 7).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "bundle_writer_internal.h"
#include "scelle/base/version.h"
#include "scelle/crypto/tsp.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_internal {

using nlohmann::json;

namespace {

template <typename T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

}  // namespace

std::string make_case_json(const Snapshot& s, const std::string& exported_at, bool sealed) {
    json doc;
    doc["scelle_case_schema"] = bundle::kCaseJsonSchema;
    doc["exported_at"] = exported_at;
    doc["software"] = std::string("Scellé ") + kVersion;
    doc["sealed"] = sealed;
    doc["case"] = {{"id", s.info.id},
                   {"title", s.info.title},
                   {"destination", opt(s.info.destination)},
                   {"incidents", s.info.incidents},
                   {"summary", opt(s.info.summary)},
                   {"created_at", s.info.created_at},
                   {"utc_offset", s.info.utc_offset},
                   {"recorded_by", opt(s.info.recorded_by)}};
    doc["accounts"] = json::array();
    for (const auto& a : s.accounts)
        doc["accounts"].push_back({{"id", a.id},
                                   {"platform", a.platform},
                                   {"handle", a.handle},
                                   {"url", opt(a.url)},
                                   {"display_name", opt(a.display_name)},
                                   {"platform_id", opt(a.platform_id)},
                                   {"created_at", a.created_at}});
    doc["items"] = json::array();
    for (const auto& it : s.items) {
        json ts = {
            {"status", "pending"}, {"token", nullptr}, {"tsa", nullptr}, {"gen_time", nullptr}};
        // The earliest token in the bundle that covers the item's line (tokens are in
        // increasing K, and a later K was obtained later).
        auto cover = std::find_if(s.tokens.begin(), s.tokens.end(),
                                  [&](const TimestampToken& t) { return t.covers >= it.log_seq; });
        if (cover != s.tokens.end()) {
            ts = {{"status", "granted"},
                  {"token", bundle::log_token_path(cover->covers)},
                  {"tsa", cover->tsa_name},
                  {"gen_time", cover->gen_time}};
        } else if (it.timestamp.status == TimestampStatus::failed) {
            ts["status"] = "failed";
        }
        json item = item_fields_json(it);
        item["file"] = has_evidence_file(it)
                           ? json(bundle::evidence_path(it.seq, it.kind, it.media_type))
                           : json(nullptr);
        item["timestamp"] = std::move(ts);
        doc["items"].push_back(std::move(item));
    }
    doc["timestamps"] = json::array();
    for (const auto& t : s.tokens)
        doc["timestamps"].push_back({{"file", bundle::log_token_path(t.covers)},
                                     {"covers", t.covers},
                                     {"prefix_sha256", t.prefix_sha256},
                                     {"tsa", t.tsa_name},
                                     {"tsa_url", t.tsa_url},
                                     {"gen_time", t.gen_time},
                                     {"serial", t.serial},
                                     {"skew_seconds", t.skew_seconds}});
    // The store keeps valid UTF-8 only; replacing is a guard, never expected to act.
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string make_bag_info(const BagInfo& b) {
    std::string out;
    out += "Bagging-Date: " + b.exported_at.substr(0, 10) + "\n";
    out += fmt::format("Payload-Oxum: {}.{}\n", b.payload_bytes, b.payload_files);
    out += "External-Identifier: " + b.case_id + "\n";
    out += std::string("Bag-Software-Agent: Scellé ") + kVersion + "\n";
    out += fmt::format("Scelle-Bundle-Version: {}\n", bundle::kBundleVersion);
    out += "Scelle-Exported-At: " + b.exported_at + "\n";
    out += std::string("Scelle-Sealed: ") + (b.sealed ? "yes" : "no") + "\n";
    out += fmt::format("Scelle-Log-Lines: {}\n", b.log_lines);
    return out;
}

std::string make_tsa_certs_pem(const std::vector<std::span<const std::uint8_t>>& tokens) {
    constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
    constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
    std::vector<std::string> certs;
    std::set<std::string> seen;
    for (auto der : tokens) {
        auto parsed = crypto::parse_timestamp_response(der);
        // A stored token that does not parse any more is `check`'s business; it simply
        // contributes no certificate here.
        if (!parsed.ok() || !parsed->token)
            continue;
        const std::string& pem = parsed->token->certs_pem;
        std::size_t pos = 0;
        while ((pos = pem.find(kBegin, pos)) != std::string::npos) {
            std::size_t end = pem.find(kEnd, pos);
            if (end == std::string::npos)
                break;
            end += kEnd.size();
            std::string one = pem.substr(pos, end - pos) + "\n";
            pos = end;
            if (seen.insert(one).second)
                certs.push_back(std::move(one));
        }
    }
    std::string out;
    for (const auto& c : certs)
        out += c;
    return out;
}

}  // namespace scelle::core::bundle_internal
