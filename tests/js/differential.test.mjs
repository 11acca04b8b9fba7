// (5) Differential test against the official module, in one process: random bodies (0-4 KB,
// non-ASCII included), random 16-byte keys (the official module takes only 16), random maps.
// ours -> theirs verifies, theirs -> ours verifies, same salt -> same checksum, tampered -> both
// reject. A disagreement is allowed only for a map hitting a documented quirk (the text "null",
// integer-like names, UTF-16 vs UTF-8 name order), and each of those is counted and re-checked
// against an independent model of both rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ours, Official, prng, quiet } from "./helpers.mjs";

const CASES = Number(process.env.DIFF_CASES ?? 2000);
const SEED = Number(process.env.DIFF_SEED ?? 20261122);
const Ours = ours.PaytmChecksum;

const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\t\n',
  "é₹नमस्तेÄöü中文日本語한국어",
  "\u{1F600}\u{1F4B0}\u{10000}\uFFFF\uE000",
];

function randomString(r, maxLen) {
  const len = r.int(maxLen + 1);
  let s = "";
  while (s.length < len) {
    const a = ALPHABETS[r.next() < 0.8 ? 0 : 1 + r.int(3)];
    const cp = [...a];
    s += cp[r.int(cp.length)];
  }
  return s;
}

/** A 16-byte key: printable ASCII text, or (30%) raw bytes in a Buffer. */
function randomKey(r) {
  if (r.next() < 0.3) return Buffer.from(Array.from({ length: 16 }, () => r.int(256)));
  return Array.from({ length: 16 }, () => String.fromCharCode(33 + r.int(94))).join("");
}

function randomMap(r) {
  const m = {};
  const n = 1 + r.int(12);
  for (let i = 0; i < n; i++) {
    let name = randomString(r, 12) || "N";
    const roll = r.next();
    if (roll < 0.03) name = String(r.int(100)); // integer-like name (quirk)
    let value = randomString(r, 40);
    const v = r.next();
    if (v < 0.1) value = null;
    else if (v < 0.13) value = r.pick(["null", "NULL", "Null"]); // null text (quirk)
    m[name] = value;
  }
  if (r.next() < 0.02) m[r.pick(["\uFFFF", "\uE000x"])] = "bmp"; // UTF-16 order quirk
  if (r.next() < 0.02) m["\u{10000}"] = "astral";
  return m;
}

// Independent models of the two joining rules (test code; the package uses core's).
const utf8Cmp = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const serverRule = (m) =>
  Object.keys(m).filter((k) => k !== "CHECKSUMHASH").sort(utf8Cmp)
    .map((k) => (m[k] === null || m[k].toLowerCase() === "null" ? "" : m[k])).join("|");
const officialRule = (m) => Official.getStringByParams(m);

function tamper(r, s) {
  if (s.length === 0) return "x";
  const i = r.int(s.length);
  const c = s.charCodeAt(i);
  return s.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : 0x41) + s.slice(i + 1);
}

function flipChecksum(r, sig) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const i = r.int(86); // stay clear of the padding
  let c;
  do c = alphabet[r.int(64)]; while (c === sig[i]);
  return sig.slice(0, i) + c + sig.slice(i + 1);
}

test(`differential vs the official paytmchecksum: ${CASES} random cases`, async () => {
  console.log(`# differential: seed ${SEED} (DIFF_SEED to change), ${CASES} cases`);
  const r = prng(SEED);
  const stats = { string: 0, map: 0, quirky: 0, quirkDisagreements: 0, checks: 0 };
  const fail = (msg, ctx) => assert.fail(`${msg} (seed ${SEED}, case ${ctx.i}, ${ctx.kind})`);
  for (let i = 0; i < CASES; i++) {
    const key = randomKey(r);
    const asMap = r.next() < 0.4;
    const ctx = { i, kind: asMap ? "map" : "string" };
    const params = asMap ? randomMap(r) : randomString(r, 4096);
    const salt = Array.from({ length: 4 }, () => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"[r.int(64)]).join("");

    const quirky = asMap && serverRule(params) !== officialRule(params);
    if (asMap && Ours.getStringByParams(params) !== serverRule(params)) fail("getStringByParams is not the server rule", ctx);
    const oursSig = await Ours.generateSignature(params, key);
    const theirsSig = await Official.generateSignature(asMap ? { ...params } : params, key);
    const ok1 = Official.verifySignature(asMap ? { ...params } : params, key, oursSig);
    const ok2 = Ours.verifySignature(params, key, theirsSig);
    stats.checks += 2;
    if (!quirky) {
      if (!ok1) fail("ours -> theirs did not verify", ctx);
      if (!ok2) fail("theirs -> ours did not verify", ctx);
      const text = asMap ? serverRule(params) : params;
      if (Ours.calculateChecksum(text, key, salt) !== Official.calculateChecksum(text, key, salt)) {
        fail("calculateChecksum differs", ctx);
      }
      stats.checks += 2;
    } else {
      // Each side verifies its own; the cross checks fail exactly as the two rules predict.
      stats.quirky++;
      if (!Ours.verifySignature(params, key, oursSig)) fail("ours did not verify its own (quirk)", ctx);
      if (!Official.verifySignature({ ...params }, key, theirsSig)) fail("theirs did not verify its own (quirk)", ctx);
      if (ok1 || ok2) fail("a quirky map verified across modules", ctx);
      stats.quirkDisagreements++;
    }
    // Tampered params and tampered checksums: both reject.
    const tParams = asMap ? { ...params, [Object.keys(params)[0]]: tamper(r, params[Object.keys(params)[0]] ?? "") } : tamper(r, params);
    const tSig = flipChecksum(r, oursSig);
    for (const [p, s] of [[tParams, oursSig], [params, tSig]]) {
      if (Ours.verifySignature(p, key, s)) fail("ours accepted a tampered input", ctx);
      if (quiet(() => Official.verifySignature(asMap ? { ...p } : p, key, s))) fail("theirs accepted a tampered input", ctx);
      stats.checks += 2;
    }
    asMap ? stats.map++ : stats.string++;
  }
  console.log(`# differential: ${stats.string} strings + ${stats.map} maps = ${stats.string + stats.map} cases, ` +
    `${stats.checks} cross-checks, 0 unexplained disagreements; ${stats.quirkDisagreements} quirk maps ` +
    `(null text / integer-like names / UTF-16 order) disagreed exactly as documented`);
  assert.equal(stats.string + stats.map, CASES);
  assert.ok(CASES >= 2000 || process.env.DIFF_CASES, "at least 2,000 cases");
  assert.ok(stats.quirky > 0, "the quirk generator never fired; adjust the seed");
});
