#!/usr/bin/env bash
# Tests the npm package in wasm/pkg/ from Node (CommonJS and ESM), TypeScript and headless Chromium.
#
#   scripts/test-js.sh          (after `make wasm`; `scripts/setup.sh node` ran `npm ci` in tests/js)
#
# 1. Types: tests/js/types/usage.ts uses every export of every entry point and must type-check with
#    `tsc --strict --noEmit`; types/wrong.ts must fail with exactly its expected errors (so the
#    .d.ts are precise, not `any`).
# 2. `npm pack wasm/pkg`, `npm install <tarball>` (offline) into a temporary project, shared by the
#    suites below through PTM_INSTALLED_PROJECT.
# 3. node --test suites: vectors (exactly 28 shared cases), the PaytmChecksum drop-in and its
#    documented differences, hostile input, loading (require/import, both builds' surfaces), the second web entry
#    (web-helpers: the seven txnToken helpers there and not in the default web entry), a
#    differential test against the official `paytmchecksum` module (DIFF_CASES, default 2000;
#    DIFF_SEED), the request builders and explain (45 golden requests, Node build), the response
#    parsers, reconcile, result codes and card encoding (112 response fixtures, Node build), doctor
#    (the 53 doctor vector cases and 10 input errors, Node build), arguments
#    that fight back (valueOf/getters/Proxy traps that free objects, re-enter or throw; both builds),
#    the installed tarball from CommonJS/ESM/TypeScript, examples/node's server, and the browser test (the
#    installed web build and examples/browser in Chromium).
set -euo pipefail
cd "$(dirname "$0")/../tests/js"

for f in ../../wasm/pkg/node/paytm_checkout.js ../../wasm/pkg/web/paytm_checkout.js ../../wasm/pkg/web-helpers/paytm_checkout.js; do
  [ -f "$f" ] || { echo "wasm/pkg is not built: run make wasm" >&2; exit 1; }
done
for m in paytmchecksum playwright-core typescript; do
  [ -d "node_modules/$m" ] || { echo "tests/js/node_modules/$m missing: run scripts/setup.sh node" >&2; exit 1; }
done

echo "test-js: tsc --strict --noEmit types/usage.ts ($(node_modules/.bin/tsc --version))"
node_modules/.bin/tsc --strict --noEmit -p types/tsconfig.json
# The deliberately wrong file: every `// error` line must fail, and nothing else.
expected=$(grep -n '// error:' types/wrong.ts | cut -d: -f1 | sort -n | tr '\n' ' ')
if out=$(node_modules/.bin/tsc --strict --noEmit -p types/tsconfig.wrong.json 2>&1); then
  echo "FAIL: types/wrong.ts type-checks: the package's types accept what they must reject" >&2
  exit 1
fi
got=$(printf '%s\n' "$out" | sed -n 's/^types\/wrong\.ts(\([0-9]*\),.*error TS.*/\1/p' | sort -nu | tr '\n' ' ')
if [ "$got" != "$expected" ]; then
  printf '%s\n' "$out" >&2
  echo "FAIL: types/wrong.ts: errors on lines [$got], expected exactly [$expected]" >&2
  exit 1
fi
echo "test-js: types/wrong.ts fails as it must (lines $expected)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PTM_INSTALLED_PROJECT=$(node installed.mjs "$work")
export PTM_INSTALLED_PROJECT
echo "test-js: packed and installed into $PTM_INSTALLED_PROJECT"

node --test --test-reporter=spec \
  vectors.test.mjs \
  dropin.test.mjs \
  bad-inputs.test.mjs \
  loading.test.cjs \
  loading.test.mjs \
  web-helpers.test.mjs \
  differential.test.mjs \
  requests.test.mjs \
  responses.test.mjs \
  sessions.test.mjs \
  doctor.test.mjs \
  reentrancy.test.mjs \
  package.test.mjs \
  examples.test.mjs \
  browser.test.mjs
echo "test-js: every JS suite passed"
