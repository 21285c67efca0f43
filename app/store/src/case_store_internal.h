// Helpers shared by the CaseStore source files; not part of the public interface.
#pragma once

#include <string>
#include <string_view>

namespace scelle::core::detail {

// Temporary files in objects/ are named ".tmp-<pid>-<random>", so that a later process can
// tell a dead writer's leftovers from a live writer's work in progress.
std::string temp_name_prefix();
bool is_stale_temp(const std::string& name);

// An absolute http or https URL of valid text, without spaces or control characters.
bool is_web_url(std::string_view url);

}  // namespace scelle::core::detail
