#include "scelle/store/store.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "scelle/base/program.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/crypto/random.h"

namespace scelle::core {

namespace fs = std::filesystem;

namespace {

bool is_case_id_text(std::string_view s) {
    if (s.empty() || s.size() > 64)
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-';
    });
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

// Creates `dir` and any missing parent, each owner-only.
Result<void> make_dirs(Env& env, const fs::path& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        return {};
    if (dir.has_parent_path() && dir.parent_path() != dir)
        SCELLE_TRY(make_dirs(env, dir.parent_path()));
    return env.make_dir(dir);
}

}  // namespace

Store::Store(fs::path root, Env& env) : m_root(std::move(root)), m_env(env) {}

fs::path Store::default_root() {
    if (auto s = env_var("SCELLE_STORE"); s && !s->empty())
        return utf8_to_path(*s);
    if (fs::path dir = user_data_dir(); !dir.empty())
        return dir;
    return fs::path("scelle-store");
}

Result<void> validate_case_title(std::string_view title) {
    const std::string t = trim(title);
    if (t.empty())
        return make_error(Errc::usage, "--title", "a case needs a title");
    if (!is_clean_text(t, false))
        return make_error(Errc::usage, "--title", "a case needs a title of one line");
    std::size_t chars = 0;
    for (char ch : t)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80)
            ++chars;
    if (chars > kMaxCaseTitle)
        return make_error(Errc::usage, "--title", "a title has at most 200 characters");
    return {};
}

Result<void> validate_new_case(const NewCase& req) {
    SCELLE_TRY(validate_case_title(req.title));
    if (req.destination && !one_of(kDestinations, *req.destination))
        return make_error(Errc::usage, "--destination", *req.destination);
    for (const auto& t : req.incidents)
        if (!one_of(kIncidentTypes, t))
            return make_error(Errc::usage, "--incident", t);
    if (req.summary && !is_clean_text(*req.summary, true))
        return make_error(Errc::usage, "--summary", "not valid text");
    if (req.recorded_by && !is_clean_text(*req.recorded_by, false))
        return make_error(Errc::usage, "--recorded-by", "a name of one line is needed");
    return {};
}

Result<std::string> Store::create_case(const NewCase& req) {
    SCELLE_TRY(validate_new_case(req));
    const fs::path cases = cases_dir();
    SCELLE_TRY(make_dirs(m_env, cases));

    const auto now = m_env.now();
    CaseInfo info;
    info.id = format_utc_compact_date(now) + "-" + crypto::random_hex(4);
    info.title = trim(req.title);
    info.destination = req.destination;
    info.incidents = req.incidents;
    info.summary = req.summary;
    if (req.recorded_by)
        info.recorded_by = trim(*req.recorded_by);
    info.created_at = format_utc_rfc3339(now);
    info.utc_offset = local_utc_offset(now);

    // The case is built in a hidden folder and renamed into place, so that a crash never
    // leaves a half-made case that `case list` would show.
    const fs::path staging = cases / ("." + info.id + ".new");
    const fs::path final_dir = cases / info.id;
    auto build = [&]() -> Result<void> {
        SCELLE_TRY(m_env.make_dir(staging));
        SCELLE_TRY(m_env.make_dir(staging / "objects"));
        SCELLE_TRY(CaseStore::initialise(staging, info, m_env));
        SCELLE_TRY(m_env.sync_dir(staging / "objects"));
        SCELLE_TRY(m_env.sync_dir(staging));
        SCELLE_TRY(m_env.rename(staging, final_dir));
        return m_env.sync_dir(cases);
    };
    auto r = build();
    if (!r.ok()) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        return std::move(r).error();
    }
    return info.id;
}

Result<std::vector<CaseSummary>> Store::list_cases() {
    std::vector<CaseSummary> out;
    std::error_code ec;
    if (!fs::exists(cases_dir(), ec))
        return out;
    fs::directory_iterator it(cases_dir(), ec);
    if (ec)
        return error_from_errno(ec.value(), cases_dir().string(), false);
    for (const auto& entry : it) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.' || !is_case_id_text(name))
            continue;
        CaseSummary s;
        s.id = name;
        auto cs = CaseStore::open(entry.path(), Access::read_only, m_env);
        if (!cs.ok()) {
            s.problem = cs.error();
        } else {
            s.title = (*cs)->info().title;
            s.created_at = (*cs)->info().created_at;
            s.destination = (*cs)->info().destination;
            auto items = (*cs)->items();
            if (items.ok())
                s.items = static_cast<std::int64_t>(items->size());
            else
                s.problem = items.error();
        }
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(),
              [](const CaseSummary& a, const CaseSummary& b) { return a.id < b.id; });
    return out;
}

Result<std::string> Store::resolve(std::string_view id_or_prefix) {
    std::string want(id_or_prefix);
    if (!is_case_id_text(want))
        return make_error(Errc::unknown_case, to_valid_utf8(want));
    std::error_code ec;
    if (fs::is_directory(cases_dir() / want, ec))
        return want;
    std::vector<std::string> matches;
    fs::directory_iterator it(cases_dir(), ec);
    if (!ec) {
        for (const auto& entry : it) {
            std::string name = entry.path().filename().string();
            if (!name.empty() && name.front() != '.' && name.rfind(want, 0) == 0)
                matches.push_back(name);
        }
    }
    if (matches.empty())
        return make_error(Errc::unknown_case, want);
    if (matches.size() > 1) {
        std::sort(matches.begin(), matches.end());
        std::string list;
        for (const auto& m : matches)
            list += (list.empty() ? "" : ", ") + m;
        return make_error(Errc::ambiguous_case, want, list);
    }
    return matches.front();
}

Result<std::unique_ptr<CaseStore>> Store::open_case(std::string_view id_or_prefix, Access access) {
    SCELLE_ASSIGN_OR_RETURN(std::string id, resolve(id_or_prefix));
    return CaseStore::open(cases_dir() / id, access, m_env);
}

Result<void> Store::check_writable(std::string_view id_or_prefix) {
    SCELLE_ASSIGN_OR_RETURN(const std::string id, resolve(id_or_prefix));
    const fs::path dir = cases_dir() / id;
    for (const fs::path& folder : {dir, dir / "objects"}) {
        if (auto w = m_env.check_access(folder, Env::Access::writable_dir); !w.ok())
            return w.error();
    }
    return {};
}

}  // namespace scelle::core
