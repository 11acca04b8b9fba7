// Shared by the tests and the benchmark. The package is loaded by its name, through the exports
// map, exactly as an integration would (tests/js/package.json links it from wasm/pkg).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const require = createRequire(import.meta.url);
export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..", "..");
export const PKG_DIR = path.join(ROOT, "wasm", "pkg");
export const VECTORS_FILE = path.join(ROOT, "tests", "vectors", "checksum.json");
export const EXPECTED_VECTOR_CASES = 28;
// The Node build's API tables: 18 spec APIs and 6 subscription APIs to build; those 24 and the
// subscription webhook to parse. Pinned so that adding or losing an API is a visible change.
export const EXPECTED_API_NAMES = 35;
export const EXPECTED_RESPONSE_API_NAMES = 37;

export const ours = require("paytm-checkout");
export const Official = require("paytmchecksum");

export function vectors() {
  return JSON.parse(readFileSync(VECTORS_FILE, "utf8")).cases;
}

/** Asserts `e` is a real Error carrying a code name and its errno from errorCodes(). */
export function assertCodedError(e, code) {
  assert.ok(e instanceof Error, `expected an Error, got ${typeof e}: ${e}`);
  assert.equal(typeof e.code, "string", `error without a code: ${e.message}`);
  assert.equal(typeof e.errno, "number");
  assert.equal(ours.errorCodes()[e.code], e.errno, `errno ${e.errno} is not ${e.code}'s`);
  if (code !== undefined) assert.equal(e.code, code, e.message);
  assert.ok(e.message.length > 0);
}

/** Runs fn, which must throw a coded Error (with `code` if given); returns the error. */
export function throwsCoded(fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, "expected a throw");
  assertCodedError(caught, code);
  return caught;
}

/** As throwsCoded, for a function returning a promise that must reject. */
export async function rejectsCoded(fn, code) {
  const p = fn();
  assert.ok(p instanceof Promise, "expected a Promise");
  let caught;
  await p.then(
    () => assert.fail("expected a rejection"),
    (e) => {
      caught = e;
    },
  );
  assertCodedError(caught, code);
  return caught;
}

/** The official module console.logs decryption errors; keep test output readable. */
export function quiet(fn) {
  const log = console.log;
  console.log = () => {};
  try {
    return fn();
  } finally {
    console.log = log;
  }
}

/** A small seeded PRNG (mulberry32) so failures reproduce. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (arr) => arr[int(arr.length)] };
}

/** The known vector everyone checks after hostile input: the module must still work. */
export function assertStillWorks() {
  const v = vectors()[0];
  assert.equal(ours.generateChecksum(v.params, v.key, v.salt), v.checksum);
  assert.equal(ours.verifyChecksum(v.params, v.key, v.checksum), true);
}
