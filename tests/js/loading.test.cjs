// (4a) CommonJS: require by package name (exports map, "node" + "require") and by directory ("main").
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

// The Node build's whole surface (the web build's is in loading.test.mjs).
const EXPORTS = ["MerchantKey", "PaytmChecksum", "Session", "apiNames", "buildRequest", "classifyResult", "clearKeyCache", "doctor",
  "encodeCardInfo", "errorCodes", "explain", "generateChecksum", "lookupResultCode", "parseCallback", "parseResponse",
  "reconcile", "responseApiNames", "resultCodeTable", "resultCodeTables", "verifyChecksum", "version"];
const v = require("../vectors/checksum.json").cases[0];

test("require('paytm-checkout') and require(<package dir>)", () => {
  const byName = require("paytm-checkout");
  const byDir = require(path.resolve(__dirname, "..", "..", "wasm", "pkg"));
  assert.equal(byName, byDir);
  assert.deepEqual(Object.keys(byName).sort(), EXPORTS);
  assert.equal(byName.generateChecksum(v.params, v.key, v.salt), v.checksum);
  assert.equal(typeof byName.version(), "string");
  const compat = require("paytm-checkout/paytmchecksum");
  assert.equal(compat.calculateChecksum(v.params, v.key, v.salt), v.checksum);
});
