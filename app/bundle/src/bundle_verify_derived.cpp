// The joined pictures of scrolling captures, made again from their screens (bundle_read.h,
// check_derivations). The custody log says how Scellé joined them: the pieces, each a band of
// rows of one screen placed at a row of the joined picture (scelle/capture/stitch.h). Verify
// does not take the joined picture on trust: it reads the screens' files, follows the recipe,
// and compares every pixel with the joined picture's file. A joined picture that differs, or a
// recipe that does not tile it exactly, is an alteration; one that cannot be redone here (a
// screen withdrawn since, a method this version does not know, a picture too large to hold in
// memory) is said in a note and changes nothing.
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle_read.h"
#include "scelle/crypto/hex.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/derivation.h"

namespace scelle::core::bundle_detail {

using nlohmann::json;

namespace {

// An evidence file read again: no screen or joined picture Scellé makes is larger.
constexpr std::uint64_t kMaxPictureBytes = 512ull << 20;

std::optional<std::string> string_field(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

// An item's picture read from the bundle, or why it cannot be (words that follow "its
// screen, item 3,"). Only a file whose SHA-256 is the one the custody log recorded is read
// (the other checks report the others).
struct Picture {
    std::string path;
    std::optional<std::string> bytes;
    std::string why_not;  // when !bytes
};

Picture read_picture(Verification& v, const LoggedRecord& rec) {
    Picture p;
    const json& f = rec.fields;
    if (f.value("withdrawn", false)) {
        p.why_not = "was withdrawn";
        return p;
    }
    const auto kind = string_field(f, "kind");
    const auto sha = string_field(f, "sha256");
    if (!kind || !sha) {
        p.why_not = "has no content in the custody log";
        return p;
    }
    p.path = bundle::evidence_path(f.value("seq", std::int64_t{0}), *kind,
                                   string_field(f, "media_type"));
    const FileData* fd = v.file(p.path);
    if (fd == nullptr || fd->sha256 != *sha) {
        p.why_not = "is missing or is not the file the custody log recorded";
        return p;
    }
    if (fd->size > kMaxPictureBytes || !v.archive) {
        p.why_not = "is too large to be read again here";
        return p;
    }
    ZipFilePtr zf(zip_fopen_index(v.archive.get(), fd->index, 0));
    if (!zf) {
        p.why_not = std::string("cannot be read again: ") + zip_strerror(v.archive.get());
        return p;
    }
    std::string bytes(static_cast<std::size_t>(fd->size), '\0');
    std::uint64_t got = 0;
    while (got < fd->size) {
        const zip_int64_t r = zip_fread(zf.get(), bytes.data() + got, fd->size - got);
        if (r <= 0)
            break;
        got += static_cast<std::uint64_t>(r);
    }
    // Read again through the same open archive; hashed again all the same.
    if (got != fd->size || crypto::to_hex(crypto::sha256(bytes)) != *sha) {
        p.why_not = "reads differently the second time";
        return p;
    }
    p.bytes = std::move(bytes);
    return p;
}

// Makes one joined picture again and compares it.
Redone check_one(Verification& v, const LoggedCase& logged, std::int64_t seq,
                 const LoggedRecord& rec) {
    if (rec.fields.value("withdrawn", false))
        return Redone::not_redone;  // nothing left to compare
    const std::string who = fmt::format("item {}", seq);
    Picture joined = read_picture(v, rec);
    if (!joined.bytes) {
        v.note("derivation_not_recomposed", joined.path,
               fmt::format("{} (a joined conversation) was not made again from its screens: its "
                           "file {}",
                           who, joined.why_not));
        return Redone::not_redone;
    }
    const Recomposition r =
        recompose(rec.fields["derived"], *joined.bytes, [&](std::int64_t item) -> ScreenBytes {
            auto src = logged.items.find(item);
            if (src == logged.items.end())
                return {std::nullopt, "is not recorded by the custody log"};
            Picture p = read_picture(v, src->second);
            return {std::move(p.bytes), std::move(p.why_not)};
        });
    if (r.result == Redone::differs)
        v.problem(ProblemClass::altered, "derivation_differs", joined.path,
                  fmt::format("{} is not what its screens give, following the custody log's "
                              "recipe: {}",
                              who, r.detail));
    else if (r.result == Redone::not_redone)
        v.note("derivation_not_recomposed", joined.path,
               fmt::format("{} (a joined conversation) was not made again from its screens: {}",
                           who, r.detail));
    return r.result;
}

}  // namespace

void check_derivations(Verification& v, const LoggedCase* logged) {
    if (logged == nullptr)
        return;
    // Passed when at least one was made again and none differs; not run when none could be.
    bool redone = false;
    bool differs = false;
    for (const auto& [seq, rec] : logged->items) {
        auto d = rec.fields.find("derived");
        if (d == rec.fields.end() || !d->is_object())
            continue;
        switch (check_one(v, *logged, seq, rec)) {
            case Redone::same:
                redone = true;
                break;
            case Redone::differs:
                differs = true;
                break;
            case Redone::not_redone:
                break;
        }
    }
    if (differs || redone)
        v.check("derivations", !differs);
}

}  // namespace scelle::core::bundle_detail
