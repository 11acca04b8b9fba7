#!/usr/bin/env bash
# Regenerates the C header include/paytm_checkout.h from ffi/ with cbindgen (pinned in setup.sh).
# The ptm_result enum comes from core's ErrorCode table, not from ffi's source (cbindgen reads
# source, not macros, and Rust holds ptm_result as a plain integer): the `header_codes` test in
# ffi writes it, and cbindgen places it after the header's includes.
#
#   scripts/header.sh           regenerate the committed header
#   scripts/header.sh --check   fail when regenerating would change it (CI)
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

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Writes the ptm_result enum to $WORK/codes.h: the ffi test `header_codes` renders it from core's
# table when PTM_HEADER_CODES names a file.
codes() {
  if ! PTM_HEADER_CODES="$WORK/codes.h" cargo test --quiet --locked -p paytm-checkout-ffi --lib \
    header_codes >"$WORK/log" 2>&1; then
    cat "$WORK/log" >&2
    return 1
  fi
}

# ffi/cbindgen.toml with the enum as `after_includes`: a TOML literal string, so nothing is
# escaped, and first, because top-level keys must come before the config's first table.
config() {
  if grep -qF "'''" "$WORK/codes.h"; then
    echo "header.sh: a code's doc contains ''' and cannot be quoted for cbindgen" >&2
    return 1
  fi
  # The blank line after the includes is the string's; cbindgen adds the one after it.
  {
    printf "after_includes = '''\n\n%s'''\n\n" "$(cat "$WORK/codes.h")"
    cat ffi/cbindgen.toml
  } >"$WORK/cbindgen.toml"
}

generate() { # output file
  codes
  config
  # cbindgen parses the source; its warnings (skipped private items) are noise unless it fails.
  if ! "$CBINDGEN" --quiet --config "$WORK/cbindgen.toml" --crate paytm-checkout-ffi \
    --output "$1" ffi 2>"$WORK/log"; then
    cat "$WORK/log" >&2
    return 1
  fi
}

case "${1:-}" in
  "")
    generate "$HEADER"
    echo "header.sh: wrote $HEADER"
    ;;
  --check)
    generate "$WORK/header.h"
    if ! diff -u "$HEADER" "$WORK/header.h"; then
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
