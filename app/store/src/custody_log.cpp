#include "scelle/store/custody_log.h"

#include "scelle/crypto/sha256.h"

namespace scelle::core::custody {

using nlohmann::json;

std::string canonical(const json& value) {
    // nlohmann's default object is a std::map, so keys come out sorted by byte value;
    // dump() without indent writes no insignificant space; ensure_ascii=false keeps UTF-8.
    return value.dump(-1, ' ', false, json::error_handler_t::strict);
}

std::string make_line(std::int64_t seq, std::string_view prev_sha256_hex, json fields) {
    fields["v"] = kLineFormat;
    fields["seq"] = seq;
    fields["prev"] = std::string(prev_sha256_hex);
    return canonical(fields);
}

std::string line_hash(std::string_view line) {
    return crypto::sha256_hex(line);
}

namespace {

bool only_canonical_types(const json& j) {
    switch (j.type()) {
        case json::value_t::object:
            for (const auto& [k, v] : j.items())
                if (!only_canonical_types(v))
                    return false;
            return true;
        case json::value_t::array:
            for (const auto& v : j)
                if (!only_canonical_types(v))
                    return false;
            return true;
        case json::value_t::number_float:
        case json::value_t::binary:
        case json::value_t::discarded:
            return false;
        default:
            return true;
    }
}

}  // namespace

std::vector<ChainIssue> check_chain(std::span<const std::string> lines) {
    std::vector<ChainIssue> issues;
    std::string prev(kGenesisPrev);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto n = static_cast<std::int64_t>(i + 1);
        const std::string& line = lines[i];
        json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object()) {
            issues.push_back({ChainIssue::Kind::not_json, n});
        } else if (!only_canonical_types(j) || canonical(j) != line) {
            issues.push_back({ChainIssue::Kind::not_canonical, n});
        } else {
            auto seq = j.find("seq");
            if (seq == j.end() || !seq->is_number_integer() || seq->get<std::int64_t>() != n)
                issues.push_back({ChainIssue::Kind::bad_seq, n});
            auto p = j.find("prev");
            if (p == j.end() || !p->is_string() || p->get<std::string>() != prev) {
                issues.push_back({ChainIssue::Kind::chain_broken, n});
            }
            if (!j.contains("action") || !j.contains("at"))
                issues.push_back({ChainIssue::Kind::missing_fields, n});
        }
        prev = line_hash(line);
    }
    return issues;
}

void LogHasher::add(std::string_view line) {
    m_hash.update(line);
    m_hash.update(std::string_view("\n"));
    ++m_lines;
}

std::map<std::int64_t, crypto::Digest> prefix_digests(std::span<const std::string> lines,
                                                      const std::set<std::int64_t>& ks) {
    std::map<std::int64_t, crypto::Digest> out;
    LogHasher h;
    // `ks` is sorted: each prefix extends the previous one.
    for (const std::int64_t k : ks) {
        if (k < 1 || k > static_cast<std::int64_t>(lines.size()))
            continue;
        while (h.lines() < k)
            h.add(lines[static_cast<std::size_t>(h.lines())]);
        out.emplace(k, h.digest());
    }
    return out;
}

crypto::Digest log_digest(std::span<const std::string> lines) {
    LogHasher h;
    for (const std::string& l : lines)
        h.add(l);
    return h.digest();
}

}  // namespace scelle::core::custody
