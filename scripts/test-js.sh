#!/usr/bin/env bash
# Tests the npm package in wasm/pkg/ from Node (CommonJS and ESM) and headless Chromium.
#
#   scripts/test-js.sh          (after `make wasm`; `scripts/setup.sh node` ran `npm ci` in tests/js)
#
# Suites (tests/js): vectors (exactly 28 shared cases), the PaytmChecksum drop-in and its documented
# differences, hostile input, loading (require/import), a differential test against the official
# `paytmchecksum` module (DIFF_CASES, default 2000; DIFF_SEED), and the browser test.
set -euo pipefail
cd "$(dirname "$0")/../tests/js"

for f in ../../wasm/pkg/node/paytm_checkout.js ../../wasm/pkg/web/paytm_checkout.js; do
  [ -f "$f" ] || { echo "wasm/pkg is not built: run make wasm" >&2; exit 1; }
done
[ -d node_modules/paytmchecksum ] && [ -d node_modules/playwright-core ] || {
  echo "tests/js/node_modules missing: run scripts/setup.sh node" >&2; exit 1; }

node --test --test-reporter=spec \
  vectors.test.mjs \
  dropin.test.mjs \
  bad-inputs.test.mjs \
  loading.test.cjs \
  loading.test.mjs \
  differential.test.mjs \
  browser.test.mjs
# The request builders and explain are opt-in builds (PAYTM_WASM_FEATURES=requests,explain) while
# they are over the .wasm size budget; their suite runs against such a build, and says when not.
if node -e 'process.exit(typeof require("paytm-checkout").buildRequest === "function" ? 0 : 1)'; then
  node --test --test-reporter=spec requests.test.mjs
else
  echo "test-js: requests.test.mjs NOT RUN: this package was built without the request builders (wasm/Cargo.toml)"
fi
echo "test-js: every JS suite passed"
