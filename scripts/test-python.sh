#!/usr/bin/env bash
# The Python package, as a merchant gets it (make test-python; `make test` runs it):
#
#   scripts/test-python.sh [PYTEST ARGS...]
#
# 1. builds the wheel (scripts/build-python.sh) and the sandbox binary (cargo build -p
#    paytm-sandbox, debug, as `cargo test` leaves it);
# 2. makes a FRESH virtualenv (target/python-venv), installs pytest and Paytm's own paytmchecksum
#    into it at the exact versions of the project venv (pinned in scripts/setup.sh, read with
#    `pip freeze`), then the wheel with `pip install --no-index --no-deps`: no Rust, no source tree;
# 3. runs python/tests with that interpreter from outside the repository (the import must come
#    from the installed wheel; a test checks it): the shared checksum vectors through MerchantKey
#    and the PaytmChecksum drop-in, golden requests, response fixtures, session scenarios, a
#    differential against PyPI paytmchecksum, error paths, threads, and checkouts end to end
#    against the sandbox. The number of passing tests is checked; none may be skipped. Before
#    that, mypy --strict checks the installed package and a program typed against it.
. "$(dirname "$0")/lib.sh" test-python
start=$(date +%s)
EXPECTED_PASSED=701 # every test of python/tests (parametrized cases counted one by one)
[ -x "$TOOLS/venv/bin/pip" ] || die "$TOOLS/venv not found; run scripts/setup.sh python first"

WHEEL=$(scripts/build-python.sh | tail -n 1)
[ -f "$WHEEL" ] || die "no wheel built"
say "cargo build -p paytm-sandbox"
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q -p paytm-sandbox
SANDBOX="$TARGET/debug/paytm-sandbox"
[ -x "$SANDBOX" ] || die "$SANDBOX was not built"

FRESH="$TARGET/python-venv"
say "fresh virtualenv $FRESH"
rm -rf "$FRESH"
python3 -m venv "$FRESH"
"$TOOLS/venv/bin/pip" freeze --all \
  | grep -iE '^(pytest|iniconfig|pluggy|packaging|exceptiongroup|tomli|paytmchecksum|pycryptodome|mypy|mypy[-_]extensions|typing[-_]extensions)==' \
  >"$FRESH/test-requirements.txt"
grep -q '^pytest==' "$FRESH/test-requirements.txt" || die "pytest is not in $TOOLS/venv (scripts/setup.sh python)"
"$FRESH/bin/pip" install -q -r "$FRESH/test-requirements.txt"
"$FRESH/bin/pip" install -q --no-index --no-deps "$WHEEL"
say "installed $(basename "$WHEEL") and $(tr '\n' ' ' <"$FRESH/test-requirements.txt")"

# The installed package type-checks under --strict, and so does a program using it (py.typed).
say "mypy --strict: the installed package and python/tests/typed_usage.py"
(cd "$FRESH" && "$FRESH/bin/mypy" --strict --no-incremental -p paytm_checkout \
  && "$FRESH/bin/mypy" --strict --no-incremental "$ROOT/python/tests/typed_usage.py") >&2 \
  || die "mypy found type errors"

out="$TARGET/python-tests.txt"
# From outside the repository, so that nothing but the installed wheel can be imported.
if ! (cd "$FRESH" && PAYTM_REPO="$ROOT" PAYTM_SANDBOX_BIN="$SANDBOX" "$FRESH/bin/python" -m pytest \
      -p no:cacheprovider -q -rfEs "$ROOT/python/tests" "$@") >"$out" 2>&1; then
  cat "$out"
  die "pytest failed"
fi
cat "$out"
summary=$(tail -n 1 "$out")
passed=$(sed -n 's/^=* *\([0-9]*\) passed.*/\1/p' <<<"$summary")
[[ "$summary" != *skipped* && "$summary" != *failed* && "$summary" != *error* ]] || die "not every test passed: $summary"
if [ $# -eq 0 ] && [ "$EXPECTED_PASSED" -gt 0 ] && [ "$passed" != "$EXPECTED_PASSED" ]; then
  die "$passed tests passed; expected $EXPECTED_PASSED"
fi
for s in "PmX#a0x4VpTXRzfK" "4111111111111111" "client-secret-1"; do
  if grep -qF -- "$s" "$out"; then die "a key, card number or client secret appears in the output"; fi
done
echo "test-python: wheel $(basename "$WHEEL") ($(stat -c %s "$WHEEL") bytes) in a fresh venv: $passed passed, 0 failed in $(( $(date +%s) - start )) s"
