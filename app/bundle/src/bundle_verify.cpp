// The bundle verifier: opens the zip (bundle_read.cpp), then runs the checks of
// docs/bundle-format.md section 9 in order and turns the problems into one verdict.
#include "scelle/bundle/bundle_verify.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <span>

#include "bundle_read.h"
#include "bundle_writer_zip.h"
#include "scelle/base/env.h"
#include "scelle/base/text.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core {

using bundle_detail::FileData;
using bundle_detail::Verification;

const char* to_string(BundleVerdict verdict) {
    switch (verdict) {
        case BundleVerdict::intact_and_sealed:
            return "intact_and_sealed";
        case BundleVerdict::intact_unsealed:
            return "intact_unsealed";
        case BundleVerdict::altered:
            return "altered";
        case BundleVerdict::unsafe:
            return "unsafe";
        case BundleVerdict::unreadable:
            return "unreadable";
    }
    return "unreadable";
}

const BundleToken* BundleReport::manifest_token() const {
    for (const auto& t : tokens)
        if (t.path == bundle::kManifestToken)
            return &t;
    return nullptr;
}

namespace bundle_detail {

void Verification::problem(ProblemClass cls, std::string kind, std::string path,
                           std::string detail) {
    if (report.problems.size() >= kMaxProblems) {
        ++report.problems_omitted;
        // The verdict must still see the worst class: keep a count-only record of it.
        if (cls != ProblemClass::altered && !has(cls))
            report.problems.back() = {cls, std::move(kind), std::move(path), std::move(detail)};
        return;
    }
    report.problems.push_back({cls, std::move(kind), std::move(path), std::move(detail)});
}

void Verification::defer_unsupported(std::string kind, std::string path, std::string detail) {
    deferred_unsupported.push_back(
        {ProblemClass::unreadable, std::move(kind), std::move(path), std::move(detail)});
}

void Verification::note(std::string kind, std::string path, std::string detail) {
    if (report.notes.size() < kMaxProblems)
        report.notes.push_back(
            {ProblemClass::altered, std::move(kind), std::move(path), std::move(detail)});
}

void Verification::check(std::string name, bool passed) {
    for (auto& c : report.checks)
        if (c.name == name) {
            if (!passed)
                c.outcome = crypto::CheckOutcome::failed;
            return;
        }
    report.checks.push_back(
        {std::move(name), passed ? crypto::CheckOutcome::passed : crypto::CheckOutcome::failed});
}

bool Verification::has(ProblemClass cls) const {
    return std::any_of(report.problems.begin(), report.problems.end(),
                       [cls](const BundleProblem& p) { return p.cls == cls; });
}

const FileData* Verification::file(std::string_view path) const {
    auto it = files.find(std::string(path));
    return it == files.end() ? nullptr : &it->second;
}

const std::string* Verification::content(std::string_view path) const {
    const FileData* f = file(path);
    return f && f->content ? &*f->content : nullptr;
}

}  // namespace bundle_detail

namespace {

// case.json from this size on (a case of about 40 items) is parsed on another thread.
constexpr std::size_t kParseApartFrom = 32 * 1024;

// Every check the format names, so that the report also says which could not run.
constexpr const char* kAllChecks[] = {
    "zip_structure", "duplicates", "entry_names", "limits",   "entries_read",
    "layout",        "bagit",      "bag_info",    "manifest", "tagmanifest",
    "custody_log",   "case_json",  "derivations", "tokens",   "report",
};

void finish(Verification& v) {
    BundleReport& r = v.report;
    // "A newer version" is the answer only when nothing was found altered or unsafe: the
    // checks that do not depend on the version (manifests, hashes, the log's chain) ran first.
    if (!v.has(ProblemClass::altered) && !v.has(ProblemClass::unsafe))
        for (auto& p : v.deferred_unsupported)
            v.problem(p.cls, std::move(p.kind), std::move(p.path), std::move(p.detail));
    // Every token is judged for trust: one the reader does not trust leaves the bundle
    // unsealed, whatever the others say.
    const bool all_trusted =
        !r.tokens.empty() && std::all_of(r.tokens.begin(), r.tokens.end(),
                                         [](const BundleToken& t) { return t.trusted; });
    // Unsafe first: a hostile structure is the reason to give even when it is also unreadable.
    if (v.has(ProblemClass::unsafe))
        r.verdict = BundleVerdict::unsafe;
    else if (v.has(ProblemClass::unreadable))
        r.verdict = BundleVerdict::unreadable;
    else if (!r.problems.empty())
        r.verdict = BundleVerdict::altered;
    else if (r.manifest_token() != nullptr && all_trusted)
        r.verdict = BundleVerdict::intact_and_sealed;
    else
        r.verdict = BundleVerdict::intact_unsealed;
    std::vector<BundleCheck> ordered;
    for (const char* name : kAllChecks) {
        auto it = std::find_if(r.checks.begin(), r.checks.end(),
                               [&](const BundleCheck& c) { return c.name == name; });
        ordered.push_back(it != r.checks.end() ? *it : BundleCheck{name});
    }
    r.checks = std::move(ordered);
}

BundleReport run(zip_source_t* source, std::string_view head, const VerifyOptions& options) {
    Verification v;
    v.options = &options;
    if (bundle_detail::read_bundle(source, head, v) && !v.has(ProblemClass::unreadable)) {
        // Every check runs, whatever the version a tag file claims: an unknown version is
        // said only when nothing is found altered (Verification::deferred_unsupported).
        // A large case.json is parsed on another thread meanwhile: it reads only its own text,
        // which nothing changes any more, and the checks below read v.files without changing
        // it. A small one is parsed here, where a thread would cost more than it saves.
        const std::string* case_text = v.content(bundle::kCaseJson);
        std::optional<bundle_internal::Background<bundle_detail::ParsedCaseJson>> apart;
        if (case_text != nullptr && case_text->size() >= kParseApartFrom)
            apart.emplace([case_text] { return bundle_detail::parse_case_json(case_text); });
        bundle_detail::check_layout(v);
        bundle_detail::check_bagit(v);
        bundle_detail::check_manifests(v);
        const bundle_detail::LogView log = bundle_detail::check_log(v);
        std::optional<bundle_detail::LoggedCase> logged;
        if (log.readable)
            logged = bundle_detail::replay_log(log.lines);
        const bundle_detail::LoggedCase* lc = logged ? &*logged : nullptr;
        bundle_detail::check_case_json(
            v, apart ? apart->get() : bundle_detail::parse_case_json(case_text), log, lc);
        bundle_detail::check_derivations(v, lc);
        bundle_detail::check_bag_info(v, log.readable ? v.report.log_lines : -1);
        bundle_detail::check_tokens(v, log, lc);
        bundle_detail::check_report(v, lc);
        bundle_detail::describe_seals(v, lc);
    }
    finish(v);
    return std::move(v.report);
}

BundleReport unreadable(std::string kind, std::string detail) {
    BundleReport r;
    r.problems.push_back({ProblemClass::unreadable, std::move(kind), "", std::move(detail)});
    Verification v;
    v.report = std::move(r);
    finish(v);
    return std::move(v.report);
}

}  // namespace

BundleReport verify_bundle(const std::filesystem::path& zip, const VerifyOptions& options) {
    auto st = Env::system().stat(zip);
    if (!st.ok()) {
        const int err = st.error().sys_errno != 0 ? st.error().sys_errno : EIO;
        return unreadable(err == ENOENT ? "not_found" : "read_error", std::strerror(err));
    }
    if (st->type == FileInfo::Type::directory)
        return unreadable("not_a_file", "a folder, not a zip file");
    if (st->type != FileInfo::Type::file)
        return unreadable("not_a_file", "not a regular file");
    if (st->size == 0)
        return unreadable("empty_file", "the file is empty");
    std::string head(4, '\0');
    {
        auto in = Env::system().open_read(zip);
        if (!in.ok())
            return unreadable("read_error", "the file cannot be opened");
        std::size_t got = 0;
        while (got < head.size()) {
            auto n = (*in)->read(std::as_writable_bytes(std::span(head).subspan(got)));
            if (!n.ok())
                return unreadable("read_error", std::strerror(n.error().sys_errno));
            if (*n == 0)
                break;
            got += *n;
        }
        head.resize(got);
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_file_create(path_to_utf8(zip).c_str(), 0, -1, &err);
    if (src == nullptr) {
        std::string why = zip_error_strerror(&err);
        zip_error_fini(&err);
        return unreadable("read_error", why);
    }
    zip_error_fini(&err);
    return run(src, head, options);
}

BundleReport verify_bundle_bytes(std::span<const std::uint8_t> zip, const VerifyOptions& options) {
    if (zip.empty())
        return unreadable("empty_file", "the file is empty");
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &err);
    zip_error_fini(&err);
    if (src == nullptr)
        return unreadable("read_error", "out of memory");
    const std::string_view head(reinterpret_cast<const char*>(zip.data()),
                                std::min<std::size_t>(zip.size(), 4));
    return run(src, head, options);
}

}  // namespace scelle::core
