// (3) Hostile and mistaken input: every call answers with a coded Error (or `false` for a malformed
// checksum), never a crash, and the module keeps working afterwards (a trap would kill it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ours, throwsCoded, rejectsCoded, assertStillWorks, assertCodedError } from "./helpers.mjs";

const { generateChecksum, verifyChecksum, MerchantKey, PaytmChecksum, errorCodes } = ours;
const KEY = "PmX#a0x4VpTXRzfK";
const GOOD = generateChecksum("p", KEY, "abcd");

const NOT_PARAMS = [
  undefined, null, 0, 42, NaN, true, false, 10n, Symbol("s"), () => "x", [], ["a"],
  new Map([["A", "x"]]), new Set(["x"]),
  { A: 1 }, { A: true }, { A: undefined }, { A: {} }, { A: ["x"] }, { A: 10n }, { A: Symbol("v") },
  { get A() { throw new Error("getter"); } },
  new Proxy({}, { ownKeys() { throw new Error("trap"); } }),
];
const NOT_KEYS = [undefined, null, 16, true, {}, [], [1, 2, 3], new ArrayBuffer(16), new Uint16Array(8), Symbol("k")];
const BAD_KEY_LENGTHS = ["", "short", "x".repeat(15), "x".repeat(17), "x".repeat(33), "€".repeat(6) /* 18 bytes */,
  new Uint8Array(0), new Uint8Array(15), new Uint8Array(33), new Uint8Array(1 << 20), "k".repeat(1 << 20)];
const MALFORMED_CHECKSUMS = ["", "!", "!!!not base64!!!", "A".repeat(107), "A".repeat(108), "A".repeat(112),
  GOOD.slice(0, 104), GOOD + "==", GOOD.replace(/.$/, "A"), GOOD.toLowerCase(), "=".repeat(108),
  "€".repeat(108), "\u0000".repeat(108), "A".repeat(10_000), "A".repeat(5_000_000)];
const NOT_STRINGS = [undefined, null, 1, {}, [], true, new Uint8Array(108)];

test("params of the wrong type: INVALID_PARAMS from every entry point", async () => {
  const key = new MerchantKey(KEY);
  try {
    for (const p of NOT_PARAMS) {
      throwsCoded(() => generateChecksum(p, KEY), "INVALID_PARAMS");
      throwsCoded(() => verifyChecksum(p, KEY, GOOD), "INVALID_PARAMS");
      throwsCoded(() => key.generate(p), "INVALID_PARAMS");
      throwsCoded(() => key.verify(p, GOOD), "INVALID_PARAMS");
      throwsCoded(() => PaytmChecksum.verifySignature(p, KEY, GOOD), "INVALID_PARAMS");
      throwsCoded(() => PaytmChecksum.getStringByParams(p), "INVALID_PARAMS");
      await rejectsCoded(() => PaytmChecksum.generateSignature(p, KEY), "INVALID_PARAMS");
    }
    // String-only entry points: a value that is not a string is the wrong type of argument.
    for (const p of NOT_STRINGS) {
      await rejectsCoded(() => PaytmChecksum.generateSignatureByString(p, KEY), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.verifySignatureByString(p, KEY, GOOD), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.calculateChecksum(p, KEY, "abcd"), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.calculateHash(p, "abcd"), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.encrypt(p, KEY), "INVALID_ARGUMENT");
    }
  } finally {
    key.free();
  }
  assertStillWorks();
});

test("messages never echo a parameter value", () => {
  const e = throwsCoded(() => generateChecksum({ CVV: 123, CARD: "4111111111111111" }, KEY), "INVALID_PARAMS");
  assert.doesNotMatch(e.message, /123|4111/);
  const k = throwsCoded(() => new MerchantKey("SECRET-KEY-17-BYT"), "INVALID_KEY_LENGTH");
  assert.doesNotMatch(k.message, /SECRET/);
});

test("keys of the wrong type (INVALID_ARGUMENT) or length (INVALID_KEY_LENGTH)", async () => {
  for (const [keys, code] of [[NOT_KEYS, "INVALID_ARGUMENT"], [BAD_KEY_LENGTHS, "INVALID_KEY_LENGTH"]]) {
    for (const k of keys) {
      throwsCoded(() => new MerchantKey(k), code);
      throwsCoded(() => generateChecksum("p", k), code);
      throwsCoded(() => verifyChecksum("p", k, GOOD), code);
      throwsCoded(() => PaytmChecksum.calculateChecksum("p", k, "abcd"), code);
      throwsCoded(() => PaytmChecksum.encrypt("p", k), code);
      throwsCoded(() => PaytmChecksum.decrypt(GOOD, k), code);
      await rejectsCoded(() => PaytmChecksum.generateSignature("p", k), code);
    }
  }
  const e = throwsCoded(() => new MerchantKey("x".repeat(17)), "INVALID_KEY_LENGTH");
  assert.match(e.message, /17/);
  assertStillWorks();
});

test("salts: INVALID_SALT unless 4 ASCII characters", () => {
  const key = new MerchantKey(KEY);
  try {
    for (const s of ["", "abc", "abcde", "ab€d", "\u00e9abc", null, 1234, {}, ["abcd"]]) {
      const code = typeof s === "string" ? "INVALID_SALT" : "INVALID_ARGUMENT";
      throwsCoded(() => PaytmChecksum.calculateChecksum("p", KEY, s), code);
      throwsCoded(() => PaytmChecksum.calculateHash("p", s), code);
      if (s !== null) {
        throwsCoded(() => generateChecksum("p", KEY, s), code);
        throwsCoded(() => key.generate("p", s), code);
      }
    }
    // undefined / null salt means "random".
    assert.equal(generateChecksum("p", KEY, undefined).length, 108);
    assert.equal(key.generate("p", null).length, 108);
  } finally {
    key.free();
  }
});

test("malformed checksums verify as false (and check() says why)", () => {
  const key = new MerchantKey(KEY);
  try {
    for (const c of MALFORMED_CHECKSUMS) {
      assert.equal(verifyChecksum("p", KEY, c), false);
      assert.equal(key.verify("p", c), false);
      assert.equal(PaytmChecksum.verifySignature("p", KEY, c), false);
      assert.equal(PaytmChecksum.verifySignatureByString("p", KEY, c), false);
      const e = throwsCoded(() => key.check("p", c));
      assert.ok(e.errno >= 2000 && e.errno < 3000, e.code);
    }
    assert.equal(key.verify("p", GOOD), true);
    throwsCoded(() => key.check("q", GOOD), "CHECKSUM_MISMATCH");
    for (const c of NOT_STRINGS) {
      throwsCoded(() => verifyChecksum("p", KEY, c), "INVALID_ARGUMENT");
      throwsCoded(() => key.verify("p", c), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.verifySignature("p", KEY, c), "INVALID_ARGUMENT");
      throwsCoded(() => PaytmChecksum.decrypt(c, KEY), "INVALID_ARGUMENT");
    }
  } finally {
    key.free();
  }
  assertStillWorks();
});

test("huge inputs: INPUT_TOO_LARGE before anything is copied; large ones still work", () => {
  const huge = "x".repeat(16 * 1024 * 1024 + 1);
  throwsCoded(() => generateChecksum(huge, KEY), "INPUT_TOO_LARGE");
  throwsCoded(() => verifyChecksum(huge, KEY, GOOD), "INPUT_TOO_LARGE");
  throwsCoded(() => verifyChecksum("p", KEY, huge), "INPUT_TOO_LARGE");
  throwsCoded(() => generateChecksum({ A: huge }, KEY), "INPUT_TOO_LARGE");
  throwsCoded(() => generateChecksum({ [huge]: "v" }, KEY), "INPUT_TOO_LARGE");
  const many = {};
  const chunk = "y".repeat(4 * 1024 * 1024);
  for (let i = 0; i < 14; i++) many["K" + i] = chunk; // 56 Mi characters in total
  throwsCoded(() => generateChecksum(many, KEY), "INPUT_TOO_LARGE");
  // Multi-byte text near the limit (3 bytes each): accepted and correct.
  const big = "₹".repeat(4 * 1024 * 1024);
  const sig = generateChecksum(big, KEY);
  assert.equal(verifyChecksum(big, KEY, sig), true);
  assert.equal(verifyChecksum(big + "x", KEY, sig), false);
  assertStillWorks();
});

test("lone surrogates are signed as U+FFFD, like Node's own UTF-8 encoder", () => {
  const sig = PaytmChecksum.calculateChecksum("a\uD800b", KEY, "abcd");
  assert.equal(sig, PaytmChecksum.calculateChecksum("a\uFFFDb", KEY, "abcd"));
});

test("a freed MerchantKey throws instead of touching freed memory", () => {
  const key = new MerchantKey(KEY);
  key.free();
  assert.throws(() => key.generate("p"), Error);
  assert.throws(() => key.verify("p", GOOD), Error);
  assertStillWorks();
});

test("errorCodes() is core's table and matches the .d.ts union", async () => {
  const codes = errorCodes();
  const { readFileSync } = await import("node:fs");
  const { PKG_DIR } = await import("./helpers.mjs");
  for (const dir of ["node", "web"]) {
    const dts = readFileSync(`${PKG_DIR}/${dir}/paytm_checkout.d.ts`, "utf8");
    const union = dts.match(/export type ErrorCodeName =([^;]*);/)[1];
    const names = [...union.matchAll(/"([A-Z0-9_]+)"/g)].map((m) => m[1]);
    assert.deepEqual(names, Object.keys(codes), `${dir} .d.ts union`);
    // The web build's InitOutput lists the raw wasm exports (generated, internal); skip it.
    const api = dts.replace(/export interface InitOutput \{[^}]*\}/, "");
    assert.doesNotMatch(api, /(:|=>|<|\|)\s*any\b/, `${dir} .d.ts has an 'any' type`);
  }
  assert.equal(codes.INVALID_KEY_LENGTH, 1001);
  assert.equal(codes.CHECKSUM_MISMATCH, 2001);
  for (const [name, n] of Object.entries(codes)) {
    assert.match(name, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(Number.isInteger(n) && n >= 1000 && n < 10000);
  }
  assert.equal(new Set(Object.values(codes)).size, Object.keys(codes).length);
  assertCodedError(throwsCoded(() => generateChecksum("p", "k")));
});
