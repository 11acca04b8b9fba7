// (4c) The package's second web entry, `paytm-checkout/web-helpers` (issue #22): the web build plus
// the seven txnToken checkout helpers. The default web entry stays without them, so its size budget
// cannot be spent on them silently: this file fails if either entry's API list changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { PKG_DIR, ROOT, throwsCoded } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const HELPERS = ["fetch_payment_options", "fetch_bin_details", "validate_vpa", "fetch_emi_details", "apply_promo",
  "send_checkout_otp", "validate_checkout_otp"];
// Both web entries export the same functions; they differ in the APIs those functions take.
const WEB_EXPORTS = ["Session", "apiNames", "buildRequest", "default", "encodeCardInfo", "errorCodes",
  "initSync", "parseResponse", "responseApiNames", "version"];

async function load(entry) {
  const mod = await import(`paytm-checkout/${entry}`);
  mod.initSync({ module: readFileSync(path.join(PKG_DIR, entry, "paytm_checkout_bg.wasm")) });
  return mod;
}

test("the package maps paytm-checkout/web-helpers to its own glue, declarations and .wasm", () => {
  const pkg = require(path.join(PKG_DIR, "package.json"));
  assert.deepEqual(pkg.exports["./web-helpers"], {
    types: "./web-helpers/paytm_checkout.d.ts",
    default: "./web-helpers/paytm_checkout.js",
  });
  assert.equal(pkg.exports["./web-helpers/paytm_checkout_bg.wasm"], "./web-helpers/paytm_checkout_bg.wasm");
  assert.ok(pkg.files.includes("web-helpers/"));
  // The API name unions (the session's purposes name the helpers in both entries: a web-helpers
  // session sends them, and the type is shared).
  const union = (dts, name) => {
    const m = dts.match(new RegExp(`export type ${name} =([^;]*);`));
    assert.ok(m, `${name} missing`);
    return m[1];
  };
  const dts = readFileSync(path.join(PKG_DIR, "web-helpers", "paytm_checkout.d.ts"), "utf8");
  const webDts = readFileSync(path.join(PKG_DIR, "web", "paytm_checkout.d.ts"), "utf8");
  for (const name of ["ApiName", "ResponseApiName"]) {
    for (const api of HELPERS) {
      assert.ok(union(dts, name).includes(JSON.stringify(api)), `${api} missing from web-helpers' ${name}`);
      assert.ok(!union(webDts, name).includes(JSON.stringify(api)), `${api} in the default web entry's ${name}`);
    }
  }
});

test("web-helpers offers the seven helpers; the default web entry does not", async () => {
  const helpers = await load("web-helpers");
  const web = await load("web");
  assert.deepEqual(Object.keys(helpers).sort(), WEB_EXPORTS);
  assert.deepEqual(Object.keys(web).sort(), WEB_EXPORTS);
  assert.deepEqual(helpers.apiNames(), ["process_transaction", ...HELPERS]);
  assert.deepEqual(helpers.responseApiNames(), ["process_transaction", ...HELPERS]);
  assert.deepEqual(web.apiNames(), ["process_transaction"]);
  assert.deepEqual(web.responseApiNames(), ["process_transaction"]);
  const p = { txnToken: "f0bed899539742309eebd8XXXX7edcf61588842333227", mid: "INTEGR7769XXXXXX9383", orderId: "O1",
    vpa: "customer@paytm" };
  throwsCoded(() => web.buildRequest("validate_vpa", p, null), "UNKNOWN_API");
  throwsCoded(() => web.parseResponse("validate_vpa", 200, "{}"), "UNKNOWN_API");
  // Still no merchant-key API and no secret taken.
  throwsCoded(() => helpers.buildRequest("initiate_transaction", {}, null), "UNKNOWN_API");
  throwsCoded(() => helpers.buildRequest("validate_vpa", p, { merchantKey: "k" }), "INVALID_ARGUMENT");
  assert.equal(helpers.generateChecksum, undefined);
  // Bad input is a coded error, not a panic (the module stays usable after it).
  const bad = { ...p, vpa: "not a vpa" };
  const nodeErr = throwsCoded(() => require("paytm-checkout").buildRequest("validate_vpa", bad, {}));
  throwsCoded(() => helpers.buildRequest("validate_vpa", bad, null), nodeErr.code);
  assert.equal(helpers.buildRequest("validate_vpa", p, null).method, "POST");
});

test("web-helpers builds every helper golden request and parses every helper fixture as the Node build does", async () => {
  const helpers = await load("web-helpers");
  const node = require("paytm-checkout");
  const reqDir = path.join(ROOT, "tests", "vectors", "requests");
  let built = 0;
  for (const name of readdirSync(reqDir).sort()) {
    const input = JSON.parse(readFileSync(path.join(reqDir, name, "input.json"), "utf8"));
    if (!HELPERS.includes(input.api)) continue;
    const expected = JSON.parse(readFileSync(path.join(reqDir, name, "request.json"), "utf8"));
    const options = { environment: input.environment };
    assert.deepEqual(helpers.buildRequest(input.api, input.params, null, options), expected, name);
    built++;
  }
  assert.ok(built >= 7, `only ${built} helper request vectors`);
  const resDir = path.join(ROOT, "tests", "vectors", "responses");
  const outcome = (f) => { try { return { ok: f() }; } catch (x) { return { code: x.code }; } };
  let parsed = 0, refused = 0;
  for (const name of readdirSync(resDir).sort()) {
    const caseFile = path.join(resDir, name, "case.json");
    let c;
    try { c = JSON.parse(readFileSync(caseFile, "utf8")); } catch { continue; }
    if (!HELPERS.includes(c.api)) continue;
    const body = new Uint8Array(readFileSync(path.join(resDir, name, "response.bin")));
    const w = outcome(() => helpers.parseResponse(c.api, c.httpStatus, body, null, c.options));
    const n = outcome(() => node.parseResponse(c.api, c.httpStatus, body, null, c.options));
    // A repeated member is refused as ambiguous by both builds (the web build scans the text:
    // JSON.parse would keep the last).
    if (name.includes("duplicate")) assert.equal(w.code, "SIGNATURE_AMBIGUOUS", name);
    assert.deepEqual(w, n, name);
    if (w.ok) parsed++; else refused++;
  }
  assert.ok(parsed >= 10 && refused >= 2, `parsed ${parsed}, refused ${refused}`);
});

test("a member given twice gets the same answer from the web entries as from the Node build", async () => {
  const node = require("paytm-checkout");
  const p = '{"txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","mid":"INTEGR7769XXXXXX9383","orderId":"O1","vpa":"a@paytm","vpa":"b@paytm"}';
  const answer = '{"head":{},"body":{"resultInfo":{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"},"vpa":"a@paytm","valid":false,"valid":true}}';
  const inputCode = throwsCoded(() => node.buildRequest("validate_vpa", p, {})).code;
  const answerCode = throwsCoded(() => node.parseResponse("validate_vpa", 200, answer, null, { allowUnsigned: true })).code;
  assert.equal(answerCode, "SIGNATURE_AMBIGUOUS");
  for (const entry of ["web", "web-helpers"]) {
    const mod = await load(entry);
    const api = entry === "web" ? "process_transaction" : "validate_vpa";
    const input = entry === "web"
      ? '{"txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","mid":"M","mid":"M","orderId":"O1","paymentMode":"UPI_INTENT"}'
      : p;
    throwsCoded(() => mod.buildRequest(api, input, null), inputCode);
    if (entry === "web-helpers") throwsCoded(() => mod.parseResponse(api, 200, answer, null), answerCode);
  }
});
