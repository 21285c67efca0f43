// The bundle verifier's reading of the custody log as the source of truth (docs/bundle-format.md
// section 5.1): the case, its accounts, items and time-stamps are rebuilt from the log's lines
// alone, then case.json is compared with that, field by field. case.json is a convenience for
// readers; it proves nothing the log does not say. The log itself is bound to the early tokens
// (each covers a prefix of it), so a forger who rewrites case.json and re-seals the manifest
// with any public TSA is caught here.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "bundle_read.h"
#include "scelle/base/time.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_detail {

using nlohmann::json;

namespace {

const std::string kCaseJsonPath(bundle::kCaseJson);
const std::string kLogPath(bundle::kCustodyLog);

json opt_field(const json& line, const char* key) {
    auto it = line.find(key);
    return it == line.end() ? json(nullptr) : *it;
}

bool is_int(const json& line, const char* key) {
    auto it = line.find(key);
    return it != line.end() && it->is_number_integer();
}

// A value as a detail shows it: short, and in JSON form so that its type and any unusual
// character are visible.
std::string shown(const json& value) {
    std::string s = value.dump(-1, ' ', true, json::error_handler_t::replace);
    if (s.size() > 80)
        s = s.substr(0, 77) + "...";
    return s;
}

bool is_schema2_key(const std::string& key) {
    return key == "happened" || key == "recorded_by" || key == "platform_id" || key == "derived";
}

}  // namespace

LoggedCase replay_log(const std::vector<std::string>& lines) {
    LoggedCase out;
    auto issue = [&out](std::int64_t line, std::string what) {
        out.issues.push_back({line, std::move(what)});
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto n = static_cast<std::int64_t>(i + 1);
        const json j = json::parse(lines[i], nullptr, false);
        if (!j.is_object() || !j.contains("action") || !j["action"].is_string() ||
            !j.contains("at") || !j["at"].is_string())
            continue;  // the chain check reports malformed lines
        const std::string action = j["action"];
        const json at = j["at"];
        if (action == "case.created") {
            if (out.case_fields) {
                issue(n, "records the case's creation a second time");
                continue;
            }
            out.case_fields = json{{"id", opt_field(j, "case")},
                                   {"title", opt_field(j, "title")},
                                   {"destination", opt_field(j, "destination")},
                                   {"incidents", j.value("incidents", json::array())},
                                   {"summary", opt_field(j, "summary")},
                                   {"created_at", at},
                                   {"utc_offset", opt_field(j, "utc_offset")},
                                   {"recorded_by", opt_field(j, "recorded_by")}};
            out.case_line = n;
        } else if (action == "case.renamed") {
            if (!out.case_fields) {
                issue(n, "renames a case that no earlier line creates");
                continue;
            }
            (*out.case_fields)["title"] = opt_field(j, "title");
        } else if (action == "account.added") {
            if (!is_int(j, "account")) {
                issue(n, "adds an account without a number");
                continue;
            }
            const std::int64_t id = j["account"];
            if (out.accounts.count(id) != 0) {
                issue(n, fmt::format("adds account {} a second time", id));
                continue;
            }
            out.accounts[id] = {n, json{{"id", id},
                                        {"platform", opt_field(j, "platform")},
                                        {"handle", opt_field(j, "handle")},
                                        {"url", opt_field(j, "url")},
                                        {"display_name", opt_field(j, "display_name")},
                                        {"platform_id", opt_field(j, "platform_id")},
                                        {"created_at", at}}};
        } else if (action == "account.updated") {
            auto a = is_int(j, "account") ? out.accounts.find(j["account"].get<std::int64_t>())
                                          : out.accounts.end();
            if (a == out.accounts.end()) {
                issue(n, "changes an account that no earlier line adds");
                continue;
            }
            // Only the fields the line names change; the platform and handle never do.
            for (const char* key : {"url", "display_name", "platform_id"})
                if (j.contains(key))
                    a->second.fields[key] = j[key];
        } else if (action == "item.imported" || action == "item.captured" ||
                   action == "item.derived" || action == "link.recorded") {
            if (!is_int(j, "item")) {
                issue(n, "records an item without a number");
                continue;
            }
            const std::int64_t seq = j["item"];
            if (out.items.count(seq) != 0) {
                issue(n, fmt::format("records item {} a second time", seq));
                continue;
            }
            // A derived image names its sources: items recorded earlier, with their content.
            if (action == "item.derived") {
                const json derived = opt_field(j, "derived");
                const json frames = derived.is_object() ? derived.value("frames", json()) : json();
                if (!frames.is_array() || frames.empty())
                    issue(n, fmt::format("derives item {} from no items", seq));
                else
                    for (const auto& f : frames) {
                        auto src = f.is_object() && is_int(f, "item")
                                       ? out.items.find(f["item"].get<std::int64_t>())
                                       : out.items.end();
                        if (src == out.items.end() || !f.contains("sha256") ||
                            src->second.fields["sha256"] != f["sha256"])
                            issue(n, fmt::format("derives item {} from an item that no earlier "
                                                 "line records with that content",
                                                 seq));
                    }
            }
            out.items[seq] = {n, json{{"seq", seq},
                                      {"kind", opt_field(j, "kind")},
                                      {"sha256", opt_field(j, "sha256")},
                                      {"name", opt_field(j, "name")},
                                      {"name_bytes_hex", opt_field(j, "name_bytes_hex")},
                                      {"media_type", opt_field(j, "media_type")},
                                      {"size", opt_field(j, "size")},
                                      {"width", opt_field(j, "width")},
                                      {"height", opt_field(j, "height")},
                                      {"recorded_at", at},
                                      {"utc_offset", opt_field(j, "utc_offset")},
                                      {"source", opt_field(j, "source")},
                                      {"url", opt_field(j, "url")},
                                      {"description", opt_field(j, "description")},
                                      {"happened", opt_field(j, "happened")},
                                      {"account", opt_field(j, "account")},
                                      {"sensitive", j.value("sensitive", false)},
                                      {"withdrawn", false},
                                      {"withdrawn_at", nullptr},
                                      {"withdraw_reason", nullptr},
                                      {"log_line", n},
                                      {"derived", opt_field(j, "derived")}}};
        } else if (action == "item.described" || action == "item.withdrawn" ||
                   action == "item.happened" || action == "item.sensitive" ||
                   action == "item.account" || action == "item.url") {
            auto it =
                is_int(j, "item") ? out.items.find(j["item"].get<std::int64_t>()) : out.items.end();
            if (it == out.items.end()) {
                issue(n, "changes an item that no earlier line records");
                continue;
            }
            json& item = it->second.fields;
            if (action == "item.described") {
                item["description"] = opt_field(j, "description");
            } else if (action == "item.happened") {
                item["happened"] = opt_field(j, "happened");
            } else if (action == "item.sensitive") {
                item["sensitive"] = j.value("sensitive", false);
            } else if (action == "item.account") {
                const json account = opt_field(j, "account");
                if (!account.is_null() && (!account.is_number_integer() ||
                                           out.accounts.count(account.get<std::int64_t>()) == 0))
                    issue(n, fmt::format("gives item {} an account that no earlier line adds",
                                         it->first));
                item["account"] = account;
            } else if (action == "item.url") {
                // A link item's address is the evidence itself: no line may change it.
                if (item["kind"] == "link")
                    issue(n, fmt::format("changes the address of item {}, a link", it->first));
                else
                    item["url"] = opt_field(j, "url");
            } else if (item["withdrawn"].get<bool>()) {
                issue(n, fmt::format("withdraws item {} a second time", it->first));
            } else {
                item["withdrawn"] = true;
                item["withdrawn_at"] = at;
                item["withdraw_reason"] = opt_field(j, "reason");
            }
        } else if (action == "timestamp.obtained") {
            if (!is_int(j, "covers") || j["covers"].get<std::int64_t>() < 1 ||
                j["covers"].get<std::int64_t>() >= n || !j.contains("token_sha256")) {
                issue(n, "records a time-stamp that does not cover earlier lines");
                continue;
            }
            LoggedToken t;
            t.line = n;
            t.covers = j["covers"];
            t.token_sha256 = j.value("token_sha256", "");
            t.fields = json{{"file", bundle::log_token_path(t.covers)},
                            {"covers", t.covers},
                            {"prefix_sha256", opt_field(j, "prefix_sha256")},
                            {"tsa", opt_field(j, "tsa_name")},
                            {"tsa_url", opt_field(j, "tsa")},
                            {"gen_time", opt_field(j, "gen_time")},
                            {"serial", opt_field(j, "serial")},
                            {"skew_seconds", opt_field(j, "skew_seconds")}};
            out.tokens.push_back(std::move(t));
        } else if (action == "report.made") {
            if (j.contains("sha256") && j["sha256"].is_string())
                out.reports.push_back({n, j["sha256"].get<std::string>()});
        } else if (action == "bundle.exported") {
            // Recorded after a bundle is made; says nothing about the case's content.
        } else {
            out.unknown_actions.push_back({n, action});
        }
    }
    return out;
}

const LoggedToken* bound_token(const LoggedCase& logged, std::int64_t covers,
                               const std::string& file_sha256) {
    for (const auto& t : logged.tokens)
        if (t.covers == covers && !file_sha256.empty() && t.token_sha256 == file_sha256)
            return &t;
    return nullptr;
}

void compare_with_log(Verification& v, const json& doc, const LoggedCase& logged) {
    auto differ = [&v](std::string detail) {
        v.problem(ProblemClass::altered, "case_mismatch", kCaseJsonPath, std::move(detail));
    };
    // Every field the log states, compared; `who` names the object ("item 3").
    auto compare = [&](const std::string& who, const json& in_case, const json& from_log,
                       std::int64_t line) {
        for (auto f = from_log.begin(); f != from_log.end(); ++f) {
            auto c = in_case.find(f.key());
            // A case.json of schema 1 has no key for what its log never says (the schema
            // check refuses those keys in schema 1, and requires them in schema 2).
            if (c == in_case.end() && f.value().is_null() && is_schema2_key(f.key()))
                continue;
            if (c == in_case.end() || *c != f.value())
                differ(fmt::format("{}: {} is {} in case.json, but {} in the custody log (line {})",
                                   who, f.key(), c == in_case.end() ? "absent" : shown(*c),
                                   shown(f.value()), line));
        }
    };
    for (const auto& [line, what] : logged.issues)
        v.problem(ProblemClass::altered, "log_malformed", kLogPath,
                  fmt::format("line {} {}", line, what));

    if (!logged.case_fields)
        differ("case: the custody log has no line recording the case's creation");
    else
        compare("case", doc["case"], *logged.case_fields, logged.case_line);

    std::map<std::int64_t, const json*> accounts;
    for (const auto& a : doc["accounts"])
        accounts[a["id"].get<std::int64_t>()] = &a;
    for (const auto& [id, rec] : logged.accounts) {
        auto a = accounts.find(id);
        if (a == accounts.end())
            differ(fmt::format("account {}: recorded by custody line {}, missing from case.json",
                               id, rec.line));
        else
            compare(fmt::format("account {}", id), *a->second, rec.fields, rec.line);
    }
    for (const auto& [id, a] : accounts)
        if (logged.accounts.count(id) == 0)
            differ(fmt::format("account {}: in case.json, but no custody line records it", id));

    // The time-stamps in the bundle, by K: the log line each token file is bound to.
    std::map<std::int64_t, const LoggedToken*> tokens;
    for (const auto& [path, f] : v.files)
        if (auto k = bundle::log_token_covers(path))
            if (const LoggedToken* t = bound_token(logged, *k, f.sha256))
                tokens[*k] = t;

    std::map<std::int64_t, const json*> items;
    for (const auto& it : doc["items"])
        items[it["seq"].get<std::int64_t>()] = &it;
    for (const auto& [seq, rec] : logged.items) {
        const std::string who = fmt::format("item {}", seq);
        auto it = items.find(seq);
        if (it == items.end()) {
            differ(fmt::format("{}: recorded by custody line {}, missing from case.json", who,
                               rec.line));
            continue;
        }
        compare(who, *it->second, rec.fields, rec.line);
        // Its time-stamp: the earliest token in the bundle whose prefix holds its line.
        auto cover = tokens.lower_bound(rec.line);
        const json& ts = (*it->second)["timestamp"];
        if (cover != tokens.end()) {
            const json want = {{"status", "granted"},
                               {"token", bundle::log_token_path(cover->first)},
                               {"tsa", cover->second->fields["tsa"]},
                               {"gen_time", cover->second->fields["gen_time"]}};
            compare(who + " timestamp", ts, want, cover->second->line);
        } else if (ts["status"] == "granted" || !ts["token"].is_null() || !ts["tsa"].is_null() ||
                   !ts["gen_time"].is_null()) {
            differ(
                fmt::format("{}: case.json says it is time-stamped, but no token in the "
                            "bundle covers its custody line {}",
                            who, rec.line));
        }
    }
    for (const auto& [seq, it] : items)
        if (logged.items.count(seq) == 0)
            differ(fmt::format("item {}: in case.json, but no custody line records it", seq));

    std::map<std::int64_t, const json*> listed;
    for (const auto& t : doc["timestamps"])
        listed[t["covers"].get<std::int64_t>()] = &t;
    for (const auto& [k, t] : tokens) {
        auto l = listed.find(k);
        if (l == listed.end())
            differ(fmt::format("timestamp {}: the token over {} lines is not described", k, k));
        else
            compare(fmt::format("timestamp {}", k), *l->second, t->fields, t->line);
    }
}

void check_tokens_recorded(Verification& v, const LoggedCase& logged) {
    bool ok = true;
    for (const auto& [path, f] : v.files) {
        auto k = bundle::log_token_covers(path);
        if (!k || f.sha256.empty())
            continue;
        if (bound_token(logged, *k, f.sha256) == nullptr) {
            v.problem(ProblemClass::altered, "token_not_recorded", path,
                      fmt::format("no timestamp.obtained line of the custody log records this "
                                  "token (its SHA-256 is {}): it was replaced or added",
                                  f.sha256));
            ok = false;
        }
    }
    std::set<std::int64_t> missing;
    for (const auto& t : logged.tokens)
        if (v.file(bundle::log_token_path(t.covers)) == nullptr &&
            missing.insert(t.covers).second) {
            v.problem(ProblemClass::altered, "token_missing", bundle::log_token_path(t.covers),
                      fmt::format("custody line {} records a time-stamp over {} lines, but the "
                                  "bundle does not hold it",
                                  t.line, t.covers));
            ok = false;
        }
    for (const auto& [line, action] : logged.unknown_actions)
        v.defer_unsupported("unsupported_log_action", kLogPath,
                            fmt::format("line {} records \"{}\", an action this reader does not "
                                        "know",
                                        line, action));
    if (!ok)
        v.check("tokens", false);
}

void check_report(Verification& v, const LoggedCase* logged) {
    const FileData* f = v.file(bundle::kReportPdf);
    if (f == nullptr || f->sha256.empty() || logged == nullptr)
        return;
    const bool recorded = std::any_of(logged->reports.begin(), logged->reports.end(),
                                      [&](const auto& r) { return r.second == f->sha256; });
    // Not recorded is not a failed check: bundles made before export recorded its report are
    // as intact as they were; the person checking is told what covers the report.
    if (recorded)
        v.check("report", true);
    else
        v.note("report_not_recorded", std::string(bundle::kReportPdf),
               "no report.made line of the custody log records this report's SHA-256: only "
               "the manifest's time-stamp covers it, not the custody log");
}

void describe_seals(Verification& v, const LoggedCase* logged) {
    BundleReport& r = v.report;
    const BundleToken* manifest = r.manifest_token();
    // The manifest's time against the export time the bundle states.
    if (manifest != nullptr && manifest->intact && v.case_doc) {
        const auto sealed = parse_utc_rfc3339(manifest->gen_time);
        const auto exported = parse_utc_rfc3339((*v.case_doc)["exported_at"].get<std::string>());
        constexpr auto kTolerance = std::chrono::minutes(15);
        if (sealed && exported &&
            (*sealed > *exported + kTolerance || *sealed < *exported - kTolerance))
            v.note(
                "time_disagreement", std::string(bundle::kManifestToken),
                fmt::format("the manifest was time-stamped at {}, but the bundle says it was "
                            "exported at {}",
                            manifest->gen_time, (*v.case_doc)["exported_at"].get<std::string>()));
    }
    if (logged == nullptr)
        return;
    for (const auto& [seq, rec] : logged->items) {
        ItemSeal s;
        s.seq = seq;
        s.kind = rec.fields.value("kind", json()).is_string()
                     ? rec.fields["kind"].get<std::string>()
                     : std::string();
        s.recorded_at = rec.fields["recorded_at"].get<std::string>();
        // Log tokens first (by K), the manifest's last: at equal times (the same second), the
        // log token is the first seal and the manifest's the last.
        std::vector<const BundleToken*> order;
        for (const BundleToken& t : r.tokens)
            if (t.covers)
                order.push_back(&t);
        if (manifest != nullptr)
            order.push_back(manifest);
        for (const BundleToken* t : order) {
            if (!t->intact || (t->covers && *t->covers < rec.line))
                continue;
            const SealTime st{t->path, t->gen_time, t->tsa, t->trusted};
            if (!s.first || t->gen_time < s.first->gen_time)
                s.first = st;
            if (!s.last || t->gen_time >= s.last->gen_time)
                s.last = st;
        }
        r.item_seals.push_back(std::move(s));
    }
}

}  // namespace scelle::core::bundle_detail
