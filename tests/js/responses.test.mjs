// (10) Response parsing from JS: every fixture of tests/vectors/responses/ (case.json, response.bin,
// expected.json, shared with the Rust and Python tests) through the Node build's parseResponse /
// parseCallback, deep-equal to expected.json; then reconcile, the result-code tables, card
// encoding and hostile input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ours, ROOT, throwsCoded, assertStillWorks, EXPECTED_RESPONSE_API_NAMES } from "./helpers.mjs";

const { parseResponse, parseCallback, reconcile, responseApiNames, resultCodeTables, resultCodeTable,
  lookupResultCode, classifyResult, encodeCardInfo, generateChecksum } = ours;
export const RESPONSES_DIR = path.join(ROOT, "tests", "vectors", "responses");
/** How many fixture directories exist (core/tests/responses_golden.rs asserts the same number). */
export const EXPECTED_RESPONSE_CASES = 148;
export const TEST_KEY = "PmX#a0x4VpTXRzfK";

export function responseCases() {
  return readdirSync(RESPONSES_DIR)
    .filter((d) => statSync(path.join(RESPONSES_DIR, d)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(RESPONSES_DIR, name);
      return {
        name,
        meta: JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")),
        raw: new Uint8Array(readFileSync(path.join(dir, "response.bin"))),
        expected: JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")),
      };
    });
}

/** Runs one case with module `m`: {ok: result} or {error: code}, the shape of expected.json. */
export function runCase(m, c, body = c.raw) {
  const key = c.meta.key === "test" ? TEST_KEY : c.meta.key === null ? null : assert.fail(`${c.name}: key ${c.meta.key}`);
  try {
    if (c.meta.api === "callback") {
      return { ok: m.parseCallback(body, key, c.meta.options) };
    }
    return { ok: m.parseResponse(c.meta.api, c.meta.httpStatus, body, key, c.meta.options) };
  } catch (e) {
    assert.ok(e instanceof Error, `${c.name}: threw a non-Error`);
    assert.equal(typeof e.errno, "number", `${c.name}: ${e.message}`);
    return { error: e.code };
  }
}

/** The transaction a callback must carry: core's TxnInfo::transaction of its txn. */
function callbackTransaction(ok) {
  const t = { orderId: ok.txn.orderId, state: ok.txn.state, verification: ok.verification };
  if (ok.txn.mid !== undefined) t.mid = ok.txn.mid;
  if (ok.txn.txnId !== undefined) t.txnId = ok.txn.txnId;
  if (ok.txn.txnAmount !== undefined) t.amount = ok.txn.txnAmount;
  return t;
}

test(`all ${EXPECTED_RESPONSE_CASES} response fixtures, as bytes and as text`, () => {
  let ran = 0;
  let tampered = 0;
  for (const c of responseCases()) {
    const got = runCase(ours, c);
    assert.deepEqual(got, c.expected, c.name);
    // Core adds a callback's reconciliation facts; checked here against an independent derivation.
    if (c.meta.api === "callback" && got.ok) assert.deepEqual(got.ok.transaction, callbackTransaction(got.ok), c.name);
    if (got.ok) assert.equal(Object.getPrototypeOf(got.ok), Object.prototype, `${c.name}: a plain object`);
    // The same bytes as a string, when they are UTF-8 (a JS string cannot carry invalid UTF-8).
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    let asText;
    try {
      asText = text.decode(c.raw);
    } catch {}
    if (asText !== undefined) {
      const { transaction: _t, ...again } = runCase(ours, c, asText);
      assert.deepEqual(again, c.expected, `${c.name} (as a string)`);
    }
    if (c.meta.tampered) {
      tampered++;
      assert.match(String(got.error), /^(CHECKSUM_|SIGNATURE_)/, `${c.name}: tampered input must fail with a 2xxx code`);
      assert.ok(ours.errorCodes()[got.error] >= 2000 && ours.errorCodes()[got.error] < 3000, c.name);
    }
    ran++;
  }
  assert.equal(ran, EXPECTED_RESPONSE_CASES, "number of response fixtures");
  assert.ok(tampered >= 20, `tampered fixtures: ${tampered}`);
  console.log(`# responses: ${ran} fixtures ran (${tampered} tampered)`);
});

test("responseApiNames lists exactly what parseResponse accepts", () => {
  const names = responseApiNames();
  assert.equal(names.length, EXPECTED_RESPONSE_API_NAMES);
  assert.ok(names.includes("process_transaction") && names.includes("refund_webhook"));
  throwsCoded(() => parseResponse("settlement", 200, "{}"), "UNKNOWN_API");
  throwsCoded(() => parseResponse("no_such_api", 200, "{}"), "UNKNOWN_API");
});

test("reconcile: the parsed transaction against the merchant's order", () => {
  const status = responseCases().find((c) => c.expected.ok?.api === "transaction_status" && c.expected.ok.class === "success");
  assert.ok(status, "a successful transaction_status fixture");
  const r = parseResponse("transaction_status", 200, status.raw, TEST_KEY);
  const order = { orderId: r.transaction.orderId, amount: r.transaction.amount };
  assert.deepEqual(reconcile(order, r.transaction), { verdict: "fulfil" });
  assert.deepEqual(reconcile({ ...order, amount: "999.99" }, r.transaction), { verdict: "do_not_fulfil", reason: "amount" });
  assert.deepEqual(reconcile({ ...order, orderId: "OTHER_1" }, r.transaction), { verdict: "do_not_fulfil", reason: "order_id" });
  assert.deepEqual(reconcile(order, { ...r.transaction, verification: "skipped" }), { verdict: "do_not_fulfil", reason: "unverified" });
  // The legacy JsonData status signs nothing: informative, never enough to fulfil.
  assert.deepEqual(reconcile(order, { ...r.transaction, verification: "unsigned" }), { verdict: "do_not_fulfil", reason: "unverified" });
  assert.deepEqual(reconcile(order, { ...r.transaction, state: "pending" }), { verdict: "wait" });
  assert.deepEqual(reconcile(JSON.stringify(order), JSON.stringify(r.transaction)), { verdict: "fulfil" });
  // A callback's transaction reconciles the same way.
  const fields = { ORDERID: "ORDER_7", MID: "M1", TXNAMOUNT: "10.00", STATUS: "TXN_SUCCESS", TXNID: "T1" };
  const cb = parseCallback({ ...fields, CHECKSUMHASH: generateChecksum(fields, TEST_KEY) }, TEST_KEY);
  assert.equal(cb.verification, "verified");
  assert.deepEqual(reconcile({ orderId: "ORDER_7", amount: "10", mid: "M1" }, cb.transaction), { verdict: "fulfil" });
  assert.deepEqual(reconcile({ orderId: "ORDER_7", amount: "10", mid: "M2" }, cb.transaction), { verdict: "do_not_fulfil", reason: "mid" });
  // Malformed input: coded errors naming members, never values.
  throwsCoded(() => reconcile({ amount: "1" }, r.transaction), "MISSING_FIELD");
  throwsCoded(() => reconcile({ ...order, extra: 1 }, r.transaction), "INVALID_FIELD");
  throwsCoded(() => reconcile({ ...order, amount: "1.2.3" }, r.transaction), "INVALID_AMOUNT");
  throwsCoded(() => reconcile({ ...order, orderId: "BAD|ID" }, r.transaction), "INVALID_ORDER_ID");
  throwsCoded(() => reconcile(order, r), "INVALID_FIELD"); // the whole response, not its transaction
  throwsCoded(() => reconcile(order, "{"), "INVALID_PARAMS");
  for (const bad of [undefined, null, 1, true, [], () => 1]) throwsCoded(() => reconcile(bad, r.transaction), "INVALID_ARGUMENT");
});

test("result codes: tables, lookup, classification", () => {
  assert.deepEqual(resultCodeTables(), ["initiate", "process", "send_otp", "validate_otp", "user_details", "consult", "payment_request", "subscription", "payment_link", "native_checkout", "validate_vpa", "checkout_send_otp", "checkout_validate_otp"]);
  for (const t of resultCodeTables()) {
    const rows = resultCodeTable(t);
    assert.ok(rows.length > 0, t);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ["class", "code", "message", "status"]);
      assert.deepEqual(lookupResultCode(t, row.code), rows.find((x) => x.code === row.code));
    }
  }
  assert.equal(lookupResultCode("initiate", "1006").class, "session_expired");
  assert.equal(lookupResultCode("initiate", "9999"), null);
  assert.equal(classifyResult("initiate", "0000", "S"), "success");
  assert.equal(classifyResult("initiate", "0000", "F"), "unknown");
  assert.equal(classifyResult("initiate", "0000"), "unknown");
  assert.equal(classifyResult("initiate", "7777", "S"), "unknown");
  throwsCoded(() => resultCodeTable("nope"), "INVALID_ARGUMENT");
  throwsCoded(() => lookupResultCode(1, "0000"), "INVALID_ARGUMENT");
  throwsCoded(() => classifyResult("initiate", null), "INVALID_ARGUMENT");
});

test("encodeCardInfo: the cardInfo string, errors without card data", () => {
  assert.equal(encodeCardInfo({ type: "new", cardNumber: "4111111111111111", cvv: "123", expiry: "122032" }), "|4111111111111111|123|122032");
  assert.equal(encodeCardInfo({ type: "saved", savedCardId: "123456", cvv: "123" }), "123456||123|");
  assert.equal(encodeCardInfo({ type: "token", cvv: "111" }), "||111|");
  assert.equal(encodeCardInfo('{"type":"token"}'), "|||");
  const luhn = throwsCoded(() => encodeCardInfo({ type: "new", cardNumber: "4111111111111112", cvv: "987", expiry: "122032" }), "INVALID_CARD_NUMBER");
  assert.doesNotMatch(luhn.message, /4111111111111112|987/);
  throwsCoded(() => encodeCardInfo({ type: "new", cardNumber: "4111111111111111", cvv: "12345", expiry: "122032" }), "INVALID_CVV");
  throwsCoded(() => encodeCardInfo({ type: "new", cardNumber: "4111111111111111", expiry: "132032" }), "INVALID_EXPIRY");
  throwsCoded(() => encodeCardInfo({ type: "new", cvv: "123", expiry: "122032" }), "MISSING_FIELD");
  throwsCoded(() => encodeCardInfo({ type: "plastic" }), "INVALID_FIELD");
  for (const bad of [undefined, null, 4111, [], true]) throwsCoded(() => encodeCardInfo(bad), "INVALID_ARGUMENT");
});

test("hostile input to the parsers: coded Errors, never a crash", () => {
  const SIGNED = responseCases().find((c) => c.meta.api === "initiate_transaction" && c.expected.ok).raw;
  const notBodies = [undefined, null, 0, 42, true, 10n, Symbol("s"), () => 1, [], [1, 2], new ArrayBuffer(8), new Uint16Array(4), {}];
  for (const b of notBodies) throwsCoded(() => parseResponse("initiate_transaction", 200, b, TEST_KEY), "INVALID_ARGUMENT");
  for (const s of [undefined, null, "200", 200.5, -1, NaN, Infinity, {}]) {
    throwsCoded(() => parseResponse("initiate_transaction", s, SIGNED, TEST_KEY), "INVALID_ARGUMENT");
  }
  // A whole number above 65535 is no HTTP status: RESPONSE_HTTP_STATUS, as in C (core's rule).
  for (const s of [70000, 2 ** 53]) {
    throwsCoded(() => parseResponse("initiate_transaction", s, SIGNED, TEST_KEY), "RESPONSE_HTTP_STATUS");
  }
  for (const a of [undefined, null, 1, {}, ["initiate_transaction"]]) throwsCoded(() => parseResponse(a, 200, SIGNED, TEST_KEY), "INVALID_ARGUMENT");
  throwsCoded(() => parseResponse("initiate_transaction", 200, SIGNED, 16), "INVALID_ARGUMENT");
  throwsCoded(() => parseResponse("initiate_transaction", 200, SIGNED, "short"), "INVALID_KEY_LENGTH");
  throwsCoded(() => parseResponse("initiate_transaction", 200, SIGNED, TEST_KEY, { allowUnsigend: true }), "INVALID_ARGUMENT");
  throwsCoded(() => parseResponse("initiate_transaction", 200, SIGNED, TEST_KEY, { allowUnsigned: "yes" }), "INVALID_ARGUMENT");
  throwsCoded(() => parseResponse("initiate_transaction", 200, SIGNED, TEST_KEY, 7), "INVALID_ARGUMENT");
  // Signed API without a key: refused unless explicitly allowed, and then "skipped".
  assert.throws(() => parseResponse("initiate_transaction", 200, SIGNED), (e) => typeof e.code === "string" && e.errno > 0);
  assert.equal(parseResponse("initiate_transaction", 200, SIGNED, null, { allowUnsigned: true }).verification, "skipped");
  // Invalid UTF-8, empty, truncated, huge, deep.
  const bodies = [
    new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), new Uint8Array(0), "", " ", "{", "null", "[]", '{"head":{}}',
    new TextDecoder().decode(SIGNED).slice(0, 40), "[".repeat(100_000), '{"body":' .repeat(10_000),
    "x".repeat((1 << 20) + 1), new Uint8Array((1 << 20) + 1), "\u0000".repeat(1000), "\ud800",
  ];
  for (const api of responseApiNames()) {
    for (const b of bodies) {
      try {
        // Some bodies are valid for lenient APIs (`{"head":{}}` is an OAuth reply with no member).
        const r = parseResponse(api, 200, b, TEST_KEY, { allowUnsigned: true });
        assert.equal(r.api, api);
      } catch (e) {
        assert.ok(e instanceof Error && typeof e.code === "string" && typeof e.errno === "number", `${api}: ${e}`);
      }
    }
  }
  throwsCoded(() => parseResponse("initiate_transaction", 200, "x".repeat((1 << 20) + 1), TEST_KEY), "INPUT_TOO_LARGE");
  throwsCoded(() => parseResponse("initiate_transaction", 200, new Uint8Array((1 << 20) + 1), TEST_KEY), "INPUT_TOO_LARGE");
  throwsCoded(() => parseCallback(new Uint8Array([0x41, 0x3d, 0xff]), TEST_KEY), "CALLBACK_MALFORMED");
  throwsCoded(() => parseCallback("ORDERID=O1&STATUS=TXN_SUCCESS", TEST_KEY), "SIGNATURE_MISSING");
  throwsCoded(() => parseCallback({ ORDERID: "O1", STATUS: 1 }, TEST_KEY));
  throwsCoded(() => parseCallback({ get X() { throw new Error("getter"); } }, TEST_KEY), "INVALID_ARGUMENT");
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCoded(() => parseCallback(cyclic, TEST_KEY), "INVALID_ARGUMENT");
  for (const b of [undefined, null, 1, true, [], () => 1]) throwsCoded(() => parseCallback(b, TEST_KEY), "INVALID_ARGUMENT");
  // No message quotes the key, a token or card data from the input.
  const e = throwsCoded(() => parseCallback("ORDERID=SECRET%7CORDER&STATUS=TXN_SUCCESS&CHECKSUMHASH=x", TEST_KEY));
  assert.doesNotMatch(e.message, /SECRET|PmX#/);
  assertStillWorks();
});

test("one road to a key: a MerchantKey is taken wherever a key is, and does what its text does", () => {
  const { MerchantKey, PaytmChecksum, generateChecksum, verifyChecksum, explain, buildRequest, Session } = ours;
  const mk = new MerchantKey(TEST_KEY);
  // Checksums and explain.
  const sig = generateChecksum("p", TEST_KEY, "abcd");
  assert.equal(generateChecksum("p", mk, "abcd"), sig);
  assert.equal(verifyChecksum("p", mk, sig), true);
  assert.equal(verifyChecksum({ A: "q" }, mk, sig), false);
  assert.equal(PaytmChecksum.calculateChecksum("p", mk, "abcd"), sig);
  assert.equal(PaytmChecksum.verifySignature("p", mk, sig), true);
  assert.deepEqual(explain("p", mk, sig), explain("p", TEST_KEY, sig));
  // Requests: credentials.merchantKey.
  const params = { mid: "INTEGR7769XXXXXX9383", orderId: "O1" };
  assert.deepEqual(buildRequest("transaction_status", params, { merchantKey: mk }, { salt: "abcd" }),
    buildRequest("transaction_status", params, { merchantKey: TEST_KEY }, { salt: "abcd" }));
  // Parsers: every fixture signed with the test key parses (or fails) alike.
  const parseWith = (c, key) => {
    try {
      return { ok: c.meta.api === "callback" ? parseCallback(c.raw, key, c.meta.options)
        : parseResponse(c.meta.api, c.meta.httpStatus, c.raw, key, c.meta.options) };
    } catch (e) {
      return { error: e.code };
    }
  };
  const signed = responseCases().filter((c) => c.meta.key === "test");
  assert.ok(signed.length > 40, `${signed.length} signed fixtures`);
  for (const c of signed) assert.deepEqual(parseWith(c, mk), parseWith(c, TEST_KEY), c.name);
  // Never taken over or cached: the key still works, and frees as usual.
  assert.equal(mk.length, 16);
  assert.equal(mk.__lendKey(), undefined, "lending outside a call does nothing");
  mk.free();
  throwsCoded(() => generateChecksum("p", mk), "INVALID_HANDLE");
  throwsCoded(() => buildRequest("transaction_status", params, { merchantKey: mk }), "INVALID_HANDLE");
  throwsCoded(() => parseResponse("transaction_status", 200, signed[0].raw, mk), "INVALID_HANDLE");
  // What only looks like one is refused without reaching the key: data, a bare prototype, another class.
  const session = new Session("checkout", { mid: "M", orderId: "O", amount: "1.00", txnToken: "T", tokenIssuedAt: 0 });
  for (const fake of [{ __wbg_ptr: 8 }, JSON.parse('{"__wbg_ptr": 8}'), Object.create(MerchantKey.prototype),
    Object.assign(Object.create(MerchantKey.prototype), { __wbg_ptr: 0 }), session]) {
    throwsCoded(() => generateChecksum("p", fake), "INVALID_ARGUMENT");
    throwsCoded(() => buildRequest("transaction_status", params, { merchantKey: fake }), "INVALID_ARGUMENT");
  }
  assert.equal(session.nextAction(0).type, "collect_payment", "the session is untouched");
  session.free();
  assertStillWorks();
});
