// A temporary folder under $TMPDIR (or /tmp), removed with everything in it when the object
// goes out of scope, even where a test made parts of it read-only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace scelle::test {

class TempDir {
  public:
    explicit TempDir(std::string_view prefix = "scelle-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

  private:
    std::filesystem::path m_path;
};

// Writes `content` to `path`, creating or replacing it.
void write_file(const std::filesystem::path& path, std::string_view content);
std::string read_file(const std::filesystem::path& path);
// The permission bits of `path` (st_mode & 0777). Windows has none (ACLs instead, which a
// file's read-only attribute shows as 0444): the tests check them where kPosixModes holds.
unsigned posix_mode(const std::filesystem::path& path);
// False where taking the write permission off a folder does not stop its owner from writing
// in it: as root, and on Windows (a folder's read-only attribute does not).
bool folder_permissions_bind();
#if defined(_WIN32)
inline constexpr bool kPosixModes = false;
#else
inline constexpr bool kPosixModes = true;
#endif
// Deterministic pseudo-random bytes (xorshift), so that tests are repeatable.
std::string pseudo_random_bytes(std::size_t size, std::uint64_t seed);

}  // namespace scelle::test
