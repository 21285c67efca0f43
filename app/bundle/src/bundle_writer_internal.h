// The bundle writer's pieces that do not touch the zip: the case snapshot, data/case.json,
// bag-info.txt, timestamps/tsa-certs.pem (bundle_case_json.cpp) and the VERIFY texts
// (bundle_instructions.cpp). Private to scelle_bundle; plain functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/base/template.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/store/case_store.h"
#include "scelle/store/snapshot.h"

namespace scelle::core::bundle_internal {

// data/case.json (section 5), pretty-printed, ending in LF.
std::string make_case_json(const Snapshot& s, const std::string& exported_at, bool sealed);

struct BagInfo {
    std::string exported_at;  // RFC 3339 UTC with milliseconds
    std::uint64_t payload_bytes = 0;
    std::uint64_t payload_files = 0;
    std::string case_id;
    bool sealed = false;
    std::int64_t log_lines = 0;
};
std::string make_bag_info(const BagInfo& b);

// Every certificate the tokens carry, PEM, each once (in the order first met); empty when
// none does.
std::string make_tsa_certs_pem(const std::vector<std::span<const std::uint8_t>>& tokens);

// What the VERIFY texts name.
struct VerifyTextFacts {
    std::string case_id;
    std::string folder;    // scelle-<case id>
    std::string zip_name;  // the bundle's file name as written
    std::string exported_at;
    bool encrypted = false;
    bool sealed = false;
    std::optional<ManifestTokenInfo> manifest_token;
    bool have_certs = false;  // timestamps/tsa-certs.pem is present
    std::int64_t log_lines = 0;
    std::vector<std::int64_t> log_token_covers;  // the K of each custody-log-K.tsr, increasing
    std::int64_t evidence_files = 0;
    bool has_report = false;             // data/report.pdf is present
    std::int64_t items_not_covered = 0;  // items no log token covers
};
// The values the VERIFY templates use (report-templates/verify-txt/, README.md there).
TemplateValues verify_text_values(const VerifyTextFacts& f);
// The texts rendered from the templates. Errc::internal (subject: the template) only when a
// template does not fit the values, a bug that the tests of every combination of facts catch.
Result<std::string> make_verify_text_en(const VerifyTextFacts& f);
Result<std::string> make_verify_text_fr(const VerifyTextFacts& f);

// The templates' bytes, compiled in from report-templates/verify-txt/ (embed_text.cmake).
std::string_view verify_template_en();
std::string_view verify_template_fr();

}  // namespace scelle::core::bundle_internal
