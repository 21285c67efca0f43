// CaseStore::add_screenshot: seals a PNG made by Scellé's own capture as an item.
//
// The steps and their crash safety are those of import_files (import.cpp): the bytes are
// written to a temporary object, synced, made read-only, renamed to objects/<sha256>, the
// folder synced, and one transaction records the item and its custody line.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "case_store_internal.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/random.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/case_store.h"
#include "scelle/store/media.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// "capture-20261204-181502.png": the UTC time of the capture, for a reader of the bundle.
std::string capture_file_name(const std::string& rfc3339, const char* stem) {
    std::string digits;
    for (char c : rfc3339.substr(0, 19))
        if (c >= '0' && c <= '9')
            digits += c;
    if (digits.size() != 14)
        return std::string(stem) + ".png";
    return std::string(stem) + "-" + digits.substr(0, 8) + "-" + digits.substr(8) + ".png";
}

// The capture's metadata must fit the custody log's canonical form: no floats anywhere.
bool has_no_floats(const json& j) {
    if (j.is_number_float())
        return false;
    if (j.is_structured())
        for (const auto& v : j)
            if (!has_no_floats(v))
                return false;
    return true;
}

}  // namespace

// What a derived image's custody line claims of its sources, checked against the case: an
// object without floats whose "frames" name live items by number, each with the SHA-256 its
// item holds.
Result<void> CaseStore::check_sources(const json& derived) {
    if (!derived.is_object() || !has_no_floats(derived) || !derived.contains("frames") ||
        !derived["frames"].is_array() || derived["frames"].empty())
        return make_error(Errc::internal, "screenshot", "the derivation names no source frames");
    // One read of the items for all the frames (a conversation may have 200).
    SCELLE_ASSIGN_OR_RETURN(const std::vector<Item> all, items());
    for (const auto& f : derived["frames"]) {
        if (!f.is_object() || !f.contains("item") || !f["item"].is_number_integer() ||
            !f.contains("sha256") || !f["sha256"].is_string())
            return make_error(Errc::internal, "screenshot", "a source frame is not an item");
        const std::int64_t seq = f["item"].get<std::int64_t>();
        auto source =
            std::find_if(all.begin(), all.end(), [seq](const Item& it) { return it.seq == seq; });
        if (source == all.end() || source->withdrawn_at ||
            source->sha256 != f["sha256"].get<std::string>())
            return make_error(Errc::internal, "screenshot",
                              "a source frame is not the live item it names");
    }
    return {};
}

Result<ImportOutcome> CaseStore::add_screenshot(const ScreenshotRequest& req) {
    if (req.png.empty())
        return make_error(Errc::usage, "screenshot", "no image");
    const MediaInfo media = sniff_media(req.png);
    if (media.media_type != "image/png" || !media.width || !media.height)
        return make_error(Errc::usage, "screenshot", "not a PNG image");
    if (!req.capture.is_object() || !has_no_floats(req.capture))
        return make_error(Errc::internal, "screenshot", "capture details are not an object");
    const std::optional<std::string> description =
        req.description ? std::optional(trim(*req.description)) : std::nullopt;
    if (description && !is_clean_text(*description, true))
        return make_error(Errc::usage, "--description", "not valid text");
    if (req.happened && !is_happened_form(*req.happened))
        return make_error(Errc::usage, "--happened", *req.happened);
    const std::string source = to_valid_utf8(req.source);
    SCELLE_ASSIGN_OR_RETURN(auto account, resolve_account(req.account));
    if (req.derived)
        SCELLE_TRY(check_sources(*req.derived));

    crypto::Sha256 hash;
    hash.update(req.png);
    const std::string sha256 = crypto::to_hex(hash.finish());
    const auto size = static_cast<std::int64_t>(req.png.size());

    // Bytes already held by a live item: nothing to write.
    SCELLE_ASSIGN_OR_RETURN(auto existing, live_item_with(sha256));
    if (existing)
        return ImportOutcome{{}, *existing, sha256, true};

    const fs::path objects = m_dir / "objects";
    const fs::path temp = objects / (detail::temp_name_prefix() + crypto::random_hex(8));
    bool temp_exists = false;
    std::vector<fs::path> published;  // the object, once renamed; undone on failure
    auto undo = [&] {
        if (temp_exists && published.empty())
            (void)m_env.remove(temp);
        unpublish(published);
    };

    auto write = [&]() -> Result<void> {
        SCELLE_ASSIGN_OR_RETURN(auto out, m_env.create_new(temp));
        temp_exists = true;
        SCELLE_TRY(out->append(req.png));
        SCELLE_TRY(out->make_read_only());
        SCELLE_TRY(out->sync());
        SCELLE_TRY(out->close());
        m_env.checkpoint("capture-after-stage");
        return {};
    };
    if (auto r = write(); !r.ok()) {
        undo();
        return std::move(r).error();
    }

    ImportOutcome outcome{{}, 0, sha256, false};
    auto record = [&]() -> Result<void> {
        SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
        SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, next_item_seq());
        const auto now = m_env.now();
        const std::string at = format_utc_rfc3339(now);
        const std::string offset = local_utc_offset(now);
        detail::NewItem item;
        item.seq = seq;
        item.action = req.derived ? "item.derived" : "item.captured";
        item.kind = "screenshot";
        item.temp = temp;
        item.checkpoint = "capture-after-rename";
        item.sha256 = sha256;
        item.size = size;
        item.name = capture_file_name(at, req.derived ? "stitched" : "capture");
        item.media_type = media.media_type;
        item.width = *media.width;
        item.height = *media.height;
        item.at = at;
        item.utc_offset = offset;
        if (!source.empty())
            item.source = source;
        item.description = description;
        item.happened = req.happened;
        if (account)
            item.account_id = account->id;
        item.sensitive = false;
        item.extra = {{"capture", req.capture}};
        if (req.derived)
            item.extra["derived"] = *req.derived;
        SCELLE_TRY(record_new_item(item, published));
        SCELLE_TRY(m_env.sync_dir(objects));
        m_env.checkpoint("capture-before-commit");
        outcome.seq = seq;
        return tx.commit();
    };
    if (auto r = record(); !r.ok()) {
        undo();
        return std::move(r).error();
    }
    m_env.checkpoint("capture-after-commit");
    return outcome;
}

}  // namespace scelle::core
