#!/usr/bin/env bash
# The layers' rules that a compiler does not check (CONVENTIONS.md, house rules 1 and 2):
#  - no file of the libraries or the CLI calls the system's file functions or includes their
#    POSIX headers: every file operation goes through Env, whose implementations
#    (app/base/src/env*.cpp) are the only exceptions;
#  - no file outside app/gui (and its tests, tests/gui) includes a wxWidgets header.
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
    # And it must accept what is allowed: comments, Env's own calls, Db::open, the GUI.
    rm -rf "$tmp/tree"
    mkdir -p "$tmp/tree/app/store/src" "$tmp/tree/app/base/src" "$tmp/tree/app/gui"
    printf '%s\n' '// calls fsync(), then rename()' 'auto db = sql::Db::open(p, m);' \
        'SCELLE_TRY(env.sync_file(tmp));' 'auto st = env.stat(path);' \
        >"$tmp/tree/app/store/src/ok.cpp"
    printf '%s\n' '#include <unistd.h>' '::fsync(fd);' >"$tmp/tree/app/base/src/env_posix.cpp"
    printf '%s\n' '#include <wx/app.h>' >"$tmp/tree/app/gui/app.cpp"
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

lib_files=()
for d in app/store app/bundle app/report app/jobs app/cli crypto; do
    [[ -d $d ]] || continue
    while IFS= read -r -d '' f; do
        lib_files+=("$f")
    done < <(find "$d" -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) -print0)
done

for f in "${lib_files[@]}"; do
    # Strip // comments (not inside strings: good enough for this code base) before matching.
    hits=$(sed -e 's://.*$::' "$f" | grep -nE "$calls|$bare|$headers" || true)
    if [[ -n $hits ]]; then
        while IFS= read -r line; do
            echo "$f:$line  <- file I/O outside Env (app/base/src/env*.cpp)"
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

if [[ $failed == 0 ]]; then
    echo "check_layers: ok (${#lib_files[@]} library files, no system file calls, no wx outside app/gui)"
fi
exit $failed
