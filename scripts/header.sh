#!/usr/bin/env bash
# Regenerates the C header include/paytm_checkout.h from ffi/ with cbindgen (pinned in setup.sh).
# First it regenerates ffi/src/codes.rs, the ptm_result enum, from core's ErrorCode table
# (cbindgen reads source, not macros): the `codes_file` test in ffi writes it.
#
#   scripts/header.sh           regenerate ffi/src/codes.rs and the committed header
#   scripts/header.sh --check   fail when regenerating would change either (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

HEADER=include/paytm_checkout.h
CBINDGEN_VERSION=0.29.4
TOOLS="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}"
CBINDGEN="$(command -v cbindgen || true)"
[ -x "$TOOLS/bin/cbindgen" ] && CBINDGEN="$TOOLS/bin/cbindgen"
if [ -z "$CBINDGEN" ] || ! "$CBINDGEN" --version | grep -qx "cbindgen $CBINDGEN_VERSION"; then
  echo "header.sh: cbindgen $CBINDGEN_VERSION not found; run scripts/setup.sh tools" >&2
  exit 1
fi

generate() { # output file
  local log
  log=$(mktemp)
  # cbindgen parses the source; its warnings (skipped private items) are noise unless it fails.
  if ! "$CBINDGEN" --quiet --config ffi/cbindgen.toml --crate paytm-checkout-ffi --output "$1" ffi 2>"$log"; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
}

# Runs the ffi test `codes_file`: it checks ffi/src/codes.rs against core's table, or writes it
# when called as `codes PTM_WRITE_CODES=1`.
codes() { # [VAR=value...]
  local log
  log=$(mktemp)
  if ! env "$@" cargo test --quiet --locked -p paytm-checkout-ffi --lib codes_file >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
}

case "${1:-}" in
  "")
    codes PTM_WRITE_CODES=1
    echo "header.sh: wrote ffi/src/codes.rs"
    generate "$HEADER"
    echo "header.sh: wrote $HEADER"
    ;;
  --check)
    codes || { echo "header.sh: ffi/src/codes.rs is stale; run scripts/header.sh and commit the result" >&2; exit 1; }
    tmp=$(mktemp --suffix=.h)
    trap 'rm -f "$tmp"' EXIT
    generate "$tmp"
    if ! diff -u "$HEADER" "$tmp"; then
      echo "header.sh: $HEADER is stale; run scripts/header.sh and commit the result" >&2
      exit 1
    fi
    echo "header.sh: $HEADER is up to date"
    ;;
  *)
    echo "usage: scripts/header.sh [--check]" >&2
    exit 2
    ;;
esac
