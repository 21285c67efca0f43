#include <cerrno>
#include <cstring>

#include "scelle/base/result.h"

namespace scelle {

Error error_from_errno(int err, std::string subject, bool about_input) {
    Errc code;
    switch (err) {
        case ENOENT:
        case ENOTDIR:
            code = about_input ? Errc::input_missing : Errc::store_io;
            break;
        case EISDIR:
            code = about_input ? Errc::input_is_directory : Errc::store_io;
            break;
        case ENAMETOOLONG:
            code = about_input ? Errc::input_name_too_long : Errc::store_io;
            break;
        case EACCES:
        case EPERM:
        case EROFS:
            code = about_input ? Errc::input_unreadable : Errc::store_unwritable;
            break;
        case ENOSPC:
#ifdef EDQUOT  // not on Windows
        case EDQUOT:
#endif
            code = about_input ? Errc::input_unreadable : Errc::store_full;
            break;
        default:
            code = about_input ? Errc::input_unreadable : Errc::store_io;
            break;
    }
    return Error{code, std::move(subject), std::strerror(err), err};
}

}  // namespace scelle
