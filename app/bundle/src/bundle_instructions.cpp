// VERIFY-en.txt and VERIFY-fr.txt: how an investigator checks this bundle by hand on a
// machine without Scellé, with unzip (or 7-Zip), sha256sum and openssl. Each text names the
// exact files and line counts of the bundle it is in. The prose is in the templates
// report-templates/verify-txt/VERIFY-<lang>.txt (format: report-templates/README.md), compiled
// into the library by embed_text.cmake; this file only gives them the bundle's facts.
#include <algorithm>

#include <fmt/format.h>

#include "bundle_writer_internal.h"
#include "scelle/base/template.h"
#include "scelle/base/version.h"
#include "scelle/store/bundle_format.h"

namespace scelle::core::bundle_internal {

namespace {

// `word` as one shell word: as it is when it holds only safe characters (behind ./ if it
// starts like an option), else single-quoted.
std::string shell_word(std::string_view word) {
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == ',' || c == '@';
    });
    const std::string lead = !word.empty() && word.front() == '-' ? "./" : "";
    if (safe)
        return lead + std::string(word);
    std::string out = "'" + lead;
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Result<std::string> render(std::string_view tmpl, std::string_view name, const VerifyTextFacts& f) {
    auto text = render_template(tmpl, verify_text_values(f));
    if (!text)
        return make_error(Errc::internal, std::string(name), text.error().detail);
    return text;
}

}  // namespace

TemplateValues verify_text_values(const VerifyTextFacts& f) {
    TemplateValues v;
    const bool seal_known = f.sealed && f.manifest_token.has_value();
    v.text = {
        {"folder", f.folder},
        {"case_id", f.case_id},
        {"exported_at", f.exported_at},
        {"version", kVersion},
        {"seal_tsa", seal_known ? f.manifest_token->tsa : std::string()},
        {"seal_time", seal_known ? f.manifest_token->gen_time : std::string()},
        // The file name as a shell word in commands, as it is in sentences.
        {"zip", shell_word(f.zip_name)},
        {"zip_name", f.zip_name},
        {"manifest", std::string(bundle::kManifest)},
        {"manifest_token", std::string(bundle::kManifestToken)},
        {"tsa_certs", std::string(bundle::kTsaCerts)},
        // What ends every openssl ts -verify command when the bundle carries the certificates.
        {"untrusted",
         f.have_certs ? fmt::format(" -untrusted {}", bundle::kTsaCerts) : std::string()},
        {"evidence_files", std::to_string(f.evidence_files)},
        // What `find data -type f | wc -l` prints: the evidence, case.json, the log, the report.
        {"data_files", std::to_string(f.evidence_files + 2 + (f.has_report ? 1 : 0))},
        {"log_lines", std::to_string(f.log_lines)},
        {"items_not_covered", std::to_string(f.items_not_covered)},
    };
    v.flags = {
        {"sealed", f.sealed},
        {"seal_known", seal_known},
        // The text has openssl ts -verify commands, which need the root certificate.
        {"tokens", f.sealed || !f.log_token_covers.empty()},
        {"have_certs", f.have_certs},
        {"encrypted", f.encrypted},
        {"has_report", f.has_report},
        {"some_not_covered", f.items_not_covered > 0},
    };
    auto& tokens = v.lists["log_tokens"];
    for (std::int64_t k : f.log_token_covers) {
        TemplateValues t;
        t.text = {
            {"k", std::to_string(k)},
            {"token", bundle::log_token_path(k)},
            {"lines_file", fmt::format("../custody-log-first-{}-lines.txt", k)},
        };
        tokens.push_back(std::move(t));
    }
    return v;
}

Result<std::string> make_verify_text_en(const VerifyTextFacts& f) {
    return render(verify_template_en(), "VERIFY-en.txt template", f);
}

Result<std::string> make_verify_text_fr(const VerifyTextFacts& f) {
    return render(verify_template_fr(), "VERIFY-fr.txt template", f);
}

}  // namespace scelle::core::bundle_internal
