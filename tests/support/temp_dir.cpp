#include "temp_dir.h"

#include <stdlib.h>
#if !defined(_WIN32)
#include <unistd.h>
#endif

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace scelle::test {

namespace fs = std::filesystem;

TempDir::TempDir(std::string_view prefix) {
    std::error_code ec;
#if defined(_WIN32)
    // No mkdtemp: a random name, made only if it did not exist.
    const fs::path base = fs::temp_directory_path(ec);
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path p = base / (std::string(prefix) + "-" + std::to_string(random()));
        if (fs::create_directory(p, ec)) {
            m_path = p;
            return;
        }
    }
    throw std::runtime_error("no temporary folder could be made");
#else
    std::string tmpl = (fs::temp_directory_path(ec) / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
#endif
}

TempDir::~TempDir() {
    std::error_code ec;
    // Give back write permission everywhere first, so that remove_all can delete.
    for (auto it = fs::recursive_directory_iterator(m_path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code ignored;
        if (it->is_directory(ignored) && !it->is_symlink(ignored))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(m_path, ec);
}

void write_file(const fs::path& path, std::string_view content) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!f)
        throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

bool folder_permissions_bind() {
#if defined(_WIN32)
    return false;
#else
    return ::geteuid() != 0;
#endif
}

unsigned posix_mode(const fs::path& path) {
    return static_cast<unsigned>(fs::status(path).permissions() & fs::perms::mask);
}

std::string pseudo_random_bytes(std::size_t size, std::uint64_t seed) {
    std::string out(size, '\0');
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (std::size_t i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[i] = static_cast<char>(x >> 24);
    }
    return out;
}

}  // namespace scelle::test
