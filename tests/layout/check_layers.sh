#!/usr/bin/env bash
# The layers' rules that a compiler does not check (CONVENTIONS.md, house rules 1 and 2):
#  - no file of the libraries or the CLI calls the system's file functions or includes their
#    POSIX headers, nor opens a file with the C or C++ streams (<fstream>, std::ifstream,
#    std::ofstream, fopen): every file operation goes through Env, whose implementations
#    (app/base/src/env_*.cpp) and the other platform files (app/base/src/terminal_*.cpp, the
#    capture's platform_*.cpp and backend folders) are the only exceptions;
#  - no file outside app/gui (and its tests, tests/gui) includes a wxWidgets header;
#  - no library below app/jobs links both libzip and PoDoFo, directly or through another
#    library: the bundle (libzip) and the report (PoDoFo) meet only in the jobs
#    (app/CMakeLists.txt checks the same at configure time, on the targets CMake knows).
# Usage: check_layers.sh [ROOT]        checks the tree at ROOT (default: this repository)
#        check_layers.sh --self-test   proves the check fails on a tree that breaks each rule
# Exit 0 when the rules hold; 1 with one line per offending place otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if [[ ${1:-} == --self-test ]]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    status=0
    check_one() {  # $1 file, $2 content: the check must fail on it
        rm -rf "$tmp/tree"
        mkdir -p "$tmp/tree/$(dirname "$1")"
        printf '%s\n' "$2" >"$tmp/tree/$1"
        if "$here/check_layers.sh" "$tmp/tree" >/dev/null; then
            echo "self-test: not caught: $1: $2"
            status=1
        fi
    }
    check_one app/store/src/a.cpp '    int fd = ::open(p.c_str(), O_RDONLY);'
    check_one app/bundle/src/b.cpp '    const ssize_t n = pwrite(fd, d, n, 0);'
    check_one app/report/src/c.cpp '        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);'
    check_one app/jobs/src/d.cpp '#include <unistd.h>'
    check_one crypto/src/e.cpp 'if (::renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE) == 0)'
    check_one app/cli/f.cpp '    if (::lstat(out.c_str(), &st) == 0)'
    check_one app/store/src/g.cpp '    ::unlink(tmp.c_str());'
    check_one app/bundle/include/scelle/bundle/h.h '#include <wx/string.h>'
    check_one tests/unit/core/i.cpp '#include <wx/app.h>'
    check_one app/base/src/text.cpp '    if (::stat(p.c_str(), &st) != 0)'
    check_one app/capture/src/capture.cpp '#include <fcntl.h>'
    check_one app/report/src/j.cpp '#include <fstream>'
    check_one app/store/src/k.cpp '    std::ifstream in(path, std::ios::binary);'
    check_one app/cli/l.cpp '    std::ofstream f(p, std::ios::binary | std::ios::trunc);'
    check_one app/capture/src/m.cpp '    FILE* f = fopen(p.c_str(), "rb");'
    check_one app/jobs/src/n.cpp '    CFilePtr f(std::fopen(path.c_str(), "rb"));'
    check_one app/report/CMakeLists.txt \
        'target_link_libraries(scelle_report PUBLIC scelle_store PRIVATE PkgConfig::PODOFO PkgConfig::LIBZIP)'
    # Through another library: the report on the bundle, which links libzip.
    rm -rf "$tmp/tree"
    mkdir -p "$tmp/tree/app/bundle" "$tmp/tree/app/report"
    printf '%s\n' 'target_link_libraries(scelle_bundle' '    PUBLIC scelle_store PkgConfig::LIBZIP)' \
        >"$tmp/tree/app/bundle/CMakeLists.txt"
    printf '%s\n' 'target_link_libraries(scelle_report PUBLIC scelle_bundle' \
        '    PRIVATE PkgConfig::PODOFO)' >"$tmp/tree/app/report/CMakeLists.txt"
    if "$here/check_layers.sh" "$tmp/tree" >/dev/null; then
        echo "self-test: not caught: the report linking libzip through the bundle"
        status=1
    fi
    # And it must accept what is allowed: comments, Env's own calls, Db::open, the GUI.
    rm -rf "$tmp/tree"
    mkdir -p "$tmp/tree/app/store/src" "$tmp/tree/app/base/src" "$tmp/tree/app/gui" \
        "$tmp/tree/app/capture/src" "$tmp/tree/app/jobs"
    printf '%s\n' '// calls fsync(), then rename()' 'auto db = sql::Db::open(p, m);' \
        'SCELLE_TRY(env.sync_file(tmp));' 'auto st = env.stat(path);' \
        'ZipFilePtr f(zip_fopen_index(z, i, 0));' 'auto c = env.open_c_stream(path);' \
        '// PoDoFo'"'"'s own file device (an std::fstream) never checks its writes' \
        >"$tmp/tree/app/store/src/ok.cpp"
    printf '%s\n' '#include <unistd.h>' '::fsync(fd);' >"$tmp/tree/app/base/src/env_posix.cpp"
    printf '%s\n' '#include <wx/app.h>' >"$tmp/tree/app/gui/app.cpp"
    printf '%s\n' '#include <termios.h>' '#include <unistd.h>' \
        >"$tmp/tree/app/base/src/terminal_posix.cpp"
    printf '%s\n' '#include <unistd.h>' >"$tmp/tree/app/capture/src/platform_unix.cpp"
    printf '%s\n' 'target_link_libraries(scelle_jobs PUBLIC scelle_bundle scelle_report)' \
        >"$tmp/tree/app/jobs/CMakeLists.txt"
    if ! "$here/check_layers.sh" "$tmp/tree"; then
        echo "self-test: allowed code was refused"
        status=1
    fi
    [[ $status == 0 ]] && echo "check_layers self-test: ok"
    exit $status
fi

root=${1:-$(cd "$here/../.." && pwd)}
cd "$root"
failed=0

# The system's file calls, written as calls: `::name(` anywhere not preceded by a name (so
# `sql::Db::open(` passes), or a bare POSIX-only name followed by `(`. Comments are removed first.
calls='(^|[^A-Za-z0-9_>.:])::(open|openat|creat|read|write|pread|pwrite|close|fsync|fdatasync|sync_file_range|rename|renameat|renameat2|unlink|unlinkat|link|linkat|symlink|stat|lstat|fstat|fstatat|mkdir|rmdir|access|chmod|fchmod|truncate|ftruncate|getpid|kill|isatty)[[:space:]]*\('
bare='(^|[^A-Za-z0-9_>.:])(pwrite|pread|fsync|fdatasync|sync_file_range|renameat2|lstat|fstat|openat|unlinkat)[[:space:]]*\('
headers='^[[:space:]]*#[[:space:]]*include[[:space:]]*<(unistd\.h|fcntl\.h|sys/stat\.h|sys/types\.h|signal\.h)>'
# The C and C++ streams' own file opening: <fstream>, std::ifstream/ofstream/fstream, fopen
# (fopen is matched as a call, so zip_fopen_index and Env::open_c_stream pass).
streams='^[[:space:]]*#[[:space:]]*include[[:space:]]*<fstream>|(^|[^A-Za-z0-9_])(std::)?(basic_)?[io]?fstream([^A-Za-z0-9_]|$)|(^|[^A-Za-z0-9_>.])(std::|::)?(fopen|_wfopen|freopen)[[:space:]]*\('

lib_files=()
for d in app/base app/capture app/store app/bundle app/report app/jobs app/cli crypto; do
    [[ -d $d ]] || continue
    while IFS= read -r -d '' f; do
        # The platform files: Env's and the terminal's implementations, the capture's
        # platform glue and its backends (one folder per platform).
        case $f in
            app/base/src/env_*.cpp | app/base/src/terminal_*.cpp) continue ;;
            app/base/include/scelle/base/env.h) continue ;; # Env's own names (stat, lstat...)
            app/capture/src/platform_*.cpp | app/capture/x11/* | app/capture/portal/*) continue ;;
            app/capture/windows/* | app/capture/macos/*) continue ;;
        esac
        lib_files+=("$f")
    done < <(find "$d" -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) -print0)
done

for f in "${lib_files[@]}"; do
    # Strip // comments (not inside strings: good enough for this code base) before matching.
    hits=$(sed -e 's://.*$::' "$f" | grep -nE "$calls|$bare|$headers|$streams" || true)
    if [[ -n $hits ]]; then
        while IFS= read -r line; do
            echo "$f:$line  <- file I/O outside Env (app/base/src/env_*.cpp)"
        done <<<"$hits"
        failed=1
    fi
done

# No wxWidgets outside the GUI and its tests.
while IFS= read -r -d '' f; do
    case $f in app/gui/* | tests/gui/*) continue ;; esac
    hits=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]wx/' "$f" || true)
    if [[ -n $hits ]]; then
        while IFS= read -r line; do
            echo "$f:$line  <- wxWidgets outside app/gui"
        done <<<"$hits"
        failed=1
    fi
done < <(find . -path ./build -prune -o -path './build-*' -prune -o -path ./.git -prune -o \
    -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' -o -name '*.mm' \) -print0 |
    sed -z 's:^\./::')

# libzip and PoDoFo in one library below the jobs, directly or through the libraries it links.
# Read from each library's target_link_libraries(), the scelle_* targets followed.
declare -A links
for f in app/*/CMakeLists.txt crypto/CMakeLists.txt; do
    [[ -f $f ]] || continue
    while IFS= read -r call; do
        args=${call#target_link_libraries(}
        args=${args%)}
        read -r -a words <<<"$args"
        target=${words[0]}
        links[$target]="${links[$target]:-} ${words[*]:1}"
    done < <(sed -e 's/#.*$//' "$f" | tr '\n' ' ' | grep -oE 'target_link_libraries\([^)]*\)' || true)
done
closure() {  # $1 target: every name it links, the scelle_* ones followed
    local -A seen=()
    local queue=("$1") t w
    while ((${#queue[@]})); do
        t=${queue[0]}
        queue=("${queue[@]:1}")
        for w in ${links[$t]:-}; do
            [[ -n ${seen[$w]:-} ]] && continue
            seen[$w]=1
            [[ $w == scelle_* ]] && queue+=("$w")
        done
    done
    echo "${!seen[@]}"
}
for target in "${!links[@]}"; do
    case $target in scelle_jobs | scelle-cli | scelle_gui* | scelle) continue ;; esac
    all=" $(closure "$target") "
    if [[ $all == *LIBZIP* && $all == *PODOFO* ]]; then
        echo "$target links both libzip and PoDoFo  <- they meet only in scelle_jobs and above"
        failed=1
    fi
done

if [[ $failed == 0 ]]; then
    echo "check_layers: ok (${#lib_files[@]} library files, no system file calls or file streams, no wx outside app/gui, libzip and PoDoFo apart below the jobs)"
fi
exit $failed
