// Settings: the settings file, SCELLE_TSA_URLS, SCELLE_TRUST_ANCHORS, SCELLE_TSA_TIMEOUT and the
// command-line flags, resolved into what a timestamp request needs.
#include "scelle/store/settings.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "scelle/base/program.h"
#include "scelle/base/read_file.h"
#include "scelle/base/text.h"
#include "scelle/base/version.h"
#include "scelle/store/output_file.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> split_spaces(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    std::string word;
    while (in >> word)
        out.push_back(word);
    return out;
}

Error bad_settings(const fs::path& path, std::string detail) {
    return make_error(Errc::bad_settings, path.string(), std::move(detail));
}

// A timeout in seconds, as the file or SCELLE_TSA_TIMEOUT gives it: 0.1 to 600.
bool usable_timeout(double s) {
    return std::isfinite(s) && s >= 0.1 && s <= 600;
}

}  // namespace

const std::vector<std::string>& default_tsa_urls() {
    static const std::vector<std::string> urls = {
        "http://timestamp.digicert.com",
        "http://timestamp.globalsign.com/tsa/r6advanced1",
        "http://timestamp.sectigo.com",
    };
    return urls;
}

std::chrono::seconds tsa_min_interval(std::string_view url) {
    if (url.find("://timestamp.sectigo.com") != std::string_view::npos ||
        url.find(".sectigo.com/") != std::string_view::npos)
        return std::chrono::seconds(15);
    return std::chrono::seconds(0);
}

fs::path settings_path() {
    if (auto p = env_var("SCELLE_CONFIG"); p && !p->empty())
        return utf8_to_path(*p);
    if (fs::path dir = user_config_dir(); !dir.empty())
        return dir / "settings.json";
    return fs::path(".config") / "scelle" / "settings.json";
}

Result<SettingsFile> load_settings_file(const fs::path& path, Env& env) {
    SettingsFile out;
    if (auto info = env.stat(path); !info.ok()) {
        const int err = info.error().sys_errno;
        if (err == ENOENT || err == ENOTDIR)
            return out;  // no settings file: the defaults
    } else if (info->type == FileInfo::Type::directory) {
        return make_error(Errc::input_is_directory, path.string());
    }
    SCELLE_ASSIGN_OR_RETURN(const std::string text, read_file(env, path));
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return bad_settings(path, "not a JSON object");
    for (const auto& [key, value] : doc.items()) {
        if (key == "tsa_urls") {
            if (!value.is_array())
                return bad_settings(path, "\"tsa_urls\" must be a list of URLs");
            std::vector<std::string> urls;
            for (const auto& u : value) {
                if (!u.is_string())
                    return bad_settings(path, "\"tsa_urls\" must be a list of URLs");
                urls.push_back(u.get<std::string>());
            }
            out.tsa_urls = std::move(urls);
        } else if (key == "trust_anchors") {
            if (!value.is_array())
                return bad_settings(path, "\"trust_anchors\" must be a list of files");
            for (const auto& a : value) {
                if (!a.is_string() || a.get<std::string>().empty())
                    return bad_settings(path, "\"trust_anchors\" must be a list of files");
                // UTF-8 in the file, on every platform (a std::string path is the ANSI code
                // page on Windows).
                const fs::path p = core::utf8_to_path(a.get<std::string>());
                // Relative paths are relative to the settings file, not to wherever the
                // command happens to run.
                out.trust_anchors.push_back(p.is_absolute() ? p : path.parent_path() / p);
            }
        } else if (key == "tsa_timeout_seconds") {
            if (!value.is_number() || !usable_timeout(value.get<double>()))
                return bad_settings(path,
                                    "\"tsa_timeout_seconds\" must be a number from 0.1 to 600");
            out.tsa_timeout_seconds = value.get<double>();
        } else {
            return bad_settings(path, "unknown key \"" + to_valid_utf8(key) + "\"");
        }
    }
    return out;
}

namespace {

Error write_failed(int err, const fs::path& subject) {
    return Error{Errc::output_failed, subject.string(), std::strerror(err), err};
}

int errno_of(const Error& e) {
    return e.sys_errno != 0 ? e.sys_errno : EIO;
}

// Creates the missing folders of `dir`, owner-only (the settings name trusted files).
Result<void> make_private_dirs(const fs::path& dir, Env& env) {
    if (dir.empty())
        return {};
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        return {};
    if (dir.has_parent_path() && dir.parent_path() != dir)
        SCELLE_TRY(make_private_dirs(dir.parent_path(), env));
    if (auto made = env.make_dir(dir); !made.ok())
        return write_failed(errno_of(made.error()), dir);
    return {};
}

// Writes `text` into a new temporary file beside `path`, syncs it and moves it over `path`.
Result<void> replace_file(const fs::path& path, const std::string& text, Env& env) {
    const fs::path tmp = temp_path_beside(path, {}, env);
    auto file = env.create_new(tmp);
    if (!file.ok())
        return write_failed(errno_of(file.error()),
                            path.has_parent_path() ? path.parent_path() : path);
    Result<void> r = (*file)->append(std::as_bytes(std::span(text.data(), text.size())));
    if (r.ok())
        r = (*file)->sync();
    if (Result<void> closed = (*file)->close(); r.ok())
        r = std::move(closed);
    if (r.ok())
        r = env.rename(tmp, path);
    if (!r.ok()) {
        (void)env.remove(tmp);
        return write_failed(errno_of(r.error()), path);
    }
    // The rename is durable once the folder's entries are.
    (void)env.sync_dir(path.has_parent_path() ? path.parent_path() : fs::path("."));
    return {};
}

}  // namespace

Result<void> save_settings_file(const fs::path& path, const SettingsFile& settings, Env& env) {
    json doc = json::object();
    if (settings.tsa_urls) {
        json urls = json::array();
        for (const auto& u : *settings.tsa_urls) {
            if (u.empty())
                return make_error(Errc::usage, "tsa_urls", "a TSA URL is empty");
            urls.push_back(to_valid_utf8(u));
        }
        doc["tsa_urls"] = std::move(urls);
    }
    if (!settings.trust_anchors.empty()) {
        json anchors = json::array();
        for (const auto& a : settings.trust_anchors) {
            if (a.empty())
                return make_error(Errc::usage, "trust_anchors", "a trust anchor path is empty");
            anchors.push_back(to_valid_utf8(core::path_to_utf8(a)));
        }
        doc["trust_anchors"] = std::move(anchors);
    }
    if (settings.tsa_timeout_seconds) {
        if (!usable_timeout(*settings.tsa_timeout_seconds))
            return make_error(Errc::usage, "tsa_timeout_seconds",
                              "must be a number from 0.1 to 600");
        doc["tsa_timeout_seconds"] = *settings.tsa_timeout_seconds;
    }
    SCELLE_TRY(make_private_dirs(path.parent_path(), env));
    return replace_file(path, doc.dump(2) + "\n", env);
}

fs::path shipped_anchors_dir() {
    const fs::path dir = program_dir();
    if (dir.empty())
        return {};
    return dir.parent_path() / "share" / "scelle" / "trust-anchors";
}

Result<TsaSettings> resolve_tsa_settings(const SettingsFlags& flags) {
    const fs::path file_path = settings_path();
    SCELLE_ASSIGN_OR_RETURN(SettingsFile file, load_settings_file(file_path));
    TsaSettings s;
    if (!flags.tsa_urls.empty()) {
        s.urls = flags.tsa_urls;
        s.urls_from = "--tsa";
    } else if (auto e = env_var("SCELLE_TSA_URLS")) {
        s.urls = split_spaces(*e);
        s.urls_from = "SCELLE_TSA_URLS";
    } else if (file.tsa_urls) {
        s.urls = *file.tsa_urls;
        s.urls_from = file_path.string();
    } else {
        s.urls = default_tsa_urls();
        s.urls_from = "defaults";
    }

    s.trust.system = crypto::SystemAnchors::use;
    if (fs::path dir = shipped_anchors_dir(); !dir.empty())
        s.trust.shipped_dir = dir;
    s.trust.user_files = file.trust_anchors;
    if (auto e = env_var("SCELLE_TRUST_ANCHORS"))
        for (auto& p : crypto::split_anchor_list(*e))
            s.trust.user_files.push_back(std::move(p));
    for (const auto& p : flags.trust_anchors)
        s.trust.user_files.push_back(p);

    double timeout = file.tsa_timeout_seconds.value_or(10.0);
    if (auto e = env_var("SCELLE_TSA_TIMEOUT"); e && !e->empty()) {
        char* end = nullptr;
        double v = std::strtod(e->c_str(), &end);
        if (end == e->c_str() || *end != '\0' || !usable_timeout(v))
            return make_error(Errc::bad_settings, "SCELLE_TSA_TIMEOUT",
                              "must be a number of seconds from 0.1 to 600");
        timeout = v;
    }
    auto total = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
    s.client.total_timeout = total;
    s.client.connect_timeout = std::min(total, std::chrono::milliseconds(5000));
    // A command waits for at most two tries per TSA: an offline or slow TSA must not hold an
    // import for minutes. `timestamp` can always be run again.
    s.client.max_attempts = 2;
    s.client.version = kVersion;
    return s;
}

}  // namespace scelle::core
