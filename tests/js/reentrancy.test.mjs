// (12) Arguments that fight back (issue #16, defect 5): a valueOf, a getter or a Proxy trap that
// frees the object being called, calls back into the module or throws. Every call either works on
// the values as converted or throws a coded Error, and the module keeps working afterwards: no
// "memory access out of bounds", no "unreachable", in either build. Numbers must already be
// numbers (no valueOf runs), a String object counts as its text, free() empties an object (later
// calls: INVALID_HANDLE) and never leaves a dangling pointer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ours, ROOT, PKG_DIR, throwsCoded, rejectsCoded, assertStillWorks, assertCodedError } from "./helpers.mjs";

const { Session, MerchantKey, PaytmChecksum, generateChecksum, verifyChecksum, buildRequest, parseResponse,
  parseCallback, reconcile, encodeCardInfo, explain, clearKeyCache } = ours;
const web = await import("paytm-checkout/web");
web.initSync({ module: readFileSync(path.join(PKG_DIR, "web", "paytm_checkout_bg.wasm")) });

const KEY = "PmX#a0x4VpTXRzfK";
const OTHER_KEY = "0123456789abcdef";
const scenarios = JSON.parse(readFileSync(path.join(ROOT, "tests", "vectors", "sessions", "scenarios.json"), "utf8")).scenarios;
/** The client half of a checkout (no key): runs in both builds. */
const CLIENT = scenarios.find((sc) => sc.kind === "checkout" && sc.key === null).config;
/** A server checkout (Node build), with the key. */
const SERVER = scenarios[0].config;
const T0 = CLIENT.tokenIssuedAt + 1000;
const PAYMENT = { paymentMode: "CREDIT_CARD", authMode: "otp",
  cardInfo: { type: "new", cardNumber: "4111111111111111", cvv: "123", expiry: "122032" } };
const STATUS_PARAMS = { mid: "INTEGR7769XXXXXX9383", orderId: "ORDER_1001" };
const BUILDS = [["node", ours], ["web", web]];

/** A number-like object whose valueOf frees `obj`; counts how often it was asked. */
function freeingNumber(obj, value = Date.now()) {
  const n = { calls: 0, valueOf() { n.calls++; obj.free(); return value; }, [Symbol.toPrimitive]() { n.calls++; obj.free(); return value; } };
  return n;
}

/** The module still works: checksums (Node build), and a new Session in the build `m`. */
function stillWorks(m) {
  if (m === ours) assertStillWorks();
  const s = new m.Session("checkout", CLIENT);
  assert.equal(s.nextAction(T0).type, "collect_payment");
  s.free();
}

/** Runs `fn`: it either works or throws a coded Error (never anything else). True if it threw. */
function codedOrWorks(fn) {
  try {
    fn();
    return false;
  } catch (e) {
    assertCodedError(e);
    return true;
  }
}

/** Every Proxy that fights: each trap throws, or the proxy is revoked. */
function hostileProxies(target) {
  const boom = () => { throw new Error("trap"); };
  const out = [];
  for (const trap of ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"]) {
    out.push([`${trap} throws`, new Proxy(target, { [trap]: boom })]);
  }
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  out.push(["revoked", proxy]);
  return out;
}

// -------------------------------------------------------------------------------------------------
// Numbers: nothing is coerced, so a valueOf never runs (it used to run after the glue had read the
// object's pointer: freeing the object there made the call use freed memory).

for (const [build, m] of BUILDS) {
  test(`${build}: a valueOf that frees the session never runs, in every numeric argument`, () => {
    const calls = {
      nextAction: (s, n) => s.nextAction(n),
      "handleResponse(status)": (s, n) => s.handleResponse(n, "{}", T0),
      "handleResponse(now)": (s, n) => s.handleResponse(200, "{}", n),
      handleSendFailure: (s, n) => s.handleSendFailure(n),
      handleCallback: (s, n) => s.handleCallback(build === "web" ? { ORDERID: "x" } : "ORDERID=x", n),
      pay: (s, n) => s.pay(PAYMENT, n),
    };
    if (build === "node") {
      calls.submitOtp = (s, n) => s.submitOtp("123456", n);
      calls.retry = (s, n) => s.retry(n);
    }
    let checked = 0;
    for (const [name, call] of Object.entries(calls)) {
      for (let round = 0; round < 3; round++) { // the old build died on the second round
        const s = new m.Session("checkout", CLIENT);
        const n = freeingNumber(s);
        const e = throwsCoded(() => call(s, n));
        assert.ok(["INVALID_ARGUMENT", "RESPONSE_HTTP_STATUS"].includes(e.code), `${name}: ${e.code}`);
        assert.equal(n.calls, 0, `${name}: valueOf ran`);
        // Untouched: the session still answers, then frees normally.
        assert.equal(s.nextAction(T0).type, "collect_payment", name);
        s.free();
        checked++;
      }
      // Other number-likes are refused the same way: a Number object, a numeric string, a BigInt.
      const s = new m.Session("checkout", CLIENT);
      for (const v of [new Number(T0), String(T0), BigInt(T0)]) {
        const e = throwsCoded(() => call(s, v));
        assert.ok(["INVALID_ARGUMENT", "RESPONSE_HTTP_STATUS"].includes(e.code), `${name}: ${e.code}`);
      }
      s.free();
    }
    assert.equal(checked, Object.keys(calls).length * 3);
    stillWorks(m);
  });

  test(`${build}: parseResponse's httpStatus is not coerced either`, () => {
    const s = new m.Session("checkout", CLIENT);
    const n = freeingNumber(s, 200);
    throwsCoded(() => m.parseResponse("process_transaction", n, "{}", null, { allowUnsigned: true }), "INVALID_ARGUMENT");
    assert.equal(n.calls, 0);
    assert.equal(s.nextAction(T0).type, "collect_payment");
    s.free();
    stillWorks(m);
  });
}

// -------------------------------------------------------------------------------------------------
// free(): empties the object; every later call is INVALID_HANDLE; using it again is harmless.

for (const [build, m] of BUILDS) {
  test(`${build}: a freed session throws INVALID_HANDLE from every method; free twice is harmless`, () => {
    const s = new m.Session("checkout", CLIENT);
    assert.equal(s[Symbol.dispose], s.free, "Symbol.dispose is the class's own free");
    s.free();
    s.free();
    s[Symbol.dispose]();
    const calls = [() => s.nextAction(T0), () => s.handleResponse(200, "{}", T0), () => s.handleSendFailure(T0),
      () => s.handleCallback(build === "web" ? { ORDERID: "x" } : "ORDERID=x", T0), () => s.pay(PAYMENT, T0)];
    if (build === "node") {
      calls.push(() => s.submitOtp("123456", T0), () => s.retry(T0), () => s.save());
      calls.push(() => s.collect("2027-01", "RENEW_0001", "499.00"), () => s.cancel());
      calls.push(() => s.pause(), () => s.resume(), () => s.preNotify("2027-01", "499.00", "10-01-2027", "PN_1", "Gold"));
    }
    for (const call of calls) throwsCoded(call, "INVALID_HANDLE");
    // Argument errors are still reported first (arguments are read before the object).
    throwsCoded(() => s.nextAction("soon"), "INVALID_ARGUMENT");
    stillWorks(m);
  });
}

test("node: a freed MerchantKey throws INVALID_HANDLE from every method and its length", () => {
  const key = new MerchantKey(KEY);
  const sig = key.generate("p", "abcd");
  key.free();
  key.free();
  throwsCoded(() => key.generate("p"), "INVALID_HANDLE");
  throwsCoded(() => key.verify("p", sig), "INVALID_HANDLE");
  throwsCoded(() => key.check("p", sig), "INVALID_HANDLE");
  throwsCoded(() => key.length, "INVALID_HANDLE");
  assert.equal(key[Symbol.dispose], key.free);
  assertStillWorks();
});

// -------------------------------------------------------------------------------------------------
// Getters that free the object being called, or another one.

test("node: a params getter that frees the MerchantKey during generate/verify/check: INVALID_HANDLE, then the module works", () => {
  const sig = generateChecksum({ A: "x" }, KEY, "abcd");
  const calls = {
    generate: (k, p) => k.generate(p),
    "generate(salt)": (k, p) => k.generate(p, "abcd"),
    verify: (k, p) => k.verify(p, sig),
    check: (k, p) => k.check(p, sig),
  };
  for (const [name, call] of Object.entries(calls)) {
    for (let round = 0; round < 3; round++) {
      const key = new MerchantKey(KEY);
      let ran = 0;
      const params = { get A() { ran++; key.free(); return "x"; } };
      throwsCoded(() => call(key, params), "INVALID_HANDLE");
      assert.equal(ran, 1, name);
      throwsCoded(() => key.generate("p"), "INVALID_HANDLE");
    }
  }
  // The getter that frees its key and then throws: the throw is the answer (coded).
  const key = new MerchantKey(KEY);
  throwsCoded(() => key.generate({ get A() { key.free(); throw new Error("getter"); } }), "INVALID_PARAMS");
  throwsCoded(() => key.generate("p"), "INVALID_HANDLE");
  const fresh = new MerchantKey(KEY);
  assert.equal(fresh.generate({ A: "x" }, "abcd"), sig);
  fresh.free();
  assertStillWorks();
});

test("node: getters that free a MerchantKey, call the module or clear the key cache during the PaytmChecksum drop-in", async () => {
  const expected = generateChecksum({ A: "x", B: "y" }, KEY, "abcd");
  const hostile = () => {
    const other = new MerchantKey(OTHER_KEY);
    return {
      get A() {
        other.free();
        clearKeyCache();
        // Re-enter the module with another key: the call in progress keeps its own.
        generateChecksum({ Z: "z" }, OTHER_KEY);
        verifyChecksum("q", OTHER_KEY, "x");
        return "x";
      },
      B: "y",
    };
  };
  const sig = await PaytmChecksum.generateSignature(hostile(), KEY);
  assert.equal(verifyChecksum({ A: "x", B: "y" }, KEY, sig), true, "signed with the caller's key");
  assert.equal(PaytmChecksum.verifySignature(hostile(), KEY, expected), true);
  assert.equal(PaytmChecksum.verifySignature(hostile(), KEY, sig), true);
  assert.equal(PaytmChecksum.getStringByParams(hostile()), "x|y");
  assert.equal(generateChecksum(hostile(), KEY, "abcd"), expected);
  assert.equal(verifyChecksum(hostile(), KEY, expected), true);
  const key = new MerchantKey(KEY);
  assert.equal(key.generate(hostile(), "abcd"), expected);
  assert.equal(key.verify(hostile(), expected), true);
  key.free();
  // A getter that throws: a coded rejection / throw, never an escape.
  const throwing = { get A() { throw new Error("getter"); } };
  await rejectsCoded(() => PaytmChecksum.generateSignature(throwing, KEY), "INVALID_PARAMS");
  throwsCoded(() => PaytmChecksum.verifySignature(throwing, KEY, expected), "INVALID_PARAMS");
  assertStillWorks();
});

for (const [build, m] of BUILDS) {
  test(`${build}: a getter that frees the session during pay / new Session`, () => {
    for (let round = 0; round < 3; round++) {
      const s = new m.Session("checkout", CLIENT);
      assert.equal(s.nextAction(T0).type, "collect_payment");
      throwsCoded(() => s.pay({ ...PAYMENT, get paymentMode() { s.free(); return "CREDIT_CARD"; } }, T0 + 1), "INVALID_HANDLE");
      throwsCoded(() => s.nextAction(T0 + 2), "INVALID_HANDLE");
    }
    // A config getter that frees another session and builds a third one: both sessions work.
    const victim = new m.Session("checkout", CLIENT);
    let made;
    const s = new m.Session("checkout", { ...CLIENT, get orderId() { victim.free(); made = new m.Session("checkout", CLIENT); return CLIENT.orderId; } });
    assert.equal(s.nextAction(T0).type, "collect_payment");
    assert.equal(made.nextAction(T0).type, "collect_payment");
    throwsCoded(() => victim.nextAction(T0), "INVALID_HANDLE");
    s.free();
    made.free();
    stillWorks(m);
  });

  test(`${build}: re-entrant calls into the same session from a getter work`, () => {
    const s = new m.Session("checkout", CLIENT);
    const seen = [];
    let saved;
    const payment = { ...PAYMENT, get paymentMode() {
      seen.push(s.nextAction(T0 + 1).type);
      if (build === "node") saved = s.save();
      return "CREDIT_CARD";
    } };
    s.pay(payment, T0 + 2);
    assert.deepEqual(seen, ["collect_payment"], "the inner call saw the session as it was");
    if (build === "node") {
      // What the getter saved is the session before the payment: it restores to collect_payment.
      const r = Session.restore(saved, null, CLIENT.txnToken);
      assert.equal(r.nextAction(T0 + 3).type, "collect_payment");
      r.free();
    }
    const send = s.nextAction(T0 + 3);
    assert.equal(send.type, "send");
    assert.equal(send.purpose, "process");
    // Re-entry into a call that then fails: the inner call's own answer, the outer one's code.
    const inner = [];
    throwsCoded(() => s.pay({ get paymentMode() { inner.push(s.nextAction(T0 + 4).type); return "BALANCE"; } }, T0 + 5), "SESSION_STATE");
    assert.equal(inner.length, 1);
    assert.equal(typeof inner[0], "string");
    s.free();
    stillWorks(m);
  });

  test(`${build}: Proxies whose traps throw, or revoked: coded errors everywhere`, () => {
    let calls = 0;
    let threw = 0;
    for (const [name, p] of [...hostileProxies({ ...PAYMENT }), ...hostileProxies(new Uint8Array(4)), ...hostileProxies([])]) {
      const s = new m.Session("checkout", CLIENT);
      assert.equal(s.nextAction(T0).type, "collect_payment");
      const attempts = [
        () => s.pay(p, T0 + 1),
        () => s.nextAction(p),
        () => s.handleResponse(p, "{}", T0),
        () => s.handleResponse(200, p, T0),
        () => s.handleCallback(p, T0),
        () => new m.Session("checkout", p),
        () => new m.Session(p, CLIENT),
        () => new m.Session("checkout", CLIENT, p),
        () => m.buildRequest("process_transaction", p),
        () => m.buildRequest(p, {}),
        () => m.buildRequest("process_transaction", {}, null, p),
        () => m.parseResponse("process_transaction", 200, p, null, { allowUnsigned: true }),
        () => m.parseResponse("process_transaction", 200, "{}", null, p),
        () => m.encodeCardInfo(p),
      ];
      for (const attempt of attempts) {
        if (codedOrWorks(attempt)) threw++;
        calls++;
      }
      assert.equal(typeof s.nextAction(T0 + 2).type, "string", name);
      s.free();
    }
    assert.equal(calls, 18 * 14);
    assert.ok(threw > calls * 0.8, `${threw} of ${calls} threw`);
    stillWorks(m);
  });
}

test("node: Proxies whose traps throw, or revoked, in every Node-only entry point", async () => {
  let calls = 0;
  let threw = 0;
  const key = new MerchantKey(KEY);
  const sig = generateChecksum("p", KEY);
  for (const [name, p] of [...hostileProxies({ A: "x" }), ...hostileProxies(new Uint8Array(16)), ...hostileProxies(["x"])]) {
    const sync = [
      () => generateChecksum(p, KEY), () => generateChecksum("p", p), () => generateChecksum("p", KEY, p),
      () => verifyChecksum(p, KEY, sig), () => verifyChecksum("p", p, sig), () => verifyChecksum("p", KEY, p),
      () => key.generate(p), () => key.verify(p, sig), () => key.check(p, sig), () => key.verify("p", p),
      () => new MerchantKey(p),
      () => PaytmChecksum.verifySignature(p, KEY, sig), () => PaytmChecksum.verifySignatureByString(p, KEY, sig),
      () => PaytmChecksum.calculateChecksum(p, KEY, "abcd"), () => PaytmChecksum.calculateHash("p", p),
      () => PaytmChecksum.getStringByParams(p), () => PaytmChecksum.encrypt(p, KEY), () => PaytmChecksum.decrypt(p, KEY),
      () => buildRequest("transaction_status", p, { merchantKey: KEY }),
      () => buildRequest("transaction_status", STATUS_PARAMS, p),
      () => buildRequest("transaction_status", STATUS_PARAMS, { merchantKey: p }),
      () => parseResponse("transaction_status", 200, p, KEY), () => parseResponse("transaction_status", 200, "{}", p),
      () => parseCallback(p, KEY), () => parseCallback("ORDERID=x", p), () => parseCallback("ORDERID=x", KEY, p),
      () => reconcile(p, {}), () => reconcile({}, p), () => encodeCardInfo(p),
      () => explain(p, KEY, sig), () => explain("p", p, sig), () => explain("p", KEY, p), () => explain("p", KEY, sig, p),
      () => new Session("checkout", SERVER, p), () => new Session("checkout", SERVER, { merchantKey: p }),
      () => Session.restore(p, { merchantKey: KEY }), () => Session.restore("{}", p),
    ];
    for (const call of sync) {
      if (codedOrWorks(call)) threw++;
      calls++;
    }
    await rejectsCoded(() => PaytmChecksum.generateSignatureByString("p", p));
    await PaytmChecksum.generateSignature(p, KEY).then(() => {}, (e) => { assertCodedError(e); threw++; });
    calls += 2;
    assert.equal(key.verify("p", sig), true, name);
  }
  assert.equal(calls, 18 * 39);
  assert.ok(threw > calls * 0.7, `${threw} of ${calls} threw`);
  key.free();
  stillWorks(ours);
});

// -------------------------------------------------------------------------------------------------
// A Uint8Array whose own `length` lies, and a Proxy dressed as one: read by their internal slots or
// refused, never asked (a lying length made the old copy panic, which aborts the module).

test("node: a Uint8Array with a lying length, and a Proxy posing as one", () => {
  const liar = new Uint8Array(Buffer.from(KEY));
  let asked = 0;
  Object.defineProperty(liar, "length", { get() { asked++; return asked % 2 ? 1 : 1 << 20; } });
  const k = new MerchantKey(liar);
  assert.equal(k.length, 16, "the real length");
  assert.equal(k.generate("p", "abcd"), generateChecksum("p", KEY, "abcd"));
  k.free();
  assert.equal(asked, 0);
  const poser = new Proxy(new Uint8Array(16), { getPrototypeOf: () => Uint8Array.prototype, get() { throw new Error("trap"); } });
  assert.ok(poser instanceof Uint8Array);
  throwsCoded(() => new MerchantKey(poser), "INVALID_ARGUMENT");
  throwsCoded(() => parseResponse("transaction_status", 200, poser, KEY), "INVALID_ARGUMENT");
  const body = new Uint8Array(Buffer.from("{}"));
  Object.defineProperty(body, "length", { get() { throw new Error("length"); } });
  const asText = throwsCoded(() => parseResponse("transaction_status", 200, "{}", KEY));
  throwsCoded(() => parseResponse("transaction_status", 200, body, KEY), asText.code);
  assertStillWorks();
});

// -------------------------------------------------------------------------------------------------
// A String object is its text (what the caller means), wherever a string is taken.

test("node: a String object is treated as its string value everywhere", async () => {
  const sig = generateChecksum("abc", KEY, "abcd");
  assert.equal(generateChecksum(new String("abc"), KEY, "abcd"), sig, "not the character map a|b|c");
  assert.notEqual(sig, generateChecksum({ 0: "a", 1: "b", 2: "c" }, KEY, "abcd"));
  assert.equal(generateChecksum("abc", new String(KEY), new String("abcd")), sig);
  assert.equal(verifyChecksum(new String("abc"), KEY, new String(sig)), true);
  const key = new MerchantKey(new String(KEY));
  assert.equal(key.generate(new String("abc"), new String("abcd")), sig);
  assert.equal(key.verify(new String("abc"), sig), true);
  key.free();
  assert.equal(await PaytmChecksum.generateSignatureByString(new String("abc"), KEY).then((s) => verifyChecksum("abc", KEY, s)), true);
  assert.equal(PaytmChecksum.calculateChecksum(new String("abc"), KEY, "abcd"), sig);
  assert.equal(PaytmChecksum.getStringByParams({ A: new String("x") }), "x");
  const req = buildRequest(new String("transaction_status"), new String(JSON.stringify(STATUS_PARAMS)), { merchantKey: new String(KEY) }, { salt: "abcd" });
  assert.deepEqual(req, buildRequest("transaction_status", STATUS_PARAMS, { merchantKey: KEY }, { salt: "abcd" }));
  const s = new Session(new String("checkout"), new String(JSON.stringify(CLIENT)));
  assert.equal(s.nextAction(T0).type, "collect_payment");
  throwsCoded(() => s.handleResponse(200, new String("{}"), T0), "SESSION_STATE");
  s.free();
  // A subclass of String is a String; an object that only looks like one is not.
  class Text extends String {}
  assert.equal(generateChecksum(new Text("abc"), KEY, "abcd"), sig);
  throwsCoded(() => generateChecksum("abc", KEY, { toString: () => "abcd" }), "INVALID_ARGUMENT");
  assertStillWorks();
});

test("web: a String object is treated as its string value", () => {
  const s = new web.Session(new String("checkout"), new String(JSON.stringify(CLIENT)));
  assert.equal(s.nextAction(T0).type, "collect_payment");
  s.pay(new String(JSON.stringify(PAYMENT)), T0 + 1);
  assert.equal(s.nextAction(T0 + 2).purpose, "process");
  s.free();
  const input = { txnToken: CLIENT.txnToken, mid: CLIENT.mid, orderId: CLIENT.orderId, paymentMode: "UPI_INTENT" };
  assert.deepEqual(web.buildRequest(new String("process_transaction"), new String(JSON.stringify(input))),
    web.buildRequest("process_transaction", input));
  stillWorks(web);
});

// -------------------------------------------------------------------------------------------------
// Another class's object as `this`.

test("node: a method called on another class's object is INVALID_HANDLE, and frees nothing", () => {
  const key = new MerchantKey(KEY);
  const s = new Session("checkout", CLIENT);
  throwsCoded(() => MerchantKey.prototype.generate.call(s, "p"), "INVALID_HANDLE");
  throwsCoded(() => MerchantKey.prototype.verify.call(s, "p", "x"), "INVALID_HANDLE");
  throwsCoded(() => Session.prototype.nextAction.call(key, T0), "INVALID_HANDLE");
  throwsCoded(() => Session.prototype.save.call(key), "INVALID_HANDLE");
  MerchantKey.prototype.free.call(s);
  Session.prototype.free.call(key);
  // The drop-in's class too (its wasm-bindgen free released a session's memory as its own).
  PaytmChecksum.prototype.free.call(s);
  PaytmChecksum.prototype.free.call(key);
  const statics = new PaytmChecksum();
  Session.prototype.free.call(statics);
  throwsCoded(() => Session.prototype.nextAction.call(statics, T0), "INVALID_HANDLE");
  statics.free();
  statics.free();
  assert.equal(s.nextAction(T0).type, "collect_payment");
  assert.equal(key.generate("p", "abcd"), generateChecksum("p", KEY, "abcd"));
  key.free();
  s.free();
  assertStillWorks();
});
