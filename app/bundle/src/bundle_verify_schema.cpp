// The bundle verifier's check of case.json against its schema (docs/bundle-format.md section
// 5, docs/bundle-case.schema.json), written by hand: keys, types, forms, no unknown keys. And
// a bounded parse, so that a small hostile file cannot expand into gigabytes of nodes.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle_read.h"
#include "scelle/base/time.h"
#include "scelle/crypto/hex.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_detail {

using nlohmann::json;

namespace {

const std::string kCaseJsonPath(bundle::kCaseJson);

// Builds the document while counting its values, and stops at the first value past the
// bounds, so that a small hostile file cannot expand into gigabytes of nodes or nest deeper
// than the validator needs. One pass over the text: it used to be read once by a counting
// parser, then again to build the document (docs/performance.md, "Verify and export of small
// files"). What it builds is nlohmann's own DOM parser's work (the one json::parse uses), step
// by step.
struct BoundedDomSax {
    using Dom = nlohmann::detail::json_sax_dom_parser<json>;
    Dom dom;
    std::size_t values = 0;
    std::size_t depth = 0;
    static constexpr std::size_t kMaxValues = 1'000'000;
    static constexpr std::size_t kMaxDepth = 32;

    explicit BoundedDomSax(json& root) : dom(root, /*allow_exceptions=*/false) {}
    bool value() { return ++values <= kMaxValues; }
    bool null() { return value() && dom.null(); }
    bool boolean(bool b) { return value() && dom.boolean(b); }
    bool number_integer(json::number_integer_t n) { return value() && dom.number_integer(n); }
    bool number_unsigned(json::number_unsigned_t n) { return value() && dom.number_unsigned(n); }
    bool number_float(json::number_float_t n, const std::string& text) {
        return value() && dom.number_float(n, text);
    }
    bool string(std::string& s) { return value() && dom.string(s); }
    bool binary(json::binary_t& b) { return value() && dom.binary(b); }
    bool start_object(std::size_t n) {
        return value() && ++depth <= kMaxDepth && dom.start_object(n);
    }
    bool key(std::string& k) { return dom.key(k); }
    bool end_object() { return --depth, dom.end_object(); }
    bool start_array(std::size_t n) {
        return value() && ++depth <= kMaxDepth && dom.start_array(n);
    }
    bool end_array() { return --depth, dom.end_array(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }
};

bool is_utc_time(const std::string& s) {
    // YYYY-MM-DDTHH:MM:SS[.fraction]Z
    if (s.size() < 20 || s.back() != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (s[i] < '0' || s[i] > '9')
            return false;
    if (s.size() == 20)
        return true;
    if (s[19] != '.' || s.size() < 22)
        return false;
    return std::all_of(s.begin() + 20, s.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

bool is_offset(const std::string& s) {
    return s.size() == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' &&
           std::isdigit(static_cast<unsigned char>(s[1])) &&
           std::isdigit(static_cast<unsigned char>(s[2])) &&
           std::isdigit(static_cast<unsigned char>(s[4])) &&
           std::isdigit(static_cast<unsigned char>(s[5]));
}

// The types section 5 gives each key.
enum class T {
    str,
    str_null,
    integer,
    int_null,
    boolean,
    array,
    object,
    time,
    time_null,
    sha,
    sha_null,
    offset,
    happened_null,  // null, or a form time.h's is_happened_form accepts
    object_null,
};

// A hand-written validator for section 5 (the JSON Schema beside the spec says the same).
struct SchemaCheck {
    Verification& v;
    bool ok = true;

    void fail(const std::string& where, const std::string& what) {
        v.problem(ProblemClass::altered, "case_schema_invalid", kCaseJsonPath, where + ": " + what);
        ok = false;
    }
    bool type_ok(const json& j, T t) {
        switch (t) {
            case T::str:
                return j.is_string();
            case T::str_null:
                return j.is_string() || j.is_null();
            case T::integer:
                return j.is_number_integer();
            case T::int_null:
                return j.is_number_integer() || j.is_null();
            case T::boolean:
                return j.is_boolean();
            case T::array:
                return j.is_array();
            case T::object:
                return j.is_object();
            case T::object_null:
                return j.is_object() || j.is_null();
            case T::time:
                return j.is_string() && is_utc_time(j.get<std::string>());
            case T::time_null:
                return j.is_null() || (j.is_string() && is_utc_time(j.get<std::string>()));
            case T::sha:
                return j.is_string() && crypto::is_sha256_hex(j.get<std::string>());
            case T::sha_null:
                return j.is_null() ||
                       (j.is_string() && crypto::is_sha256_hex(j.get<std::string>()));
            case T::offset:
                return j.is_string() && is_offset(j.get<std::string>());
            case T::happened_null:
                return j.is_null() || (j.is_string() && is_happened_form(j.get<std::string>()));
        }
        return false;
    }
    // Checks that `obj` is an object holding each key with its type. False when it is not
    // even an object.
    bool fields(const json& obj, const std::string& where,
                const std::vector<std::pair<const char*, T>>& spec) {
        if (!obj.is_object()) {
            fail(where, "not an object");
            return false;
        }
        bool all = true;
        // additionalProperties: false, as in docs/bundle-case.schema.json.
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const std::string& key = it.key();
            const bool known = std::any_of(spec.begin(), spec.end(),
                                           [&key](const auto& f) { return key == f.first; });
            if (!known) {
                fail(where, fmt::format("unexpected key \"{}\"", key));
                all = false;
            }
        }
        for (const auto& [key, t] : spec) {
            auto it = obj.find(key);
            if (it == obj.end()) {
                fail(where, fmt::format("\"{}\" is missing", key));
                all = false;
            } else if (!type_ok(*it, t)) {
                fail(where, fmt::format("\"{}\" has the wrong type or form", key));
                all = false;
            }
        }
        return all;
    }
};

}  // namespace

bool validate_case_schema(Verification& v, const json& doc) {
    SchemaCheck s{v};
    if (!s.fields(doc, "case.json",
                  {{"scelle_case_schema", T::integer},
                   {"exported_at", T::time},
                   {"software", T::str},
                   {"sealed", T::boolean},
                   {"case", T::object},
                   {"accounts", T::array},
                   {"items", T::array},
                   {"timestamps", T::array}}))
        return false;
    // Schema 2 adds "recorded_by", "platform_id" and "happened" (null when not said); schema 1
    // has none of them. Schema 3 adds items' "derived" (null for an original).
    const std::int64_t schema = doc["scelle_case_schema"].get<std::int64_t>();
    const bool v2 = schema >= 2;
    auto plus = [v2](std::vector<std::pair<const char*, T>> spec,
                     std::vector<std::pair<const char*, T>> added) {
        if (v2)
            spec.insert(spec.end(), added.begin(), added.end());
        return spec;
    };
    std::vector<std::pair<const char*, T>> item_added = {{"happened", T::happened_null}};
    if (schema >= 3)
        item_added.emplace_back("derived", T::object_null);
    s.fields(doc["case"], "case",
             plus({{"id", T::str},
                   {"title", T::str},
                   {"destination", T::str_null},
                   {"incidents", T::array},
                   {"summary", T::str_null},
                   {"created_at", T::time},
                   {"utc_offset", T::offset}},
                  {{"recorded_by", T::str_null}}));
    for (const auto& inc : doc["case"].value("incidents", json::array()))
        if (!inc.is_string())
            s.fail("case.incidents", "not a list of strings");
    std::size_t i = 0;
    for (const auto& a : doc["accounts"])
        s.fields(a, fmt::format("accounts[{}]", i++),
                 plus({{"id", T::integer},
                       {"platform", T::str},
                       {"handle", T::str},
                       {"url", T::str_null},
                       {"display_name", T::str_null},
                       {"created_at", T::time}},
                      {{"platform_id", T::str_null}}));
    i = 0;
    for (const auto& it : doc["items"]) {
        const std::string where = fmt::format("items[{}]", i++);
        if (!s.fields(it, where,
                      plus({{"seq", T::integer},
                            {"kind", T::str},
                            {"file", T::str_null},
                            {"sha256", T::sha_null},
                            {"name", T::str_null},
                            {"name_bytes_hex", T::str_null},
                            {"media_type", T::str_null},
                            {"size", T::int_null},
                            {"width", T::int_null},
                            {"height", T::int_null},
                            {"recorded_at", T::time},
                            {"utc_offset", T::offset},
                            {"source", T::str_null},
                            {"url", T::str_null},
                            {"description", T::str_null},
                            {"account", T::int_null},
                            {"sensitive", T::boolean},
                            {"withdrawn", T::boolean},
                            {"withdrawn_at", T::time_null},
                            {"withdraw_reason", T::str_null},
                            {"log_line", T::integer},
                            {"timestamp", T::object}},
                           item_added)))
            continue;
        const std::string kind = it["kind"];
        if (kind != "screenshot" && kind != "file" && kind != "web" && kind != "link")
            s.fail(where, "\"kind\" is not screenshot, file, web or link");
        if (it["seq"].get<std::int64_t>() < 1 || it["log_line"].get<std::int64_t>() < 1)
            s.fail(where, "\"seq\" and \"log_line\" start at 1");
        if (s.fields(it["timestamp"], where + ".timestamp",
                     {{"status", T::str},
                      {"token", T::str_null},
                      {"tsa", T::str_null},
                      {"gen_time", T::time_null}})) {
            const std::string st = it["timestamp"]["status"];
            if (st != "granted" && st != "pending" && st != "failed")
                s.fail(where + ".timestamp", "\"status\" is not granted, pending or failed");
            else if ((st == "granted") != it["timestamp"]["token"].is_string())
                s.fail(where + ".timestamp", "a token is named exactly when granted");
        }
        for (const char* count : {"size", "width", "height"})
            if (it[count].is_number_integer() && it[count].get<std::int64_t>() < 0)
                s.fail(where, fmt::format("\"{}\" is negative", count));
        if (kind == "link" && !it["url"].is_string())
            s.fail(where, "a link has no \"url\"");
        if (it["withdrawn"].get<bool>() != it["withdrawn_at"].is_string()) {
            s.fail(where, "\"withdrawn_at\" is set exactly when withdrawn");
        }
    }
    i = 0;
    for (const auto& t : doc["timestamps"]) {
        const std::string where = fmt::format("timestamps[{}]", i++);
        if (s.fields(t, where,
                     {{"file", T::str},
                      {"covers", T::integer},
                      {"prefix_sha256", T::sha},
                      {"tsa", T::str},
                      {"tsa_url", T::str},
                      {"gen_time", T::time},
                      {"serial", T::str},
                      {"skew_seconds", T::integer}}) &&
            t["covers"].get<std::int64_t>() < 1)
            s.fail(where, "\"covers\" starts at 1");
    }
    return s.ok;
}

bool parse_json_within_bounds(const std::string& text, json& doc, bool& too_big) {
    json root;
    BoundedDomSax sax(root);
    const bool ok = json::sax_parse(text, &sax);
    too_big =
        !ok && (sax.values > BoundedDomSax::kMaxValues || sax.depth > BoundedDomSax::kMaxDepth);
    // A document stopped half-way is never shown: the caller gets it only when whole.
    if (ok)
        doc = std::move(root);
    return ok;
}

}  // namespace scelle::core::bundle_detail
