// JSON views of cases, accounts, items and findings for --json, error reporting, and the
// escaping of untrusted text in human output.
// The keys are part of the command line's stable interface: never rename or translate them.
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "cli.h"
#include "scelle/base/text.h"

namespace scelle::cli {

using nlohmann::json;

namespace {

template <typename T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

std::string_view finding_name(core::Finding::Kind k) {
    using K = core::Finding::Kind;
    switch (k) {
        case K::log_not_json:
            return "log_not_json";
        case K::log_not_canonical:
            return "log_not_canonical";
        case K::log_bad_seq:
            return "log_bad_seq";
        case K::log_chain_broken:
            return "log_chain_broken";
        case K::log_missing_fields:
            return "log_missing_fields";
        case K::log_hash_mismatch:
            return "log_hash_mismatch";
        case K::item_log_mismatch:
            return "item_log_mismatch";
        case K::log_item_missing:
            return "log_item_missing";
        case K::description_log_mismatch:
            return "description_log_mismatch";
        case K::account_log_mismatch:
            return "account_log_mismatch";
        case K::case_log_mismatch:
            return "case_log_mismatch";
        case K::object_missing:
            return "object_missing";
        case K::object_altered:
            return "object_altered";
        case K::object_unreadable:
            return "object_unreadable";
        case K::derived_differs:
            return "derived_differs";
        case K::withdrawn_object_kept:
            return "withdrawn_object_kept";
        case K::orphan_object:
            return "orphan_object";
        case K::timestamp_log_mismatch:
            return "timestamp_log_mismatch";
        case K::timestamp_prefix_changed:
            return "timestamp_prefix_changed";
        case K::timestamp_token_unreadable:
            return "timestamp_token_unreadable";
        case K::timestamp_unverified:
            return "timestamp_unverified";
    }
    return "unknown";
}

}  // namespace

json to_json(const core::CaseInfo& c) {
    return {{"id", c.id},
            {"title", c.title},
            {"destination", opt(c.destination)},
            {"incidents", c.incidents},
            {"summary", opt(c.summary)},
            {"created_at", c.created_at},
            {"utc_offset", c.utc_offset},
            {"recorded_by", opt(c.recorded_by)}};
}

json to_json(const core::Account& a) {
    return {{"id", a.id},
            {"platform", a.platform},
            {"handle", a.handle},
            {"url", opt(a.url)},
            {"display_name", opt(a.display_name)},
            {"platform_id", opt(a.platform_id)},
            {"created_at", a.created_at}};
}

json to_json(const core::Item& it) {
    json j = core::item_fields_json(it);
    j["platform"] = opt(it.platform);
    j["timestamp"] = to_json(it.timestamp);
    // Kept only when the raw name was not UTF-8, as before the key was shared with case.json.
    if (!it.name_bytes_hex)
        j.erase("name_bytes_hex");
    return j;
}

json to_json(const core::ItemTimestamp& t) {
    return {{"status", core::to_string(t.status)},
            {"tsa", opt(t.tsa)},
            {"gen_time", opt(t.gen_time)},
            {"error", opt(t.error)}};
}

json to_json(const core::TimestampToken& t) {
    return {{"id", t.id},
            {"covers", t.covers},
            {"prefix_sha256", t.prefix_sha256},
            {"tsa", t.tsa_name},
            {"tsa_url", t.tsa_url},
            {"gen_time", t.gen_time},
            {"serial", t.serial},
            {"policy", t.policy},
            {"received_at", t.received_at},
            {"skew_seconds", t.skew_seconds},
            {"log_line", t.log_seq}};
}

json to_json(const crypto::TsaFailure& f) {
    return {{"tsa", f.url},
            {"kind", crypto::to_string(f.kind)},
            {"reason", f.reason},
            {"message", describe_tsa_failure(f, Lang::en)},
            {"attempts", f.attempts}};
}

json to_json(const core::Finding& f) {
    json j = {{"kind", finding_name(f.kind)}, {"message", describe_finding(f, Lang::en)}};
    if (f.line != 0)
        j["line"] = f.line;
    if (f.item != 0)
        j["item"] = f.item;
    if (!f.object.empty())
        j["object"] = f.object;
    if (!f.detail.empty())
        j["detail"] = f.detail;
    return j;
}

std::string shown(const std::string& s) {
    return core::terminal_safe(s);
}

std::string shown(const std::optional<std::string>& s) {
    return s ? core::terminal_safe(*s) : std::string();
}

std::string shown(const std::filesystem::path& p) {
    return core::terminal_safe(p.string());
}

void print_json(const json& doc) {
    // Replace, not throw, on invalid UTF-8: a name from the file system must not abort output.
    std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    std::cout.flush();
}

int refuse_usage(const Context& ctx, const std::string& sentence, std::string_view code) {
    std::cerr << "scelle-cli: " << sentence << '\n';
    if (ctx.json)
        print_json({{"error", {{"code", code}, {"message", sentence}}}});
    return kExitUsage;
}

void print_usage_error_json(const std::string& message) {
    print_json({{"error",
                 {{"code", errc_name(Errc::usage)},
                  {"subject", ""},
                  {"detail", message},
                  {"message", message}}}});
}

int report_error(const Context& ctx, const Error& e) {
    std::cerr << "scelle-cli: " << describe_error(e, ctx.lang) << '\n';
    // The JSON document is never translated: its message is the English sentence.
    if (ctx.json) {
        print_json({{"error",
                     {{"code", errc_name(e.code)},
                      {"subject", e.subject},
                      {"detail", e.detail},
                      {"message", describe_error(e, Lang::en)}}}});
    }
    return exit_code_for(e);
}

}  // namespace scelle::cli
