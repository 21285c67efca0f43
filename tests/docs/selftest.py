#!/usr/bin/env python3
"""The doc-test runner's own test: run_doc_commands.py must notice failures, and say where.

    selftest.py --bin-dir DIR --test-tsa PROGRAM

Runs the runner on the fixtures in fixtures/ and checks its exit status, its messages and, via
marks the fixture's blocks leave in $SELFTEST_PROBE_DIR, exactly which blocks ran.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_doc_commands.py")
FIXTURES = os.path.join(HERE, "fixtures")

failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def run(args, fixture, extra=(), env=None):
    cmd = [sys.executable, RUNNER, "--bin-dir", args.bin_dir, "--test-tsa", args.test_tsa,
           *extra, os.path.join(FIXTURES, fixture)]
    started = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    print(f"--- {fixture}: exit status {p.returncode} ---")
    print(p.stdout + p.stderr)
    return p.returncode, p.stdout + p.stderr, time.monotonic() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--test-tsa", required=True)
    args = ap.parse_args()
    doc = "tests/docs/fixtures/selftest.md"
    with open(os.path.join(FIXTURES, "selftest.md"), encoding="utf-8") as f:
        fixture = f.read().split("\n")

    def line_of(text):
        """The 1-based line of the fixture that starts with `text` (blanks ignored)."""
        return next(n + 1 for n, l in enumerate(fixture) if l.strip().startswith(text))

    setup = line_of("<!-- doc-test: setup")
    passing = line_of('test "$greeting" = "set by the hidden set-up"') - 1
    skipped = line_of("probe skipped-block-ran") - 1
    in_list = line_of("count=$(wc -l < from-setup.txt)") - 1
    failing = line_of('echo "selftest: this line runs before the failure"') - 1
    failing_line = line_of('test "$greeting" = "something else"')

    with tempfile.TemporaryDirectory() as probes:
        env = dict(os.environ, SELFTEST_PROBE_DIR=probes)
        rc, out, _ = run(args, "selftest.md", env=env)
        ran = set(os.listdir(probes))
    check(rc == 1, "a failing block makes the runner exit 1")
    check(f"FAILED: {doc}, ```sh block starting at line {failing}\n" in out,
          "the failure names the document and the block's first line")
    check(f'failing command, line {failing_line} of {doc}: test "$greeting" = "something else"'
          in out, "the failure names the failing command and its line")
    check("selftest: this line runs before the failure" in out,
          "the failing block's stdout is shown")
    check("(1 later block(s) not run)" in out, "the blocks after the failure are counted")
    check(f"skip  {doc}:{skipped}  ```sh block: self-test: a skipped block must not run" in out,
          "a skipped block is listed with its reason")
    for line, what in ((setup, "set-up comment"), (passing, "```sh block"),
                       (in_list, "```sh block")):
        check(f"ok    {doc}:{line}  {what}" in out, f"the block at line {line} is reported ok")
    check("read as the test TSA's CA" in out,
          "the substitution of the system CA bundle is said")
    expected = {"setup-ran", "passing-block-ran", "list-block-ran", "failing-block-started"}
    check(ran == expected, f"exactly the expected blocks ran (marks: {sorted(ran)})")

    with tempfile.TemporaryDirectory() as probes:
        env = dict(os.environ, SELFTEST_PROBE_DIR=probes)
        rc, out, took = run(args, "timeout.md", extra=["--timeout", "2"], env=env)
        check(rc == 1 and "ran longer than 2 s and was stopped" in out,
              "a block over its time limit fails, and says so")
        check(took < 40, f"a block over its time limit is stopped promptly ({took:.0f} s)")
        # The block's background job would leave its mark 5 s after it started.
        time.sleep(max(0.0, 7 - took))
        check(not os.listdir(probes), "what the block started in the background was stopped too")

    rc, out, _ = run(args, "malformed.md")
    check(rc == 2 and "malformed.md:3: write the reason in brackets" in out,
          "a skip marker without a reason is refused, with its line")

    print("PASSED" if not failures else f"FAILED: {len(failures)} check(s)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
