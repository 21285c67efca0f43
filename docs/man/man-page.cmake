# Writes the Markdown of a man page for go-md2man: HEAD (the title line and NAME section, with
# @VERSION@ and @DATE@ filled in), then, when BODY is given, BODY from its first "## " heading
# on, made fit for a man page:
#   - HTML comments are dropped (the doc-test markers and hidden set-up blocks of docs/cli.md;
#     go-md2man would warn about each);
#   - "## " headings, the man page's sections, are written in capitals (SYNOPSIS, ...);
#   - links to other documents of the project ([text](file.md)) keep only their text, since a
#     relative path means nothing in a man page; web links are kept.
#
#   cmake -DHEAD=head.md [-DBODY=cli.md] -DOUT=out.md -DVERSION=x.y.z -DDATE=YYYY-MM-DD -P man-page.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var HEAD OUT VERSION DATE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "man-page.cmake: -D${var}=... is required")
    endif()
endforeach()

# Drops the HTML comments of the variable named `var`, however many lines they span, and the
# blank lines they leave (at most one blank line in a row).
function(drop_html_comments var)
    set(text "${${var}}")
    while(TRUE)
        string(FIND "${text}" "<!--" open)
        if(open EQUAL -1)
            break()
        endif()
        string(SUBSTRING "${text}" ${open} -1 rest)
        string(FIND "${rest}" "-->" close)
        if(close EQUAL -1)
            message(FATAL_ERROR "man-page.cmake: an HTML comment is never closed")
        endif()
        math(EXPR after "${open} + ${close} + 3")
        string(SUBSTRING "${text}" 0 ${open} before)
        string(SUBSTRING "${text}" ${after} -1 tail)
        set(text "${before}${tail}")
    endwhile()
    string(REGEX REPLACE "\n[ \t]*\n([ \t]*\n)+" "\n\n" text "${text}")
    set(${var} "${text}" PARENT_SCOPE)
endfunction()

file(READ ${HEAD} page)
string(REPLACE "@VERSION@" "${VERSION}" page "${page}")
string(REPLACE "@DATE@" "${DATE}" page "${page}")

if(BODY)
    file(READ ${BODY} body)
    string(FIND "${body}" "\n## " start)
    if(start EQUAL -1)
        message(FATAL_ERROR "man-page.cmake: ${BODY} has no \"## \" section")
    endif()
    string(SUBSTRING "${body}" ${start} -1 body)

    # Section names in capitals.
    string(REGEX MATCHALL "\n## [^\n]*" headings "${body}")
    foreach(h IN LISTS headings)
        string(TOUPPER "${h}" upper)
        string(REPLACE "${h}\n" "${upper}\n" body "${body}")
    endforeach()

    # [text](relative/path.md#anchor) -> text; links with a scheme (https:, mailto:) stay.
    string(REGEX REPLACE "\\[([^]\n]*)\\]\\(([^):\n]*)\\)" "\\1" body "${body}")

    string(APPEND page "${body}")
endif()
drop_html_comments(page)

file(WRITE ${OUT} "${page}")
