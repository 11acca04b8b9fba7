// (7) The request builders and explain, against the Node build (the web build builds only
// process_transaction: see loading.test.mjs, browser.test.mjs and the package README).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ours, ROOT, throwsCoded, assertStillWorks } from "./helpers.mjs";

const { buildRequest, apiNames, explain, generateChecksum } = ours;
const DIR = path.join(ROOT, "tests", "vectors", "requests");
const EXPECTED_REQUEST_CASES = 58;
const KEY = "PmX#a0x4VpTXRzfK";

function cases() {
  return readdirSync(DIR)
    .filter((d) => statSync(path.join(DIR, d)).isDirectory())
    .sort()
    .map((name) => ({
      name,
      input: JSON.parse(readFileSync(path.join(DIR, name, "input.json"), "utf8")),
      expected: JSON.parse(readFileSync(path.join(DIR, name, "request.json"), "utf8")),
    }));
}

test("every golden request is reproduced as a plain object", () => {
  let ran = 0;
  for (const { name, input, expected } of cases()) {
    const options = { environment: input.environment };
    if (input.salt !== undefined) options.salt = input.salt;
    const req = buildRequest(input.api, input.params, input.credentials, options);
    assert.deepEqual(req, expected, name);
    assert.equal(Object.getPrototypeOf(req), Object.prototype, `${name}: a plain object`);
    assert.ok(apiNames().includes(input.api), name);
    // The same input as JSON text gives the same request.
    assert.deepEqual(buildRequest(input.api, JSON.stringify(input.params), input.credentials, options), expected);
    ran++;
  }
  assert.equal(ran, EXPECTED_REQUEST_CASES);
});

test("process_transaction builds with no credentials at all (the browser case)", () => {
  const { input, expected } = cases().find((c) => c.name === "process_upi_intent");
  assert.deepEqual(buildRequest("process_transaction", input.params, undefined, { environment: "staging" }), expected);
  assert.deepEqual(buildRequest("process_transaction", input.params, null, { environment: "staging" }), expected);
});

test("bad input: coded errors, no values in messages, module still works", () => {
  const init = cases().find((c) => c.name === "initiate_minimal").input;
  throwsCoded(() => buildRequest("initiate_transaction", init.params), "INVALID_CREDENTIALS");
  throwsCoded(() => buildRequest("initiate_transaction", init.params, { merchantKey: "short" }), "INVALID_KEY_LENGTH");
  throwsCoded(() => buildRequest("initiate_transaction", init.params, { merchantKey: 16 }), "INVALID_ARGUMENT");
  throwsCoded(() => buildRequest("validate_otp", {}, { clientId: "a:b" }), "INVALID_CREDENTIALS");
  const e = throwsCoded(() => buildRequest("no_such_api", {}, {}));
  assert.equal(e.code, "UNKNOWN_API");
  for (const p of [undefined, null, 1, true, [], () => 1]) {
    throwsCoded(() => buildRequest("initiate_transaction", p, { merchantKey: KEY }), "INVALID_ARGUMENT");
  }
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCoded(() => buildRequest("initiate_transaction", cyclic, { merchantKey: KEY }), "INVALID_ARGUMENT");
  throwsCoded(() => buildRequest("initiate_transaction", { n: 10n }, { merchantKey: KEY }), "INVALID_ARGUMENT");
  throwsCoded(() => buildRequest("initiate_transaction", "{not json", { merchantKey: KEY }), "INVALID_PARAMS");
  throwsCoded(() => buildRequest("initiate_transaction", init.params, { merchantKey: KEY }, { environment: "moon" }), "INVALID_ARGUMENT");
  throwsCoded(() => buildRequest(42, init.params, { merchantKey: KEY }), "INVALID_ARGUMENT");
  const m = throwsCoded(
    () => buildRequest("initiate_transaction", { ...init.params, orderId: "SECRET|ORDER" }, { merchantKey: KEY }),
    "INVALID_ORDER_ID",
  );
  assert.doesNotMatch(m.message, /SECRET/);
  assertStillWorks();
});

test("explain finds the trailing newline and says valid when valid", () => {
  const sum = generateChecksum('{"mid":"M1"}', KEY, "ab12");
  const ok = explain('{"mid":"M1"}', KEY, sum);
  assert.equal(ok.verdict.status, "valid");
  assert.equal(ok.salt, "ab12");
  const bad = explain('{"mid":"M1"}\n', KEY, sum);
  assert.equal(bad.verdict.status, "mismatch");
  assert.equal(bad.verdict.name, "CHECKSUM_MISMATCH");
  assert.equal(bad.causes[0].kind, "params_surrounding_whitespace");
  const map = { ORDERID: "O1", STATUS: "TXN_SUCCESS" };
  assert.equal(explain(map, KEY, generateChecksum(map, KEY)).mode, "map");
  assert.equal(explain("x", KEY, "!!").verdict.status, "malformed");
  throwsCoded(() => explain("x", KEY, sum, "neither"), "INVALID_ARGUMENT");
  throwsCoded(() => explain(map, KEY, sum, "string"), "INVALID_ARGUMENT");
});
