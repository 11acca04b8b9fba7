#!/usr/bin/env bash
# Installs what the project's tests, demo and benchmarks need, and nothing twice.
#
#   scripts/setup.sh [apt] [tools] [python] [node] ...   (no argument: everything)
#
# Pinned versions live here and nowhere else. Tools go to $PAYTM_TOOLS (default
# ~/.cache/paytm-checkout), which survives between runs on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}"
CBINDGEN_VERSION=0.29.4
CARGO_FUZZ_VERSION=0.13.2
# Must equal the wasm-bindgen version in Cargo.lock (checked below).
WASM_BINDGEN_VERSION=0.2.130
PY_PACKAGES="paytmchecksum==1.7.0 pycryptodome==4.4.0"
APT_PACKAGES="rustc-web cargo-web rust-web-src lld valgrind chromium chromium-driver llvm libcurl4-openssl-dev openssl"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

do_apt() {
  local missing=()
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "apt packages present"; return; fi
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cargo_tool() { # name version binary
  local bin="$TOOLS/bin/$3"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$2"; then return; fi
  say "cargo install $1 $2 (one time, a few minutes)"
  local locked="--locked"
  # wasm-bindgen-cli's lockfile pins a crate version the registry mirror here lacks.
  [ "$1" = wasm-bindgen-cli ] && locked=""
  cargo install -q "$1" --version "$2" $locked --root "$TOOLS"
}

do_tools() {
  local locked_wb
  locked_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  if [ "$locked_wb" != "$WASM_BINDGEN_VERSION" ]; then
    echo "setup.sh pins wasm-bindgen-cli $WASM_BINDGEN_VERSION but Cargo.lock has $locked_wb" >&2
    exit 1
  fi
  cargo_tool cbindgen "$CBINDGEN_VERSION" cbindgen
  cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
  say "tools present in $TOOLS/bin"
}

do_fuzz() {
  cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz
}

do_python() {
  local venv="$TOOLS/venv"
  [ -x "$venv/bin/python" ] || { say "python venv at $venv"; python3 -m venv "$venv"; }
  if ! "$venv/bin/python" -c 'import paytmchecksum, Crypto' 2>/dev/null; then
    say "pip install $PY_PACKAGES"
    "$venv/bin/pip" install -q $PY_PACKAGES
  fi
  say "python packages present"
}

do_node() {
  for dir in tests/js; do
    [ -f "$dir/package.json" ] || continue
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      say "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
  say "node packages present"
}

[ $# -gt 0 ] || set -- apt tools python node
for part in "$@"; do "do_$part"; done
