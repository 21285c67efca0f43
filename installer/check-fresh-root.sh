#!/usr/bin/env bash
# Proves that the README's first command works on a fresh Debian 12, where nothing was
# installed by hand: this machine and CI's have packages that no project file installs, so a
# green CI alone cannot show that installer/bootstrap-debian.sh is complete.
#
#   1. makes a minimal Debian 12 (bookworm) root with mmdebstrap (variant minbase: the
#      Essential and "required" packages, as a Debian container image has; no compiler, no
#      CMake, no library headers: the bootstrap must bring them all), from the same Debian
#      mirror, and through the same proxy, as this machine's own apt;
#   2. copies the checkout's tracked files into it (git ls-files, as they are in the working
#      tree: see copy_checkout);
#   3. takes the first command of README.md's Quick start, checks it ends with
#      "&& build/bin/scelle" (the desktop window, which never returns), and runs everything
#      before it inside the root, as root, from the copied checkout;
#   4. then, without network: build/bin/scelle and build/bin/scelle-cli exist, find all their
#      libraries and run; "scelle-cli demo -o DIR" exits 0 and writes its bundle and report;
#      build/bin/scelle keeps its window open for 8 s under Xvfb (the bootstrap brings Xvfb).
#
# It is slow from fresh (about 1 GB of packages and a build on 2 cores), so it keeps a record
# of passes in /var/cache/scelle-ci/fresh-root, keyed by a SHA-256 over its inputs: the
# bootstrap, every CMakeLists.txt and *.cmake file, the README's command line and this script.
# When that key has passed before, the proof is skipped and says so. The bootstrap's result is
# never cached; only the minbase root (mmdebstrap's output, which depends on the release alone)
# is reused, for up to 30 days.
#
# Needs root (mmdebstrap, mounts, chroot). Any failure exits 1 with one sentence naming the
# step; the whole output of the run is in /var/cache/scelle-ci/fresh-root/last-run.log.
#
#   bash installer/check-fresh-root.sh            skip if these inputs passed before
#   bash installer/check-fresh-root.sh --force    run it regardless
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
self="$source_dir/installer/check-fresh-root.sh"
release=bookworm
variant=minbase
cache_dir=${SCELLE_FRESH_ROOT_CACHE:-/var/cache/scelle-ci/fresh-root}
base_tar="$cache_dir/base-$release-$variant.tar"
base_max_age_days=30
log="$cache_dir/last-run.log"
# The build inside the root uses two jobs: the machine has two cores, shared with others.
build_jobs=2

force=0
case "${1:-}" in
    --force) force=1 ;;
    "") ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "usage: $0 [--force]" >&2
        exit 2
        ;;
esac

say() { echo "fresh-root: $*"; }
fail() {
    say "FAILED: $*" >&2
    exit 1
}

[[ $(id -u) -eq 0 ]] || fail "the proof needs root (mmdebstrap, mounts and chroot), and this is user $(id -un)."
cd "$source_dir"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    fail "$source_dir is not a git checkout, so which files belong to the project is unknown."

# --- The README's command ----------------------------------------------------------------
# Taken from README.md itself, so the proof cannot drift from what a newcomer reads: the
# first ```sh block under "## Quick start", one command (lines ending in \ are joined).
readme_command=$(awk '
    /^## Quick start/ { in_section = 1; next }
    in_section && /^## / { exit }
    in_section && !in_block && /^```sh[[:space:]]*$/ { in_block = 1; next }
    in_block && /^```/ { exit }
    in_block { print }
' README.md | sed -e ':a' -e '/\\$/{N; s/\\\n[[:space:]]*//; ba' -e '}' | sed '/^[[:space:]]*$/d')
[[ -n "$readme_command" ]] || fail "README.md has no \`\`\`sh block under \"## Quick start\"."
(($(wc -l <<<"$readme_command") == 1)) ||
    fail "the first \`\`\`sh block of README.md's Quick start holds more than one command."
suffix=" && build/bin/scelle"
[[ "$readme_command" == *"$suffix" ]] ||
    fail "README.md's first command no longer ends with \"$suffix\", so this proof does not know where the window opens: update the script."
# Everything before the desktop window, which opens and never returns.
readme_prefix=${readme_command%"$suffix"}

# --- The key --------------------------------------------------------------------------------
# Files as they are in the working tree (the same bytes that copy_checkout copies); a tracked
# file deleted from the working tree is not there for the proof either, so it is left out.
key_files() {
    git ls-files -z -- installer/bootstrap-debian.sh ':(glob)**/CMakeLists.txt' ':(glob)**/*.cmake' |
        while IFS= read -r -d '' f; do [[ -f "$f" ]] && printf '%s\n' "$f"; done
}
key=$({
    # shellcheck disable=SC2046 # one path a line, no path here has spaces
    LC_ALL=C sha256sum $(key_files | LC_ALL=C sort)
    echo "$(sha256sum <"$self" | cut -d' ' -f1)  (this script)"
    echo "readme-command: $readme_command"
    echo "release: $release $variant"
} | sha256sum | cut -d' ' -f1)
pass_file="$cache_dir/$key.pass"

mkdir -p "$cache_dir"
# One proof at a time on a machine: two would fight over the base root and the two cores.
exec 9>"$cache_dir/.lock"
if ! flock -n 9; then
    say "another proof is running on this machine; waiting for it."
    flock 9
fi

if ((force == 0)) && [[ -f "$pass_file" ]]; then
    passed_at=$(sed -n 's/^date=//p' "$pass_file")
    say "proof skipped: its inputs are unchanged since the pass of $passed_at (key $key)."
    exit 0
fi
if ((force)); then
    say "running the proof (--force; key $key)."
else
    say "running the proof: no pass is recorded for these inputs (key $key)."
fi
start=$SECONDS
: >"$log"
say "the whole output goes to $log"

step=""
# Names the step in one sentence, with the end of the log, on any failure not already named.
on_error() {
    local rc=$1
    {
        echo "---- last lines of $log ----"
        tail -n 60 "$log"
        echo "----"
    } >&2
    say "FAILED (exit $rc) while $step; see $log." >&2
}
begin() {
    step=$1
    say "[$((SECONDS - start)) s] $step"
    echo "==== $step" >>"$log"
}

# --- This machine's way to Debian's mirror --------------------------------------------------
begin "finding how this machine's apt reaches Debian's mirror"
# mmdebstrap reads neither the host's sources nor its apt.conf.d, so both are taken from
# the host's apt: the Debian archives it has for $release (its "release" lines say o=Debian and
# n=$release, -updates or -security), and the options that decide how it connects (proxies,
# and the Valid-Until/Date checks, which a mirror serving a snapshot needs off).
mapfile -t mirrors < <(apt-cache policy 2>/dev/null | awk -v rel="$release" '
    /^ *-?[0-9]+ [a-z+]+:\/\/[^ ]+ [^ ]+ / { uri = $2; split($3, p, "/"); suite = p[1]; next }
    /^ *release / && uri != "" {
        if ($0 ~ /o=Debian,/ && match($0, /n=[^,]*/)) {
            n = substr($0, RSTART + 2, RLENGTH - 2)
            if (n == rel || n == rel "-updates" || n == rel "-security")
                print "deb " uri " " suite " main"
        }
        uri = ""
    }' | LC_ALL=C sort -u)
if ((${#mirrors[@]} == 0)); then
    # Not Debian 12, or apt-get update never ran: Debian's own mirrors, as a fresh install has.
    mirrors=("deb http://deb.debian.org/debian $release main"
        "deb http://deb.debian.org/debian $release-updates main"
        "deb http://deb.debian.org/debian-security $release-security main")
    say "this machine's apt has no Debian $release archive; using deb.debian.org."
fi
mapfile -t host_aptopts < <(apt-config dump |
    grep -E '^Acquire::((http|https|ftp)::Proxy( |::)|Check-Valid-Until |Check-Date )' || true)
for m in "${mirrors[@]}"; do say "  mirror: $m"; done
for o in "${host_aptopts[@]}"; do say "  apt option: $o"; done
aptopt_args=()
for o in "${host_aptopts[@]}"; do aptopt_args+=(--aptopt="$o"); done
# The same proxies from the environment, for apt inside the root too.
proxy_env=()
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -n "${!v:-}" ]] && proxy_env+=("$v=${!v}")
done

# --- The minimal root ---------------------------------------------------------------------
begin "making sure mmdebstrap is installed on this machine"
if ! command -v mmdebstrap >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-cache show mmdebstrap >/dev/null 2>&1 || apt-get update -qq >>"$log" 2>&1
    apt-get install -y -qq --no-install-recommends mmdebstrap >>"$log" 2>&1
fi

if [[ -f "$base_tar" ]] && [[ -z $(find "$base_tar" -mtime +"$base_max_age_days") ]]; then
    begin "reusing the $variant root of Debian $release made on $(date -u -r "$base_tar" +%Y-%m-%dT%H:%MZ)"
else
    begin "making a $variant root of Debian $release with mmdebstrap"
    # The base depends on the release alone: the mirror and apt options are written afresh
    # into each run's copy, so mmdebstrap's own record of them is left out of the tarball.
    trap 'on_error $?' ERR
    mmdebstrap --mode=root --variant="$variant" --format=tar "${aptopt_args[@]}" \
        --customize-hook='rm -f "$1/etc/apt/apt.conf.d/99mmdebstrap"' \
        "$release" "$base_tar.tmp" "${mirrors[@]}" >>"$log" 2>&1
    mv "$base_tar.tmp" "$base_tar"
    trap - ERR
fi

root=""
# The root is removed on exit, pass or fail; a failure's log stays in $log. The mounts made
# for the root live in a mount namespace of their own (in_root), so none is left behind here;
# this is checked all the same before anything is removed.
cleanup() {
    [[ -n "$root" && -d "$root" ]] || return 0
    if grep -qF " $root/" /proc/self/mountinfo; then
        say "something is still mounted under $root: it is left there." >&2
        return 0
    fi
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
trap 'on_error $?' ERR

begin "unpacking the root and pointing its apt at this machine's mirror"
root=$(mktemp -d /var/tmp/scelle-fresh-root.XXXXXX)
tar -C "$root" --numeric-owner -xpf "$base_tar"
printf '%s\n' "${mirrors[@]}" >"$root/etc/apt/sources.list"
rm -f "$root"/etc/apt/sources.list.d/*
if ((${#host_aptopts[@]})); then
    printf '%s\n' "${host_aptopts[@]}" >"$root/etc/apt/apt.conf.d/99host-network"
fi
# Names are resolved as on this machine (mmdebstrap copies resolv.conf too, at its own time).
# Removed first: were they symbolic links, copying onto them would write outside the root.
rm -f "$root/etc/resolv.conf" "$root/etc/hosts"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cp -L /etc/hosts "$root/etc/hosts"
# Proof that the root is what a newcomer starts from: no compiler, no CMake.
for tool in cc c++ cmake ninja pkg-config; do
    if chroot "$root" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c "command -v $tool" >/dev/null; then
        fail "the fresh root already has $tool, so it would not prove that the bootstrap brings it."
    fi
done

# Copies the project's tracked files as they are in the working tree (git ls-files, not git
# archive HEAD): the key is computed over the working tree, so the proof must run on those same
# bytes. In CI, a fresh clone, the working tree is HEAD. Untracked files (a build folder, local
# notes) are not copied: a fresh clone would not have them. Tracked files deleted from the
# working tree are left out, as a clone after that commit would.
begin "copying the checkout's tracked files into the root (git ls-files)"
checkout=/root/scelle
mkdir -p "$root$checkout"
git ls-files -z | while IFS= read -r -d '' f; do
    [[ -e "$f" || -L "$f" ]] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -C "$root$checkout" -xf -

# Runs a bash script inside the root, as root, from the checkout: in a mount namespace and a
# PID namespace of its own (its /proc, /sys, /dev/pts and /dev/shm vanish with it, and so does
# any process it leaves running), with the environment of a login shell of root and nothing
# of this machine's, but its proxies. "--net" also gives it a network namespace of its own:
# no network, and an X display number that no X server of this machine can already hold.
in_root() {
    local ns=(--mount --pid --fork --propagation private)
    if [[ "$1" == --net ]]; then
        ns+=(--net)
        shift
    fi
    unshare "${ns[@]}" -- /bin/bash -c '
        set -e
        r=$1
        shift
        mkdir -p "$r/dev/pts" "$r/dev/shm"
        mount -t proc proc "$r/proc"
        mount -t sysfs -o ro sysfs "$r/sys"
        mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$r/dev/pts"
        mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
        exec chroot "$r" "$@"
    ' in-root "$root" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LANG=C.UTF-8 TERM=dumb CMAKE_BUILD_PARALLEL_LEVEL="$build_jobs" "${proxy_env[@]}" \
        /bin/bash -c "cd $checkout || exit 1
$1" in-root "${@:2}"
}

begin "running the README's command up to the window: $readme_prefix"
# The DEBUG trap writes down each command of the line before it starts, so a failure can be
# named by the command that failed; the line itself runs unchanged, as a newcomer types it.
set +e
in_root "trap 'printf \"%s\\n\" \"\$BASH_COMMAND\" >/tmp/readme-step' DEBUG; $readme_prefix" \
    </dev/null >>"$log" 2>&1
rc=$?
set -e
if ((rc != 0)); then
    failed_part=$(cat "$root/tmp/readme-step" 2>/dev/null || echo "?")
    trap - ERR
    tail -n 60 "$log" >&2
    fail "the README's command failed at \"$failed_part\" (exit $rc) on a fresh Debian 12 root; see $log."
fi

begin "checking the programs it built (without network)"
# One script, run without network: the programs must not need it to start, and the demo
# works offline (no time-stamp authority). Each check names itself in /tmp/check-failure.
checks=$(
    cat <<'EOF'
check_fail() { echo "$*" >/tmp/check-failure; echo "check failed: $*" >&2; exit 1; }
for p in build/bin/scelle build/bin/scelle-cli; do
    [[ -x $p ]] || check_fail "$p was not built"
    missing=$(ldd "$p" | grep 'not found' || true)
    [[ -z $missing ]] || check_fail "$p cannot find its libraries: $missing"
done
build/bin/scelle-cli --version || check_fail "build/bin/scelle-cli --version did not run"
export SCELLE_TSA_URLS="" SCELLE_STORE=/tmp/store
build/bin/scelle-cli demo -o /tmp/demo || check_fail "build/bin/scelle-cli demo -o /tmp/demo exited $?"
bundle=$(find /tmp/demo -name '*.zip' | head -n 1)
report=$(find /tmp/demo -name '*.pdf' | head -n 1)
[[ -n $bundle && -s $bundle ]] || check_fail "scelle-cli demo wrote no bundle"
[[ -n $report && -s $report ]] || check_fail "scelle-cli demo wrote no PDF report"
unzip -tq "$bundle" || check_fail "the demo's bundle $bundle is not a sound zip"
qpdf --check "$report" >/dev/null || check_fail "the demo's report $report is not a sound PDF"
echo "demo: $bundle and $report"
# The window: still running after 8 s under Xvfb, and something drawn on the screen.
export SCELLE_STORE=/tmp/store-gui GDK_BACKEND=x11 NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c '
    build/bin/scelle & app=$!
    sleep 8
    kill -0 $app || exit 1
    scrot /tmp/gui.png
    kill $app
    wait $app || true' || check_fail "build/bin/scelle did not keep running for 8 s under Xvfb"
sd=$(convert /tmp/gui.png -format "%[fx:standard_deviation]" info:)
[[ $sd != 0 ]] || check_fail "build/bin/scelle ran under Xvfb but the screen stayed blank"
echo "scelle: ran 8 s under Xvfb; screen standard deviation $sd"
EOF
)
set +e
in_root --net "$checks" </dev/null >>"$log" 2>&1
rc=$?
set -e
cp "$root/tmp/gui.png" "$cache_dir/last-gui.png" 2>/dev/null || true
if ((rc != 0)); then
    why=$(cat "$root/tmp/check-failure" 2>/dev/null || echo "the checks stopped (exit $rc)")
    trap - ERR
    tail -n 40 "$log" >&2
    fail "the README's command built the programs, but on the fresh root $why; see $log."
fi
grep -E '^(scelle-cli |demo: |scelle: )' "$log" | sed 's/^/fresh-root:   /'

trap - ERR
duration=$((SECONDS - start))
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "duration_s=$duration"
    echo "commit=$(git rev-parse HEAD)"
    echo "key=$key"
    echo "command=$readme_command"
} >"$pass_file"
say "PASSED in $((duration / 60)) min $((duration % 60)) s: the README's first command works on a fresh Debian $release root (recorded in $pass_file)."
