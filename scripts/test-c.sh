#!/usr/bin/env bash
# C tests of libpaytm_checkout and the differential test against Paytm's own Python library.
#
#   scripts/test-c.sh
#
# 1. builds the ffi crate in release (honours CARGO_TARGET_DIR, default target/);
# 2. turns tests/vectors/checksum.json into a C include, compiles tests/c/*.c with
#    -Wall -Wextra -Werror against include/ and links it twice: static and shared library;
# 3. runs both under valgrind (0 errors, 0 leaks of any kind required);
# 4. runs the static build once more with ASan + UBSan, after proving ASan is really linked;
# 5. runs tests/interop/python_differential.py (paytmchecksum from PyPI, via ctypes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TOOLS="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}"
TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
LIB="$TARGET/release"
BUILD="$ROOT/tests/c/build"
CFLAGS=(-std=c11 -O1 -g -Wall -Wextra -Werror -I"$ROOT/include" -I"$BUILD")
PY="$TOOLS/venv/bin/python"

say() { printf '\033[1m[test-c]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1m[test-c] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

command -v gcc >/dev/null || die "gcc not found"
command -v valgrind >/dev/null || die "valgrind not found (scripts/setup.sh apt)"
[ -x "$PY" ] || die "$PY not found (scripts/setup.sh python)"

say "cargo build --release -p paytm-checkout-ffi (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked -p paytm-checkout-ffi
for f in libpaytm_checkout.a libpaytm_checkout.so; do
  [ -f "$LIB/$f" ] || die "$LIB/$f was not built"
done

mkdir -p "$BUILD"
python3 tests/c/gen_vectors.py tests/vectors/checksum.json include/paytm_checkout.h "$BUILD"
SOURCES=(tests/c/*.c)

say "gcc: static and shared builds"
gcc "${CFLAGS[@]}" "${SOURCES[@]}" -o "$BUILD/test_static" \
  "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl
gcc "${CFLAGS[@]}" "${SOURCES[@]}" -o "$BUILD/test_shared" \
  -L"$LIB" -Wl,-rpath,"$LIB" -lpaytm_checkout -lpthread
# The shared build must really load our .so (and the static one must not).
# (Outputs are captured first: `cmd | grep -q` can fail under pipefail when grep exits early.)
deps=$(ldd "$BUILD/test_shared")
grep -q "=> $LIB/libpaytm_checkout.so" <<<"$deps" || die "test_shared does not load $LIB/libpaytm_checkout.so"
deps=$(ldd "$BUILD/test_static")
if grep -q libpaytm_checkout <<<"$deps"; then die "test_static loads the .so"; fi

run_valgrind() { # name binary
  local log="$BUILD/valgrind-$1.log" out="$BUILD/output-$1.txt"
  say "valgrind: $1"
  if ! valgrind --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all \
      --error-exitcode=99 --log-file="$log" "$2" >"$out"; then
    cat "$out"; cat "$log" >&2
    die "$1 failed under valgrind"
  fi
  cat "$out"
  grep -q "ERROR SUMMARY: 0 errors from 0 contexts" "$log" || { cat "$log" >&2; die "$1: valgrind errors"; }
  # Either nothing was left allocated, or every leak kind is zero.
  if ! grep -q "All heap blocks were freed -- no leaks are possible" "$log"; then
    cat "$log" >&2; die "$1: heap blocks left at exit"
  fi
  grep -q "^c: [1-9][0-9]* passed, 0 failed$" "$out" || die "$1: no passing summary line"
  printf '%s valgrind: %s | %s\n' "$1" \
    "$(grep -o 'total heap usage:.*' "$log")" "$(grep -o 'ERROR SUMMARY:.*' "$log")"
}
run_valgrind static "$BUILD/test_static"
run_valgrind shared "$BUILD/test_shared"

say "gcc -fsanitize=address,undefined against the static library"
if gcc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer "${SOURCES[@]}" -o "$BUILD/test_asan" \
    "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl 2>"$BUILD/asan-link.log"; then
  syms=$(nm "$BUILD/test_asan"); deps=$(ldd "$BUILD/test_asan")
  grep -q "__asan_init" <<<"$syms" && grep -q "libasan" <<<"$deps" || die "test_asan has no ASan runtime"
  # Prove the instrumentation works: a deliberate overflow must be caught.
  if "$BUILD/test_asan" --asan-selftest >"$BUILD/asan-selftest.log" 2>&1; then
    cat "$BUILD/asan-selftest.log" >&2; die "ASan did not catch a deliberate heap overflow"
  fi
  grep -q "AddressSanitizer: heap-buffer-overflow" "$BUILD/asan-selftest.log" \
    || { cat "$BUILD/asan-selftest.log" >&2; die "ASan self-test failed for another reason"; }
  echo "asan: self-test overflow detected (ASan linked and active)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$BUILD/test_asan" >"$BUILD/output-asan.txt" || { cat "$BUILD/output-asan.txt"; die "ASan/UBSan run failed"; }
  grep "^c: " "$BUILD/output-asan.txt" | sed 's/^/asan+ubsan /'
  grep -q "^c: [1-9][0-9]* passed, 0 failed$" "$BUILD/output-asan.txt" || die "asan: no passing summary line"
else
  cat "$BUILD/asan-link.log" >&2
  die "the ASan build does not link"
fi

say "python interop: paytmchecksum (PyPI) vs libpaytm_checkout.so through ctypes"
"$PY" tests/interop/python_differential.py --lib "$LIB/libpaytm_checkout.so"

say "all C and interop tests passed"
