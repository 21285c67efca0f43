#include "scelle/base/program.h"

#include "scelle/base/version.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace scelle {

namespace fs = std::filesystem;

fs::path program_dir() {
    const fs::path exe = core::program_path();
    return exe.empty() ? fs::path() : exe.parent_path();
}

fs::path module_dir() {
    const fs::path dir = program_dir();
    if (dir.empty())
        return {};
#if defined(_WIN32)
    return dir;
#else
    return dir.parent_path() / "lib" / "scelle";
#endif
}

Result<LoadedLibrary> LoadedLibrary::open(const fs::path& name) {
#if defined(_WIN32)
    HMODULE h = ::LoadLibraryW(name.c_str());
    if (h == nullptr)
        return make_error(
            Errc::internal, name.string(),
            "could not be loaded (Windows error " + std::to_string(::GetLastError()) + ")");
    return LoadedLibrary(reinterpret_cast<void*>(h));
#else
    // RTLD_LOCAL: the library's symbols stay out of the global scope, where they could only
    // clash with the program's own.
    void* h = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
        const char* why = ::dlerror();  // names the file already
        return make_error(Errc::internal, name.string(),
                          why != nullptr ? why : "could not be loaded");
    }
    return LoadedLibrary(h);
#endif
}

void* LoadedLibrary::symbol(const char* name) const {
#if defined(_WIN32)
    return reinterpret_cast<void*>(::GetProcAddress(static_cast<HMODULE>(m_handle), name));
#else
    return ::dlsym(m_handle, name);
#endif
}

Result<const ModuleHeader*> load_module(const std::string& file, const char* entry, int abi,
                                        const fs::path& installed_dir) {
    std::vector<fs::path> candidates;
    if (const char* forced = std::getenv("SCELLE_MODULE_DIR");
        forced != nullptr && *forced != '\0') {
        candidates.push_back(fs::path(forced) / file);
    } else {
        if (const fs::path dir = module_dir(); !dir.empty())
            candidates.push_back(dir / file);
        candidates.push_back(installed_dir / file);
    }
    fs::path chosen = candidates.front();
    std::error_code ec;
    for (const fs::path& c : candidates) {
        if (fs::exists(c, ec)) {
            chosen = c;
            break;
        }
    }
    const auto incomplete = [&](const std::string& why) {
        return make_error(Errc::install_incomplete, chosen.string(), why);
    };
    auto lib = LoadedLibrary::open(chosen);
    if (!lib.ok())
        return incomplete(lib.error().detail);
    void* address = lib->symbol(entry);
    if (address == nullptr)
        return incomplete(chosen.filename().string() + " has no " + entry);
    using EntryFn = const ModuleHeader* (*)();
    const ModuleHeader* header = reinterpret_cast<EntryFn>(address)();
    if (header == nullptr || header->abi != abi || header->version == nullptr ||
        std::strcmp(header->version, kVersion) != 0)
        return incomplete(chosen.filename().string() + " is from another version than " + kVersion);
    return header;
}

}  // namespace scelle
