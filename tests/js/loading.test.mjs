// (4b) ES modules: import by package name (exports map, "node" + "import"), the package's own
// files by URL, and the ESM re-export staying equal to the CommonJS glue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { PKG_DIR, vectors } from "./helpers.mjs";
import * as named from "paytm-checkout";
import defaultExport, { generateChecksum, MerchantKey, buildRequest, apiNames, explain } from "paytm-checkout";

const require = createRequire(import.meta.url);

test("import from 'paytm-checkout' gives the same functions as require", () => {
  const cjs = require("paytm-checkout");
  const esmNames = Object.keys(named).filter((n) => n !== "default").sort();
  assert.deepEqual(esmNames, Object.keys(cjs).sort(), "node/index.mjs lists every export");
  for (const n of esmNames) assert.equal(named[n], cjs[n], n);
  assert.equal(defaultExport, cjs);
  const v = vectors()[0];
  assert.equal(generateChecksum(v.params, v.key, v.salt), v.checksum);
  const k = new MerchantKey(v.key);
  assert.equal(k.verify(v.params, v.checksum), true);
  k.free();
  assert.equal(typeof buildRequest, "function");
  assert.equal(apiNames().length, 18);
  assert.equal(explain(v.params, v.key, v.checksum).verdict.status, "valid");
});

test("import of the package's entry files by URL", async () => {
  const pkg = require(path.join(PKG_DIR, "package.json"));
  const esm = await import(pathToFileURL(path.join(PKG_DIR, pkg.exports["."].node.import.default)).href);
  assert.equal(typeof esm.verifyChecksum, "function");
  const cjsMain = await import(pathToFileURL(path.join(PKG_DIR, pkg.main)).href);
  assert.equal(cjsMain.default.generateChecksum, esm.generateChecksum);
  const { default: compat } = await import("paytm-checkout/paytmchecksum");
  assert.equal(compat, esm.PaytmChecksum);
});

// The web build: checksums, the drop-in and the result-code tables (no request builders, no response
// parsers, no explain; see the README).
const WEB_EXPORTS = ["MerchantKey", "PaytmChecksum", "classifyResult", "clearKeyCache", "default", "errorCodes",
  "generateChecksum", "initSync", "lookupResultCode", "resultCodeTable", "resultCodeTables", "verifyChecksum", "version"];

test("the web build imports in Node too (initSync with the bytes) and offers exactly its surface", async () => {
  const { readFileSync } = await import("node:fs");
  const web = await import("paytm-checkout/web");
  assert.deepEqual(Object.keys(web).sort(), WEB_EXPORTS);
  web.initSync({ module: readFileSync(path.join(PKG_DIR, "web", "paytm_checkout_bg.wasm")) });
  const v = vectors()[0];
  assert.equal(web.generateChecksum(v.params, v.key, v.salt), v.checksum);
  assert.deepEqual(web.errorCodes(), require("paytm-checkout").errorCodes());
  const node = require("paytm-checkout");
  for (const t of web.resultCodeTables()) assert.deepEqual(web.resultCodeTable(t), node.resultCodeTable(t), t);
  assert.equal(web.classifyResult("process", "01", "TXN_SUCCESS"), node.classifyResult("process", "01", "TXN_SUCCESS"));
});
