#!/usr/bin/env python3
"""One version everywhere: the workspace's `[workspace.package] version` is the single source, and
this fails (exit 1, naming each disagreement) when any surface carries another:

- every crate that inherits it (`version.workspace = true`) — cargo enforces that itself; a crate
  with its own literal version (other than the fuzz crate's 0.0.0) is a disagreement;
- the C header's PTM_VERSION_MAJOR/MINOR/PATCH and ffi/src/version.rs's constants;
- the npm package (wasm/pkg/package.json);
- CHANGELOG.md has a `## [X.Y.Z]` entry;
- the CLI's `--version` (when --cli names the built binary);
- the Python wheel's (pyproject.toml's version must be dynamic, taken from the workspace by
  python/setup.py; every built wheel in target/wheels) and the JVM jar's (jvm/version.properties).

usage: scripts/check-versions.py [--root DIR] [--cli PATH]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys


def read(root, path):
    p = os.path.join(root, path)
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return f.read()


def workspace_version(root):
    text = read(root, "Cargo.toml")
    section = re.search(r"^\[workspace\.package\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    m = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
    if not m:
        sys.exit("check-versions: no [workspace.package] version in Cargo.toml")
    return m.group(1)


def found(root, cli):
    """(where, version) for every place a version is written."""
    out = []
    for crate in ("core", "ffi", "wasm", "cli", "sandbox"):
        text = read(root, crate + "/Cargo.toml")
        if text is None:
            continue
        m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
        if m:
            out.append((crate + "/Cargo.toml", m.group(1)))
    header = read(root, "include/paytm_checkout.h") or ""
    parts = [re.search(r"#define PTM_VERSION_%s (\d+)" % p, header) for p in ("MAJOR", "MINOR", "PATCH")]
    out.append(("include/paytm_checkout.h", ".".join(m.group(1) for m in parts) if all(parts) else "missing"))
    rust = read(root, "ffi/src/version.rs") or ""
    parts = [re.search(r"pub const PTM_VERSION_%s: u32 = (\d+);" % p, rust) for p in ("MAJOR", "MINOR", "PATCH")]
    out.append(("ffi/src/version.rs", ".".join(m.group(1) for m in parts) if all(parts) else "missing"))
    pkg = read(root, "wasm/pkg/package.json")
    out.append(("wasm/pkg/package.json", json.loads(pkg)["version"] if pkg else "missing"))
    py = read(root, "python/pyproject.toml")
    # The wheel's version is dynamic: python/setup.py reads the workspace's, so only a literal
    # version in pyproject.toml could disagree (and __version__ asks the native library).
    if py is not None and not re.search(r'^dynamic\s*=\s*\[[^]]*"version"', py, re.M):
        m = re.search(r'^version\s*=\s*"([^"]+)"', py, re.M)
        out.append(("python/pyproject.toml", m.group(1) if m else "missing"))
    for wheel in sorted(glob.glob(os.path.join(root, "target", "wheels", "paytm_checkout-*.whl"))):
        out.append((os.path.relpath(wheel, root), os.path.basename(wheel).split("-")[1]))
    jvm = read(root, "jvm/version.properties")
    if jvm is not None:
        m = re.search(r"^version=(\S+)", jvm, re.M)
        out.append(("jvm/version.properties", m.group(1) if m else "missing"))
    if cli:
        line = subprocess.run([cli, "--version"], capture_output=True, text=True).stdout.strip()
        out.append(("paytm-checkout --version", line.split()[-1] if line else "missing"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--cli", help="the built paytm-checkout binary, to check its --version")
    args = ap.parse_args()
    want = workspace_version(args.root)
    bad = [(w, v) for w, v in found(args.root, args.cli) if v != want]
    changelog = read(args.root, "CHANGELOG.md") or ""
    if not re.search(r"^## \[%s\]" % re.escape(want), changelog, re.M):
        bad.append(("CHANGELOG.md", "no '## [%s]' entry" % want))
    for where, v in bad:
        print("check-versions: %s says %s; the workspace says %s" % (where, v, want), file=sys.stderr)
    if bad:
        sys.exit(1)
    print("check-versions: %s everywhere" % want)


if __name__ == "__main__":
    main()
