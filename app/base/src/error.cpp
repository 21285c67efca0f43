#include <cerrno>
#include <cstring>

#include "scelle/base/result.h"

namespace scelle {

bool is_no_space_errno(int err) {
#ifdef EDQUOT  // not in Windows' C library
    if (err == EDQUOT)
        return true;
#endif
    return err == ENOSPC;
}

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
        default:
            if (is_no_space_errno(err))
                code = about_input ? Errc::input_unreadable : Errc::store_full;
            else
                code = about_input ? Errc::input_unreadable : Errc::store_io;
            break;
    }
    return Error{code, std::move(subject), std::strerror(err), err};
}

}  // namespace scelle
