// (1) The shared conformance vectors (produced by Paytm's Python library), through every API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ours, vectors, EXPECTED_VECTOR_CASES } from "./helpers.mjs";

const { generateChecksum, verifyChecksum, MerchantKey, PaytmChecksum } = ours;

test(`all ${EXPECTED_VECTOR_CASES} vectors`, () => {
  const cases = vectors();
  let ran = 0;
  for (const c of cases) {
    const where = `vector ${c.name}`;
    const key = new MerchantKey(c.key);
    try {
      if (c.valid) {
        assert.equal(generateChecksum(c.params, c.key, c.salt), c.checksum, where);
        assert.equal(key.generate(c.params, c.salt), c.checksum, where);
        assert.equal(generateChecksum(c.params, new TextEncoder().encode(c.key), c.salt), c.checksum, where);
        if (c.kind === "string") {
          assert.equal(PaytmChecksum.calculateChecksum(c.params, c.key, c.salt), c.checksum, where);
        }
      }
      if (c.kind === "map" && c.joined !== undefined) {
        assert.equal(PaytmChecksum.getStringByParams(c.params), c.joined, where);
      }
      assert.equal(verifyChecksum(c.params, c.key, c.checksum), c.valid, where);
      assert.equal(key.verify(c.params, c.checksum), c.valid, where);
      assert.equal(PaytmChecksum.verifySignature(c.params, c.key, c.checksum), c.valid, where);
      if (c.kind === "string") {
        assert.equal(PaytmChecksum.verifySignatureByString(c.params, c.key, c.checksum), c.valid, where);
      }
      if (c.valid) {
        key.check(c.params, c.checksum);
      } else {
        assert.throws(() => key.check(c.params, c.checksum), (e) => typeof e.code === "string", where);
      }
    } finally {
      key.free();
    }
    ran++;
  }
  assert.equal(cases.length, EXPECTED_VECTOR_CASES, "the vector file changed size");
  assert.equal(ran, EXPECTED_VECTOR_CASES);
  console.log(`# vectors: ${ran} cases ran`);
});
