# Writes OUTPUT, a C++ file defining `std::string_view SYMBOL()` in
# scelle::core::bundle_internal that returns the bytes of INPUT, exactly. Run at build time
# (cmake -DINPUT=... -DSYMBOL=... -DOUTPUT=... -P embed_text.cmake) so that the text files stay
# the one source and the program needs nothing at run time. The bytes are written as character
# escapes, so any content compiles with any compiler (no raw-string delimiter, no length limit).
if(NOT EXISTS "${INPUT}")
    message(FATAL_ERROR "embed_text: ${INPUT} does not exist")
endif()
file(READ "${INPUT}" hex HEX)
if(hex STREQUAL "")
    message(FATAL_ERROR "embed_text: ${INPUT} is empty")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
# One source line per line of text.
string(REPLACE "'\\x0a'," "'\\x0a',\n    " bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated at build time from ${name} by app/bundle/embed_text.cmake: do not edit.
#include <string_view>

namespace scelle::core::bundle_internal {

namespace {
constexpr char kText[] = {
    ${bytes}
};
}  // namespace

std::string_view ${SYMBOL}() {
    return std::string_view(kText, sizeof kText);
}

}  // namespace scelle::core::bundle_internal
")
# Only a changed text touches the output, so that an unchanged one compiles nothing again.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
