#!/usr/bin/env python3
"""Every control a screen reader can reach has a name.

Starts the real `scelle` program on a temporary store holding one case with one picture, with
GTK's accessibility bridge on (the other GUI tests turn it off with NO_AT_BRIDGE=1), walks its
accessibility tree over AT-SPI as Orca would, and fails when a focusable control (a button, a
text field, a list, a choice box, a check box...) or a menu entry has an empty name.

Then starts it again on an empty store, as on a first start: the new-case wizard opens by
itself, and each of its four pages is walked the same way, going from page to page with the
wizard's own "Next" button pressed over AT-SPI as a screen reader user does.

The wizard is not opened by an AT-SPI action: after the "New case" button's own action
(doAction) the application listed no window at all over AT-SPI while the wizard was open, and
the walk found nothing (this is what hung before), whereas the same wizard opened by Ctrl+N or
by a first start is read normally. So it opens by itself here, and "Next" pressed over AT-SPI
only changes the page. The other dialogs (link, account, withdrawal) are checked in-process by
gui_tests (accessible_names_test.cpp).

Run it inside its own D-Bus session (the AT-SPI bus is started on demand from there):
    dbus-run-session -- python3 screen_reader_names.py SCELLE SCELLE_CLI
Exit 77 (skipped) when there is no display or no pyatspi.
"""
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77

# The roles of the controls a person reaches with Tab or the arrows; each must be named.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "text", "password text",
    "entry", "combo box", "list", "list box", "table", "tree table", "tree", "spin button",
    "slider", "menu item", "check menu item", "radio menu item", "page tab", "tool bar",
    "panel", "layered pane", "scroll pane", "canvas", "drawing area", "icon", "menu",
    "filler",
}


def png_bytes(width, height):
    """A small opaque RGB picture, as a PNG file."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes((x * 3 % 256, y * 5 % 256, 120))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw)))
            + chunk(b"IEND", b""))


def wait_for(what, timeout=30.0, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            found = what()
        except Exception:  # the tree changes while it is read
            found = None
        if found:
            return found
        time.sleep(step)
    return None


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ""


def children(acc):
    try:
        return [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return []


def walk(acc, depth=0):
    if acc is None or depth > 60:
        return
    yield acc
    # A list of thousands of rows is not walked row by row: its own name is what matters.
    if role(acc) in ("table", "tree table", "list") and acc.childCount > 50:
        return
    for c in children(acc):
        yield from walk(c, depth + 1)


def path_of(acc):
    parts = []
    node = acc
    while node is not None and len(parts) < 12:
        parts.append("%s %r" % (role(node), node.name))
        try:
            node = node.parent
        except Exception:
            break
    return " < ".join(parts)


def unnamed_controls(top, pyatspi, checked=None):
    """The focusable, showing controls (and the menu entries) under `top` without a name;
    `checked`, a list, receives the path of every control looked at."""
    bad = []
    if checked is None:
        checked = []
    for acc in walk(top):
        r = role(acc)
        try:
            states = acc.getState()
            name = (acc.name or "").strip()
        except Exception:
            continue
        if r in ("menu item", "check menu item", "radio menu item", "menu"):
            # A choice box's own pop-up list is read under the choice box's name.
            if r == "menu" and role(acc.parent) == "combo box":
                continue
            checked.append(path_of(acc))
            if not name:
                bad.append(path_of(acc))
            continue
        if r not in CONTROL_ROLES:
            continue
        if not (states.contains(pyatspi.STATE_FOCUSABLE)
                and states.contains(pyatspi.STATE_SHOWING)):
            continue
        checked.append(path_of(acc))
        if not name:
            bad.append(path_of(acc))
    return bad


def app_env(tmp):
    """The environment of a Scellé of its own under `tmp`, in English, bridge on."""
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.update({
        "HOME": tmp,
        # Its own single-instance lock: another test's Scellé must not answer for it.
        "XDG_RUNTIME_DIR": tmp,
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "SCELLE_STORE": os.path.join(tmp, "store"),
        "SCELLE_TSA_URLS": "",
        "GDK_BACKEND": "x11",
        "GTK_A11Y": "atk",
    })
    os.makedirs(os.path.join(tmp, "config", "scelle"))
    with open(os.path.join(tmp, "config", "scelle", "gui.ini"), "w") as f:
        f.write("language=en\n")
    return env


class Running:
    """The `scelle` program, started with `env`, and its windows on the accessibility bus."""

    def __init__(self, scelle, env, pyatspi):
        self.pyatspi = pyatspi
        self.process = subprocess.Popen([scelle], env=env)
        self.desktop = pyatspi.Registry.getDesktop(0)

    def ended(self):
        """Why it is no longer running ("exit 1"), or None while it runs."""
        code = self.process.poll()
        return None if code is None else "exit %d" % code

    def accessible(self):
        for a in children(self.desktop):
            if a is not None and a.get_process_id() == self.process.pid:
                return a
        return None

    def window(self, title):
        """Its showing top-level window named `title` (a wx dialog is a "frame" to ATK)."""
        a = self.accessible()
        if a is None:
            return None
        for w in children(a):
            if w is not None and role(w) in ("frame", "dialog") and w.name == title:
                if w.getState().contains(self.pyatspi.STATE_SHOWING):
                    return w
        return None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# The wizard's pages, by their headings, in order, and the fewest controls each shows: its own
# (page 1: the name, 8 check boxes, 2 text boxes; page 2: the app, the account, the link;
# page 3: 5 choices; page 4: 2 buttons) and the wizard's Back, Next and Cancel.
WIZARD_PAGES = ["What happened?", "Where, and who?", "Who will you tell?",
                "Before you capture"]
WIZARD_PAGE_CONTROLS = [11 + 3, 3 + 3, 5 + 3, 2 + 3]


def showing(acc, pyatspi):
    try:
        return acc.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def find_showing(top, pyatspi, roles, name_starts):
    for acc in walk(top):
        if role(acc) in roles and (acc.name or "").startswith(name_starts) \
                and showing(acc, pyatspi):
            return acc
    return None


def press(button):
    """The button's own action ("click"), as a screen reader's "activate" does."""
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            return action.doAction(i)
    return action.doAction(0)


def walk_wizard(app, pyatspi):
    """Every page of the new-case wizard of a first start; the unnamed controls found."""
    wizard = wait_for(lambda: app.window("New case") or app.ended(), timeout=60)
    if wizard is None or isinstance(wizard, str):
        return ["the new-case wizard never appeared on the accessibility bus of a first start "
                "(%s)" % (app.ended() or "still running")]
    bad = []
    for number, heading in enumerate(WIZARD_PAGES, 1):
        page = "wizard page %d (%s): " % (number, heading)
        if not wait_for(lambda: find_showing(wizard, pyatspi, ("label",), heading)):
            bad.append(page + "never shown")
            break
        checked = []
        bad += [page + p for p in unnamed_controls(wizard, pyatspi, checked)]
        # At least the page's own controls and the wizard's buttons (Back, Next, Cancel).
        roles = sorted({c.split(" '")[0] for c in checked})
        print("%s%d controls (%s)" % (page, len(checked), ", ".join(roles)))
        if len(checked) < WIZARD_PAGE_CONTROLS[number - 1]:
            bad.append(page + "only %d controls seen; the walk missed some" % len(checked))
        if number == len(WIZARD_PAGES):
            break
        # Its own "Next >" (the last page has "Finish", which is not pressed: it makes a case).
        following = WIZARD_PAGES[number]
        next_button = wait_for(lambda: find_showing(wizard, pyatspi, ("push button",), "Next"))
        if next_button is None or not press(next_button):
            bad.append(page + "no Next button, or it did nothing")
            break
        if not wait_for(lambda: find_showing(wizard, pyatspi, ("label",), following)):
            bad.append(page + "Next did not lead to “%s”" % following)
            break
    return bad


def main():
    if len(sys.argv) != 3:
        print("usage: screen_reader_names.py SCELLE SCELLE_CLI", file=sys.stderr)
        return 2
    scelle, cli = sys.argv[1], sys.argv[2]
    if not os.environ.get("DISPLAY"):
        print("skipped: no DISPLAY")
        return SKIP
    try:
        import pyatspi
    except ImportError:
        # pyatspi is Debian's package, for Debian's Python: a Python of one's own (pyenv,
        # a virtual environment) found first on PATH does not see it.
        system = "/usr/bin/python3"
        if os.path.exists(system) and os.path.realpath(sys.executable) != system:
            os.execv(system, [system] + sys.argv)
        print("skipped: python3-pyatspi is not installed")
        return SKIP

    failures = []
    with tempfile.TemporaryDirectory(prefix="scelle-a11y-") as tmp:
        env = app_env(tmp)
        picture = os.path.join(tmp, "shot.png")
        with open(picture, "wb") as f:
            f.write(png_bytes(64, 48))
        made = subprocess.run([cli, "case", "new", "--title", "Messages from Max"], env=env,
                              check=True, capture_output=True, text=True)
        case_id = made.stdout.strip().split()[-1]
        subprocess.run([cli, "import", case_id, picture, "--offline"], env=env, check=True,
                       capture_output=True)

        app = Running(scelle, env, pyatspi)
        try:
            main_window = wait_for(lambda: app.window("Scellé") or app.ended(), timeout=60)
            if main_window is None or isinstance(main_window, str):
                print("FAIL: the main window never appeared on the accessibility bus (%s)"
                      % (app.ended() or "still running"))
                return 1
            # Its thumbnails are loaded by a worker; let the window settle.
            time.sleep(2)
            failures += ["main window: " + p for p in unnamed_controls(main_window, pyatspi)]
            failures += ["menus: " + p for p in unnamed_controls(app.accessible(), pyatspi)
                         if p.startswith(("menu", "check menu", "radio menu"))]
        finally:
            app.stop()

    # A first start: the new-case wizard, page by page.
    with tempfile.TemporaryDirectory(prefix="scelle-a11y-") as tmp:
        app = Running(scelle, app_env(tmp), pyatspi)
        try:
            failures += walk_wizard(app, pyatspi)
        finally:
            app.stop()

    for f in failures:
        print("FAIL:", f)
    if failures:
        print("%d control(s) without a name for screen readers" % len(failures))
        return 1
    print("every control has a name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
