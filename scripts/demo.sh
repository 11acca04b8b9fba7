#!/usr/bin/env bash
# `make demo`: sign and verify an Initiate Transaction body through the CLI, then tamper with it
# and let `checksum explain` say what is wrong. Deterministic except for the random salt.
set -euo pipefail
cd "$(dirname "$0")/.."

# The dev profile: `make test` has already built it, and a demo needs no optimizer (a release
# build with LTO cost CI over a minute).
cargo build --quiet --locked -p paytm-checkout-cli
BIN="${CARGO_TARGET_DIR:-target}/debug/paytm-checkout"

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
heading() { printf '\n%s== %s ==%s\n' "$BOLD" "$*" "$PLAIN"; }

# A TEST merchant: this key is made up for the demo and signs nothing real.
MID="DEMOMID00000000000001"
export PAYTM_MERCHANT_KEY="DemoKey_16bytes!"
ORDER_ID="ORDERID_98765"
HOST="https://securestage.paytmpayments.com"

heading "Demo merchant (TEST credentials, not a real key)"
echo "MID:          $MID"
echo "merchant key: $PAYTM_MERCHANT_KEY   (16-byte TEST key, passed via PAYTM_MERCHANT_KEY)"

# The body is serialized once, compactly; these exact bytes are signed and sent.
BODY='{"requestType":"Payment","mid":"'"$MID"'","websiteName":"WEBSTAGING","orderId":"'"$ORDER_ID"'","txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},"callbackUrl":"https://merchant.example/paytm/callback"}'

heading "Initiate Transaction body (the exact bytes that are signed)"
printf '%s\n' "$BODY"

heading "Signature: printf '%s' \"\$BODY\" | paytm-checkout checksum generate"
SIGNATURE="$(printf '%s' "$BODY" | "$BIN" checksum generate)"
printf '%s\n' "$SIGNATURE"

heading "The request a host sends"
echo "POST $HOST/theia/api/v1/initiateTransaction?mid=$MID&orderId=$ORDER_ID"
echo "Content-Type: application/json"
echo
printf '{"body":%s,"head":{"signature":"%s"}}\n' "$BODY" "$SIGNATURE"

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

heading "And a common mistake: the body was read back with a trailing newline"
status=0
printf '%s\n' "$BODY" | "$BIN" checksum explain --checksum "$SIGNATURE" || status=$?
[ "$status" -eq 1 ] || { echo "demo: expected exit 1 from explain, got $status" >&2; exit 1; }
