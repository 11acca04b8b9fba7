// (4b) ES modules: import by package name (exports map, "node" + "import"), the package's own
// files by URL, and the ESM re-export staying equal to the CommonJS glue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { PKG_DIR, ROOT, vectors, throwsCoded, EXPECTED_API_NAMES } from "./helpers.mjs";
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
  assert.equal(apiNames().length, EXPECTED_API_NAMES);
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

// The web build: the txnToken side (Process Transaction's builder and parser, card encoding, the
// client half of the checkout Session); no merchant-key function at all (a browser never holds
// the key), no signed API, no result-code lookups (the parsed response carries its class).
const WEB_EXPORTS = ["Session", "apiNames", "buildRequest", "default", "encodeCardInfo", "errorCodes",
  "initSync", "parseResponse", "responseApiNames", "version"];

test("the web build imports in Node too (initSync with the bytes) and offers exactly its surface", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const web = await import("paytm-checkout/web");
  assert.deepEqual(Object.keys(web).sort(), WEB_EXPORTS);
  web.initSync({ module: readFileSync(path.join(PKG_DIR, "web", "paytm_checkout_bg.wasm")) });
  const node = require("paytm-checkout");
  assert.deepEqual(web.apiNames(), ["process_transaction"]);
  // Every Process Transaction golden request, built by both builds from the same input.
  const dir = path.join(ROOT, "tests", "vectors", "requests");
  let built = 0;
  for (const name of readdirSync(dir).filter((d) => d.startsWith("process_")).sort()) {
    const input = JSON.parse(readFileSync(path.join(dir, name, "input.json"), "utf8"));
    const expected = JSON.parse(readFileSync(path.join(dir, name, "request.json"), "utf8"));
    const options = { environment: input.environment };
    assert.deepEqual(web.buildRequest("process_transaction", input.params, null, options), expected, name);
    assert.deepEqual(node.buildRequest("process_transaction", input.params, input.credentials, options), expected, name);
    built++;
  }
  assert.ok(built >= 10, `only ${built} process_transaction vectors`);
  const card = { type: "new", cardNumber: "4111111111111111", cvv: "123", expiry: "122032" };
  assert.equal(web.encodeCardInfo(card), node.encodeCardInfo(card));
  assert.deepEqual(web.errorCodes(), node.errorCodes());
  // Signed APIs and credentials are refused with a coded error, not silently ignored.
  throwsCoded(() => web.buildRequest("initiate_transaction", {}, null), "UNKNOWN_API");
  throwsCoded(() => web.buildRequest("process_transaction", {}, { merchantKey: "k" }), "INVALID_ARGUMENT");
  const e = (() => { try { web.encodeCardInfo({ ...card, cardNumber: "4111111111111112" }); } catch (x) { return x; } })();
  assert.equal(e.code, "INVALID_CARD_NUMBER");
  assert.ok(!e.message.includes("411111111111"), e.message);
});

test("the web build parses every Process Transaction fixture exactly as the Node build does without a key", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const web = await import("paytm-checkout/web");
  web.initSync({ module: readFileSync(path.join(PKG_DIR, "web", "paytm_checkout_bg.wasm")) });
  const node = require("paytm-checkout");
  assert.deepEqual(web.responseApiNames(), ["process_transaction"]);
  const dir = path.join(ROOT, "tests", "vectors", "responses");
  const outcome = (f) => { try { return { ok: f() }; } catch (x) { return { code: x.code }; } };
  let parsed = 0, refused = 0;
  for (const name of readdirSync(dir).filter((d) => d.startsWith("process_")).sort()) {
    const c = JSON.parse(readFileSync(path.join(dir, name, "case.json"), "utf8"));
    const raw = new Uint8Array(readFileSync(path.join(dir, name, "response.bin")));
    for (const options of [null, { allowUnsigned: true }]) {
      for (const body of [raw, new TextDecoder().decode(raw)]) {
        const w = outcome(() => web.parseResponse("process_transaction", c.httpStatus, body, null, options));
        const n = outcome(() => node.parseResponse("process_transaction", c.httpStatus, body, null, options));
        // The fixture with a repeated txnInfo member too: JSON.parse would keep the last, so the
        // web build scans the text and refuses it as the Node build does.
        if (name === "process_tampered_txninfo_duplicate_member") assert.equal(w.code, "SIGNATURE_AMBIGUOUS", name);
        assert.deepEqual(w, n, `${name} ${JSON.stringify(options)}`);
        if (w.ok) parsed++; else refused++;
      }
    }
  }
  assert.ok(parsed >= 20 && refused >= 4, `parsed ${parsed}, refused ${refused}`);
  // What the browser cannot do is refused with a coded error.
  const body = readFileSync(path.join(dir, "process_card_bank_form", "response.bin"), "utf8");
  throwsCoded(() => web.parseResponse("initiate_transaction", 200, body), "UNKNOWN_API");
  throwsCoded(() => web.parseResponse("process_transaction", 200, body, "key"), "INVALID_ARGUMENT");
  throwsCoded(() => web.parseResponse("process_transaction", 200, body, null, { allowUnsigend: true }), "INVALID_ARGUMENT");
  throwsCoded(() => web.parseResponse("process_transaction", 502, body), "RESPONSE_HTTP_STATUS");
  // The status is judged first, as in the Node build: a proxy's HTML error page is a status error.
  for (const build of [web, node]) {
    throwsCoded(() => build.parseResponse("process_transaction", 502, "<html>Bad gateway</html>"), "RESPONSE_HTTP_STATUS");
    throwsCoded(() => build.parseResponse("process_transaction", 503, new Uint8Array([0xff])), "RESPONSE_HTTP_STATUS");
  }
  throwsCoded(() => web.parseResponse("process_transaction", 200, "{\"head\":"), "RESPONSE_NOT_JSON");
  throwsCoded(() => web.parseResponse("process_transaction", 200, new Uint8Array([0x7b, 0xff, 0x7d])), "RESPONSE_NOT_JSON");
  const deep = "[".repeat(200) + "]".repeat(200);
  throwsCoded(() => web.parseResponse("process_transaction", 200, `{"body":{"resultInfo":{},"displayField":${deep}}}`), "RESPONSE_NOT_JSON");
  // A card number in invalid JSON never reaches the message (the browser's own message quotes input).
  const e = (() => { try { web.buildRequest("process_transaction", '{"cardInfo":"4111111111111111', null); } catch (x) { return x; } })();
  assert.equal(e.code, "INVALID_PARAMS");
  assert.ok(!e.message.includes("4111"), e.message);
});
