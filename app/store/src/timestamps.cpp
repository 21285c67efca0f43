// CaseStore: RFC 3161 tokens over prefixes of the custody log, failed request rounds, and the
// timestamp status of items.
#include <algorithm>
#include <ctime>

#include "scelle/base/time.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/case_store.h"
#include "scelle/store/custody_log.h"

namespace scelle::core {

using nlohmann::json;

const char* to_string(TimestampStatus status) {
    switch (status) {
        case TimestampStatus::granted:
            return "granted";
        case TimestampStatus::pending:
            return "pending";
        case TimestampStatus::failed:
            return "failed";
    }
    return "pending";
}

namespace {

constexpr const char* kTokenColumns =
    "SELECT id, covers, prefix_sha256, tsa_url, tsa_name, gen_time, serial, policy, "
    "received_at, skew_seconds, token, log_seq FROM timestamps ";

TimestampToken token_from_row(const sql::Stmt& st) {
    TimestampToken t;
    t.id = st.integer(0);
    t.covers = st.integer(1);
    t.prefix_sha256 = st.text(2);
    t.tsa_url = st.text(3);
    t.tsa_name = st.text(4);
    t.gen_time = st.text(5);
    t.serial = st.text(6);
    t.policy = st.text(7);
    t.received_at = st.text(8);
    t.skew_seconds = st.integer(9);
    t.der = st.blob(10);
    t.log_seq = st.integer(11);
    return t;
}

// The TSA's name as a reader knows it: the token's TSA name field, else the signer's
// subject, else the URL asked.
std::string tsa_display_name(const crypto::TstInfoFields& f, const std::string& url) {
    if (!f.tsa_name.empty())
        return f.tsa_name;
    if (!f.signer_subject.empty())
        return f.signer_subject;
    return url;
}

std::string summarise(const std::vector<crypto::TsaFailure>& failures) {
    if (failures.empty())
        return "No TSA is configured.";
    std::string out;
    for (const auto& f : failures) {
        if (!out.empty())
            out += ' ';
        out += f.url + ": " + f.reason;
    }
    return out;
}

}  // namespace

Result<std::vector<TimestampToken>> CaseStore::timestamps() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare(std::string(kTokenColumns) + "ORDER BY id"));
    std::vector<TimestampToken> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        out.push_back(token_from_row(st));
    }
    return out;
}

Result<std::optional<TimestampAttempt>> CaseStore::last_timestamp_attempt() {
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            m_db.prepare("SELECT id, at, covers, outcome, failures, summary FROM "
                                         "timestamp_attempts ORDER BY id DESC LIMIT 1"));
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row)
        return std::optional<TimestampAttempt>{};
    TimestampAttempt a;
    a.id = st.integer(0);
    a.at = st.text(1);
    a.covers = st.integer(2);
    a.outcome = st.text(3) == "failed" ? TimestampStatus::failed : TimestampStatus::pending;
    a.failures = json::parse(st.text(4), nullptr, false);
    if (a.failures.is_discarded())
        a.failures = json::array();
    a.summary = st.text(5);
    return std::optional<TimestampAttempt>(std::move(a));
}

Result<LogPrefix> CaseStore::log_prefix(std::int64_t lines) {
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            m_db.prepare("SELECT seq, line FROM custody WHERE seq <= ? ORDER BY "
                                         "seq"));
    st.bind(1, lines);
    custody::LogHasher h;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        const std::int64_t n = h.lines() + 1;
        if (st.integer(0) != n)
            return make_error(Errc::store_corrupt, m_db.path(),
                              "custody line " + std::to_string(n) + " is missing");
        h.add(st.text(1));
    }
    if (h.lines() != lines)
        return make_error(Errc::store_corrupt, m_db.path(),
                          "the custody log has fewer than " + std::to_string(lines) + " lines");
    LogPrefix p;
    p.lines = lines;
    p.digest = h.digest();
    p.sha256 = crypto::to_hex(p.digest);
    return p;
}

Result<std::optional<LogPrefix>> CaseStore::prefix_to_seal() {
    // Read in one transaction so that the prefix is the log as it was at one moment.
    SCELLE_TRY(m_db.exec("BEGIN"));
    auto body = [&]() -> Result<std::optional<LogPrefix>> {
        SCELLE_ASSIGN_OR_RETURN(auto cov,
                                m_db.prepare("SELECT COALESCE(MAX(covers), 0) FROM timestamps"));
        SCELLE_ASSIGN_OR_RETURN(bool have, cov.step());
        const std::int64_t covered = have ? cov.integer(0) : 0;
        SCELLE_ASSIGN_OR_RETURN(auto st,
                                m_db.prepare("SELECT seq, line FROM custody WHERE seq > ? ORDER "
                                             "BY seq"));
        st.bind(1, covered);
        bool needed = false;
        std::int64_t last = covered;
        for (;;) {
            SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
            if (!row)
                break;
            last = st.integer(0);
            json line = json::parse(st.text(1), nullptr, false);
            // A line that only records a token needs none itself: the next token obtained
            // for other reasons will cover it.
            if (!line.is_object() || line.value("action", "") != "timestamp.obtained")
                needed = true;
        }
        if (!needed)
            return std::optional<LogPrefix>{};
        SCELLE_ASSIGN_OR_RETURN(LogPrefix p, log_prefix(last));
        return std::optional<LogPrefix>(std::move(p));
    };
    auto r = body();
    (void)m_db.exec("COMMIT");
    return r;
}

Result<TimestampToken> CaseStore::record_timestamp(const LogPrefix& prefix,
                                                   const crypto::TsaSuccess& success) {
    if (!success.verdict.ok() || !success.verdict.response || !success.verdict.response->token)
        return make_error(Errc::internal, "record_timestamp", "the token was not verified");
    const crypto::TstInfoFields& f = *success.verdict.response->token;
    if (f.imprint.size() != prefix.digest.size() ||
        !std::equal(f.imprint.begin(), f.imprint.end(), prefix.digest.begin()))
        return make_error(Errc::internal, "record_timestamp", "the token is for another digest");

    TimestampToken t;
    t.covers = prefix.lines;
    t.prefix_sha256 = prefix.sha256;
    t.tsa_url = success.url;
    t.tsa_name = tsa_display_name(f, success.url);
    t.gen_time = f.gen_time;
    t.serial = f.serial_hex;
    t.policy = f.policy_oid;
    t.received_at = format_utc_rfc3339(std::chrono::system_clock::from_time_t(success.local_time));
    t.skew_seconds =
        static_cast<std::int64_t>(success.local_time) - static_cast<std::int64_t>(f.gen_time_t);
    t.der = success.response_der;

    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    json line = {{"action", "timestamp.obtained"},
                 {"covers", t.covers},
                 {"prefix_sha256", t.prefix_sha256},
                 {"tsa", t.tsa_url},
                 {"tsa_name", t.tsa_name},
                 {"gen_time", t.gen_time},
                 {"serial", t.serial},
                 {"skew_seconds", t.skew_seconds},
                 {"token_sha256", crypto::sha256_hex(std::string_view(
                                      reinterpret_cast<const char*>(t.der.data()), t.der.size()))}};
    SCELLE_ASSIGN_OR_RETURN(t.log_seq, append_log(std::move(line)));
    SCELLE_ASSIGN_OR_RETURN(
        auto ins, m_db.prepare("INSERT INTO timestamps(covers, prefix_sha256, tsa_url, tsa_name, "
                               "gen_time, serial, policy, received_at, skew_seconds, token, "
                               "log_seq) VALUES(?,?,?,?,?,?,?,?,?,?,?)"));
    ins.bind(1, t.covers)
        .bind(2, t.prefix_sha256)
        .bind(3, t.tsa_url)
        .bind(4, t.tsa_name)
        .bind(5, t.gen_time)
        .bind(6, t.serial)
        .bind(7, t.policy)
        .bind(8, t.received_at)
        .bind(9, t.skew_seconds)
        .bind_blob(10, t.der)
        .bind(11, t.log_seq);
    SCELLE_TRY(ins.run());
    t.id = m_db.last_insert_rowid();
    m_env.checkpoint("timestamp-before-commit");
    SCELLE_TRY(tx.commit());
    return t;
}

Result<TimestampAttempt> CaseStore::record_timestamp_failure(
    const LogPrefix& prefix, const std::vector<crypto::TsaFailure>& failures) {
    TimestampAttempt a;
    a.at = format_utc_rfc3339(m_env.now());
    a.covers = prefix.lines;
    // Pending while no TSA answered at all (the machine may be offline); failed when some
    // TSA answered with something that could not be accepted.
    a.outcome = TimestampStatus::pending;
    a.failures = json::array();
    for (const auto& f : failures) {
        if (!crypto::is_unreachable(f.kind))
            a.outcome = TimestampStatus::failed;
        a.failures.push_back({{"url", f.url},
                              {"kind", crypto::to_string(f.kind)},
                              {"reason", f.reason},
                              {"attempts", f.attempts}});
    }
    a.summary = summarise(failures);
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(auto ins,
                            m_db.prepare("INSERT INTO timestamp_attempts(at, covers, outcome, "
                                         "failures, summary) VALUES(?,?,?,?,?)"));
    ins.bind(1, a.at)
        .bind(2, a.covers)
        .bind(3, to_string(a.outcome))
        .bind(4, a.failures.dump())
        .bind(5, a.summary);
    SCELLE_TRY(ins.run());
    a.id = m_db.last_insert_rowid();
    SCELLE_TRY(tx.commit());
    return a;
}

Result<std::map<std::string, std::int64_t>> CaseStore::tsa_last_requests() {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT url, last_at FROM tsa_requests"));
    std::map<std::string, std::int64_t> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        out[st.text(0)] = st.integer(1);
    }
    return out;
}

Result<void> CaseStore::note_tsa_request(const std::string& url, std::int64_t at) {
    SCELLE_ASSIGN_OR_RETURN(auto st,
                            m_db.prepare("INSERT INTO tsa_requests(url, last_at) VALUES(?,?) "
                                         "ON CONFLICT(url) DO UPDATE SET last_at = "
                                         "excluded.last_at"));
    st.bind(1, url).bind(2, at);
    return st.run();
}

Result<void> CaseStore::fill_timestamp_status(std::vector<Item>& items) {
    struct Cover {
        std::int64_t id, covers;
        std::string tsa, gen_time;
    };
    std::vector<Cover> covers;
    {
        SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT id, covers, tsa_name, gen_time "
                                                      "FROM timestamps ORDER BY id"));
        for (;;) {
            SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
            if (!row)
                break;
            covers.push_back({st.integer(0), st.integer(1), st.text(2), st.text(3)});
        }
    }
    SCELLE_ASSIGN_OR_RETURN(auto last, last_timestamp_attempt());
    for (auto& it : items) {
        ItemTimestamp ts;
        // The first token obtained that covers the item's line: the earliest proof.
        auto c = std::find_if(covers.begin(), covers.end(),
                              [&](const Cover& x) { return x.covers >= it.log_seq; });
        if (c != covers.end()) {
            ts.status = TimestampStatus::granted;
            ts.token = c->id;
            ts.tsa = c->tsa;
            ts.gen_time = c->gen_time;
        } else if (last && last->covers >= it.log_seq) {
            ts.status = last->outcome;
            ts.error = last->summary;
        }
        it.timestamp = std::move(ts);
    }
    return {};
}

}  // namespace scelle::core
