#!/usr/bin/env bash
# `make demo`: start the offline sandbox gateway (paytm-sandbox, ephemeral port), run one complete
# checkout through the engine against it — initiate, card payment, bank page, callback, status,
# reconcile, refund, refund status — printing every action and response, and stop the sandbox.
# Then, briefly, the CLI: sign an Initiate body, verify it, and explain a tampered one.
. "$(dirname "$0")/lib.sh" demo

# The dev profile: `make test` has already built it, and a demo needs no optimizer (a release
# build with LTO cost CI over a minute).
cargo build --quiet --locked -p paytm-sandbox -p paytm-checkout-cli
BIN_DIR="$TARGET/debug"
BIN="$BIN_DIR/paytm-checkout"

# ---- the sandbox, as its own process on an ephemeral port ----
SANDBOX_DIR="$(mktemp -d)"
start_sandbox "$BIN_DIR/paytm-sandbox" "$SANDBOX_DIR"
trap 'stop_sandbox; rm -rf "$SANDBOX_DIR"' EXIT

"$BIN_DIR/paytm-sandbox-demo" --base "$BASE"
stop_sandbox
rm -rf "$SANDBOX_DIR"
trap - EXIT
echo
echo "sandbox stopped."

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
heading() { printf '\n%s== %s ==%s\n' "$BOLD" "$*" "$PLAIN"; }

# A TEST merchant: this key is made up for the demo and signs nothing real.
MID="DEMOMID00000000000001"
export PAYTM_MERCHANT_KEY="DemoKey_16bytes!"
ORDER_ID="ORDERID_98765"

heading "The CLI: checksums from a shell (TEST merchant $MID, key via PAYTM_MERCHANT_KEY)"

# The body is serialized once, compactly; these exact bytes are signed and sent.
BODY='{"requestType":"Payment","mid":"'"$MID"'","websiteName":"WEBSTAGING","orderId":"'"$ORDER_ID"'","txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},"callbackUrl":"https://merchant.example/paytm/callback"}'

heading "Initiate Transaction body (the exact bytes that are signed)"
printf '%s\n' "$BODY"

heading "Signature: printf '%s' \"\$BODY\" | paytm-checkout checksum generate"
SIGNATURE="$(printf '%s' "$BODY" | "$BIN" checksum generate)"
printf '%s\n' "$SIGNATURE"

heading "Verify: printf '%s' \"\$BODY\" | paytm-checkout checksum verify --checksum \"\$SIGNATURE\""
printf '%s' "$BODY" | "$BIN" checksum verify --checksum "$SIGNATURE"

TAMPERED="${BODY/\"value\":\"1.00\"/\"value\":\"1000.00\"}"
heading "Tampered body (amount 1.00 -> 1000.00), same signature"
printf '%s\n' "$TAMPERED"
status=0
printf '%s' "$TAMPERED" | "$BIN" checksum verify --checksum "$SIGNATURE" || status=$?
[ "$status" -eq 1 ] || { echo "demo: expected exit 1 for the tampered body, got $status" >&2; exit 1; }

heading "Why? paytm-checkout checksum explain --checksum \"\$SIGNATURE\""
status=0
printf '%s' "$TAMPERED" | "$BIN" checksum explain --checksum "$SIGNATURE" || status=$?
[ "$status" -eq 1 ] || { echo "demo: expected exit 1 from explain, got $status" >&2; exit 1; }
