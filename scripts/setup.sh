#!/usr/bin/env bash
# Installs what the project's tests, demo and benchmarks need, and nothing twice.
#
#   scripts/setup.sh [PART...]     (no argument: apt tools python node jdk)
#
# Parts: apt (Debian packages), cbindgen, wasm-bindgen, tools (= cbindgen wasm-bindgen), python
# (a venv with Paytm's own Python checksum library and server SDK, setuptools, pytest and mypy), node (tests/js's npm packages, npm binaryen's wasm-opt
# among them), fuzz (cargo-fuzz), jdk (a JDK with javac and jni.h: Debian's default-jdk-headless
# when none is there). Every make verb asks for the parts its scripts need, so each
# works on a fresh clone; `scripts/setup.sh check` (run by `make lint`) proves that it does.
#
# Not installed here (the machine's own): cargo/rustup, gcc, node/npm, python3. A JDK only when
# missing (part jdk); Kotlin is optional (scripts/test-jvm.sh compiles its Kotlin usage when
# Debian's `kotlin` is installed).
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
# paytm-pg: Paytm's server SDK, run unmodified against the sandbox (sandbox/tests/sdk_python.py).
# setuptools builds our wheel (python/pyproject.toml pins the same); pytest and mypy check it in a
# fresh venv that scripts/test-python.sh fills from this one's `pip freeze`.
PY_PACKAGES="paytmchecksum==1.7.0 pycryptodome==4.4.0 paytm-pg==1.1.2 requests==2.32.3 setuptools==75.8.0 pytest==8.3.4 mypy==1.13.0"
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

do_cbindgen() {
  cargo_tool cbindgen "$CBINDGEN_VERSION" cbindgen
  say "cbindgen present in $TOOLS/bin"
}

do_wasm_bindgen() {
  local locked_wb
  locked_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  if [ "$locked_wb" != "$WASM_BINDGEN_VERSION" ]; then
    echo "setup.sh pins wasm-bindgen-cli $WASM_BINDGEN_VERSION but Cargo.lock has $locked_wb" >&2
    exit 1
  fi
  cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
  say "wasm-bindgen present in $TOOLS/bin"
}

do_tools() {
  do_cbindgen
  do_wasm_bindgen
}

# Any JDK 8+ with javac and jni.h will do (JAVA_HOME, else the javac on PATH); Debian's default
# JDK only when there is none.
do_jdk() {
  local home="${JAVA_HOME:-}"
  if [ -z "$home" ] && command -v javac >/dev/null; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  if [ -n "$home" ] && [ -x "$home/bin/javac" ] && [ -f "$home/include/jni.h" ]; then
    say "JDK present ($home)"
    return
  fi
  say "apt-get install default-jdk-headless"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jdk-headless >/dev/null
}

do_fuzz() {
  cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz
}

do_python() {
  local venv="$TOOLS/venv"
  [ -x "$venv/bin/python" ] || { say "python venv at $venv"; python3 -m venv "$venv"; }
  if ! "$venv/bin/python" -c 'import paytmchecksum, Crypto, paytmpg, requests, pytest, setuptools, mypy
assert setuptools.__version__ == "75.8.0"' 2>/dev/null; then
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

# ---- `scripts/setup.sh check`: every make verb installs what its scripts need -----------------
#
# What each script needs from the parts above. A verb that runs a script must first run this file
# with those parts (or depend on a verb that does); `check` reads the commands `make -n VERB` would
# run, in order, for every verb of the Makefile, and fails on a script reached without them. It
# also reads each script for tell-tale uses (node_modules, the venv, cbindgen, Debian's packages
# ...) so that a script that starts to need a part cannot be left out of this table.
declare -A NEEDS=(
  [build-wasm.sh]="apt wasm-bindgen node"  # rust-web-src, wasm-ld; wasm-bindgen; npm binaryen
  [header.sh]="cbindgen"
  [test-c.sh]="apt python"                 # valgrind; paytmchecksum
  [test-js.sh]="apt node"                  # chromium; tsc, playwright-core, paytmchecksum
  [test-e2e.sh]="apt node"                 # valgrind, libcurl, openssl, chromium; playwright-core
  [test-interop.sh]="python"
  [build-python.sh]="python"               # setuptools, pip wheel
  [test-python.sh]="python"                # pytest, paytmchecksum; builds the wheel
  [release-check.sh]="node cbindgen"       # npm pack; header.sh --check
  [bench-js.sh]="node"
  [bench-c.sh]=""
  [fuzz.sh]="fuzz"
  [mobile.sh]="apt"                        # rust-web-src, llvm, lld
  [test-mobile.sh]="apt"                   # llvm, lld
  [jvm.sh]="jdk"                           # javac, jar, jni.h
  [test-jvm.sh]="jdk"
  [bench-jvm.sh]="jdk python"                # PyPI paytmchecksum for comparison
  [demo.sh]=""
  # Not a script: `cargo test` runs sandbox/tests/python_crosscheck.rs with the venv's python.
  [cargo-test]="python"
)

# The parts a script's text shows it uses: a lower bound for its NEEDS entry. For cargo-test,
# the text of every Rust test.
uses() {
  local f=scripts/$1
  if [ "$1" = cargo-test ]; then
    f=$(git ls-files '*/tests/*.rs' '*/src/*.rs' | xargs grep -lE 'venv|node_modules' || true)
    [ -n "$f" ] || return 0
  fi
  # shellcheck disable=SC2086 # $f is a list of files for cargo-test
  grep -q 'node_modules' $f && echo node
  grep -q 'venv' $f && echo python
  grep -Eq 'javac|JAVA_HOME' $f && echo jdk
  grep -q 'cbindgen' $f && echo cbindgen
  grep -q 'wasm-bindgen' $f && echo wasm-bindgen
  grep -Eq 'cargo[ -]fuzz' $f && echo fuzz
  grep -Eq 'valgrind|chromium|rust-web-src|rustlib/src|wasm-ld|ld(64)?\.lld|llvm-|curl/curl\.h|openssl' $f && echo apt
  return 0
}

# The parts a `scripts/setup.sh ARGS` line installs (ARGS end at the first word that is not a
# part name: a redirection, `&&` ...).
parts_of() {
  local out=() p
  for p in "$@"; do
    [[ "$p" =~ ^[a-z][a-z-]*$ ]] || break
    out+=("$p")
  done
  [ ${#out[@]} -gt 0 ] || out=(apt tools python node jdk)
  echo "${out[*]/tools/cbindgen wasm-bindgen}"
}

do_check() {
  local fail=0 verbs verb script need have line words w cmds i
  for script in "${!NEEDS[@]}"; do
    [ "$script" = cargo-test ] || [ -f "scripts/$script" ] || { echo "setup.sh check: NEEDS names scripts/$script, which does not exist" >&2; fail=1; continue; }
    for need in $(uses "$script"); do
      [[ " ${NEEDS[$script]} " == *" $need "* ]] \
        || { echo "setup.sh check: NEEDS[$script] lacks $need, which its text shows it uses" >&2; fail=1; }
    done
  done
  verbs=$(sed -n 's/^\.PHONY: *//p' Makefile | tr ' ' '\n' | grep -Ev '^(|help|setup|clean)$' | sort -u)
  for verb in $verbs; do
    have=" "
    # The commands `make VERB` runs, in order; recursive makes are dry-run too (make -n passes -n on).
    if ! cmds=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -n --no-print-directory "$verb" 2>&1); then
      printf '%s\n' "$cmds" >&2
      echo "setup.sh check: make -n $verb failed" >&2; fail=1; continue
    fi
    while IFS= read -r line; do
      read -ra words <<<"$line"
      for i in "${!words[@]}"; do
        w=${words[$i]#@}
        w=${w#./}
        script=""
        case "$w" in
          scripts/setup.sh) have+="$(parts_of "${words[@]:$((i + 1))}") " ;;
          scripts/*.sh) script=${w#scripts/} ;;
          cargo) [ "${words[$((i + 1))]:-}" = test ] && script=cargo-test ;;
        esac
        case "$script" in
          "") ;;
          *)
            local what="scripts/$script"
            [ "$script" = cargo-test ] && what="cargo test"
            if [ -z "${NEEDS[$script]+set}" ]; then
              echo "setup.sh check: make $verb runs $what, which has no NEEDS entry here" >&2; fail=1
            fi
            for need in ${NEEDS[$script]:-}; do
              [[ "$have" == *" $need "* ]] || {
                echo "setup.sh check: make $verb runs $what before scripts/setup.sh $need" >&2; fail=1; }
            done
            ;;
        esac
      done
    done <<<"$cmds"
  done
  [ "$fail" = 0 ] || exit 1
  say "check: every make verb runs scripts/setup.sh with what its scripts need ($(echo $verbs | wc -w) verbs)"
}

[ $# -gt 0 ] || set -- apt tools python node jdk
for part in "$@"; do "do_${part//-/_}"; done
