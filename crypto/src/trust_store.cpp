#include "scelle/crypto/trust_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <system_error>

#include "openssl_errors.h"
#include "os_roots.h"
#include "scelle/base/env.h"
#include "scelle/base/handle.h"
#include "scelle/base/text.h"

namespace scelle::crypto {

namespace fs = std::filesystem;

namespace {

bool is_anchor_file_name(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".pem" || ext == ".crt";
}

}  // namespace

std::vector<fs::path> split_anchor_list(std::string_view list) {
    std::vector<fs::path> out;
    std::size_t start = 0;
    while (start <= list.size()) {
#if defined(_WIN32)
        const char separator = ';';  // as in PATH: "C:\\..." holds a colon
#else
        const char separator = ':';
#endif
        std::size_t end = list.find(separator, start);
        if (end == std::string_view::npos)
            end = list.size();
        if (end > start)
            out.push_back(core::utf8_to_path(list.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

Result<std::vector<X509Ptr>> read_pem_certificates(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return make_error(Errc::input_is_directory, path.string());
    auto file = core::Env::system().open_read(path);
    if (!file.ok())
        return error_from_errno(file.error().sys_errno, path.string(), true);
    // Anchor files are small; a cap keeps a wrong path (a disk image...) from filling memory.
    constexpr std::size_t max_size = 16u << 20;
    std::string text;
    std::vector<std::byte> buf(65536);
    for (;;) {
        auto n = (*file)->read(buf);
        if (!n.ok())
            return make_error(Errc::input_unreadable, path.string(), "read error");
        if (*n == 0)
            break;
        text.append(reinterpret_cast<const char*>(buf.data()), *n);
        if (text.size() > max_size)
            return make_error(Errc::input_unreadable, path.string(),
                              "larger than 16 MiB: not a certificate file");
    }

    ERR_clear_error();
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio)
        return make_error(Errc::internal, path.string(), "out of memory");
    std::vector<X509Ptr> certs;
    for (;;) {
        X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!cert)
            break;
        certs.push_back(std::move(cert));
    }
    // The loop ends on "no start line" once the last certificate is read; any other error
    // means a damaged certificate, which must not be skipped silently.
    const unsigned long last = ERR_peek_last_error();
    if (last != 0 &&
        !(ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE))
        return make_error(Errc::input_unreadable, path.string(), detail::take_openssl_errors());
    ERR_clear_error();
    if (certs.empty())
        return make_error(Errc::input_unreadable, path.string(), "no PEM certificate in the file");
    return certs;
}

namespace {

// Where OpenSSL's X509_STORE_set_default_paths looks, honouring the same variables.
std::string default_location(const char* env_name, const char* built_in) {
    const char* env = std::getenv(env_name);
    return env != nullptr && *env != '\0' ? env : built_in;
}

// Reads the system bundle the way X509_load_cert_crl_file does: tolerant of the non-
// certificate entries some bundles carry, since a broken entry there must not disable the
// user's own anchors.
std::vector<X509Ptr> read_system_bundle(const std::string& path) {
    std::vector<X509Ptr> out;
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) {
        ERR_clear_error();
        return out;
    }
    STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
    if (infos != nullptr) {
        for (int i = 0; i < sk_X509_INFO_num(infos); ++i) {
            X509_INFO* info = sk_X509_INFO_value(infos, i);
            if (info->x509 != nullptr && X509_up_ref(info->x509) == 1)
                out.emplace_back(info->x509);
        }
        sk_X509_INFO_pop_free(infos, X509_INFO_free);
    }
    ERR_clear_error();
    return out;
}

// True when `dir` holds OpenSSL's hashed links ("5ad8a5d6.0"): the certificates are then looked
// up in it lazily, one file per issuer, and the bundle file (the same roots, all parsed at
// once: about 40 ms) is not needed.
bool is_hashed_dir(const std::string& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto dot = name.find('.');
        if (dot == 8 && name.size() > 9 && name.find_first_not_of("0123456789abcdef") == dot &&
            name.find_first_not_of("0123456789", dot + 1) == std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

Result<TrustStore> TrustStore::create(const TrustStoreOptions& options) {
    TrustStore store;
    store.m_system = options.system;
    if (options.system == SystemAnchors::use) {
        const char* file_env = std::getenv(X509_get_default_cert_file_env());
        const bool file_named = file_env != nullptr && *file_env != '\0';
#if defined(_WIN32)
        // Windows: the system's roots are in its certificate store, not in files; OpenSSL's
        // built-in paths are those of the machine it was built on. SSL_CERT_DIR and
        // SSL_CERT_FILE are still honoured when set.
        const char* dir_env = std::getenv(X509_get_default_cert_dir_env());
        if (dir_env != nullptr && *dir_env != '\0')
            store.m_system_dir = dir_env;
        if (file_named)
            store.m_system_file = file_env;
        else
            store.m_system_os_store = true;
#else
        store.m_system_dir =
            default_location(X509_get_default_cert_dir_env(), X509_get_default_cert_dir());
        // SSL_CERT_FILE names a bundle on purpose: always honour it. Without it, the built-in
        // bundle is only needed where there is no hashed folder (it holds the same roots).
        if (file_named || !is_hashed_dir(store.m_system_dir))
            store.m_system_file =
                default_location(X509_get_default_cert_file_env(), X509_get_default_cert_file());
#endif
    }

    if (options.shipped_dir) {
        std::error_code ec;
        if (fs::is_directory(*options.shipped_dir, ec)) {
            std::vector<fs::path> files;
            for (fs::directory_iterator it(*options.shipped_dir, ec), end; !ec && it != end;
                 it.increment(ec))
                if (is_anchor_file_name(it->path()) && it->is_regular_file())
                    files.push_back(it->path());
            if (ec)
                return error_from_errno(ec.value(), options.shipped_dir->string(), true);
            // Sorted so that the same folder always gives the same store.
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                SCELLE_ASSIGN_OR_RETURN(auto certs, read_pem_certificates(f));
                std::move(certs.begin(), certs.end(), std::back_inserter(store.m_anchors));
            }
        }
    }
    for (const auto& f : options.user_files) {
        SCELLE_ASSIGN_OR_RETURN(auto certs, read_pem_certificates(f));
        std::move(certs.begin(), certs.end(), std::back_inserter(store.m_anchors));
    }
    return store;
}

TrustStore::TrustStore(TrustStore&& o) noexcept
    : m_system(o.m_system),
      m_anchors(std::move(o.m_anchors)),
      m_system_file(std::move(o.m_system_file)),
      m_system_os_store(o.m_system_os_store),
      m_system_file_certs(std::move(o.m_system_file_certs)),
      m_system_dir(std::move(o.m_system_dir)) {
    // A store is moved right after create(), before any make_store(), so the once-flag (which
    // cannot move) is fresh on both sides; a bundle loaded before a move is loaded again.
}

TrustStore& TrustStore::operator=(TrustStore&& o) noexcept {
    if (this != &o) {
        m_system = o.m_system;
        m_anchors = std::move(o.m_anchors);
        m_system_dir = std::move(o.m_system_dir);
        m_system_file = std::move(o.m_system_file);
        m_system_os_store = o.m_system_os_store;
        m_system_file_certs = std::move(o.m_system_file_certs);
    }
    return *this;
}

X509StorePtr TrustStore::make_store(std::optional<std::time_t> at, SystemBundle bundle) const {
    if (bundle == SystemBundle::include && has_system_bundle())
        std::call_once(m_system_file_once, [this] {
            m_system_file_certs = m_system_os_store ? detail::read_os_root_store()
                                                    : read_system_bundle(m_system_file);
        });
    X509StorePtr store(X509_STORE_new());
    if (!store)
        return nullptr;
    if (m_system == SystemAnchors::use && !m_system_dir.empty()) {
        X509_LOOKUP* dir = X509_STORE_add_lookup(store.get(), X509_LOOKUP_hash_dir());
        // A machine without a system store still has Scellé's and the user's anchors.
        if (dir == nullptr ||
            X509_LOOKUP_add_dir(dir, m_system_dir.c_str(), X509_FILETYPE_PEM) != 1)
            ERR_clear_error();
    }
    const std::vector<X509Ptr>* lists[] = {&m_system_file_certs, &m_anchors};
    for (const auto* list : lists) {
        if (list == &m_system_file_certs && bundle == SystemBundle::skip)
            continue;
        for (const auto& cert : *list) {
            // Adding the same certificate twice (system and user) is harmless.
            if (X509_STORE_add_cert(store.get(), cert.get()) != 1)
                ERR_clear_error();
        }
    }
    if (at)
        X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), *at);
    return store;
}

}  // namespace scelle::crypto
