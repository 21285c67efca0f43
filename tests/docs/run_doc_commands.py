#!/usr/bin/env python3
"""Runs every command shown in Scellé's Markdown documents, so that the docs cannot rot.

    run_doc_commands.py [--bin-dir DIR] [--test-tsa PROGRAM] [--timeout SECONDS] [--keep]
                        [--list] DOCUMENT.md...

One ctest per document calls this (tests/docs/CMakeLists.txt). Python standard library only.

The convention the documents follow
-----------------------------------
* A fenced block whose info string is `sh` holds commands: it is run. Blocks with any other
  info string (```text, ```console, ```json, none at all) are shown to readers, never run.
* `<!-- doc-test: skip (reason) -->` on the line before a fence (blank lines allowed between)
  means that block is not run; the runner prints the block's line and the reason. The reason
  is required. Use it for what cannot run in a test: starting the GUI, the bootstrap, a full
  build, a command that needs the internet or a real screen.
* A hidden set-up block, not shown to readers, runs at that point, in order:

      <!-- doc-test: setup
      scelle-cli demo -o received >/dev/null
      -->

* Any other `<!-- doc-test: ... -->` is an error (a typo must not silently run or skip a
  block), and so is a skip marker not followed by a fenced block. Other HTML comments are
  ignored with everything inside them.

How a document is run
---------------------
* All its blocks run in order in ONE bash session started with `set -euo pipefail` (set again
  before each block), so variables such as `id=$(scelle-cli case new ...)` carry over. Any
  command that fails ends the run: show an expected failure as `cmd || echo "exit code: $?"`.
  Beware `cmd | head -n K`: under pipefail it fails now and then, when head exits before cmd
  has written everything (cmd dies of SIGPIPE, status 141); write to a file, then head it.
* The working directory is a fresh temporary folder; HOME is another one (so the default store
  ~/.local/share/scelle and the settings file ~/.config/scelle/settings.json are private);
  TMPDIR a third. stdin is /dev/null.
* PATH starts with the build's bin folder (scelle-cli). LANG=C.UTF-8, or fr_FR.UTF-8 for a
  document named *-fr.md when that locale is installed (else C.UTF-8, and the commands' own
  `--lang` decides); LC_ALL, LC_MESSAGES and LANGUAGE are unset. XDG_* and SCELLE_* variables
  of the calling environment are removed, then:
      SCELLE_CAPTURE_BACKEND=fake     capture works without a screen
      SCELLE_TSA_URLS=<the test TSA>  scelle-test-tsa on 127.0.0.1, started here, stopped at
                                      the end
      SCELLE_TRUST_ANCHORS=<its CA>   the test TSA's CA certificate (PEM)
      SCELLE_TEST_TSA_CA=<its CA>     the same path, for set-up blocks
* The internet is never used: http_proxy / https_proxy / HTTP_PROXY / HTTPS_PROXY / ALL_PROXY
  point at a closed local port (127.0.0.1:9) and no_proxy covers only the loopback, so any
  request to another host fails at once instead of leaving the machine. (scelle-cli `link`
  downloads nothing; URLs in the docs are recorded, not fetched.)
* Fixtures made in HOME before the run: ~/Images/capture1.png (a 64x48 PNG) and
  ~/Images/capture2.jpg (a 16x12 JPEG), the files the README's example imports.
* THE ONE SUBSTITUTION: where a block names the system's CA bundle
  /etc/ssl/certs/ca-certificates.crt (the public TSAs chain to it), the path of the test TSA's
  CA file is used instead, since the tokens in a test come from the test TSA. Nothing else in a
  block is ever changed: a placeholder (`K`, `CASE`) must be made runnable by the document's
  author, or the block marked skip.
* Each block has a time limit (--timeout, 120 s by default); a block that exceeds it is
  stopped with everything it started.

On failure the runner prints the document, the block's first line in the Markdown, the
failing command and its line, the exit status, and the block's stdout and stderr, and exits 1.
A document with no `sh` block passes (its blocks are listed). Exit 2: the runner could not do
its job (a malformed directive, a missing program, the test TSA did not start).
"""

import argparse
import base64
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field

SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
RUN_LANGUAGE = "sh"
DEFAULT_TIMEOUT = 120.0
# Info strings of blocks that look like commands but are not run: a note says so.
LOOKS_RUNNABLE = ("bash", "shell", "zsh", "shell-session", "sh-session")
# A port nobody listens on: a proxy there refuses every connection at once.
NO_INTERNET_PROXY = "http://127.0.0.1:9"

# A 16x12 baseline JFIF JPEG (ImageMagick: convert -size 16x12 xc:'#3366cc' -quality 90
# -strip), kept here so the fixture is the same bytes on every machine.
JPEG_16x12 = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsL"
    "EBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU"
    "FBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAMABADAREAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAUEAEA"
    "AAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAABQYE/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQAC"
    "EQMRAD8AjWxeLBAA/9k="
)


class DocError(Exception):
    """A document breaks the convention (not a failing command: the runner cannot go on)."""


@dataclass
class Block:
    kind: str  # "run", "setup", "skip", "shown"
    line: int  # 1-based line of the fence (or of the setup comment) in the Markdown
    info: str = ""
    body: list = field(default_factory=list)
    body_line: int = 0  # the Markdown line of the body's first line
    reason: str = ""


FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test\s*:(?P<rest>.*)$")
SKIP = re.compile(r"^\s*skip\s*\((?P<reason>.*)\)\s*-->\s*$")
SETUP = re.compile(r"^\s*setup\b(?P<rest>.*)$")


def parse_markdown(path, name):
    """Returns the document's blocks in order; raises DocError where the convention is broken.
    `name` is how messages call the document."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    pending_skip = None  # (line, reason) waiting for its fence
    i = 0
    while i < len(lines):
        text = lines[i]
        number = i + 1
        fence = FENCE_OPEN.match(text)
        if fence and not (fence.group("fence")[0] == "`" and "`" in fence.group("info")):
            indent = len(fence.group("indent").expandtabs(4))
            marker = fence.group("fence")
            info = fence.group("info").strip()
            language = info.split()[0] if info else ""
            close = re.compile(r"^[ \t]*" + re.escape(marker[0]) + "{%d,}[ \t]*$" % len(marker))
            body = []
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                body.append(strip_indent(lines[j], indent))
                j += 1
            if j == len(lines):
                raise DocError(f"{name}:{number}: this code block is never closed")
            block = Block("run" if language == RUN_LANGUAGE else "shown", number, language,
                          body, number + 1)
            if pending_skip:
                block.kind = "skip"
                block.reason = pending_skip[1]
                pending_skip = None
            blocks.append(block)
            i = j + 1
            continue
        directive = DIRECTIVE.match(text)
        if directive:
            rest = directive.group("rest")
            if pending_skip:
                raise DocError(f"{name}:{pending_skip[0]}: a skip marker must be followed by a "
                               f"fenced block, not by another doc-test comment (line {number})")
            skip = SKIP.match(rest)
            setup = SETUP.match(rest)
            if skip:
                reason = skip.group("reason").strip()
                if not reason:
                    raise DocError(f"{name}:{number}: write the reason in brackets: "
                                   f"<!-- doc-test: skip (why it cannot run in a test) -->")
                pending_skip = (number, reason)
                i += 1
                continue
            if setup:
                body, end = read_setup(lines, i, setup.group("rest"), name)
                blocks.append(Block("setup", number, "setup", body, number + 1))
                i = end + 1
                continue
            if rest.strip().startswith("skip"):
                raise DocError(f"{name}:{number}: write the reason in brackets: "
                               f"<!-- doc-test: skip (why it cannot run in a test) -->")
            raise DocError(f"{name}:{number}: unknown doc-test comment “{text.strip()}”; "
                           f"write <!-- doc-test: skip (reason) --> or <!-- doc-test: setup")
        if text.lstrip().startswith("<!--"):
            if re.search(r"doc-?test", text, re.IGNORECASE):
                raise DocError(f"{name}:{number}: “{text.strip()}” is not a doc-test comment; "
                               f"write <!-- doc-test: skip (reason) --> or <!-- doc-test: setup")
            # An ordinary HTML comment: whatever it holds (even a fence) is not part of the page.
            j = i
            while "-->" not in lines[j][lines[j].find("<!--") + 4 if j == i else 0:]:
                j += 1
                if j == len(lines):
                    raise DocError(f"{name}:{number}: this HTML comment is never closed")
            i = j + 1
            continue
        if pending_skip and text.strip():
            raise DocError(f"{name}:{pending_skip[0]}: a skip marker must be followed by a fenced "
                           f"block (only blank lines between), but line {number} is text")
        i += 1
    if pending_skip:
        raise DocError(f"{name}:{pending_skip[0]}: a skip marker at the end of the document skips "
                       f"nothing")
    return blocks


def strip_indent(line, indent):
    """Removes up to `indent` columns of leading blanks (the fence's own indentation)."""
    removed = 0
    k = 0
    while k < len(line) and removed < indent and line[k] in " \t":
        removed += 4 - removed % 4 if line[k] == "\t" else 1
        k += 1
    return line[k:]


def read_setup(lines, start, first_rest, name):
    """The body of a `<!-- doc-test: setup` comment and the index of its closing line."""
    if "-->" in first_rest:
        before, after = first_rest.split("-->", 1)
        if after.strip():
            raise DocError(f"{name}:{start + 1}: nothing may follow --> on a setup line")
        return ([before.strip()] if before.strip() else []), start
    if first_rest.strip():
        raise DocError(f"{name}:{start + 1}: the set-up commands start on the line after "
                       f"“<!-- doc-test: setup”")
    body = []
    j = start + 1
    while j < len(lines):
        if "-->" in lines[j]:
            before, after = lines[j].split("-->", 1)
            if after.strip():
                raise DocError(f"{name}:{j + 1}: nothing may follow --> that ends a set-up block")
            if before.strip():
                body.append(before)
            return body, j
        body.append(lines[j])
        j += 1
    raise DocError(f"{name}:{start + 1}: this set-up comment is never closed (-->)")


# --- fixtures -------------------------------------------------------------------------------

def png_bytes(width, height):
    """A small RGB PNG with a pattern (not a single colour), made with zlib alone."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(((x * 4) & 0xFF, (y * 5) & 0xFF, ((x + y) * 3) & 0xFF))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def make_fixtures(home):
    images = os.path.join(home, "Images")
    os.makedirs(images)
    with open(os.path.join(images, "capture1.png"), "wb") as f:
        f.write(png_bytes(64, 48))
    with open(os.path.join(images, "capture2.jpg"), "wb") as f:
        f.write(base64.b64decode(JPEG_16x12))


# --- the test TSA ---------------------------------------------------------------------------

class TestTsa:
    def __init__(self, program, folder):
        self.ca = os.path.join(folder, "test-tsa-ca.pem")
        url_file = os.path.join(folder, "test-tsa-url")
        self.log = open(os.path.join(folder, "test-tsa.log"), "w")
        self.proc = subprocess.Popen([program, "--ca-out", self.ca, "--url-out", url_file],
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not os.path.exists(url_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the test TSA ({program}) did not start")
            time.sleep(0.05)
        with open(url_file) as f:
            self.url = f.read().strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# --- running --------------------------------------------------------------------------------

def locale_installed(name):
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return False
    want = name.lower().replace("-", "")
    return any(l.strip().lower().replace("-", "") == want for l in out.splitlines())


def session_environment(doc, bin_dir, home, tmp, tsa):
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("SCELLE_") or k.startswith("XDG_") or k.startswith("LC_")
                   or k in ("LANG", "LANGUAGE", "DISPLAY", "WAYLAND_DISPLAY", "SSL_CERT_FILE",
                            "SSL_CERT_DIR", "CDPATH", "BASH_ENV", "ENV", "OLDPWD")
                   or k.lower().endswith("_proxy"))}
    lang = "C.UTF-8"
    if doc.endswith("-fr.md") and locale_installed("fr_FR.UTF-8"):
        lang = "fr_FR.UTF-8"
    env.update({
        "HOME": home,
        "TMPDIR": tmp,
        "LANG": lang,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "SCELLE_CAPTURE_BACKEND": "fake",
        "http_proxy": NO_INTERNET_PROXY, "https_proxy": NO_INTERNET_PROXY,
        "HTTP_PROXY": NO_INTERNET_PROXY, "HTTPS_PROXY": NO_INTERNET_PROXY,
        "ALL_PROXY": NO_INTERNET_PROXY, "all_proxy": NO_INTERNET_PROXY,
        "no_proxy": "127.0.0.1,localhost,::1", "NO_PROXY": "127.0.0.1,localhost,::1",
    })
    if tsa:
        env.update({"SCELLE_TSA_URLS": tsa.url, "SCELLE_TRUST_ANCHORS": tsa.ca,
                    "SCELLE_TEST_TSA_CA": tsa.ca})
    return env


def block_script(block, ca_path):
    """The block's text as it runs, and whether the one substitution was made."""
    text = "\n".join(block.body) + "\n"
    substituted = ca_path is not None and SYSTEM_CA_BUNDLE in text
    if substituted:
        text = text.replace(SYSTEM_CA_BUNDLE, ca_path)
    return text, substituted


def write_session(run_dir, runnable, ca_path):
    """The one bash script that sources every block in order, recording progress."""
    q = shell_quote
    out = ["set -euo pipefail",
           f"__doctest_dir={q(run_dir)}",
           # The failing command and its line (in the block's file), for the report.
           "trap 'printf \"%s\\n%s\\n\" \"$LINENO\" \"$BASH_COMMAND\" > \"$__doctest_dir/err\"' ERR"]
    notes = {}
    for n, block in enumerate(runnable):
        text, substituted = block_script(block, ca_path)
        notes[n] = substituted
        with open(os.path.join(run_dir, f"block-{n}.sh"), "w", encoding="utf-8") as f:
            f.write(text)
        out += [
            f"printf 'start {n} %s\\n' \"$EPOCHREALTIME\" >> \"$__doctest_dir/progress\"",
            "set -euo pipefail",
            "rm -f \"$__doctest_dir/err\"",
            f"source \"$__doctest_dir/block-{n}.sh\" > \"$__doctest_dir/block-{n}.out\" "
            f"2> \"$__doctest_dir/block-{n}.err\"",
            f"printf 'end {n} %s\\n' \"$EPOCHREALTIME\" >> \"$__doctest_dir/progress\"",
        ]
    with open(os.path.join(run_dir, "session.sh"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return notes


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def read_progress(run_dir):
    started, ended = {}, {}
    try:
        with open(os.path.join(run_dir, "progress")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    (started if parts[0] == "start" else ended)[int(parts[1])] = \
                        float(parts[2].replace(",", "."))
    except FileNotFoundError:
        pass
    return started, ended


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def tail_file(path, limit=200):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return "(nothing)"
    if not lines:
        return "(nothing)"
    if len(lines) > limit:
        return f"(… {len(lines) - limit} earlier lines left out)\n" + "\n".join(lines[-limit:])
    return "\n".join(lines)


def describe(block):
    return "set-up comment" if block.kind == "setup" else f"```{block.info} block"


def run_document(doc, display, args):
    try:
        blocks = parse_markdown(doc, display)
    except DocError as e:
        print(f"ERROR: {e}")
        return 2
    runnable = [b for b in blocks if b.kind in ("run", "setup")]
    for b in blocks:
        if b.kind == "skip":
            print(f"skip  {display}:{b.line}  ```{b.info or '(no info string)'} block: {b.reason}")
            for line in b.body[:3]:
                print(f"          | {line}")
            if len(b.body) > 3:
                print("          | …")
        elif b.kind == "shown" and b.info in LOOKS_RUNNABLE:
            # Probably meant to run: say so rather than let it rot unseen.
            print(f"note  {display}:{b.line}  ```{b.info} block is not run: only ```{RUN_LANGUAGE} "
                  f"blocks are (write ```{RUN_LANGUAGE}, or ```text / ```console for output)")
        elif b.kind == "shown" and args.list:
            print(f"shown {display}:{b.line}  ```{b.info} block (not run: only `{RUN_LANGUAGE}` "
                  f"blocks are)")
        elif args.list:
            print(f"run   {display}:{b.line}  {describe(b)}, {len(b.body)} line(s)")
    if args.list:
        return 0
    if not runnable:
        skipped = sum(b.kind == "skip" for b in blocks)
        print(f"{display}: nothing to run: no `{RUN_LANGUAGE}` block that is not skipped, no "
              f"set-up ({len(blocks)} block(s) in all, {skipped} of them skipped).")
        return 0

    cli = os.path.join(args.bin_dir, "scelle-cli")
    if not os.access(cli, os.X_OK):
        print(f"ERROR: {cli} is not there: build the scelle-cli target first")
        return 2
    root = tempfile.mkdtemp(prefix="scelle-doc-test-")
    home, work, tmp, run_dir = (os.path.join(root, d) for d in ("home", "work", "tmp", "run"))
    for d in (home, work, tmp, run_dir):
        os.makedirs(d)
    make_fixtures(home)
    tsa = None
    try:
        try:
            tsa = TestTsa(args.test_tsa, root)
        except (RuntimeError, OSError) as e:
            print(f"ERROR: {e}")
            return 2
        env = session_environment(doc, args.bin_dir, home, tmp, tsa)
        substituted = write_session(run_dir, runnable, tsa.ca)
        print(f"{display}: {len(runnable)} block(s) to run in one bash session "
              f"(LANG={env['LANG']}, test TSA {tsa.url})")
        rc = run_session(display, runnable, substituted, run_dir, work, env, args.timeout,
                         args.show_output)
    finally:
        if tsa:
            tsa.stop()
        if args.keep:
            print(f"(kept: {root})")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return rc


def run_session(display, runnable, substituted, run_dir, work, env, timeout, show_output):
    proc = subprocess.Popen(["bash", "--noprofile", "--norc", os.path.join(run_dir, "session.sh")],
                            cwd=work, env=env, stdin=subprocess.DEVNULL,
                            stdout=open(os.path.join(run_dir, "session.out"), "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    reported = set()
    timed_out = None
    while True:
        status = proc.poll()
        started, ended = read_progress(run_dir)
        for n in sorted(ended):
            if n not in reported:
                reported.add(n)
                b = runnable[n]
                note = (f" (with {SYSTEM_CA_BUNDLE} read as the test TSA's CA)"
                        if substituted[n] else "")
                print(f"ok    {display}:{b.line}  {describe(b)}, {ended[n] - started[n]:.1f} s"
                      f"{note}")
                if show_output:
                    for stream in ("out", "err"):
                        text = tail_file(os.path.join(run_dir, f"block-{n}.{stream}"))
                        print(f"  --- std{stream} ---\n" + "\n".join(
                            "  " + l for l in text.splitlines()))
        if status is not None:
            break
        current = [n for n in started if n not in ended]
        if current and time.time() - started[current[0]] > timeout:
            timed_out = current[0]
            kill_group(proc)
            break
        time.sleep(0.1)
    # Whatever the blocks started in the background ends with the session.
    kill_group(proc)
    status = proc.wait()
    started, ended = read_progress(run_dir)
    if timed_out is None and status == 0 and len(ended) == len(runnable):
        print(f"PASSED: {display}: {len(runnable)} block(s) ran.")
        return 0

    failing = timed_out
    if failing is None:
        pending = [n for n in started if n not in ended]
        failing = pending[0] if pending else None
    print()
    if failing is None:
        print(f"FAILED: {display}: the bash session ended (exit status {status}) before its "
              f"blocks ran")
        print(tail_file(os.path.join(run_dir, "session.out")))
        return 1
    b = runnable[failing]
    print(f"FAILED: {display}, {describe(b)} starting at line {b.line}")
    if timed_out is not None:
        print(f"  why: it ran longer than {timeout:g} s and was stopped")
    else:
        print(f"  why: exit status {status}")
        err = os.path.join(run_dir, "err")
        if os.path.exists(err):
            with open(err, encoding="utf-8", errors="replace") as f:
                where = f.read().split("\n", 1)
            if len(where) == 2 and where[0].isdigit():
                print(f"  failing command, line {b.body_line + int(where[0]) - 1} of "
                      f"{display}: {where[1].strip()}")
        elif status == 0:
            print("  the block ended the session (exit) before the following blocks ran")
    if substituted[failing]:
        print(f"  note: {SYSTEM_CA_BUNDLE} was read as the test TSA's CA file in this block")
    print(f"--- the block ({display}:{b.body_line}) ---")
    for k, line in enumerate(b.body):
        print(f"{b.body_line + k:5} | {line}")
    print("--- its stdout ---")
    print(tail_file(os.path.join(run_dir, f"block-{failing}.out")))
    print("--- its stderr ---")
    print(tail_file(os.path.join(run_dir, f"block-{failing}.err")))
    session_out = tail_file(os.path.join(run_dir, "session.out"))
    if session_out != "(nothing)":
        print("--- the session's own output ---")
        print(session_out)
    left = len(runnable) - failing - 1
    if left:
        print(f"({left} later block(s) not run)")
    return 1


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source_root = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("documents", nargs="+", metavar="DOCUMENT.md")
    p.add_argument("--bin-dir", default=os.path.join(source_root, "build", "bin"),
                   help="folder holding scelle-cli (put first on PATH)")
    p.add_argument("--test-tsa", default=os.path.join(source_root, "build", "tests",
                                                        "scelle-test-tsa"),
                   help="the scelle-test-tsa program")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="time limit of one block, in seconds (default: %(default)s)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folders")
    p.add_argument("--list", action="store_true", help="list the blocks, run nothing")
    p.add_argument("--show-output", action="store_true",
                   help="print every block's stdout and stderr, not only a failing one's")
    args = p.parse_args()
    # Line by line, so that a test stopped from outside (ctest's timeout) still shows progress.
    sys.stdout.reconfigure(line_buffering=True)
    args.bin_dir = os.path.abspath(args.bin_dir)
    args.test_tsa = os.path.abspath(args.test_tsa)
    worst = 0
    for doc in args.documents:
        display = os.path.relpath(os.path.abspath(doc), source_root)
        if display.startswith(".."):
            display = doc
        rc = run_document(doc, display, args)
        # A failing command (1) says more than a runner problem (2).
        worst = 1 if 1 in (worst, rc) else max(worst, rc)
    sys.stdout.flush()
    return worst


if __name__ == "__main__":
    sys.exit(main())
