// Publishing an output file: see output_file.h.
#include "scelle/store/output_file.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "scelle/crypto/random.h"

namespace scelle::core {

namespace fs = std::filesystem;

namespace {

Error output_error(int err, const fs::path& subject) {
    return Error{Errc::output_failed, subject.string(), std::strerror(err), err};
}

int errno_of(const Error& e) {
    return e.sys_errno != 0 ? e.sys_errno : EIO;
}

}  // namespace

Result<void> rename_no_replace(const fs::path& from, const fs::path& to, Env& env) {
    auto moved = env.rename_no_replace(from, to);
    if (moved.ok())
        return {};
    if (moved.error().sys_errno == EEXIST)
        return make_error(Errc::target_exists, to.string());
    return output_error(errno_of(moved.error()), to);
}

fs::path temp_path_beside(const fs::path& target, std::string_view suffix, Env& env) {
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    return parent / fmt::format(".{}.tmp-{}-{}{}", target.filename().string(), env.process_id(),
                                crypto::random_hex(4), suffix);
}

Result<void> check_export_target(const fs::path& out, Env& env) {
    auto there = env.lstat(out);
    if (there.ok())
        return make_error(Errc::target_exists, out.string());
    const int lstat_errno = errno_of(there.error());
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (lstat_errno != ENOENT)
        return output_error(lstat_errno, lstat_errno == ENOTDIR ? parent : out);
    if (out.filename().empty() || out.filename() == "." || out.filename() == "..")
        return make_error(Errc::usage, out.string(), "not a file name");
    auto folder = env.stat(parent);
    if (!folder.ok())
        return output_error(errno_of(folder.error()), parent);
    if (folder->type != FileInfo::Type::directory)
        return output_error(ENOTDIR, parent);
    if (auto w = env.check_access(parent, Env::Access::writable_dir); !w.ok())
        return output_error(errno_of(w.error()), parent);
    return {};
}

Result<void> write_new_file(const fs::path& out, std::string_view bytes, Env& env) {
    SCELLE_TRY(check_export_target(out, env));
    const fs::path tmp = temp_path_beside(out, ".part", env);
    auto written = [&]() -> Result<void> {
        SCELLE_ASSIGN_OR_RETURN(auto f, env.create_new(tmp));
        SCELLE_TRY(f->append({reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()}));
        SCELLE_TRY(f->sync());
        SCELLE_TRY(f->close());
        SCELLE_TRY(rename_no_replace(tmp, out, env));
        return env.sync_dir(out.has_parent_path() ? out.parent_path() : fs::path("."));
    }();
    if (written.ok())
        return {};
    (void)env.remove(tmp);
    const Error& e = written.error();
    if (e.code == Errc::target_exists || e.code == Errc::output_failed)
        return e;
    return output_error(errno_of(e), out);
}

}  // namespace scelle::core
