// Test bundles made by the tests (see bundle_fixture.h).
#include "bundle_fixture.h"

#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <chrono>
#include <cstring>

#include <nlohmann/json.hpp>

#include "scelle/base/png_writer.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/crypto/tsp.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/sealing.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::test {

namespace fs = std::filesystem;
using nlohmann::json;
namespace bundle = core::bundle;

namespace {

json opt(const std::optional<std::string>& s) {
    return s ? json(*s) : json(nullptr);
}

bool is_payload(const std::string& path) {
    return path.rfind("data/", 0) == 0;
}

std::string png_bytes() {
    std::vector<std::uint8_t> rgb(8 * 8 * 3, 0x7f);
    auto png = core::encode_png_rgb8(8, 8, rgb);
    EXPECT_TRUE(png.ok());
    return png.ok() ? std::string(reinterpret_cast<const char*>(png->data()), png->size()) : "";
}

}  // namespace

void rewrite_manifest(BundleFiles& b) {
    std::vector<bundle::ManifestLine> lines;
    for (const auto& [path, data] : b.files)
        if (is_payload(path))
            lines.push_back({crypto::sha256_hex(data), path});
    b.files[std::string(bundle::kManifest)] = bundle::format_manifest(lines);
}

void rewrite_tagmanifest(BundleFiles& b) {
    std::vector<bundle::ManifestLine> lines;
    for (const auto& [path, data] : b.files)
        if (!is_payload(path) && path != bundle::kTagManifest)
            lines.push_back({crypto::sha256_hex(data), path});
    b.files[std::string(bundle::kTagManifest)] = bundle::format_manifest(lines);
}

void rewrite_payload_oxum(BundleFiles& b) {
    std::uint64_t bytes = 0;
    int files = 0;
    for (const auto& [path, data] : b.files)
        if (is_payload(path)) {
            bytes += data.size();
            ++files;
        }
    std::string& info = b.files[std::string(bundle::kBagInfoTxt)];
    const std::size_t at = info.find("Payload-Oxum: ");
    if (at == std::string::npos)
        return;
    const std::size_t end = info.find('\n', at);
    info.replace(at, end - at,
                 "Payload-Oxum: " + std::to_string(bytes) + "." + std::to_string(files));
}

void rewrite_tsa_certs(BundleFiles& b) {
    constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
    constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
    std::vector<std::string> ders;
    std::map<std::int64_t, std::string> log_tokens;
    for (const auto& [path, data] : b.files)
        if (auto k = bundle::log_token_covers(path))
            log_tokens[*k] = data;
    for (const auto& [k, data] : log_tokens)
        ders.push_back(data);
    if (auto m = b.files.find(std::string(bundle::kManifestToken)); m != b.files.end())
        ders.push_back(m->second);
    std::string out;
    for (const auto& der : ders) {
        auto parsed = crypto::parse_timestamp_response(
            std::span(reinterpret_cast<const std::uint8_t*>(der.data()), der.size()));
        if (!parsed.ok() || !parsed->token)
            continue;
        const std::string& pem = parsed->token->certs_pem;
        for (std::size_t pos = 0; (pos = pem.find(kBegin, pos)) != std::string::npos;) {
            const std::size_t end = pem.find(kEnd, pos);
            if (end == std::string::npos)
                break;
            const std::string one = pem.substr(pos, end + kEnd.size() - pos) + "\n";
            pos = end + kEnd.size();
            if (out.find(one) == std::string::npos)
                out += one;
        }
    }
    if (out.empty())
        b.files.erase(std::string(bundle::kTsaCerts));
    else
        b.files[std::string(bundle::kTsaCerts)] = out;
}

BundleFiles make_valid_bundle(const fs::path& store_dir, TestTsa& tsa,
                              const FixtureOptions& options) {
    BundleFiles b;
    const fs::path ca = store_dir / "fixture-ca.pem";
    fs::create_directories(store_dir);
    tsa.pki().write_ca_pem(ca);
    auto trust = crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {ca}});
    if (!trust.ok()) {
        ADD_FAILURE() << "trust store";
        return b;
    }
    crypto::TsaClientOptions client;
    client.max_attempts = 1;
    core::Store store(store_dir / "store");
    auto id =
        store.create_case({"Bundle fixture", std::string("3018"), {"grooming"}, std::nullopt});
    if (!id.ok()) {
        ADD_FAILURE() << "create_case";
        return b;
    }
    auto cs = std::move(store.open_case(*id, core::Access::read_write)).value();
    const fs::path png = store_dir / "IMG_0001.PNG";
    const fs::path txt = store_dir / "message.txt";
    write_file(png, png_bytes());
    write_file(txt, "Tu es seule ? Envoie une photo.\n");
    EXPECT_TRUE(cs->add_account({"snapchat", "predator42", std::nullopt, std::nullopt}).ok());
    EXPECT_TRUE(cs->import_files({{png},
                                  std::string("the first message"),
                                  std::nullopt,
                                  std::string("predator42"),
                                  false})
                    .ok());
    EXPECT_TRUE(cs->import_files({{txt}, std::nullopt, std::nullopt, std::nullopt, true}).ok());
    EXPECT_TRUE(cs->add_link("https://example.org/profile/predator42", std::nullopt,
                             std::string("predator42"))
                    .ok());
    auto sealed = core::seal_pending(*cs, {tsa.url()}, *trust, client);
    EXPECT_TRUE(sealed.ok() && sealed->token) << "the fixture could not seal its case";
    if (options.pending_item) {
        const fs::path late = store_dir / "late.bin";
        write_file(late, pseudo_random_bytes(300, 7));
        EXPECT_TRUE(
            cs->import_files({{late}, std::nullopt, std::nullopt, std::nullopt, false}).ok());
    }

    b.case_id = cs->info().id;
    auto lines = std::move(cs->log_lines()).value();
    std::string log;
    for (const auto& l : lines)
        log += l + "\n";
    b.files[std::string(bundle::kCustodyLog)] = log;

    auto tokens = std::move(cs->timestamps()).value();
    std::map<std::int64_t, std::int64_t> covers_of;  // token id -> K
    json ts = json::array();
    std::string certs;
    for (const auto& t : tokens) {
        covers_of[t.id] = t.covers;
        const std::string file = bundle::log_token_path(t.covers);
        b.files[file] = std::string(t.der.begin(), t.der.end());
        ts.push_back({{"file", file},
                      {"covers", t.covers},
                      {"prefix_sha256", t.prefix_sha256},
                      {"tsa", t.tsa_name},
                      {"tsa_url", t.tsa_url},
                      {"gen_time", t.gen_time},
                      {"serial", t.serial},
                      {"skew_seconds", t.skew_seconds}});
        auto parsed = crypto::parse_timestamp_response(t.der);
        if (parsed.ok() && parsed->token &&
            certs.find(parsed->token->certs_pem) == std::string::npos)
            certs += parsed->token->certs_pem;
    }
    json accounts = json::array();
    const auto all_accounts = std::move(cs->accounts()).value();
    for (const auto& a : all_accounts)
        accounts.push_back({{"id", a.id},
                            {"platform", a.platform},
                            {"handle", a.handle},
                            {"url", opt(a.url)},
                            {"display_name", opt(a.display_name)},
                            {"platform_id", opt(a.platform_id)},
                            {"created_at", a.created_at}});
    json items = json::array();
    const auto all_items = std::move(cs->items()).value();
    for (const auto& it : all_items) {
        const bool withdrawn = it.withdrawn_at.has_value();
        json file = nullptr;
        if (it.kind != "link" && !withdrawn) {
            const std::string path = bundle::evidence_path(it.seq, it.kind, it.media_type);
            b.files[path] = read_file(cs->object_path(*it.sha256));
            file = path;
        }
        json token = nullptr;
        if (it.timestamp.token)
            token = bundle::log_token_path(covers_of[*it.timestamp.token]);
        json item = core::item_fields_json(it);
        item["file"] = file;
        item["timestamp"] = {{"status", core::to_string(it.timestamp.status)},
                             {"token", token},
                             {"tsa", opt(it.timestamp.tsa)},
                             {"gen_time", opt(it.timestamp.gen_time)}};
        items.push_back(std::move(item));
    }
    const auto& info = cs->info();
    const std::string now = core::format_utc_rfc3339(std::chrono::system_clock::now());
    json doc = {{"scelle_case_schema", 3},
                {"exported_at", now},
                {"software", "Scellé 0.1.0"},
                {"sealed", options.seal_manifest},
                {"case",
                 {{"id", info.id},
                  {"title", info.title},
                  {"destination", opt(info.destination)},
                  {"incidents", info.incidents},
                  {"summary", opt(info.summary)},
                  {"created_at", info.created_at},
                  {"utc_offset", info.utc_offset},
                  {"recorded_by", opt(info.recorded_by)}}},
                {"accounts", accounts},
                {"items", items},
                {"timestamps", ts}};
    b.files[std::string(bundle::kCaseJson)] = doc.dump(2) + "\n";
    b.files[std::string(bundle::kBagitTxt)] = std::string(bundle::kBagitContent);
    b.files[std::string(bundle::kVerifyFr)] = "Vérifier : sha256sum -c manifest-sha256.txt\n";
    b.files[std::string(bundle::kVerifyEn)] = "Check: sha256sum -c manifest-sha256.txt\n";
    if (!certs.empty())
        b.files[std::string(bundle::kTsaCerts)] = certs;
    std::uint64_t payload_bytes = 0;
    int payload_files = 0;
    for (const auto& [path, data] : b.files)
        if (is_payload(path)) {
            payload_bytes += data.size();
            ++payload_files;
        }
    b.files[std::string(bundle::kBagInfoTxt)] =
        "Bagging-Date: " + now.substr(0, 10) + "\nPayload-Oxum: " + std::to_string(payload_bytes) +
        "." + std::to_string(payload_files) + "\nExternal-Identifier: " + info.id +
        "\nBag-Software-Agent: Scellé 0.1.0\nScelle-Bundle-Version: 1\nScelle-Exported-At: " + now +
        "\nScelle-Sealed: " + (options.seal_manifest ? "yes" : "no") +
        "\nScelle-Log-Lines: " + std::to_string(lines.size()) + "\n";
    rewrite_manifest(b);
    if (options.seal_manifest) {
        auto out = crypto::request_timestamp(
            {tsa.url()}, crypto::sha256(b.files[std::string(bundle::kManifest)]), *trust, client);
        EXPECT_TRUE(out.success.has_value()) << "the fixture's manifest token";
        if (out.success)
            b.files[std::string(bundle::kManifestToken)] =
                std::string(out.success->response_der.begin(), out.success->response_der.end());
    }
    rewrite_tsa_certs(b);
    rewrite_tagmanifest(b);
    return b;
}

void write_bundle_zip(const BundleFiles& b, const fs::path& zip, const ZipOptions& options) {
    fs::remove(zip);
    int err = 0;
    core::ZipArchive za(zip_open(core::path_to_utf8(zip).c_str(), ZIP_CREATE | ZIP_EXCL, &err));
    ASSERT_TRUE(za) << "zip_open " << err;
    const std::string folder = b.folder() + "/";
    if (options.folder_entries) {
        ASSERT_GE(zip_dir_add(za.get(), folder.c_str(), ZIP_FL_ENC_UTF_8), 0);
        for (const char* sub : {"data/", "data/evidence/", "timestamps/"})
            ASSERT_GE(zip_dir_add(za.get(), (folder + sub).c_str(), ZIP_FL_ENC_UTF_8), 0);
    }
    for (const auto& [path, data] : b.files) {
        zip_source_t* src = zip_source_buffer(za.get(), data.data(), data.size(), 0);
        ASSERT_NE(src, nullptr);
        const zip_int64_t i =
            zip_file_add(za.get(), (folder + path).c_str(), src, ZIP_FL_ENC_UTF_8);
        if (i < 0)
            zip_source_free(src);
        ASSERT_GE(i, 0) << zip_strerror(za.get());
        const bool media =
            path.rfind("data/evidence/", 0) == 0 || path.find(".tsr") != std::string::npos;
        zip_set_file_compression(za.get(), static_cast<zip_uint64_t>(i),
                                 media ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
        if (options.password) {
            ASSERT_EQ(zip_file_set_encryption(za.get(), static_cast<zip_uint64_t>(i),
                                              ZIP_EM_AES_256, options.password->c_str()),
                      0);
        }
    }
    // As Scellé's writer does: an encrypted bundle carries the fixed note (format section 8).
    const std::string_view comment = options.comment
                                         ? std::string_view(*options.comment)
                                         : bundle::archive_comment(options.password.has_value());
    if (!comment.empty()) {
        ASSERT_EQ(zip_set_archive_comment(za.get(), comment.data(),
                                          static_cast<zip_uint16_t>(comment.size())),
                  0);
    }
    ASSERT_TRUE(za.commit(zip.string()).ok());
}

namespace {

struct Zeros {
    std::uint64_t size = 0;
    std::uint64_t pos = 0;
};

zip_int64_t zeros_cb(void* ud, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* z = static_cast<Zeros*>(ud);
    switch (cmd) {
        case ZIP_SOURCE_OPEN:
            z->pos = 0;
            return 0;
        case ZIP_SOURCE_READ: {
            const zip_uint64_t n = std::min<zip_uint64_t>(len, z->size - z->pos);
            std::memset(data, 0, n);
            z->pos += n;
            return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE:
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(data);
            zip_stat_init(st);
            st->size = z->size;
            st->valid |= ZIP_STAT_SIZE;
            return sizeof(*st);
        }
        case ZIP_SOURCE_ERROR:
            return 2 * sizeof(int);
        case ZIP_SOURCE_FREE:
            delete z;
            return 0;
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                                  ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                  ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default:
            return -1;
    }
}

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xffff);
    put16(s, v >> 16);
}

std::string raw_deflate(const std::string& data) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, data.size()), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

}  // namespace

void write_zero_bomb(const fs::path& zip, const std::string& entry_name, std::uint64_t size) {
    fs::remove(zip);
    int err = 0;
    core::ZipArchive za(zip_open(core::path_to_utf8(zip).c_str(), ZIP_CREATE | ZIP_EXCL, &err));
    ASSERT_TRUE(za);
    zip_source_t* src = zip_source_function(za.get(), zeros_cb, new Zeros{size, 0});
    ASSERT_NE(src, nullptr);
    const zip_int64_t i = zip_file_add(za.get(), entry_name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (i < 0)
        zip_source_free(src);
    ASSERT_GE(i, 0);
    zip_set_file_compression(za.get(), static_cast<zip_uint64_t>(i), ZIP_CM_DEFLATE, 9);
    ASSERT_TRUE(za.commit(zip.string()).ok());
}

std::string raw_zip(const std::vector<RawEntry>& entries) {
    std::string out;
    std::string cdir;
    for (const auto& e : entries) {
        const std::string body = e.deflate ? raw_deflate(e.data) : e.data;
        const auto crc = static_cast<std::uint32_t>(crc32(
            0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
        const std::uint32_t size =
            e.declared_size.value_or(static_cast<std::uint32_t>(e.data.size()));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const std::uint32_t method = e.deflate ? 8 : 0;
        put32(out, 0x04034b50);
        put16(out, 20);
        put16(out, 0);  // flags
        put16(out, method);
        put16(out, 0);
        put16(out, 0x21);  // 1980-01-01
        put32(out, crc);
        put32(out, static_cast<std::uint32_t>(body.size()));
        put32(out, size);
        put16(out, static_cast<std::uint32_t>(e.name.size()));
        put16(out, 0);
        out += e.name;
        out += body;
        put32(cdir, 0x02014b50);
        put16(cdir, (3u << 8) | 20);  // made by Unix
        put16(cdir, 20);
        put16(cdir, 0);
        put16(cdir, method);
        put16(cdir, 0);
        put16(cdir, 0x21);
        put32(cdir, crc);
        put32(cdir, static_cast<std::uint32_t>(body.size()));
        put32(cdir, size);
        put16(cdir, static_cast<std::uint32_t>(e.name.size()));
        put16(cdir, 0);
        put16(cdir, 0);
        put16(cdir, 0);
        put16(cdir, 0);
        put32(cdir, e.unix_mode << 16);
        put32(cdir, offset);
        cdir += e.name;
    }
    const auto cdir_offset = static_cast<std::uint32_t>(out.size());
    out += cdir;
    const auto n = static_cast<std::uint32_t>(entries.size());
    if (n > 0xffff) {
        // Zip64 end records, for the archive of too many entries.
        const auto z64_offset = static_cast<std::uint64_t>(out.size());
        put32(out, 0x06064b50);
        put32(out, 44);
        put32(out, 0);
        put16(out, (3u << 8) | 45);
        put16(out, 45);
        put32(out, 0);
        put32(out, 0);
        put32(out, n);
        put32(out, 0);
        put32(out, n);
        put32(out, 0);
        put32(out, static_cast<std::uint32_t>(cdir.size()));
        put32(out, 0);
        put32(out, cdir_offset);
        put32(out, 0);
        put32(out, 0x07064b50);
        put32(out, 0);
        put32(out, static_cast<std::uint32_t>(z64_offset));
        put32(out, 0);
        put32(out, 1);
    }
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, n > 0xffff ? 0xffff : n);
    put16(out, n > 0xffff ? 0xffff : n);
    put32(out, static_cast<std::uint32_t>(cdir.size()));
    put32(out, cdir_offset);
    put16(out, 0);
    return out;
}

std::vector<RawEntry> raw_entries(const BundleFiles& b) {
    std::vector<RawEntry> out;
    for (const auto& [path, data] : b.files)
        out.push_back({b.folder() + "/" + path, data});
    return out;
}

}  // namespace scelle::test
