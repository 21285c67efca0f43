// `transcribe CASE [ITEM...]`, `search CASE TEXT` and `suggest CASE`: machine transcripts of
// image items (OCR, scelle/ocr/transcribe.h), the search over them
// (CaseStore::search_transcripts) and the contacts they name (scelle/ocr/suggestions.h). Every
// output says that a transcript is a machine's reading, to check against the image, and never
// evidence; --json marks each with "machine_transcript": true.
#include <fmt/format.h>

#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/text.h"
#include "scelle/ocr/ocr.h"
#include "scelle/ocr/suggestions.h"
#include "scelle/ocr/transcribe.h"

namespace scelle::cli {

namespace {

using nlohmann::json;

// A refusal said in one sentence of this file (stderr, in the current language), with the
// JSON error document under --json (its message in English). Returns `exit_code`.
template <typename... Args>
int refuse(const Context& ctx, int exit_code, Errc code, const std::string& subject,
           const std::string& detail, const char* msgid, const Args&... args) {
    std::cerr << "scelle-cli: " << fmt::format(fmt::runtime(_(msgid)), args...) << '\n';
    if (ctx.json)
        print_json({{"error",
                     {{"code", errc_name(code)},
                      {"subject", subject},
                      {"detail", detail},
                      {"message", fmt::format(fmt::runtime(msgid), args...)}}}});
    return exit_code;
}

// The sentence for an item that must not be transcribed.
int refuse_item(const Context& ctx, std::int64_t item, core::TranscribeRefusal why) {
    const char* msgid = nullptr;
    switch (why) {
        case core::TranscribeRefusal::withdrawn:
            msgid = N_("item {} was withdrawn: a withdrawn item is never transcribed.");
            break;
        case core::TranscribeRefusal::sensitive:
            msgid = N_("item {} is marked sensitive: a sensitive item is never transcribed.");
            break;
        case core::TranscribeRefusal::not_an_image:
        case core::TranscribeRefusal::none:
            msgid =
                N_("item {} is not an image that can be transcribed (PNG, JPEG, WebP, GIF, "
                   "BMP or TIFF).");
            break;
    }
    return refuse(ctx, kExitUsage, Errc::not_available, std::to_string(item), core::to_string(why),
                  msgid, item);
}

int say_unavailable(const Context& ctx) {
    return refuse(ctx, kExitFailed, Errc::install_incomplete, "ocr", "no OCR engine in this build",
                  N_("machine transcription is not available in this build of Scellé."));
}

json box_json(const core::TranscriptLine& l) {
    return {{"x", l.x}, {"y", l.y}, {"width", l.width}, {"height", l.height}};
}

}  // namespace

int cmd_transcribe(const Context& ctx, const std::string& case_ref,
                   const std::vector<std::int64_t>& items) {
    if (!ocr::available())
        return say_unavailable(ctx);
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    std::vector<std::int64_t> to_read = items;
    if (to_read.empty()) {
        auto all = cs->items_to_transcribe();
        if (!all.ok())
            return report_error(ctx, all.error());
        to_read = std::move(*all);
    } else {
        // Every item named is checked before any work starts: one clear refusal, nothing done.
        for (std::int64_t seq : to_read) {
            auto it = cs->item(seq);
            if (!it.ok())
                return report_error(ctx, it.error());
            if (auto why = core::transcribe_refusal(*it); why != core::TranscribeRefusal::none)
                return refuse_item(ctx, seq, why);
        }
    }
    if (to_read.empty() && !ctx.json)
        std::cerr << _("Nothing to transcribe: every image item already has its transcript.\n");
    auto progress = [&](const ocr::TranscribeProgress& p) {
        if (ctx.json || p.last == nullptr)
            return;
        if (p.last->transcript)
            std::cerr << fmt::format(
                fmt::runtime(P_("[{}/{}] item {}: {} line read (confidence {} %)\n",
                                "[{}/{}] item {}: {} lines read (confidence {} %)\n",
                                p.last->transcript->lines.size())),
                p.done, p.total, p.last->item, p.last->transcript->lines.size(),
                p.last->transcript->confidence);
        else if (p.last->error)
            std::cerr << fmt::format(
                fmt::runtime(_("[{}/{}] item {}: its image could not be read ({}); no "
                               "transcript was made.\n")),
                p.done, p.total, p.last->item, shown(p.last->error->detail));
    };
    auto outcomes = ocr::transcribe_items(*cs, to_read, progress);
    if (!outcomes.ok()) {
        if (outcomes.error().code == Errc::install_incomplete)
            return refuse(
                ctx, kExitFailed, Errc::install_incomplete, outcomes.error().subject,
                outcomes.error().detail,
                N_("the OCR engine or its French and English models are missing ({}): install "
                   "tesseract-ocr-fra and tesseract-ocr-eng."),
                shown(outcomes.error().detail));
        return report_error(ctx, outcomes.error());
    }
    json made = json::array();
    json failed = json::array();
    for (const ocr::TranscribeOutcome& o : *outcomes) {
        if (o.transcript)
            made.push_back({{"item", o.item},
                            {"machine_transcript", true},
                            {"engine", o.transcript->engine},
                            {"languages", o.transcript->languages},
                            {"confidence", o.transcript->confidence},
                            {"lines", o.transcript->lines.size()}});
        else if (o.error)
            failed.push_back({{"item", o.item},
                              {"error",
                               {{"code", errc_name(o.error->code)},
                                {"subject", o.error->subject},
                                {"detail", o.error->detail}}}});
    }
    if (ctx.json)
        print_json({{"transcribed", made}, {"failed", failed}});
    else if (!made.empty())
        std::cerr << fmt::format(
            fmt::runtime(P_("{} transcript made. It is a machine's reading, to check against the "
                            "image: it is not evidence.\n",
                            "{} transcripts made. They are a machine's reading, to check against "
                            "the image: they are not evidence.\n",
                            made.size())),
            made.size());
    return failed.empty() ? kExitOk : kExitFailed;
}

int cmd_search(const Context& ctx, const std::string& case_ref, const std::string& text) {
    const std::string words = core::trim(text);
    if (words.empty())
        return refuse(ctx, kExitUsage, Errc::usage, "TEXT", "empty",
                      N_("search: give the words to look for."));
    int rc = kExitOk;
    // Read-write: a case made by an earlier version gets its transcript tables.
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto hits = cs->search_transcripts(words);
    if (!hits.ok())
        return report_error(ctx, hits.error());
    auto pending = cs->items_to_transcribe();
    if (!pending.ok())
        return report_error(ctx, pending.error());
    if (ctx.json) {
        json list = json::array();
        for (const core::TranscriptHit& h : *hits)
            list.push_back({{"item", h.item_seq},
                            {"line", h.line},
                            {"text", h.found.text},
                            {"box", box_json(h.found)},
                            {"confidence", h.found.confidence}});
        print_json({{"query", words},
                    {"machine_transcript", true},
                    {"hits", list},
                    {"not_transcribed", *pending}});
        return kExitOk;
    }
    if (hits->empty()) {
        std::cout << fmt::format(fmt::runtime(_("No transcript holds “{}”.\n")), shown(words));
    } else {
        std::cout << _(
            "Machine transcripts (an automatic reading: check each line against the "
            "image):\n");
        for (const core::TranscriptHit& h : *hits)
            std::cout << fmt::format(fmt::runtime(_("item {}, line {} (x {}, y {}, {}×{}): {}\n")),
                                     h.item_seq, h.line, h.found.x, h.found.y, h.found.width,
                                     h.found.height, shown(h.found.text));
    }
    if (!pending->empty())
        std::cerr << fmt::format(
            fmt::runtime(P_("{} image item has no transcript yet and was not searched: "
                            "scelle-cli transcribe makes it.\n",
                            "{} image items have no transcript yet and were not searched: "
                            "scelle-cli transcribe makes them.\n",
                            pending->size())),
            pending->size());
    return kExitOk;
}

int cmd_suggest(const Context& ctx, const std::string& case_ref) {
    int rc = kExitOk;
    // Read-write: a case made by an earlier version gets its transcript tables.
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto found = ocr::suggestions(*cs);
    if (!found.ok())
        return report_error(ctx, found.error());
    if (ctx.json) {
        json list = json::array();
        for (const ocr::Suggestion& s : *found)
            list.push_back({{"kind", ocr::to_string(s.contact.kind)},
                            {"value", s.contact.value},
                            {"item", s.item},
                            {"line", s.line}});
        print_json({{"machine_transcript", true}, {"added", false}, {"suggestions", list}});
        return kExitOk;
    }
    if (found->empty()) {
        std::cout << _(
            "The machine transcripts name no handle, link, e-mail address or phone "
            "number that the case does not already hold.\n");
        return kExitOk;
    }
    std::cout << _(
        "Found in the machine transcripts (check each against the image; nothing was "
        "added to the case):\n");
    for (const ocr::Suggestion& s : *found) {
        const char* kind = nullptr;
        switch (s.contact.kind) {
            case ocr::ContactKind::handle:
                kind = N_("handle");
                break;
            case ocr::ContactKind::url:
                kind = N_("link");
                break;
            case ocr::ContactKind::email:
                kind = N_("e-mail address");
                break;
            case ocr::ContactKind::phone:
                kind = N_("phone number");
                break;
        }
        std::cout << fmt::format(fmt::runtime(_("  {} {} (item {}, line {})\n")), _(kind),
                                 shown(s.contact.value), s.item, s.line);
    }
    std::cerr << _(
        "To record one, add it yourself: scelle-cli account add for a handle, "
        "scelle-cli link for a link.\n");
    return kExitOk;
}

}  // namespace scelle::cli
