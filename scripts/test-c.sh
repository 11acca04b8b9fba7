#!/usr/bin/env bash
# C tests of libpaytm_checkout and the differential test against Paytm's own Python library.
#
#   scripts/test-c.sh
#
# 1. builds the ffi crate in release (honours CARGO_TARGET_DIR, default target/);
# 2. turns tests/vectors/checksum.json, tests/vectors/requests/, tests/vectors/responses/ and
#    tests/vectors/doctor/doctor.json into C includes, compiles each tests/c/test_*.c (checksum,
#    doctor, handles, requests, responses, sessions)
#    with -Wall -Wextra -Werror against include/ and links it twice: static and shared library;
# 3. runs every build under valgrind (0 errors, 0 leaks of any kind required);
# 4. runs the static builds once more with ASan + UBSan, after proving ASan is really linked
#    (ASan instruments the C test code only, not the Rust library: a bad read inside the library,
#    such as a wrong-type handle's tag read past its allocation in test_handles, is valgrind's to
#    catch);
#    every run of test_responses writes what it parsed, and tests/c/check_responses.py compares
#    it with each fixture's expected.json (semantic JSON comparison, count asserted); every run of
#    test_sessions replays tests/vectors/sessions/scenarios.json through ptm_session_* and writes
#    its actions, which tests/c/check_sessions.py checks against the scenarios' expectations;
# 5. compiles and runs examples/c (under valgrind); the JNI shim and the Java API over this
#    library are scripts/test-jvm.sh's (jvm/, docs/jvm.md);
# 6. runs tests/interop/python_differential.py (paytmchecksum from PyPI, via ctypes) and
#    tests/interop/python_ctypes_requests.py (every golden request through ctypes) and
#    tests/interop/python_ctypes_responses.py (every response fixture and reconcile).
. "$(dirname "$0")/lib.sh" test-c
BUILD="$ROOT/tests/c/build"
CFLAGS=(-std=c11 -O1 -g -Wall -Wextra -Werror -I"$ROOT/include" -I"$BUILD")
PY="$TOOLS/venv/bin/python"

command -v gcc >/dev/null || die "gcc not found"
command -v valgrind >/dev/null || die "valgrind not found (scripts/setup.sh apt)"
[ -x "$PY" ] || die "$PY not found (scripts/setup.sh python)"

say "cargo build --release -p paytm-checkout-ffi (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked -p paytm-checkout-ffi
for f in libpaytm_checkout.a libpaytm_checkout.so; do
  [ -f "$LIB/$f" ] || die "$LIB/$f was not built"
done

mkdir -p "$BUILD"
rm -f "$BUILD"/parsed-*.tsv "$BUILD"/actions-*.tsv  # a run that writes nothing must not pass on an old file
python3 tests/c/gen_vectors.py tests/vectors/checksum.json include/paytm_checkout.h "$BUILD"
python3 tests/c/gen_requests.py tests/vectors/requests "$BUILD"
python3 tests/c/gen_responses.py tests/vectors/responses "$BUILD"
python3 tests/c/gen_sessions.py tests/vectors/sessions/scenarios.json "$BUILD"
python3 tests/c/gen_doctor.py tests/vectors/doctor/doctor.json "$BUILD"
# Each tests/c/test_*.c is its own program (checksum, requests), built and run the same way.
PROGRAMS=()
for src in tests/c/test_*.c; do
  PROGRAMS+=("$(basename "$src" .c)")
done
[ "${#PROGRAMS[@]}" -ge 6 ] || die "expected test_checksum.c, test_doctor.c, test_handles.c, test_requests.c, test_responses.c and test_sessions.c"

say "gcc: static and shared builds of ${PROGRAMS[*]}"
for p in "${PROGRAMS[@]}"; do
  gcc "${CFLAGS[@]}" "tests/c/$p.c" -o "$BUILD/${p}_static" \
    "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl
  gcc "${CFLAGS[@]}" "tests/c/$p.c" -o "$BUILD/${p}_shared" \
    -L"$LIB" -Wl,-rpath,"$LIB" -lpaytm_checkout -lpthread
  # The shared build must really load our .so (and the static one must not).
  # (Outputs are captured first: `cmd | grep -q` can fail under pipefail when grep exits early.)
  deps=$(ldd "$BUILD/${p}_shared")
  grep -q "=> $LIB/libpaytm_checkout.so" <<<"$deps" || die "${p}_shared does not load $LIB/libpaytm_checkout.so"
  deps=$(ldd "$BUILD/${p}_static")
  if grep -q libpaytm_checkout <<<"$deps"; then die "${p}_static loads the .so"; fi
done

run_valgrind() { # name binary [args...]
  local name=$1 bin=$2; shift 2
  local log="$BUILD/valgrind-$name.log" out="$BUILD/output-$name.txt"
  say "valgrind: $name"
  if ! PTM_RESPONSES_OUT="$BUILD/parsed-$name.tsv" PTM_SESSIONS_OUT="$BUILD/actions-$name.tsv" valgrind --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all \
      --error-exitcode=99 --log-file="$log" "$bin" "$@" >"$out"; then
    cat "$out"; cat "$log" >&2
    die "$name failed under valgrind"
  fi
  cat "$out"
  grep -q "ERROR SUMMARY: 0 errors from 0 contexts" "$log" || { cat "$log" >&2; die "$name: valgrind errors"; }
  # Either nothing was left allocated, or every leak kind is zero.
  if ! grep -q "All heap blocks were freed -- no leaks are possible" "$log"; then
    cat "$log" >&2; die "$name: heap blocks left at exit"
  fi
  printf '%s valgrind: %s | %s\n' "$name" \
    "$(grep -o 'total heap usage:.*' "$log")" "$(grep -o 'ERROR SUMMARY:.*' "$log")"
}
for p in "${PROGRAMS[@]}"; do
  for kind in static shared; do
    run_valgrind "$p-$kind" "$BUILD/${p}_$kind"
    grep -q "^c: [1-9][0-9]* passed, 0 failed$" "$BUILD/output-$p-$kind.txt" || die "$p-$kind: no passing summary line"
  done
done

say "gcc -fsanitize=address,undefined against the static library"
for p in "${PROGRAMS[@]}"; do
  if ! gcc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer "tests/c/$p.c" -o "$BUILD/${p}_asan" \
      "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl 2>"$BUILD/asan-link.log"; then
    cat "$BUILD/asan-link.log" >&2
    die "the ASan build of $p does not link"
  fi
  syms=$(nm "$BUILD/${p}_asan"); deps=$(ldd "$BUILD/${p}_asan")
  grep -q "__asan_init" <<<"$syms" && grep -q "libasan" <<<"$deps" || die "${p}_asan has no ASan runtime"
done
# Prove the instrumentation works: a deliberate overflow must be caught.
if "$BUILD/test_checksum_asan" --asan-selftest >"$BUILD/asan-selftest.log" 2>&1; then
  cat "$BUILD/asan-selftest.log" >&2; die "ASan did not catch a deliberate heap overflow"
fi
grep -q "AddressSanitizer: heap-buffer-overflow" "$BUILD/asan-selftest.log" \
  || { cat "$BUILD/asan-selftest.log" >&2; die "ASan self-test failed for another reason"; }
echo "asan: self-test overflow detected (ASan linked and active)"
for p in "${PROGRAMS[@]}"; do
  PTM_RESPONSES_OUT="$BUILD/parsed-$p-asan.tsv" PTM_SESSIONS_OUT="$BUILD/actions-$p-asan.tsv" \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$BUILD/${p}_asan" >"$BUILD/output-$p-asan.txt" || { cat "$BUILD/output-$p-asan.txt"; die "$p: ASan/UBSan run failed"; }
  grep "^c: " "$BUILD/output-$p-asan.txt" | sed "s/^/$p asan+ubsan /"
  grep -q "^c: [1-9][0-9]* passed, 0 failed$" "$BUILD/output-$p-asan.txt" || die "$p asan: no passing summary line"
done

say "response fixtures: what every C run parsed vs expected.json"
python3 tests/c/check_responses.py tests/vectors/responses \
  "$BUILD/parsed-test_responses-static.tsv" "$BUILD/parsed-test_responses-shared.tsv" \
  "$BUILD/parsed-test_responses-asan.tsv"

say "session scenarios: every action the C runs took vs the scenarios' expectations"
python3 tests/c/check_sessions.py tests/vectors/sessions/scenarios.json \
  "$BUILD/actions-test_sessions-static.tsv" "$BUILD/actions-test_sessions-shared.tsv" \
  "$BUILD/actions-test_sessions-asan.tsv"

say "examples/c: the walk-through, linked against the static library, under valgrind"
gcc "${CFLAGS[@]}" examples/c/checkout.c -o "$BUILD/example_checkout" \
  "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl
export PAYTM_EXAMPLE_DIR="$ROOT/examples/c"
run_valgrind example-checkout "$BUILD/example_checkout"
grep -q "callback CHECKSUMHASH: verified" "$BUILD/output-example-checkout.txt" || die "examples/c did not verify the callback"
grep -q "paid, verified with the status API and reconciled: fulfil" "$BUILD/output-example-checkout.txt" \
  || die "examples/c: the session did not end in a verified success"
if grep -q "4111111111111111" "$BUILD/output-example-checkout.txt"; then die "examples/c printed the card number"; fi
echo "examples/c: the engine ran a whole checkout (callback verified, status checked, reconciled)"

say "python interop: paytmchecksum (PyPI) vs libpaytm_checkout.so through ctypes"
"$PY" tests/interop/python_differential.py --lib "$LIB/libpaytm_checkout.so"
say "python interop: an SDK building every golden request through ctypes"
"$PY" tests/interop/python_ctypes_requests.py --lib "$LIB/libpaytm_checkout.so"
say "python interop: an SDK parsing every response fixture and reconciling through ctypes"
"$PY" tests/interop/python_ctypes_responses.py --lib "$LIB/libpaytm_checkout.so"

say "all C and interop tests passed"
