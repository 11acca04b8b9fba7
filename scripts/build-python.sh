#!/usr/bin/env bash
# Builds the Python wheel into target/wheels/ (make python; docs/python.md):
#
#   scripts/build-python.sh        prints the wheel's path on its last line
#
# 1. cargo build --release -p paytm-checkout-ffi (libpaytm_checkout.so);
# 2. stages python/ with a stripped copy of the library inside the package (target/python-build);
# 3. `pip wheel` with the pinned setuptools of the project's venv (scripts/setup.sh python), no
#    build isolation and no index: the wheel is py3-none-<platform>, and installing it needs no
#    Rust toolchain and no dependency. Honours CARGO_TARGET_DIR.
. "$(dirname "$0")/lib.sh" build-python
PY="$TOOLS/venv/bin/python"
[ -x "$PY" ] || { echo "build-python: $PY not found; run scripts/setup.sh python first" >&2; exit 1; }

case "$(uname -s)" in Darwin) SO=libpaytm_checkout.dylib ;; *) SO=libpaytm_checkout.so ;; esac
say "cargo build --release -p paytm-checkout-ffi"
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q --release -p paytm-checkout-ffi
VERSION=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)
[ -n "$VERSION" ] || { echo "build-python: no workspace version in Cargo.toml" >&2; exit 1; }

STAGE="$TARGET/python-build"
rm -rf "$STAGE"
mkdir -p "$STAGE" "$TARGET/wheels"
cp -r python/pyproject.toml python/setup.py python/README.md python/src "$STAGE/"
find "$STAGE" -name __pycache__ -prune -exec rm -rf {} +
cp "$TARGET/release/$SO" "$STAGE/src/paytm_checkout/$SO"
# Symbols are for debugging the Rust side; the exported ptm_* functions stay.
strip --strip-unneeded "$STAGE/src/paytm_checkout/$SO" 2>/dev/null || true
rm -f "$TARGET/wheels"/paytm_checkout-*.whl
say "pip wheel (setuptools $("$PY" -c 'import setuptools; print(setuptools.__version__)'), version $VERSION)"
PAYTM_CHECKOUT_VERSION="$VERSION" "$PY" -m pip wheel -q --no-deps --no-build-isolation --no-index \
  -w "$TARGET/wheels" "$STAGE" >&2
WHEEL=$(ls "$TARGET/wheels"/paytm_checkout-"$VERSION"-py3-none-*.whl)
case "$WHEEL" in *-any.whl) echo "build-python: $WHEEL is not platform-tagged" >&2; exit 1 ;; esac
say "$(basename "$WHEEL"): $(stat -c %s "$WHEEL") bytes"
echo "$WHEEL"
