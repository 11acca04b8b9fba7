# shellcheck shell=bash
# What the scripts share, in one place. A script sources it first:
#   . "$(dirname "$0")/lib.sh" NAME
# which turns on `set -euo pipefail`, moves to the repository root and sets
#   ROOT    the repository root (the working directory from here on)
#   TOOLS   where scripts/setup.sh installs (PAYTM_TOOLS, by default ~/.cache/paytm-checkout)
#   TARGET  cargo's target dir as an absolute path (CARGO_TARGET_DIR, by default target/)
#   LIB     $TARGET/release, where the release libpaytm_checkout is built
# and defines say and die, which print to stderr with [NAME] in front; die exits with status 1.
# Nothing here installs anything: what a script needs stays in its own text (scripts/setup.sh check).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}"
TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
LIB="$TARGET/release"
SCRIPT_NAME=$1

say() { printf '\033[1m[%s]\033[0m %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { printf '\033[1m[%s] FAILED:\033[0m %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# start_sandbox BINARY DIR: runs the offline gateway on a free port, its output in DIR/sandbox.out
# and DIR/sandbox.err, and waits for its address: BASE (http://127.0.0.1:PORT) and SANDBOX_PID are
# set, and it is stopped when the script exits (or earlier by stop_sandbox).
SANDBOX_PID=""
stop_sandbox() {
  if [ -n "$SANDBOX_PID" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=""
  fi
}
start_sandbox() {
  local binary=$1 dir=$2
  trap stop_sandbox EXIT
  : >"$dir/sandbox.out" # exists before the child opens it: the loop below reads it at once
  "$binary" --port 0 >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
  SANDBOX_PID=$!
  BASE=""
  for _ in $(seq 100); do
    BASE=$(sed -n '1s/^paytm-sandbox listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$dir/sandbox.out")
    [ -n "$BASE" ] && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$dir/sandbox.err" >&2; die "paytm-sandbox exited"; }
    sleep 0.1
  done
  [ -n "$BASE" ] || die "paytm-sandbox printed no address"
}
