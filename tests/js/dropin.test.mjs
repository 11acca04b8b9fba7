// (2) The drop-in `PaytmChecksum` against the official `paytmchecksum` module (v1.5.1): the same
// API and answers, and one test per documented difference (wasm/pkg/README.md, "Differences").
import { test } from "node:test";
import assert from "node:assert/strict";
import { ours, Official, require, quiet, throwsCoded, rejectsCoded, vectors } from "./helpers.mjs";

const Ours = ours.PaytmChecksum;
const KEY = "PmX#a0x4VpTXRzfK";
const BODY = '{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1","txnAmount":{"value":"1.00","currency":"INR"}}';
const MAP = { MID: "INTEGR7769XXXXXX9383", ORDERID: "ORDER_1", TXNAMOUNT: "1.00", BANKTXNID: "" };

test("the compat entry point has the official module's shape", async () => {
  const viaCompat = require("paytm-checkout/paytmchecksum");
  assert.equal(viaCompat, Ours);
  const { default: viaEsm } = await import("paytm-checkout/paytmchecksum");
  assert.equal(viaEsm, Ours);
  const officialStatics = Object.getOwnPropertyNames(Official).filter(
    (n) => typeof Official[n] === "function",
  );
  // generateRandomString is an internal helper of the official module; not offered (README).
  for (const name of officialStatics.filter((n) => n !== "generateRandomString")) {
    assert.equal(typeof Ours[name], "function", `PaytmChecksum.${name} missing`);
  }
  assert.equal(Ours.iv, Official.iv);
});

test("signatures interoperate both ways, string and map", async () => {
  const sig = await Ours.generateSignature(BODY, KEY);
  assert.equal(sig.length, 108);
  assert.equal(Official.verifySignature(BODY, KEY, sig), true);
  assert.equal(Ours.verifySignature(BODY, KEY, await Official.generateSignature(BODY, KEY)), true);

  const msig = await Ours.generateSignature(MAP, KEY);
  assert.equal(Official.verifySignature({ ...MAP }, KEY, msig), true);
  assert.equal(Ours.verifySignature(MAP, KEY, await Official.generateSignature({ ...MAP }, KEY)), true);

  const bsig = await Ours.generateSignatureByString(BODY, KEY);
  assert.equal(Official.verifySignatureByString(BODY, KEY, bsig), true);
  assert.equal(Ours.verifySignatureByString(BODY, KEY, await Official.generateSignatureByString(BODY, KEY)), true);
  assert.equal(Ours.verifySignature(BODY + " ", KEY, sig), false);
});

test("Buffer and Uint8Array keys work like string keys", async () => {
  const sig = await Ours.generateSignature(BODY, Buffer.from(KEY));
  assert.equal(Official.verifySignature(BODY, Buffer.from(KEY), sig), true);
  assert.equal(Ours.verifySignature(BODY, new TextEncoder().encode(KEY), sig), true);
});

test("deterministic helpers equal the official ones", () => {
  for (const salt of ["abcd", "a+/Z", "!@#$", "0000"]) {
    assert.equal(Ours.calculateHash(BODY, salt), Official.calculateHash(BODY, salt));
    assert.equal(Ours.calculateChecksum(BODY, KEY, salt), Official.calculateChecksum(BODY, KEY, salt));
    assert.equal(Ours.calculateChecksum("₹ नमस्ते", KEY, salt), Official.calculateChecksum("₹ नमस्ते", KEY, salt));
  }
  assert.equal(Ours.getStringByParams(MAP), Official.getStringByParams(MAP));
  assert.equal(Ours.getStringByParams({ A: null, B: "x" }), Official.getStringByParams({ A: null, B: "x" }));
  for (const text of ["", "a", "0123456789abcdef", "hello world, this is longer than a block"]) {
    const enc = Ours.encrypt(text, KEY);
    assert.equal(enc, Official.encrypt(text, KEY));
    assert.equal(Ours.decrypt(enc, KEY), text);
    assert.equal(Official.decrypt(enc, KEY), text);
  }
});

test("generateSignature returns a Promise; verifySignature a boolean", async () => {
  const p = Ours.generateSignature(BODY, KEY);
  assert.ok(p instanceof Promise);
  const v = Ours.verifySignature(BODY, KEY, await p);
  assert.equal(v, true);
  assert.equal(Ours.verifySignature(BODY, KEY, "not a checksum"), false);
});

// ----- Documented differences ------------------------------------------------------------------

test('difference: the text "null" (any case) in a map signs as "" (Paytm server rule)', async () => {
  const m = { A: "x", B: "null", C: "NuLl" };
  assert.equal(Ours.getStringByParams(m), "x||");
  assert.equal(Official.getStringByParams(m), "x|null|NuLl");
  // Paytm's Python library (the vectors) agrees with us.
  const v = vectors().find((c) => c.name === "map_null_values");
  assert.equal(Ours.verifySignature(v.params, v.key, v.checksum), true);
  assert.equal(Official.verifySignature({ ...v.params }, v.key, v.checksum), false);
  // So a checksum over such a map does not cross between the two modules.
  const sig = await Ours.generateSignature(m, KEY);
  assert.equal(Official.verifySignature({ ...m }, KEY, sig), false);
  const theirs = await Official.generateSignature(m, KEY);
  assert.equal(Ours.verifySignature(m, KEY, theirs), false);
});

test("difference: verifySignature never modifies the caller's object", async () => {
  const sig = await Ours.generateSignature(MAP, KEY);
  const mine = { ...MAP, CHECKSUMHASH: sig };
  assert.equal(Ours.verifySignature(mine, KEY, sig), true);
  assert.equal(mine.CHECKSUMHASH, sig, "ours kept CHECKSUMHASH");
  const theirs = { ...MAP, CHECKSUMHASH: sig };
  assert.equal(Official.verifySignature(theirs, KEY, sig), true);
  assert.equal("CHECKSUMHASH" in theirs, false, "the official module deletes it");
});

test("difference: a CHECKSUMHASH entry is ignored when generating too", async () => {
  const withHash = { ...MAP, CHECKSUMHASH: "stale" };
  const sig = await Ours.generateSignature(withHash, KEY);
  assert.equal(Ours.verifySignature(MAP, KEY, sig), true);
  // The official module signs the stale CHECKSUMHASH, so its own verifier rejects the result.
  const theirs = await Official.generateSignature({ ...withHash }, KEY);
  assert.equal(Official.verifySignature({ ...withHash }, KEY, theirs), false);
  // getStringByParams includes it in both (it is what the official function returns).
  assert.equal(Ours.getStringByParams(withHash), Official.getStringByParams(withHash));
});

test("difference: 24- and 32-byte keys work (the official module only takes 16)", async () => {
  for (const key of ["k".repeat(24), "k".repeat(32)]) {
    const sig = await Ours.generateSignature(BODY, key);
    assert.equal(Ours.verifySignature(BODY, key, sig), true);
    assert.throws(() => Official.calculateChecksum(BODY, key, "abcd"), /key length/i);
  }
  const v = vectors().find((c) => c.name === "key_32_bytes");
  assert.equal(Ours.verifySignature(v.params, v.key, v.checksum), true);
});

test("difference: integer-like names sort by bytes, not in JS property order", () => {
  // The official module copies the sorted names into an object, and JS objects list
  // integer-like names first, in numeric order: "9" before "10".
  const m = { 10: "ten", 9: "nine", a: "a" };
  assert.equal(Ours.getStringByParams(m), "ten|nine|a");
  assert.equal(Official.getStringByParams(m), "nine|ten|a");
});

test("difference: names sort by UTF-8 bytes, not UTF-16 code units", () => {
  // U+FFFF is EF BF BF in UTF-8, before U+10000 (F0 ...); in UTF-16 U+10000 is D800 DC00, first.
  const m = { "\uFFFF": "bmp", "\u{10000}": "astral" };
  assert.equal(Ours.getStringByParams(m), "bmp|astral");
  assert.equal(Official.getStringByParams(m), "astral|bmp");
});

test("difference: bad input rejects or throws a coded Error", async () => {
  await rejectsCoded(() => Ours.generateSignature(42, KEY), "INVALID_PARAMS");
  await assert.rejects(Official.generateSignature(42, KEY), (e) => typeof e === "string");
  // null: the official module throws synchronously (TypeError); ours rejects.
  await rejectsCoded(() => Ours.generateSignature(null, KEY), "INVALID_PARAMS");
  assert.throws(() => Official.generateSignature(null, KEY), TypeError);
  // verifySignature on a number: the official module returns a (truthy) rejected Promise.
  throwsCoded(() => Ours.verifySignature(42, KEY, "x"), "INVALID_PARAMS");
  const r = Official.verifySignature(42, KEY, "x");
  assert.ok(r instanceof Promise);
  r.catch(() => {});
  // undefined values: both refuse (ours with a coded Error).
  await rejectsCoded(() => Ours.generateSignature({ A: undefined }, KEY), "INVALID_PARAMS");
  assert.throws(() => Official.getStringByParams({ A: undefined }), TypeError);
  // Arrays and Maps are not parameter maps.
  await rejectsCoded(() => Ours.generateSignature(["a"], KEY), "INVALID_PARAMS");
  await rejectsCoded(() => Ours.generateSignature(new Map([["A", "x"]]), KEY), "INVALID_PARAMS");
  // The official module signs "[object Object]" when given an object ByString; ours refuses.
  await rejectsCoded(() => Ours.generateSignatureByString(MAP, KEY), "INVALID_ARGUMENT");
});

test("difference: a salt must be 4 ASCII characters", () => {
  for (const salt of ["abc", "abcde", "", "ab€d"]) {
    throwsCoded(() => Ours.calculateChecksum(BODY, KEY, salt), "INVALID_SALT");
    throwsCoded(() => Ours.calculateHash(BODY, salt), "INVALID_SALT");
    // The official module accepts any salt; checksums with other lengths never verify there.
    const theirs = Official.calculateChecksum(BODY, KEY, salt);
    if (salt.length !== 4) assert.equal(quiet(() => Official.verifySignature(BODY, KEY, theirs)), false);
  }
});

test("difference: checksums are strict base64 (no whitespace)", async () => {
  const sig = await Ours.generateSignature(BODY, KEY);
  for (const bent of [sig + "\n", " " + sig, sig.slice(0, 54) + "\r\n" + sig.slice(54)]) {
    assert.equal(Ours.verifySignature(BODY, KEY, bent), false);
    assert.equal(Official.verifySignature(BODY, KEY, bent), true, "Node's base64 skips whitespace");
  }
});

test("difference: decrypt throws on a bad key or corrupt input instead of logging", () => {
  const enc = Ours.encrypt("secret text", KEY);
  throwsCoded(() => Ours.decrypt(enc, "0123456789abcdef"), "CHECKSUM_PADDING");
  throwsCoded(() => Ours.decrypt("!!!!", KEY), "CHECKSUM_ENCODING");
  throwsCoded(() => Ours.decrypt("", KEY), "CHECKSUM_LENGTH");
  const out = quiet(() => Official.decrypt(enc, "0123456789abcdef"));
  assert.equal(typeof out, "string", "the official module logs and returns partial garbage");
});

test("difference: encrypt/decrypt use UTF-8 (the official module uses latin1)", () => {
  const text = "₹100 नमस्ते";
  assert.equal(Ours.decrypt(Ours.encrypt(text, KEY), KEY), text);
  assert.notEqual(Official.decrypt(Official.encrypt(text, KEY), KEY), text, "latin1 loses non-latin1 text");
  assert.notEqual(Ours.encrypt("é", KEY), Official.encrypt("é", KEY));
});

test("difference: generated salts are alphanumeric (the official ones are base64 characters)", () => {
  const key = new ours.MerchantKey(KEY);
  try {
    for (let i = 0; i < 50; i++) {
      const sig = key.generate(BODY);
      const salt = Official.decrypt(sig, KEY).slice(-4);
      assert.match(salt, /^[0-9A-Za-z]{4}$/);
    }
  } finally {
    key.free();
  }
});
