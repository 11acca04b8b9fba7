#!/usr/bin/env bash
# JS benchmark: sign/verify throughput of the npm package (drop-in PaytmChecksum and MerchantKey)
# vs the official `paytmchecksum` module in the same process. Assumes `make wasm` and
# `scripts/setup.sh node`. BENCH_ROUNDS / BENCH_MS tune the run.
set -euo pipefail
cd "$(dirname "$0")/../tests/js"
[ -f ../../wasm/pkg/node/paytm_checkout.js ] || { echo "wasm/pkg is not built: run make wasm" >&2; exit 1; }
[ -d node_modules/paytmchecksum ] || { echo "tests/js/node_modules missing: run scripts/setup.sh node" >&2; exit 1; }
exec node bench.mjs
