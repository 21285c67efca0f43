#!/usr/bin/env python3
"""A forger's toolkit for Scellé evidence bundles (docs/bundle-format.md).

Written the way someone outside the project would write it: Python's standard library, the
`openssl` and `curl` commands, and nothing of Scellé's code. Each forgery keeps the bundle as
consistent as an outsider can make it (manifests, Payload-Oxum, fresh time-stamps, case.json
fields copied from the new tokens), so that only the checks Scellé cannot be fooled by remain.
The tests in tests/cli/cli_forger_test.cpp drive it; the verifier must refuse what it writes.

Usage:
  forge.py edit IN.zip OUT.zip OP [ARGS...] [+ OP [ARGS...]]...
  forge.py splice A.zip B.zip OUT.zip          OUT = A's bytes followed by B's
  forge.py patch-header IN.zip OUT.zip ENTRY FIELD VALUE
                                                FIELD: flags | version_needed (local header)
  forge.py token URL DATA_FILE OUT.tsr          a fresh token over DATA_FILE from URL
  forge.py read IN.zip PATH                     a file of the bundle, as zipfile reads it
  forge.py list IN.zip

Edit operations, applied in order to the bundle's files (paths relative to scelle-<id>/):
  edit-json JPATH JSON          set a field of data/case.json: items[1].description '"x"'
  delete-item SEQ               remove an item: its case.json entry, evidence file, manifest
                                line, and data/report.pdf (which lists it)
  withdraw-item SEQ REASON      mark an item withdrawn (no log line) and drop its file
  edit-baginfo LABEL VALUE      set a bag-info.txt label's value
  baginfo-crlf                  bag-info.txt with CRLF line endings
  replace-file PATH DATA_FILE   replace a file's bytes (e.g. an evidence file)
  remanifest                    recompute both manifests, Payload-Oxum and Scelle-Log-Lines
  reseal URL                    a fresh manifest token from the TSA at URL, then remanifest
  unseal                        remove the manifest token (Scelle-Sealed: no, "sealed": false)
  swap-token K URL              replace timestamps/custody-log-K.tsr by a fresh token from URL
                                over `head -n K data/custody-log.jsonl`; case.json follows it
  take-token K OTHER.zip        replace timestamps/custody-log-K.tsr by OTHER's token
  put-token K TSR_FILE          replace timestamps/custody-log-K.tsr by the token in TSR_FILE
Operations that replace a token also copy its time, TSA name and serial into case.json and
recompute the manifests (a forger's best effort at a consistent bundle).
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
BAGINFO = "bag-info.txt"
CASE = "data/case.json"
LOG = "data/custody-log.jsonl"
REPORT = "data/report.pdf"
MANIFEST_TOKEN = "timestamps/manifest-sha256.txt.tsr"
TSA_CERTS = "timestamps/tsa-certs.pem"


def die(msg):
    sys.stderr.write("forge.py: " + msg + "\n")
    sys.exit(2)


class Bundle:
    """The bundle's entries in their order, with each entry's compression and attributes."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            tops = {i.filename.split("/", 1)[0] for i in infos}
            if len(tops) != 1:
                die("not one top-level folder: %s" % sorted(tops))
            self.folder = tops.pop()
            self.order = []  # relative names, folders ending in "/", in the zip's order
            self.info = {}   # relative name -> (compress_type, external_attr, date_time)
            self.files = {}  # relative file name -> bytes
            for i in infos:
                rel = i.filename[len(self.folder) + 1:]
                self.order.append(rel)
                self.info[rel] = (i.compress_type, i.external_attr, i.date_time)
                if not i.is_dir():
                    self.files[rel] = z.read(i)

    def write(self, path):
        default = (zipfile.ZIP_DEFLATED, 0o100644 << 16, (2026, 1, 1, 0, 0, 0))
        names = [n for n in self.order if n == "" or n.endswith("/") or n in self.files]
        names += sorted(n for n in self.files if n not in names)
        with zipfile.ZipFile(path, "w") as z:
            for rel in names:
                ctype, attr, when = self.info.get(rel, default)
                zi = zipfile.ZipInfo(self.folder + "/" + rel if rel else self.folder + "/", when)
                zi.create_system = 3
                zi.external_attr = attr
                if rel == "" or rel.endswith("/"):
                    zi.compress_type = zipfile.ZIP_STORED
                    z.writestr(zi, b"")
                else:
                    zi.compress_type = ctype
                    z.writestr(zi, self.files[rel])

    # case.json and bag-info.txt
    def case(self):
        return json.loads(self.files[CASE].decode("utf-8"))

    def set_case(self, doc):
        # Two-space indentation, keys in the order read: Scellé's own layout, byte for byte.
        self.files[CASE] = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def set_label(self, label, value):
        text = self.files[BAGINFO].decode("utf-8")
        eol = "\r\n" if "\r\n" in text else "\n"
        lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
        found = False
        for n, line in enumerate(lines):
            if line.split(":", 1)[0] == label:
                lines[n] = "%s: %s" % (label, value)
                found = True
        if not found:
            lines.append("%s: %s" % (label, value))
        self.files[BAGINFO] = (eol.join(lines) + eol).encode("utf-8")

    def remanifest(self):
        def sums(names):
            return "".join("%s  %s\n" % (hashlib.sha256(self.files[n]).hexdigest(), n)
                           for n in sorted(names, key=lambda s: s.encode("utf-8")))
        payload = [n for n in self.files if n.startswith("data/")]
        self.files[MANIFEST] = sums(payload).encode("utf-8")
        size = sum(len(self.files[n]) for n in payload)
        self.set_label("Payload-Oxum", "%d.%d" % (size, len(payload)))
        self.set_label("Scelle-Log-Lines", str(self.files[LOG].count(b"\n")))
        tags = [n for n in self.files if not n.startswith("data/") and n != TAGMANIFEST]
        self.files[TAGMANIFEST] = sums(tags).encode("utf-8")


# JSON paths: items[1].description, case.title, timestamps[0].gen_time
def split_path(jpath):
    parts = []
    for piece in jpath.split("."):
        m = re.fullmatch(r"([^\[\]]+)((?:\[\d+\])*)", piece)
        if not m:
            die("bad JSON path " + jpath)
        parts.append(m.group(1))
        parts += [int(i) for i in re.findall(r"\[(\d+)\]", m.group(2))]
    return parts


def set_json(doc, jpath, value):
    parts = split_path(jpath)
    node = doc
    for p in parts[:-1]:
        node = node[p]
    if isinstance(parts[-1], str) and parts[-1] not in node:
        die("no field %s in case.json" % jpath)
    node[parts[-1]] = value


# Tokens, with the openssl and curl commands.
def run(argv, **kw):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        die("%s failed: %s" % (" ".join(argv), r.stderr.decode(errors="replace")))
    return r.stdout


def fetch_token(url, data):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "data"), "wb") as f:
            f.write(data)
        q = os.path.join(d, "q.tsq")
        run(["openssl", "ts", "-query", "-data", os.path.join(d, "data"), "-sha256", "-cert",
             "-out", q])
        return run(["curl", "-sS", "--fail", "--noproxy", "*", "--data-binary", "@" + q,
                    "-H", "Content-Type: application/timestamp-query", url])


def token_fields(tsr):
    """genTime (RFC 3339, fraction kept), TSA name (RFC 2253) and serial (hex) of a reply."""
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "r.tsr")
        with open(p, "wb") as f:
            f.write(tsr)
        text = run(["openssl", "ts", "-reply", "-in", p, "-text"]).decode("utf-8", "replace")
        tok = os.path.join(d, "t.der")
        run(["openssl", "ts", "-reply", "-in", p, "-token_out", "-out", tok])
        certs = run(["openssl", "pkcs7", "-inform", "DER", "-in", tok, "-print_certs"]).decode()
        subj = ""
        for c in re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", certs,
                            re.S):
            cp = os.path.join(d, "c.pem")
            with open(cp, "w") as f:
                f.write(c + "\n")
            ext = run(["openssl", "x509", "-in", cp, "-noout", "-ext", "extendedKeyUsage"],
                      ).decode()
            if "Time Stamping" in ext:
                subj = run(["openssl", "x509", "-in", cp, "-noout", "-subject", "-nameopt",
                            "RFC2253,-esc_msb"]).decode().strip()
                subj = subj[len("subject="):] if subj.startswith("subject=") else subj
    # The TSTInfo sits in an OCTET STRING asn1parse does not open: take openssl's own reading.
    m = re.search(r"^Time stamp:\s*(\w{3})\s+(\d+) (\d\d):(\d\d):(\d\d)(\.\d+)? (\d{4}) GMT",
                  text, re.M)
    if not m:
        die("no genTime in the token")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    gen = "%s-%02d-%02dT%s:%s:%s%sZ" % (m.group(7), months.index(m.group(1)) + 1,
                                        int(m.group(2)), m.group(3), m.group(4), m.group(5),
                                        m.group(6) or "")
    sm = re.search(r"Serial number:\s*0x([0-9A-Fa-f]+)", text)
    serial = sm.group(1).lower() if sm else ""
    tm = re.search(r"^TSA:\s*DirName:(.*)$", text, re.M)
    tsa = subj
    if tm and tm.group(1).strip() not in ("", "unspecified"):
        # OpenSSL prints "C = FR, O = X, CN = Y"; the signer's RFC 2253 subject is the same name.
        tsa = subj or tm.group(1).strip()
    return {"gen_time": gen, "tsa": tsa, "serial": serial}


def token_certs_pem(tsr):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "r.tsr")
        with open(p, "wb") as f:
            f.write(tsr)
        tok = os.path.join(d, "t.der")
        run(["openssl", "ts", "-reply", "-in", p, "-token_out", "-out", tok])
        out = run(["openssl", "pkcs7", "-inform", "DER", "-in", tok, "-print_certs"]).decode()
    return re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?", out, re.S)


def add_certs(b, tsr):
    pem = b.files.get(TSA_CERTS, b"").decode()
    for c in token_certs_pem(tsr):
        c = c if c.endswith("\n") else c + "\n"
        if c not in pem:
            pem += c
    if pem:
        b.files[TSA_CERTS] = pem.encode()


def put_log_token(b, k, tsr):
    path = "timestamps/custody-log-%d.tsr" % k
    if path not in b.files:
        die("the bundle has no " + path)
    b.files[path] = tsr
    add_certs(b, tsr)
    fields = token_fields(tsr)
    doc = b.case()
    for t in doc["timestamps"]:
        if t["file"] == path:
            t["gen_time"], t["tsa"], t["serial"] = fields["gen_time"], fields["tsa"], fields["serial"]
    for it in doc["items"]:
        ts = it.get("timestamp") or {}
        if ts.get("token") == path:
            ts["gen_time"], ts["tsa"] = fields["gen_time"], fields["tsa"]
    b.set_case(doc)
    b.remanifest()


def log_prefix(b, k):
    lines = b.files[LOG].split(b"\n")
    return b"".join(l + b"\n" for l in lines[:k])


# The edit operations.
def op_edit_json(b, jpath, value):
    doc = b.case()
    set_json(doc, jpath, json.loads(value))
    b.set_case(doc)


def manifest_without(b, name, paths):
    lines = b.files[name].decode().splitlines(True)
    b.files[name] = "".join(l for l in lines if l.rstrip("\n").split("  ", 1)[-1] not in paths
                            ).encode()


def op_delete_item(b, seq):
    doc = b.case()
    gone = [it for it in doc["items"] if it["seq"] == int(seq)]
    if not gone:
        die("no item %s" % seq)
    doc["items"] = [it for it in doc["items"] if it["seq"] != int(seq)]
    b.set_case(doc)
    paths = {REPORT}
    if gone[0].get("file"):
        paths.add(gone[0]["file"])
    for p in paths:
        b.files.pop(p, None)
    manifest_without(b, MANIFEST, paths)


def op_withdraw_item(b, seq, reason):
    doc = b.case()
    for it in doc["items"]:
        if it["seq"] == int(seq):
            if it.get("file"):
                b.files.pop(it["file"], None)
                manifest_without(b, MANIFEST, {it["file"]})
            it["withdrawn"] = True
            it["withdraw_reason"] = reason
            it["withdrawn_at"] = it["recorded_at"]
            it["file"] = None
    b.set_case(doc)


def op_edit_baginfo(b, label, value):
    b.set_label(label, value)


def op_baginfo_crlf(b):
    text = b.files[BAGINFO].decode().replace("\r\n", "\n")
    b.files[BAGINFO] = text.replace("\n", "\r\n").encode()


def op_replace_file(b, path, data_file):
    with open(data_file, "rb") as f:
        b.files[path] = f.read()


def op_remanifest(b):
    b.remanifest()


def op_reseal(b, url):
    doc = b.case()
    doc["sealed"] = True
    b.set_case(doc)
    b.set_label("Scelle-Sealed", "yes")
    b.remanifest()
    tsr = fetch_token(url, b.files[MANIFEST])
    b.files[MANIFEST_TOKEN] = tsr
    add_certs(b, tsr)
    b.remanifest()


def op_unseal(b):
    b.files.pop(MANIFEST_TOKEN, None)
    doc = b.case()
    doc["sealed"] = False
    b.set_case(doc)
    b.set_label("Scelle-Sealed", "no")
    b.remanifest()


def op_swap_token(b, k, url):
    put_log_token(b, int(k), fetch_token(url, log_prefix(b, int(k))))


def op_take_token(b, k, other):
    o = Bundle(other)
    put_log_token(b, int(k), o.files["timestamps/custody-log-%d.tsr" % int(k)])


def op_put_token(b, k, tsr_file):
    with open(tsr_file, "rb") as f:
        put_log_token(b, int(k), f.read())


OPS = {
    "edit-json": op_edit_json,
    "delete-item": op_delete_item,
    "withdraw-item": op_withdraw_item,
    "edit-baginfo": op_edit_baginfo,
    "baginfo-crlf": op_baginfo_crlf,
    "replace-file": op_replace_file,
    "remanifest": op_remanifest,
    "reseal": op_reseal,
    "unseal": op_unseal,
    "swap-token": op_swap_token,
    "take-token": op_take_token,
    "put-token": op_put_token,
}


def cmd_edit(args):
    if len(args) < 3:
        die("edit IN.zip OUT.zip OP [ARGS...] [+ OP ...]")
    b = Bundle(args[0])
    ops, cur = [], []
    for a in args[2:]:
        if a == "+":
            ops.append(cur)
            cur = []
        else:
            cur.append(a)
    ops.append(cur)
    for op in ops:
        if not op or op[0] not in OPS:
            die("unknown operation %s" % (op[:1] or ["(none)"])[0])
        OPS[op[0]](b, *op[1:])
    b.write(args[1])


def cmd_splice(args):
    a, c, out = args
    with open(out, "wb") as f:
        for p in (a, c):
            with open(p, "rb") as g:
                shutil.copyfileobj(g, f)


def cmd_patch_header(args):
    src, out, entry, field, value = args
    with open(src, "rb") as f:
        data = bytearray(f.read())
    with zipfile.ZipFile(src) as z:
        names = [i for i in z.infolist() if i.filename.endswith("/" + entry) or i.filename == entry]
        if len(names) != 1:
            die("entry %s not found once" % entry)
        off = names[0].header_offset
    if data[off:off + 4] != b"PK\x03\x04":
        die("no local header at %d" % off)
    at = {"version_needed": 4, "flags": 6}[field]
    struct.pack_into("<H", data, off + at, int(value, 0))
    with open(out, "wb") as f:
        f.write(data)


def cmd_token(args):
    url, data_file, out = args
    with open(data_file, "rb") as f:
        tsr = fetch_token(url, f.read())
    with open(out, "wb") as f:
        f.write(tsr)


def cmd_read(args):
    src, path = args
    sys.stdout.buffer.write(Bundle(src).files[path])


def cmd_list(args):
    b = Bundle(args[0])
    for n in b.order:
        print(n)


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmds = {"edit": cmd_edit, "splice": cmd_splice, "patch-header": cmd_patch_header,
            "token": cmd_token, "read": cmd_read, "list": cmd_list}
    if sys.argv[1] not in cmds:
        die("unknown command " + sys.argv[1])
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
