// doctor() (Node build) replays the shared doctor vectors (tests/vectors/doctor/doctor.json):
// each case's finding codes in order, from an object and from JSON text; each input error's code;
// the key never in a report or an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ours, ROOT, throwsCoded } from "./helpers.mjs";

const FILE = path.join(ROOT, "tests", "vectors", "doctor", "doctor.json");
const V = JSON.parse(readFileSync(FILE, "utf8"));

test("doctor: every vector case gives its finding codes", () => {
  let ran = 0;
  for (const c of V.cases) {
    for (const input of [c.input, JSON.stringify(c.input)]) {
      const report = ours.doctor(input);
      assert.deepEqual(report.findings.map((f) => f.code), c.expect, c.name);
      assert.equal(report.clean, c.expect.length === 0, c.name);
      for (const f of report.findings) {
        assert.ok(["error", "warning", "info"].includes(f.severity), c.name);
        assert.equal(typeof f.fix, "string");
      }
      assert.ok(!JSON.stringify(report).includes(V.key), `${c.name}: key in the report`);
    }
    ran++;
  }
  assert.equal(ran, 53);
});

test("doctor: input errors throw coded errors without the key", () => {
  let ran = 0;
  for (const e of V.errors) {
    // As JSON text always; as an object too when it is one (an array is not an argument
    // doctor() takes: INVALID_ARGUMENT, before core sees it).
    const inputs = "text" in e ? [e.text] : [JSON.stringify(e.input)];
    if (!("text" in e) && !Array.isArray(e.input)) inputs.push(e.input);
    for (const input of inputs) {
      const err = throwsCoded(() => ours.doctor(input), e.error);
      assert.ok(!err.message.includes(V.key), e.name);
    }
    ran++;
  }
  assert.equal(ran, 10);
  for (const bad of [undefined, null, 5, [1], () => 1]) {
    throwsCoded(() => ours.doctor(bad), "INVALID_ARGUMENT");
  }
});
