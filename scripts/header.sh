#!/usr/bin/env bash
# Regenerates the C header include/paytm_checkout.h from ffi/ with cbindgen (pinned in setup.sh).
#
#   scripts/header.sh           regenerate the committed header
#   scripts/header.sh --check   fail (with a diff) when regenerating would change it (CI)
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

case "${1:-}" in
  "")
    generate "$HEADER"
    echo "header.sh: wrote $HEADER"
    ;;
  --check)
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
