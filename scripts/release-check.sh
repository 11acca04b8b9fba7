#!/usr/bin/env bash
# make release-check: what a registry would accept and what a user would get, checked before any
# release (CI runs it). Assumes `make wasm` (the npm package) and scripts/setup.sh node.
#
#  1. one version everywhere (scripts/check-versions.py: crates, C header, npm, CLI --version,
#     wheel and jar once they exist, and a changelog entry), and a self-test: the check must fail
#     when any one of those places says another version;
#  2. the licence texts every package ships are the root LICENSE-MIT and LICENSE-APACHE;
#  3. the C header is up to date;
#  4. `cargo publish --dry-run` of every publishable crate (packaged and built from the package);
#  5. `npm pack` of the npm package: only the files a user needs (no sources, no tests);
#  6. `cargo semver-checks` (pinned) against the previous release tag, once a tag exists.
# Prints each package's name, version and packed size.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[release-check]\033[0m %s\n' "$*"; }
TOOLS="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}"
SEMVER_CHECKS_VERSION=0.51.0

say "1. versions"
cargo build --locked -q -p paytm-checkout-cli
python3 scripts/check-versions.py --cli target/debug/paytm-checkout
# Self-test: each place, changed alone, must make the check fail.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
places=(include/paytm_checkout.h ffi/src/version.rs wasm/pkg/package.json CHANGELOG.md core/Cargo.toml
  python/pyproject.toml jvm/version.properties)
for place in "${places[@]}"; do
  rm -rf "$tmp/root" && mkdir -p "$tmp/root"
  (git ls-files Cargo.toml CHANGELOG.md include/paytm_checkout.h ffi/src/version.rs \
     wasm/pkg/package.json '*/Cargo.toml' python jvm; echo) | grep . | while read -r f; do
    mkdir -p "$tmp/root/$(dirname "$f")" && cp "$f" "$tmp/root/$f"
  done
  case "$place" in
    include/paytm_checkout.h) sed -i 's/#define PTM_VERSION_PATCH [0-9]*/#define PTM_VERSION_PATCH 99/' "$tmp/root/$place" ;;
    ffi/src/version.rs) sed -i 's/PTM_VERSION_MINOR: u32 = [0-9]*;/PTM_VERSION_MINOR: u32 = 99;/' "$tmp/root/$place" ;;
    wasm/pkg/package.json) sed -i 's/"version": "[^"]*"/"version": "9.9.9"/' "$tmp/root/$place" ;;
    CHANGELOG.md) sed -i 's/^## \[[0-9][^]]*\]/## [9.9.9]/' "$tmp/root/$place" ;;
    core/Cargo.toml) sed -i 's/^version.workspace = true/version = "9.9.9"/' "$tmp/root/$place" ;;
    python/pyproject.toml) sed -i 's/^dynamic = \["version"\]/version = "9.9.9"/' "$tmp/root/$place" ;;
    jvm/version.properties) sed -i 's/^version=.*/version=9.9.9/' "$tmp/root/$place" ;;
  esac
  if python3 scripts/check-versions.py --root "$tmp/root" 2>/dev/null; then
    echo "release-check: check-versions did not notice a different version in $place" >&2
    exit 1
  fi
done
say "   a different version in any of ${#places[@]} places fails the check"

say "2. licences"
for f in LICENSE-MIT LICENSE-APACHE; do
  for pkg in core cli; do cmp -s "$f" "$pkg/$f" || { echo "release-check: $pkg/$f is not the root $f" >&2; exit 1; }; done
  python3 - "$f" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().strip()
if text not in open("wasm/pkg/LICENSE", encoding="utf-8").read():
    sys.exit("release-check: wasm/pkg/LICENSE does not carry %s verbatim" % sys.argv[1])
PY
done

say "3. C header"
scripts/header.sh --check

say "4. crates"
dirty=()
[ "${RELEASE_ALLOW_DIRTY:-}" = 1 ] && dirty=(--allow-dirty)
cargo publish --dry-run --locked "${dirty[@]}" -p paytm-checkout -p paytm-checkout-cli 2>&1 \
  | grep -vE '^\s+(Compiling|Checking|Downloaded|Downloading|Locking|Adding|Updating)' || exit 1
version=$(python3 scripts/check-versions.py | sed 's/.* \([^ ]*\) everywhere/\1/')
for crate in paytm-checkout paytm-checkout-cli; do
  file=$(find target/package -name "$crate-$version.crate" -newer "$tmp" | head -1)
  [ -n "$file" ] || { echo "release-check: no $crate-$version.crate was packed" >&2; exit 1; }
  say "   $crate $version: $(stat -c %s "$file") bytes packed"
done

say "5. npm package"
[ -f wasm/pkg/node/paytm_checkout_bg.wasm ] || { echo "release-check: run make wasm first" >&2; exit 1; }
(cd wasm/pkg && npm pack --dry-run --json 2>/dev/null) > "$tmp/pack.json"
python3 - "$tmp/pack.json" <<'PY'
import json, re, sys
pack = json.load(open(sys.argv[1]))[0]
files = [f["path"] for f in pack["files"]]
bad = [f for f in files if re.search(r"(\.rs$|\.test\.|(^|/)tests?/|\.map$|^src/|\.toml$)", f)]
need = ["package.json", "README.md", "LICENSE", "node/paytm_checkout.js", "node/paytm_checkout_bg.wasm",
        "node/paytm_checkout.d.ts", "web/paytm_checkout.js", "web/paytm_checkout_bg.wasm",
        "web/paytm_checkout.d.ts", "web-helpers/paytm_checkout.js", "web-helpers/paytm_checkout_bg.wasm",
        "web-helpers/paytm_checkout.d.ts", "compat/paytmchecksum.js"]
missing = [f for f in need if f not in files]
if bad or missing:
    sys.exit("release-check: npm package: unwanted %s, missing %s" % (bad, missing))
print("[release-check]    %s@%s: %d files, %d bytes packed, %d unpacked"
      % (pack["name"], pack["version"], len(files), pack["size"], pack["unpackedSize"]))
PY

say "6. semver"
if prev=$(git describe --tags --abbrev=0 2>/dev/null); then
  if ! "$TOOLS/bin/cargo-semver-checks" --version 2>/dev/null | grep -q "$SEMVER_CHECKS_VERSION"; then
    cargo install --locked --root "$TOOLS" cargo-semver-checks --version "$SEMVER_CHECKS_VERSION"
  fi
  "$TOOLS/bin/cargo-semver-checks" semver-checks -p paytm-checkout --baseline-rev "$prev"
else
  say "   no release tag yet: nothing to compare the API with (the first tag will be the baseline)"
fi
say "passed"
