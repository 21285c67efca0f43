// Sets or unsets environment variables for one test, and restores them afterwards.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scelle/base/program.h"
#include "scelle/base/text.h"

namespace scelle::test {

// The process's environment, for the C runtime's getenv and for the children it starts. The
// values are UTF-8 on every platform.
inline void set_env_var(const std::string& name, const std::string& value) {
    core::set_env_var(name.c_str(), value.c_str());
}
inline void unset_env_var(const std::string& name) {
#if defined(_WIN32)
    // An empty value removes the variable on Windows.
    ::_wputenv_s(core::utf8_to_path(name).c_str(), L"");
#else
    ::unsetenv(name.c_str());
#endif
}

class EnvGuard {
  public:
    EnvGuard() = default;
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
    ~EnvGuard() { restore(); }

    // Sets the variable, or unsets it when `value` is empty (std::nullopt).
    void set(const std::string& name, const std::optional<std::string>& value) {
        keep(name);
        if (value)
            set_env_var(name, *value);
        else
            unset_env_var(name);
    }
    void unset(const std::string& name) { set(name, std::nullopt); }
    // Remembers the variable's value, to be restored, when the code under test changes it.
    void keep(const std::string& name) {
        for (const auto& saved : m_saved)
            if (saved.first == name)
                return;
        m_saved.emplace_back(name, core::env_var(name.c_str()));  // UTF-8 everywhere
    }
    // Puts every variable back as it was, now.
    void restore() {
        for (auto it = m_saved.rbegin(); it != m_saved.rend(); ++it) {
            if (it->second)
                set_env_var(it->first, *it->second);
            else
                unset_env_var(it->first);
        }
        m_saved.clear();
    }

  private:
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

}  // namespace scelle::test
