// CaseStore::check: re-hashes every stored original and re-checks the custody log, both as a
// chain and against the tables it indexes. Read-only: it changes nothing.

#include <algorithm>
#include <map>
#include <set>
#include <system_error>
#include <vector>

#include "case_store_internal.h"
#include "scelle/base/read_file.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/sha256.h"
#include "scelle/crypto/tsp.h"
#include "scelle/store/case_store.h"
#include "scelle/store/custody_log.h"
#include "scelle/store/derivation.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;
using Kind = Finding::Kind;

namespace {

Finding::Kind finding_for(custody::ChainIssue::Kind k) {
    switch (k) {
        case custody::ChainIssue::Kind::not_json:
            return Kind::log_not_json;
        case custody::ChainIssue::Kind::not_canonical:
            return Kind::log_not_canonical;
        case custody::ChainIssue::Kind::bad_seq:
            return Kind::log_bad_seq;
        case custody::ChainIssue::Kind::chain_broken:
            return Kind::log_chain_broken;
        case custody::ChainIssue::Kind::missing_fields:
            return Kind::log_missing_fields;
    }
    return Kind::log_not_json;
}

// What the log says about one item.
struct LoggedItem {
    std::int64_t line = 0;
    std::string kind;
    std::optional<std::string> sha256;
    bool withdrawn = false;
    std::optional<std::string> happened;  // as the last line that says it gives it
    std::optional<bool> sensitive;        // as the last `item.sensitive` line gives it
    // As the last `item.account` line gives it (nullopt inside: no account).
    std::optional<std::optional<std::int64_t>> account;
    // As the last `item.url` line gives it (nullopt inside: no link).
    std::optional<std::optional<std::string>> url{};
};

std::optional<std::string> opt_string(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

// Reads an integer field without throwing on a line whose field has another type.
std::optional<std::int64_t> opt_int(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace

Result<CheckReport> CaseStore::check(const crypto::TrustStore* trust) {
    CheckReport report;

    // 1. The log as a chain, and the stored hash column against each line.
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            m_db.prepare("SELECT seq, line, sha256 FROM custody ORDER BY seq"));
    std::vector<std::string> lines;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        lines.push_back(st.text(1));
        if (custody::line_hash(lines.back()) != st.text(2))
            report.problems.push_back(
                {Kind::log_hash_mismatch, static_cast<std::int64_t>(lines.size()), 0, {}, {}});
    }
    report.log_lines = static_cast<std::int64_t>(lines.size());
    for (const auto& issue : custody::check_chain(lines))
        report.problems.push_back({finding_for(issue.kind), issue.line, 0, {}, {}});

    // 2. What the log says about items.
    std::map<std::int64_t, LoggedItem> logged;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        json j = json::parse(lines[i], nullptr, false);
        if (!j.is_object() || !j.contains("item") || !j["item"].is_number_integer())
            continue;
        const auto n = static_cast<std::int64_t>(i + 1);
        const auto seq = j["item"].get<std::int64_t>();
        const std::string action = opt_string(j, "action").value_or("");
        if (action == "item.imported" || action == "link.recorded" || action == "item.captured" ||
            action == "item.derived") {
            logged[seq] =
                LoggedItem{n,           opt_string(j, "kind").value_or(""), opt_string(j, "sha256"),
                           false,       opt_string(j, "happened"),          std::nullopt,
                           std::nullopt};
        } else if (action == "item.withdrawn") {
            logged[seq].withdrawn = true;
        } else if (action == "item.happened") {
            logged[seq].happened = opt_string(j, "happened");
        } else if (action == "item.sensitive") {
            logged[seq].sensitive = j.value("sensitive", false);
        } else if (action == "item.account") {
            logged[seq].account = opt_int(j, "account");
        } else if (action == "item.url") {
            logged[seq].url = opt_string(j, "url");
        }
    }

    // 3. Every item row agrees with its log line, and every logged item has its row.
    SCELLE_ASSIGN_OR_RETURN(auto all, items());
    report.items = static_cast<std::int64_t>(all.size());
    std::set<std::string> live_objects;
    std::set<std::string> withdrawn_objects;
    std::set<std::int64_t> seen;
    for (const auto& it : all) {
        seen.insert(it.seq);
        auto lg = logged.find(it.seq);
        if (lg == logged.end() || lg->second.line == 0) {
            report.problems.push_back(
                {Kind::item_log_mismatch, 0, it.seq, {}, "no custody line records this item"});
        } else if (lg->second.line != it.log_seq || lg->second.kind != it.kind ||
                   lg->second.sha256 != it.sha256) {
            report.problems.push_back({Kind::item_log_mismatch,
                                       lg->second.line,
                                       it.seq,
                                       {},
                                       "the item differs from its custody line"});
        } else if (lg->second.withdrawn != it.withdrawn_at.has_value()) {
            report.problems.push_back({Kind::item_log_mismatch,
                                       lg->second.line,
                                       it.seq,
                                       {},
                                       "the withdrawal is not recorded the same in the log"});
        } else if (lg->second.happened != it.happened) {
            report.problems.push_back({Kind::item_log_mismatch,
                                       lg->second.line,
                                       it.seq,
                                       {},
                                       "when it happened is not what the log last says"});
        }
        if (!it.sha256)
            continue;
        (it.withdrawn_at ? withdrawn_objects : live_objects).insert(*it.sha256);
    }
    for (const auto& [seq, lg] : logged)
        if (lg.line != 0 && !seen.count(seq))
            report.problems.push_back({Kind::log_item_missing, lg.line, seq, {}, {}});

    // 3b. Descriptions, accounts and the case itself agree with the lines that recorded them,
    // so that what `case show` displays is what the log holds.
    std::vector<json> parsed;
    parsed.reserve(lines.size());
    for (const auto& l : lines)
        parsed.push_back(json::parse(l, nullptr, false));
    auto line_at = [&](std::int64_t seq) -> const json* {
        if (seq < 1 || seq > static_cast<std::int64_t>(parsed.size()))
            return nullptr;
        const json& j = parsed[static_cast<std::size_t>(seq - 1)];
        return j.is_object() ? &j : nullptr;
    };
    auto field_is = [](const json& j, const char* key, const std::optional<std::string>& v) {
        auto it = j.find(key);
        if (!v)
            return it == j.end();
        return it != j.end() && it->is_string() && it->get<std::string>() == *v;
    };
    auto int_is = [](const json& j, const char* key, const std::optional<std::int64_t>& v) {
        return opt_int(j, key) == v && (v.has_value() || !j.contains(key));
    };
    // Every field of an item row that its recording line states: what `case show` and the
    // bundle display must be what the log holds.
    // The recording line's value, unless a later `item.sensitive` line changed it.
    auto sensitive_in_log = [&](std::int64_t seq, const json& recording) {
        auto lg = logged.find(seq);
        const bool recorded = recording.value("sensitive", false);
        return lg == logged.end() ? recorded : lg->second.sensitive.value_or(recorded);
    };
    // Likewise the account: the recording line's, unless a later `item.account` line changed it.
    auto account_matches = [&](const Item& it, const json& recording) {
        auto lg = logged.find(it.seq);
        if (lg != logged.end() && lg->second.account)
            return *lg->second.account == it.account_id;
        return int_is(recording, "account", it.account_id);
    };
    // Likewise the link: the recording line's, unless a later `item.url` line changed it.
    auto url_matches = [&](const Item& it, const json& recording) {
        auto lg = logged.find(it.seq);
        if (lg != logged.end() && lg->second.url)
            return *lg->second.url == it.url;
        return field_is(recording, "url", it.url);
    };
    for (const auto& it : all) {
        const json* j = line_at(it.log_seq);
        if (j == nullptr || opt_int(*j, "item") != it.seq)
            continue;  // already reported above
        const bool same = field_is(*j, "name", it.name) &&
                          field_is(*j, "name_bytes_hex", it.name_bytes_hex) &&
                          field_is(*j, "media_type", it.media_type) && url_matches(it, *j) &&
                          field_is(*j, "source", it.source) && int_is(*j, "size", it.size) &&
                          int_is(*j, "width", it.width) && int_is(*j, "height", it.height) &&
                          account_matches(it, *j) && field_is(*j, "at", it.recorded_at) &&
                          field_is(*j, "utc_offset", it.utc_offset) &&
                          (sensitive_in_log(it.seq, *j) == it.sensitive) &&
                          (j->contains("derived") ? it.derived == (*j)["derived"] : !it.derived);
        if (!same)
            report.problems.push_back({Kind::item_log_mismatch,
                                       it.log_seq,
                                       it.seq,
                                       {},
                                       "the item's details differ from its custody line"});
    }
    SCELLE_ASSIGN_OR_RETURN(auto ds, m_db.prepare("SELECT item_seq, text, log_seq FROM "
                                                  "descriptions ORDER BY id"));
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, ds.step());
        if (!row)
            break;
        const std::int64_t item_seq = ds.integer(0);
        const json* j = line_at(ds.integer(2));
        if (j == nullptr || opt_int(*j, "item") != item_seq ||
            !field_is(*j, "description", ds.text(1)))
            report.problems.push_back(
                {Kind::description_log_mismatch, ds.integer(2), item_seq, {}, {}});
    }
    // An account's link, display name and platform ID: the `account.added` line's, unless a
    // later `account.updated` line changed them (it names only the fields it changes).
    std::map<std::int64_t, json> account_updates;
    for (const auto& j : parsed)
        if (j.is_object() && opt_string(j, "action") == "account.updated")
            if (auto id = opt_int(j, "account"))
                for (const char* key : {"url", "display_name", "platform_id"})
                    if (j.contains(key))
                        account_updates[*id][key] = j[key];
    auto account_field_is = [&](std::int64_t id, const json& added, const char* key,
                                const std::optional<std::string>& v) {
        auto u = account_updates.find(id);
        if (u == account_updates.end() || !u->second.contains(key))
            return field_is(added, key, v);
        const json& last = u->second[key];
        return v ? last.is_string() && last.get<std::string>() == *v : last.is_null();
    };
    SCELLE_ASSIGN_OR_RETURN(auto accs, m_db.prepare("SELECT id, platform, handle, url, "
                                                    "display_name, log_seq, platform_id FROM "
                                                    "accounts"));
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, accs.step());
        if (!row)
            break;
        const json* j = line_at(accs.integer(5));
        if (j == nullptr || opt_string(*j, "action") != "account.added" ||
            opt_int(*j, "account") != accs.integer(0) || !field_is(*j, "platform", accs.text(1)) ||
            !field_is(*j, "handle", accs.text(2)) ||
            !account_field_is(accs.integer(0), *j, "url", accs.opt_text(3)) ||
            !account_field_is(accs.integer(0), *j, "display_name", accs.opt_text(4)) ||
            !account_field_is(accs.integer(0), *j, "platform_id", accs.opt_text(6)))
            report.problems.push_back(
                {Kind::account_log_mismatch, accs.integer(5), accs.integer(0), {}, {}});
    }
    // The title is line 1's, unless a later `case.renamed` line gave another.
    std::optional<std::string> title_in_log;
    if (const json* first = line_at(1))
        title_in_log = opt_string(*first, "title");
    for (const auto& j : parsed)
        if (j.is_object() && opt_string(j, "action") == "case.renamed")
            title_in_log = opt_string(j, "title");
    if (const json* first = line_at(1);
        first == nullptr || opt_string(*first, "action") != "case.created" ||
        !field_is(*first, "case", m_info.id) || title_in_log != m_info.title ||
        !field_is(*first, "destination", m_info.destination) ||
        !field_is(*first, "summary", m_info.summary) ||
        !field_is(*first, "recorded_by", m_info.recorded_by) || !first->contains("incidents") ||
        (*first)["incidents"] != json(m_info.incidents))
        report.problems.push_back({Kind::case_log_mismatch, 1, 0, {}, {}});

    // 3c. Timestamps: each `timestamp.obtained` line has its stored token and each token its
    // line; each token is for the digest of the log lines it covers as they are now (so a
    // line changed, moved or removed before line `covers` shows, even the last ones).
    SCELLE_ASSIGN_OR_RETURN(auto tokens, timestamps());
    std::map<std::int64_t, const TimestampToken*> token_by_line;
    for (const auto& t : tokens)
        token_by_line[t.log_seq] = &t;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        const auto n = static_cast<std::int64_t>(i + 1);
        if (!parsed[i].is_object() || opt_string(parsed[i], "action") != "timestamp.obtained")
            continue;
        if (!token_by_line.count(n))
            report.problems.push_back(
                {Kind::timestamp_log_mismatch, n, 0, {}, "no stored token for this line"});
    }
    // The digest of each prefix a token covers, in one pass over the log.
    std::set<std::int64_t> covers;
    for (const auto& t : tokens)
        covers.insert(t.covers);
    std::map<std::int64_t, std::string> prefix_hex;
    for (const auto& [k, d] : custody::prefix_digests(lines, covers))
        prefix_hex[k] = crypto::to_hex(d);
    for (const auto& t : tokens) {
        const json* j = line_at(t.log_seq);
        const std::string der_hex = crypto::sha256_hex(
            std::string_view(reinterpret_cast<const char*>(t.der.data()), t.der.size()));
        if (j == nullptr || opt_string(*j, "action") != "timestamp.obtained" ||
            opt_int(*j, "covers") != t.covers || opt_string(*j, "token_sha256") != der_hex ||
            opt_string(*j, "prefix_sha256") != t.prefix_sha256) {
            report.problems.push_back({Kind::timestamp_log_mismatch,
                                       t.log_seq,
                                       0,
                                       {},
                                       "the stored token differs from its custody line"});
            continue;
        }
        auto parsed_token = crypto::parse_timestamp_response(t.der);
        if (!parsed_token.ok() || !parsed_token->token) {
            report.problems.push_back({Kind::timestamp_token_unreadable, t.log_seq, 0, {}, {}});
            continue;
        }
        const auto& imprint = parsed_token->token->imprint;
        const std::string imprint_hex =
            crypto::hex_encode(std::span<const std::uint8_t>(imprint.data(), imprint.size()));
        if (!prefix_hex.count(t.covers) || prefix_hex[t.covers] != t.prefix_sha256 ||
            imprint_hex != t.prefix_sha256) {
            report.problems.push_back(
                {Kind::timestamp_prefix_changed, t.log_seq, 0, {}, std::to_string(t.covers)});
            continue;
        }
        ++report.timestamps_checked;
        if (trust) {
            crypto::Digest d{};
            std::copy(imprint.begin(), imprint.end(), d.begin());
            crypto::TspVerdict v = crypto::verify_timestamp_token(t.der, d, *trust);
            if (v.ok())
                ++report.timestamps_verified;
            else
                report.notes.push_back(
                    {Kind::timestamp_unverified, t.log_seq, 0, t.tsa_name, v.reason()});
        }
    }

    // 4. Every live original is present and still has its hash.
    std::set<std::int64_t> intact;  // the items whose original was read whole, unchanged
    std::vector<std::byte> buf(1 << 20);
    for (const auto& it : all) {
        if (!it.sha256 || it.withdrawn_at || !crypto::is_sha256_hex(*it.sha256))
            continue;
        const fs::path p = object_path(*it.sha256);
        auto opened = m_env.open_read(p, Env::Links::refuse);
        if (!opened.ok()) {
            report.problems.push_back({opened.error().sys_errno == ENOENT ? Kind::object_missing
                                                                          : Kind::object_unreadable,
                                       0,
                                       it.seq,
                                       *it.sha256,
                                       {}});
            continue;
        }
        crypto::Sha256 h;
        bool read_ok = true;
        for (;;) {
            auto n = (*opened)->read(buf);
            if (!n.ok())
                read_ok = false;
            if (!n.ok() || *n == 0)
                break;
            h.update(std::span(buf.data(), *n));
        }
        ++report.objects_hashed;
        if (!read_ok)
            report.problems.push_back({Kind::object_unreadable, 0, it.seq, *it.sha256, {}});
        else if (crypto::to_hex(h.finish()) != *it.sha256)
            report.problems.push_back({Kind::object_altered, 0, it.seq, *it.sha256, {}});
        else
            intact.insert(it.seq);
    }

    // 4b. Every live joined picture is what its screens give, following its recipe
    // (derivation.h): made again and compared pixel for pixel.
    auto original = [&](std::int64_t seq) -> ScreenBytes {
        auto found =
            std::find_if(all.begin(), all.end(), [&](const Item& i) { return i.seq == seq; });
        if (found == all.end() || !intact.count(seq) || !found->sha256)
            return {std::nullopt, found != all.end() && found->withdrawn_at
                                      ? "was withdrawn"
                                      : "has no intact original"};
        auto bytes = read_file(m_env, object_path(*found->sha256), std::size_t{512} << 20);
        if (!bytes.ok() || crypto::to_hex(crypto::sha256(*bytes)) != *found->sha256)
            return {std::nullopt, "cannot be read again"};
        return {std::move(bytes).value(), {}};
    };
    for (const auto& it : all) {
        if (!it.derived || it.withdrawn_at || !intact.count(it.seq))
            continue;
        ScreenBytes joined = original(it.seq);
        if (!joined.bytes)
            continue;
        const Recomposition r = recompose(*it.derived, *joined.bytes, original);
        if (r.result == Redone::differs)
            report.problems.push_back({Kind::derived_differs, 0, it.seq, *it.sha256, r.detail});
    }

    // 5. Files nobody names: harmless leftovers, worth a note.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir / "objects", ec)) {
        std::string name = entry.path().filename().string();
        if (live_objects.count(name))
            continue;
        if (name.rfind(".tmp-", 0) == 0 && !detail::is_stale_temp(name))
            continue;  // another process is importing right now
        report.notes.push_back(
            {withdrawn_objects.count(name) ? Kind::withdrawn_object_kept : Kind::orphan_object,
             0,
             0,
             name,
             {}});
    }
    return report;
}

}  // namespace scelle::core
