// The evidence bundle's names and rules (docs/bundle-format.md).
#include "scelle/store/bundle_format.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "scelle/crypto/hex.h"

namespace scelle::core::bundle {

std::string folder_name(std::string_view case_id) {
    return "scelle-" + std::string(case_id);
}

std::string_view archive_comment(bool encrypted) {
    // French first, as in the bundle; each line under 80 columns for unzip -z on a terminal.
    static constexpr std::string_view kEncrypted =
        "Archive de preuves Scelle CHIFFREE (AES-256).\n"
        "Ouvrez-la avec 7-Zip : 7z x FICHIER.zip (unzip ne sait pas l'ouvrir),\n"
        "avec la phrase secrete que l'expediteur vous a transmise par un autre\n"
        "moyen. Suivez ensuite VERIFY-fr.txt, dans le dossier scelle-.../\n"
        "\n"
        "Scelle evidence bundle, ENCRYPTED (AES-256).\n"
        "Open it with 7-Zip: 7z x FILE.zip (unzip cannot open it), with the\n"
        "passphrase the sender gave you by another channel. Then follow\n"
        "VERIFY-en.txt, in the folder scelle-.../\n";
    return encrypted ? kEncrypted : std::string_view();
}

std::string_view extension_for(const std::optional<std::string>& media_type) {
    if (!media_type)
        return "bin";
    static const std::pair<std::string_view, std::string_view> kTable[] = {
        {"image/png", "png"},   {"image/jpeg", "jpg"},  {"image/webp", "webp"},
        {"image/gif", "gif"},   {"image/bmp", "bmp"},   {"image/tiff", "tif"},
        {"image/heic", "heic"}, {"image/avif", "avif"}, {"application/pdf", "pdf"},
        {"text/plain", "txt"},  {"video/mp4", "mp4"},
    };
    // Parameters ("text/plain; charset=utf-8") do not change the extension.
    std::string_view mt = *media_type;
    mt = mt.substr(0, mt.find(';'));
    for (const auto& [type, ext] : kTable)
        if (mt == type)
            return ext;
    return "bin";
}

std::string evidence_path(std::int64_t seq, std::string_view kind,
                          const std::optional<std::string>& media_type) {
    return fmt::format("{}{:04}-{}.{}", kEvidenceDir, seq, kind, extension_for(media_type));
}

std::string log_token_path(std::int64_t covers) {
    return fmt::format("timestamps/custody-log-{}.tsr", covers);
}

std::optional<std::int64_t> log_token_covers(std::string_view path) {
    constexpr std::string_view prefix = "timestamps/custody-log-";
    constexpr std::string_view suffix = ".tsr";
    if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
        path.substr(path.size() - suffix.size()) != suffix)
        return std::nullopt;
    std::string_view digits =
        path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (digits.empty() || digits.size() > 18 || digits.front() == '0')
        return std::nullopt;
    std::int64_t k = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (ec != std::errc() || end != digits.data() + digits.size() || k < 1)
        return std::nullopt;
    return k;
}

bool store_uncompressed(const std::optional<std::string>& media_type) {
    std::string_view ext = extension_for(media_type);
    for (std::string_view e : {"png", "jpg", "webp", "gif", "heic", "avif", "pdf", "mp4"})
        if (ext == e)
            return true;
    return false;
}

std::optional<std::string> unsafe_name_reason(std::string_view name) {
    if (name.empty())
        return "empty name";
    if (name.front() == '/')
        return "absolute path";
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '\\')
            return "backslash in the name";
        if (c == ':')
            return "colon in the name";
        if (c < 0x20 || c == 0x7f)
            return "control character in the name";
        if (c >= 0x80)
            return "non-ASCII character in the name";
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
        if (!ok)
            return fmt::format("character '{}' not allowed in a name", ch);
    }
    // Segments: a trailing '/' marks a folder entry and ends in an empty last segment.
    std::string_view rest = name;
    if (rest.back() == '/')
        rest.remove_suffix(1);
    std::size_t start = 0;
    while (start <= rest.size()) {
        std::size_t slash = rest.find('/', start);
        std::string_view seg = rest.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (seg.empty())
            return "empty path segment";
        if (seg == "." || seg == "..")
            return "'.' or '..' path segment";
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return std::nullopt;
}

std::optional<std::vector<ManifestLine>> parse_manifest(std::string_view text,
                                                        std::size_t& bad_line) {
    std::vector<ManifestLine> out;
    std::size_t n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++n;
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            bad_line = n;  // the last line must end in LF
            return std::nullopt;
        }
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.size() < 67 || line[64] != ' ' || line[65] != ' ' ||
            !crypto::is_sha256_hex(line.substr(0, 64))) {
            bad_line = n;
            return std::nullopt;
        }
        out.push_back({std::string(line.substr(0, 64)), std::string(line.substr(66))});
    }
    return out;
}

std::string format_manifest(std::vector<ManifestLine> lines) {
    std::sort(lines.begin(), lines.end(),
              [](const ManifestLine& a, const ManifestLine& b) { return a.path < b.path; });
    std::string out;
    for (const auto& l : lines)
        out += l.sha256 + "  " + l.path + "\n";
    return out;
}

}  // namespace scelle::core::bundle
