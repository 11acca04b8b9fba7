#!/usr/bin/env bash
# End-to-end tests against the offline sandbox (docs/sandbox.md), over real HTTP on loopback:
#
#   scripts/test-e2e.sh          (make test-e2e; `make test` runs it after test-js)
#
# 1. builds what it needs, reusing what `make test` already built: the sandbox binary
#    (cargo build -p paytm-sandbox, debug, as `cargo test` leaves it), the release ffi library (as
#    scripts/test-c.sh leaves it); the npm package must be in wasm/pkg (make wasm) and
#    tests/js/node_modules installed (scripts/setup.sh node). Honours CARGO_TARGET_DIR.
# 2. C: tests/e2e/c_host.c (libcurl) drives ptm_session_* through full scenarios against a
#    paytm-sandbox process (checkouts, a refund, the wallet session with add money and revoke, a
#    payment request and its webhook, duplicate and out-of-order webhooks received on a loopback
#    socket and fed to a checkout session, a subscription: the UPI mandate approved in the UPI app,
#    three renewals with one declined and collected again, cancel), linked against the static and then the shared library, each run under
#    valgrind. Flags: --leak-check=full --show-leak-kinds=all
#    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99: any memory error or
#    any lost block (ours, libcurl's or OpenSSL's) fails the run; still-reachable blocks are shown
#    but not errors, because libcurl/OpenSSL may keep global state allocated at exit on other
#    builds (on Debian 12 they free everything and the log says so).
# 3. Node: tests/e2e/node-e2e.test.mjs (the npm package's Session over fetch, its own sandbox),
#    tests/e2e/node-wallet-webhooks.test.mjs (the wallet session with add money and revoke, a
#    payment request paid and its webhook, duplicate and out-of-order webhooks fed to a checkout
#    Session, through a node:http listener), tests/e2e/node-subscription.test.mjs (the same
#    subscription run as the C host's, through the Session of kind "subscription"),
#    tests/e2e/browser-e2e.test.mjs (a card payment through the bank page, and a UPI Autopay
#    mandate authorised from examples/browser/subscription.html with the web build, and the
#    txnToken helpers (payment options, a valid and an invalid VPA) with a UPI intent payment from
#    examples/browser/checkout-helpers.html with the second web entry `web-helpers`, in headless
#    Chromium) and tests/js/sandbox-sdk.test.mjs (Paytm's own Node SDK, unmodified, through
#    initiate, status, refund and refund status), with node --test; the number of passing tests
#    is checked.
# Exits non-zero on any failure; prints the counts. Normal output holds no card number or key.
. "$(dirname "$0")/lib.sh" test-e2e
start=$(date +%s)

SANDBOX="$TARGET/debug/paytm-sandbox"
BUILD="$TARGET/e2e"   # build products and logs (inside the ignored target dir)
EXPECTED_C=13         # scenarios in tests/e2e/c_host.c (7 checkout/refund, 2 wallet, 1 subscription, 1 payment request, 2 webhooks)
EXPECTED_NODE=23      # node-e2e.test.mjs (12) + node-wallet-webhooks.test.mjs (6) + node-subscription.test.mjs (1) + browser-e2e.test.mjs (3) + ../js/sandbox-sdk.test.mjs (1)
SECRETS=("4111111111111111" "4000000000000002" "4000000000000119" "PmX#a0x4VpTXRzfK")

command -v gcc >/dev/null || die "gcc not found"
command -v valgrind >/dev/null || die "valgrind not found (scripts/setup.sh apt)"
command -v openssl >/dev/null || die "openssl not found (scripts/setup.sh apt)"
echo '#include <curl/curl.h>' | gcc -E -x c - >/dev/null 2>&1 || die "libcurl headers not found (scripts/setup.sh apt: libcurl4-openssl-dev)"
[ -f wasm/pkg/node/paytm_checkout.js ] && [ -f wasm/pkg/web-helpers/paytm_checkout.js ] || die "wasm/pkg is not built: run make wasm"
[ -d tests/js/node_modules/playwright-core ] || die "tests/js/node_modules missing: run scripts/setup.sh node"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing (scripts/setup.sh apt)"

say "cargo build -p paytm-sandbox and --release -p paytm-checkout-ffi (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q -p paytm-sandbox
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q --release -p paytm-checkout-ffi
[ -x "$SANDBOX" ] || die "$SANDBOX was not built"
for f in libpaytm_checkout.a libpaytm_checkout.so; do
  [ -f "$LIB/$f" ] || die "$LIB/$f was not built"
done
mkdir -p "$BUILD"
rm -f "$BUILD"/*.log "$BUILD"/output-*.txt

# --- the sandbox for the C host (the Node tests start their own) -----------------------------
start_sandbox "$SANDBOX" "$BUILD"
say "sandbox for the C host at $BASE (pid $SANDBOX_PID)"

# --- C -----------------------------------------------------------------------------------------
CFLAGS=(-std=c11 -O1 -g -Wall -Wextra -Werror -I"$ROOT/include")
say "gcc: tests/e2e/c_host.c (libcurl $(curl-config --version 2>/dev/null | cut -d' ' -f2)), static and shared builds"
gcc "${CFLAGS[@]}" tests/e2e/c_host.c -o "$BUILD/c_host_static" "$LIB/libpaytm_checkout.a" -lcurl -lm -lpthread -ldl
gcc "${CFLAGS[@]}" tests/e2e/c_host.c -o "$BUILD/c_host_shared" -L"$LIB" -Wl,-rpath,"$LIB" -lpaytm_checkout -lcurl -lpthread
deps=$(ldd "$BUILD/c_host_shared")
grep -q "=> $LIB/libpaytm_checkout.so" <<<"$deps" || die "c_host_shared does not load $LIB/libpaytm_checkout.so"

c_summary=()
for kind in static shared; do
  log="$BUILD/valgrind-c_host-$kind.log" out="$BUILD/output-c_host-$kind.txt"
  say "valgrind: c_host ($kind library)"
  if ! valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite,indirect,possible \
      --error-exitcode=99 --log-file="$log" "$BUILD/c_host_$kind" "$BASE" >"$out"; then
    cat "$out"; cat "$log" >&2
    die "c_host ($kind) failed under valgrind"
  fi
  cat "$out"
  grep -q "^c-e2e: $EXPECTED_C passed, 0 failed$" "$out" || die "c_host ($kind): expected $EXPECTED_C passing scenarios"
  grep -q "ERROR SUMMARY: 0 errors from 0 contexts" "$log" || { cat "$log" >&2; die "c_host ($kind): valgrind errors"; }
  for kind_leak in definitely indirectly possibly; do
    if grep -q "$kind_leak lost: [1-9]" "$log"; then cat "$log" >&2; die "c_host ($kind): $kind_leak lost"; fi
  done
  if grep -q "All heap blocks were freed -- no leaks are possible" "$log"; then
    heap="all heap blocks freed"
  else
    heap="still reachable: $(grep -o 'still reachable: .*' "$log")"
  fi
  c_summary+=("$kind: $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log"), $heap")
done
stop_sandbox

# --- Node and Chromium ---------------------------------------------------------------------------
say "node --test: tests/e2e/node-e2e.test.mjs, tests/e2e/node-wallet-webhooks.test.mjs, tests/e2e/node-subscription.test.mjs, tests/e2e/browser-e2e.test.mjs, tests/js/sandbox-sdk.test.mjs"
node_out="$BUILD/output-node.txt"
if ! (cd tests/e2e && PAYTM_SANDBOX_BIN="$SANDBOX" node --test --test-reporter=spec \
      node-e2e.test.mjs node-wallet-webhooks.test.mjs node-subscription.test.mjs browser-e2e.test.mjs ../js/sandbox-sdk.test.mjs) >"$node_out" 2>&1; then
  cat "$node_out"
  die "Node end-to-end tests failed"
fi
cat "$node_out"
node_pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$node_out")
node_fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$node_out")
[ "$node_pass" = "$EXPECTED_NODE" ] && [ "$node_fail" = 0 ] \
  || die "node: $node_pass passed, $node_fail failed; expected $EXPECTED_NODE passed"
grep -q "paid through the bank page; outcome success" "$node_out" || die "the Chromium card payment did not report success"
grep -q "UPI Autopay mandate authorised with the web build; the server's session says ACTIVE" "$node_out" \
  || die "the Chromium UPI mandate was not confirmed ACTIVE"
grep -q "txnToken helpers through web-helpers (.*VPA valid and invalid), UPI intent approved; the server's session says success" "$node_out" \
  || die "the Chromium helpers page's UPI intent payment was not confirmed"

for s in "${SECRETS[@]}"; do
  if grep -qF -- "$s" "$BUILD"/output-*.txt; then die "a card number or the merchant key appears in the output"; fi
done

echo "test-e2e: C host: $EXPECTED_C scenarios x 2 builds under valgrind ($(printf "%s; " "${c_summary[@]}" | sed "s/; $//"))"
echo "test-e2e: Node Session: $((node_pass - 4)) tests; headless Chromium: 1 card payment through the bank page, 1 UPI mandate authorised, 1 helpers page (web-helpers) paid by UPI intent; Paytm's Node SDK: 1 checkout and refund"
echo "test-e2e: every end-to-end test passed in $(( $(date +%s) - start )) s"
