// The bundle writer (bundle_writer.h): the entries of the zip, its atomic and durable
// publication, the writer's own check of what it wrote, the manifest's token and the
// `bundle.exported` line. Writing the zip itself is bundle_writer_zip.cpp's.
#include "scelle/bundle/bundle_writer.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/store/sealing.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "bundle_writer_internal.h"
#include "bundle_writer_zip.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/crypto/hex.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/output_file.h"
#include "scelle/store/settings.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace bundle_internal;

namespace {

Error output_error(int err, const fs::path& subject, std::string detail = {}) {
    return Error{Errc::output_failed, subject.string(),
                 detail.empty() ? std::string(std::strerror(err)) : std::move(detail), err};
}

// Env reports its failures as store errors; here they concern the bundle being written.
Error as_output_error(const Error& e, const fs::path& subject) {
    const int err = e.sys_errno != 0 ? e.sys_errno : EIO;
    return output_error(err, subject, e.detail.empty() ? std::string() : e.detail);
}

// A folder `.<name>.tmp-<pid>-<random>/` beside the target, owner-only, where the zip is
// written; removed with its content unless released.
class TempFolder {
  public:
    static Result<TempFolder> create(const fs::path& target, Env& env) {
        const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
        for (int attempt = 0; attempt < 10; ++attempt) {
            fs::path p = temp_path_beside(target, {}, env);
            auto made = env.make_new_dir(p);
            if (made.ok())
                return TempFolder(p, env);
            if (made.error().sys_errno != EEXIST)
                return as_output_error(made.error(), parent);
        }
        return output_error(EEXIST, parent);
    }
    TempFolder(TempFolder&& o) noexcept : m_path(std::move(o.m_path)), m_env(o.m_env) {
        o.m_path.clear();
    }
    TempFolder& operator=(TempFolder&&) = delete;
    ~TempFolder() { remove(); }
    const fs::path& path() const { return m_path; }
    void remove() {
        if (m_path.empty())
            return;
        (void)m_env.remove_all(m_path);
        m_path.clear();
    }

  private:
    TempFolder(fs::path p, Env& env) : m_path(std::move(p)), m_env(env) {}
    fs::path m_path;
    Env& m_env;
};

// Removes the temporary folders a killed export of the same target left behind:
// `.<name>.tmp-<pid>-<8 hex>/` whose process no longer exists. Nothing else is touched.
void remove_stale_temp_folders(const fs::path& target, Env& env) {
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !it->is_directory(ec) || it->is_symlink(ec))
            continue;
        const std::string rest = name.substr(prefix.size());  // "<pid>-<8 hex>"
        const std::size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || rest.size() != dash + 9 ||
            rest.find_first_not_of("0123456789") != dash ||
            rest.find_first_not_of("0123456789abcdef", dash + 1) != std::string::npos)
            continue;
        const long pid = std::stol(rest.substr(0, dash));
        if (pid > 0 && !env.process_running(pid))
            (void)env.remove_all(it->path());
    }
}

// The name the reader knows a TSA by: the token's TSA name, else its signer, else the URL.
std::string tsa_display_name(const crypto::TstInfoFields& f, const std::string& url) {
    if (!f.tsa_name.empty())
        return f.tsa_name;
    if (!f.signer_subject.empty())
        return f.signer_subject;
    return url;
}

// What the export checks of the zip it wrote (CONVENTIONS rule 6): the entries, sizes and
// methods meant; then what any reader will do, the full verification of the format, which
// re-reads and hashes every entry. Tokens are checked for what they cover, not for trust: that
// is the reader's to decide.
Result<void> check_as_written(const fs::path& zip,
                              const std::map<std::string, ExpectedEntry>& expected,
                              const std::optional<SecretString>& passphrase,
                              const std::vector<ZipEntry>& payload, const std::string& folder,
                              const fs::path& target) {
    SCELLE_TRY(check_written_bundle(zip, expected, passphrase, /*hash_content=*/false));
    VerifyOptions vo;
    if (passphrase)
        vo.passphrase = passphrase->clone();
    const BundleReport report = verify_bundle(zip, vo);
    if (report.intact())
        return {};
    const BundleProblem* first = report.problems.empty() ? nullptr : &report.problems[0];
    // A joined picture that is not what its screens give is the case's, not the writing's:
    // `check` finds it in the store too.
    for (const auto& p : report.problems)
        if (p.kind == "derivation_differs")
            return make_error(Errc::store_corrupt, folder + "/" + p.path, p.detail);
    // An evidence entry that differs was read from the store: the original changed.
    // The detail states the fact; each front end adds its own advice (scelle-cli: run
    // `check`) from the code.
    for (const auto& p : payload)
        if (first && p.item > 0 && first->path == p.name)
            return make_error(Errc::store_corrupt, p.file.string(),
                              fmt::format("the original of item {} no longer matches its "
                                          "SHA-256",
                                          p.item));
    return make_error(Errc::output_failed, first ? folder + "/" + first->path : target.string(),
                      "the written bundle does not verify: " +
                          (first ? first->kind + " " + first->detail : std::string("?")));
}

}  // namespace

ManifestSealer tsa_manifest_sealer(CaseStore& cs, std::vector<std::string> urls,
                                   const crypto::TrustStore& trust,
                                   crypto::TsaClientOptions options) {
    return [&cs, urls = std::move(urls), &trust,
            options = std::move(options)](const crypto::Digest& digest) {
        return request_with_rate_limits(cs, urls, digest, trust, options);
    };
}

Result<void> check_written_bundle(const fs::path& zip_path,
                                  const std::map<std::string, ExpectedEntry>& expected,
                                  const std::optional<SecretString>& passphrase,
                                  bool hash_content) {
    const fs::path& subject = zip_path;
    auto differs = [&](const std::string& entry, const std::string& why) {
        return make_error(Errc::output_failed, entry, "the written bundle differs: " + why);
    };
    int zerr = 0;
    ZipArchive za(zip_open(path_to_utf8(zip_path).c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &zerr));
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        Error e = zip_failure(&ze, subject);
        zip_error_fini(&ze);
        e.detail = "the written bundle does not open: " + e.detail;
        return e;
    }
    zip_t* z = za.get();
    if (passphrase && zip_set_default_password(z, passphrase->c_str()) != 0)
        return zip_failure(zip_get_error(z), subject);
    const zip_int64_t n = zip_get_num_entries(z, 0);
    if (n < 0 || static_cast<std::size_t>(n) != expected.size())
        return differs(subject.string(),
                       fmt::format("{} entries instead of {}", n, expected.size()));
    std::set<std::string> seen;
    // Only for hash_content: the export's own check leaves the content to verify_bundle.
    std::vector<std::byte> buf(hash_content ? std::size_t{1} << 20 : 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0)
            return zip_failure(zip_get_error(z), subject);
        const std::string name = st.name != nullptr ? st.name : "";
        auto want = expected.find(name);
        if (want == expected.end() || !seen.insert(name).second)
            return differs(name, "unexpected or repeated entry");
        const ExpectedEntry& x = want->second;
        if (st.size != x.size)
            return differs(name, fmt::format("{} bytes instead of {}", st.size, x.size));
        if (st.comp_method != (x.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE))
            return differs(name, fmt::format("compression method {}", st.comp_method));
        if (st.encryption_method != (passphrase ? ZIP_EM_AES_256 : ZIP_EM_NONE))
            return differs(name, fmt::format("encryption method {}", st.encryption_method));
        if (!hash_content)
            continue;
        ZipFilePtr f(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
        if (!f)
            return zip_failure(zip_get_error(z), name);
        crypto::Sha256 h;
        std::uint64_t total = 0;
        for (;;) {
            const zip_int64_t got = zip_fread(f.get(), buf.data(), buf.size());
            if (got < 0)
                return zip_failure(zip_file_get_error(f.get()), name);
            if (got == 0)
                break;
            total += static_cast<std::uint64_t>(got);
            h.update(std::span(buf.data(), static_cast<std::size_t>(got)));
        }
        if (total != x.size || crypto::to_hex(h.finish()) != x.sha256)
            return differs(name, "its content does not match the SHA-256 written in the manifest");
    }
    return {};
}

Result<ExportOutcome> export_bundle(CaseStore& cs, const ExportOptions& o, Env& env) {
    SCELLE_TRY(check_export_target(o.out, env));
    auto cancelled = [&] { return o.cancelled && o.cancelled(); };
    auto cancel_error = [&] { return output_error(ECANCELED, o.out, "cancelled"); };
    const auto now = env.now();
    const std::string exported_at = format_utc_rfc3339(now);
    ExportOutcome out;

    // The private temporary folder, where the zip is written, and first the report. The report
    // is recorded in the custody log (report.made, with its SHA-256) before the case is read,
    // so that the log in the bundle vouches for the report in the bundle (bundle-format.md 6.1).
    remove_stale_temp_folders(o.out, env);
    SCELLE_ASSIGN_OR_RETURN(TempFolder tmp, TempFolder::create(o.out, env));
    std::optional<ZipEntry> report_entry;
    if (o.report) {
        const fs::path report_path = tmp.path() / "report.pdf";
        SCELLE_ASSIGN_OR_RETURN(BundledReport rep,
                                o.report(report_path, to_valid_utf8(o.out.filename().string())));
        ZipEntry e;
        e.name = std::string(bundle::kReportPdf);
        e.file = report_path;
        e.expect = {rep.sha256, rep.size, /*stored=*/true};
        report_entry = std::move(e);
        out.report = std::move(rep);
    }
    if (cancelled())
        return cancel_error();

    SCELLE_ASSIGN_OR_RETURN(Snapshot snap, read_snapshot(cs));
    const std::string folder = bundle::folder_name(snap.info.id);
    out.bundle = o.out;
    out.encrypted = o.passphrase.has_value();
    out.log_lines = static_cast<std::int64_t>(snap.log_lines.size());
    out.log_tokens = static_cast<std::int64_t>(snap.tokens.size());

    // Every in-memory content lives here until the zip is closed (libzip reads at close).
    std::deque<std::string> texts;
    auto keep = [&texts](std::string s) -> const std::string& {
        texts.push_back(std::move(s));
        return texts.back();
    };
    std::vector<ZipEntry> payload;  // data/evidence/*, in item order
    for (const auto& it : snap.items) {
        if (!has_evidence_file(it))
            continue;
        const fs::path object = cs.object_path(*it.sha256);
        auto st = env.stat(object);
        if (!st.ok() || st->type != FileInfo::Type::file ||
            static_cast<std::int64_t>(st->size) != it.size.value_or(-1))
            return make_error(Errc::store_corrupt, object.string(),
                              fmt::format("the original of item {} is missing or changed", it.seq));
        ZipEntry e;
        e.name = std::string(bundle::evidence_path(it.seq, it.kind, it.media_type));
        e.file = object;
        e.expect = {*it.sha256, st->size, bundle::store_uncompressed(it.media_type)};
        e.item = it.seq;
        payload.push_back(std::move(e));
    }
    out.evidence_files = static_cast<std::int64_t>(payload.size());

    if (report_entry)
        payload.push_back(std::move(*report_entry));
    if (cancelled())
        return cancel_error();
    std::string log_text;
    for (const auto& l : snap.log_lines)
        log_text += l + "\n";

    auto text_entry = [](std::string name, const std::string& text) {
        ZipEntry e;
        e.name = std::move(name);
        e.text = &text;
        e.expect = {crypto::sha256_hex(text), text.size(), false};
        return e;
    };
    const ZipEntry log_entry = text_entry(std::string(bundle::kCustodyLog), keep(log_text));
    // case.json says whether the bundle is sealed, and the manifest covers case.json: the
    // token is asked for the "sealed" version; without one, both are made again unsealed.
    auto make_payload = [&](bool sealed, ZipEntry& case_entry, std::string& manifest) {
        case_entry = text_entry(std::string(bundle::kCaseJson),
                                keep(make_case_json(snap, exported_at, sealed)));
        std::vector<bundle::ManifestLine> lines = {{case_entry.expect.sha256, case_entry.name},
                                                   {log_entry.expect.sha256, log_entry.name}};
        for (const auto& e : payload)
            lines.push_back({e.expect.sha256, e.name});
        manifest = bundle::format_manifest(std::move(lines));
    };
    ZipEntry case_entry;
    std::string manifest;
    make_payload(true, case_entry, manifest);
    if (cancelled())
        return cancel_error();

    // The manifest's token: the only network use, with no transaction open.
    std::vector<std::uint8_t> manifest_token;
    if (o.seal) {
        const crypto::Digest digest = crypto::sha256(manifest);
        crypto::TsaOutcome got = o.seal(digest);
        out.failures = std::move(got.failures);
        const auto* f =
            got.success && got.success->verdict.response && got.success->verdict.response->token
                ? &*got.success->verdict.response->token
                : nullptr;
        if (f != nullptr && f->imprint == std::vector<std::uint8_t>(digest.begin(), digest.end())) {
            manifest_token = got.success->response_der;
            out.manifest_token = ManifestTokenInfo{tsa_display_name(*f, got.success->url),
                                                   got.success->url, f->gen_time, f->serial_hex};
        } else if (got.success) {
            out.failures.push_back({got.success->url, crypto::TsaFailureKind::imprint_mismatch,
                                    "The time-stamp is for another digest.", 1});
        }
    }
    out.sealed = !manifest_token.empty();
    if (!out.sealed)
        make_payload(false, case_entry, manifest);
    out.manifest_sha256 = crypto::sha256_hex(manifest);
    if (cancelled())
        return cancel_error();

    // Tag files.
    std::vector<ZipEntry> tags;
    tags.push_back(
        text_entry(std::string(bundle::kBagitTxt), keep(std::string(bundle::kBagitContent))));
    BagInfo bi{exported_at,        case_entry.expect.size + log_entry.expect.size,
               2 + payload.size(), snap.info.id,
               out.sealed,         out.log_lines};
    for (const auto& e : payload)
        bi.payload_bytes += e.expect.size;
    tags.push_back(text_entry(std::string(bundle::kBagInfoTxt), keep(make_bag_info(bi))));
    tags.push_back(text_entry(std::string(bundle::kManifest), keep(manifest)));
    std::vector<std::span<const std::uint8_t>> ders;
    for (const auto& t : snap.tokens) {
        tags.push_back(text_entry(bundle::log_token_path(t.covers),
                                  keep(std::string(t.der.begin(), t.der.end()))));
        ders.emplace_back(t.der);
    }
    if (out.sealed) {
        tags.push_back(text_entry(std::string(bundle::kManifestToken),
                                  keep(std::string(manifest_token.begin(), manifest_token.end()))));
        ders.emplace_back(manifest_token);
    }
    const std::string& certs = keep(make_tsa_certs_pem(ders));
    if (!certs.empty())
        tags.push_back(text_entry(std::string(bundle::kTsaCerts), certs));
    VerifyTextFacts facts;
    facts.case_id = snap.info.id;
    facts.folder = folder;
    facts.zip_name = to_valid_utf8(o.out.filename().string());
    facts.exported_at = exported_at;
    facts.encrypted = out.encrypted;
    facts.sealed = out.sealed;
    facts.manifest_token = out.manifest_token;
    facts.have_certs = !certs.empty();
    facts.log_lines = out.log_lines;
    for (const auto& t : snap.tokens)
        facts.log_token_covers.push_back(t.covers);
    facts.evidence_files = out.evidence_files;
    facts.has_report = out.report.has_value();
    const std::int64_t max_k = snap.tokens.empty() ? 0 : snap.tokens.back().covers;
    for (const auto& it : snap.items)
        if (it.log_seq > max_k)
            ++facts.items_not_covered;
    SCELLE_ASSIGN_OR_RETURN(std::string verify_fr, make_verify_text_fr(facts));
    SCELLE_ASSIGN_OR_RETURN(std::string verify_en, make_verify_text_en(facts));
    tags.push_back(text_entry(std::string(bundle::kVerifyFr), keep(std::move(verify_fr))));
    tags.push_back(text_entry(std::string(bundle::kVerifyEn), keep(std::move(verify_en))));
    std::vector<bundle::ManifestLine> tag_lines;
    for (const auto& e : tags)
        tag_lines.push_back({e.expect.sha256, e.name});
    ZipEntry tagmanifest = text_entry(std::string(bundle::kTagManifest),
                                      keep(bundle::format_manifest(std::move(tag_lines))));

    // Archive order: the declarations and instructions first, then the payload, then tokens.
    std::vector<ZipEntry> entries;
    for (std::size_t i = 0; i < 3; ++i)
        entries.push_back(tags[i]);
    entries.push_back(tagmanifest);
    entries.push_back(tags[tags.size() - 2]);
    entries.push_back(tags[tags.size() - 1]);
    entries.push_back(case_entry);
    entries.push_back(log_entry);
    entries.insert(entries.end(), payload.begin(), payload.end());
    entries.insert(entries.end(), tags.begin() + 3, tags.end() - 2);
    std::map<std::string, ExpectedEntry> expected;
    for (auto& e : entries) {
        e.name = folder + "/" + e.name;
        if (auto why = bundle::unsafe_name_reason(e.name))
            return make_error(Errc::internal, e.name, *why);
        expected[e.name] = e.expect;
        out.entries.push_back(e.name);
    }

    // Write, sync, check, publish.
    const fs::path tmp_zip = tmp.path() / "bundle.zip";
    SCELLE_TRY(
        write_zip(tmp_zip, entries, std::chrono::system_clock::to_time_t(now), o, o.out, env));
    env.checkpoint("export-after-close");
    if (auto owner_only = env.restrict_to_owner(tmp_zip); !owner_only.ok())
        return as_output_error(owner_only.error(), o.out);
    // Three things now run at once on the closed zip, which nothing writes any more: its fsync
    // on a second thread (mostly waiting for the disk), its SHA-256 for the custody line on a
    // third, and on this one the check of what was written. The check reads the bytes any
    // reader gets (through the page cache) whether the fsync has ended or not; the rename waits
    // for all three, and a failure of any leaves nothing at the target. Only env.sync_file runs
    // on another thread, and no other Env function is called until it has returned. Both are
    // joined before `tmp` is removed (declared after it).
    // (Where a file cannot be flushed while it is read, Windows, the flush comes first, alone.)
    if constexpr (!Env::kSyncWhileReading) {
        if (auto s = env.sync_file(tmp_zip); !s.ok())
            return as_output_error(s.error(), o.out);
    }
    Background<Result<void>> file_synced([&env, &tmp_zip]() -> Result<void> {
        if constexpr (Env::kSyncWhileReading)
            return env.sync_file(tmp_zip);
        return {};
    });
    Background<Result<crypto::Digest>> whole([&tmp_zip] { return crypto::sha256_file(tmp_zip); });
    Result<void> checked =
        check_as_written(tmp_zip, expected, o.passphrase, payload, folder, o.out);
    // A failed sync is reported first, as when the check came after it.
    if (Result<void> s = file_synced.get(); !s.ok())
        return as_output_error(s.error(), o.out);
    SCELLE_TRY(std::move(checked));
    SCELLE_ASSIGN_OR_RETURN(crypto::Digest digest, whole.get());
    out.sha256 = crypto::to_hex(digest);
    std::error_code ec;
    out.size = fs::file_size(tmp_zip, ec);
    if (cancelled())
        return cancel_error();
    env.checkpoint("export-before-rename");
    SCELLE_TRY(rename_no_replace(tmp_zip, o.out, env));
    env.checkpoint("export-after-rename");
    const fs::path parent = o.out.has_parent_path() ? o.out.parent_path() : fs::path(".");
    if (auto synced = env.sync_dir(parent); !synced.ok()) {
        // Not durable: take it back rather than leave a bundle that may vanish on a crash.
        (void)env.remove(o.out);
        return as_output_error(synced.error(), o.out);
    }
    tmp.remove();

    // The export itself, recorded after the fact: it is not inside the bundle it describes.
    json fields = {{"bundle", to_valid_utf8(o.out.filename().string())},
                   {"sha256", out.sha256},
                   {"size", static_cast<std::int64_t>(out.size)},
                   {"sealed", out.sealed},
                   {"encrypted", out.encrypted},
                   {"manifest_sha256", out.manifest_sha256},
                   {"files", out.evidence_files},
                   {"log_lines", out.log_lines}};
    if (out.manifest_token)
        fields["manifest_gen_time"] = out.manifest_token->gen_time;
    if (out.report) {
        fields["report_sha256"] = out.report->sha256;
        fields["report_destination"] = out.report->destination;
        fields["report_lang"] = out.report->lang;
        fields["report_covers"] = out.report->fingerprint_lines;
    }
    auto seq = cs.record_export(fields);
    if (seq.ok())
        out.log_seq = *seq;
    else
        out.log_error = std::move(seq).error();
    return out;
}

}  // namespace scelle::core
