// Throughput of sign and verify: ours (the PaytmChecksum drop-in and MerchantKey) vs the official
// `paytmchecksum` module, in one process, on a ~236-byte Initiate Transaction body and a 4 KB body.
// Reports ops/s (best of ROUNDS rounds of ~MS ms each) and ours/official ratios. Then parsing a
// Process Transaction reply: the web build (JSON.parse into core's tree) vs the Node build
// (serde_json). Never asserted: speed is measured, not tested.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ours, Official, PKG_DIR, ROOT, vectors } from "./helpers.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MS = Number(process.env.BENCH_MS ?? 400);
const KEY = "PmX#a0x4VpTXRzfK";

// The body the Rust benchmark uses, if present; else the vectors' json_body_0.
const bodyFile = path.join(ROOT, "tests", "vectors", "bench-body-236.json");
const small = existsSync(bodyFile)
  ? readFileSync(bodyFile, "utf8").replace(/\n$/, "")
  : vectors().find((c) => c.name === "json_body_0").params;
let big = "";
while (big.length < 4096) big += small;
big = big.slice(0, 4096);

// Best ops/s over ROUNDS rounds of MS ms each, after a warm-up; `batch(n)` runs the operation n
// times (awaited only when the operation is async, so sync timings carry no promise per call).
async function best(batch, size, warm) {
  await batch(warm);
  let top = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const end = t0 + BigInt(MS) * 1_000_000n;
    let now = t0;
    while (now < end) {
      await batch(size);
      n += size;
      now = process.hrtime.bigint();
    }
    top = Math.max(top, n / (Number(now - t0) / 1e9));
  }
  return top;
}

const measure = (fn) =>
  best((n) => {
    for (let i = 0; i < n; i++) fn();
  }, 200, 2000);

const measureAsync = (fn) =>
  best(async (n) => {
    for (let i = 0; i < n; i++) await fn();
  }, 50, 500);

const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(11);
const rows = [];
function row(what, size, official, drop, mk) {
  rows.push({ what, size, official, drop, mk });
  console.log(
    `${what.padEnd(34)} ${size.padStart(6)}  official ${fmt(official)}  drop-in ${fmt(drop)} (${(drop / official).toFixed(2)}x)` +
      (mk === undefined ? "" : `  MerchantKey ${fmt(mk)} (${(mk / official).toFixed(2)}x)`),
  );
}

console.log(`paytm-checkout ${ours.version()} vs paytmchecksum (official), node ${process.version}`);
console.log(`bodies: ${Buffer.byteLength(small)} B (${existsSync(bodyFile) ? "tests/vectors/bench-body-236.json" : "json_body_0"}) and ${Buffer.byteLength(big)} B; ops/s, best of ${ROUNDS} x ${MS} ms`);
const mk = new ours.MerchantKey(KEY);
for (const [size, body] of [[`${Buffer.byteLength(small)}B`, small], ["4KB", big]]) {
  const sigOfficial = Official.calculateChecksum(body, KEY, "aB3x");
  const sigOurs = mk.generate(body, "aB3x");
  if (sigOurs !== sigOfficial) throw new Error("checksums differ");

  // Sign as integrations do: await generateSignature (random salt).
  row("sign: await generateSignature", size,
    await measureAsync(() => Official.generateSignature(body, KEY)),
    await measureAsync(() => ours.PaytmChecksum.generateSignature(body, KEY)),
    await measure(() => mk.generate(body)));
  // Sign with a fixed salt (synchronous on both sides).
  row("sign: calculateChecksum (salt)", size,
    await measure(() => Official.calculateChecksum(body, KEY, "aB3x")),
    await measure(() => ours.PaytmChecksum.calculateChecksum(body, KEY, "aB3x")),
    await measure(() => mk.generate(body, "aB3x")));
  row("verify: verifySignature", size,
    await measure(() => Official.verifySignature(body, KEY, sigOfficial)),
    await measure(() => ours.PaytmChecksum.verifySignature(body, KEY, sigOfficial)),
    await measure(() => mk.verify(body, sigOfficial)));
}
mk.free();

const [signSmall, , verifySmall] = rows;
console.log(
  `summary (${signSmall.size}): sign ${(signSmall.drop / signSmall.official).toFixed(2)}x drop-in, ` +
    `${(signSmall.mk / signSmall.official).toFixed(2)}x MerchantKey; verify ${(verifySmall.drop / verifySmall.official).toFixed(2)}x drop-in, ` +
    `${(verifySmall.mk / verifySmall.official).toFixed(2)}x MerchantKey (target >= 2x)`,
);

// Parsing Process Transaction's reply (no key: the browser's case), web build vs Node build.
const web = await import("paytm-checkout/web");
web.initSync({ module: readFileSync(path.join(PKG_DIR, "web", "paytm_checkout_bg.wasm")) });
const opts = { allowUnsigned: true };
for (const name of ["process_card_bank_form", "process_wallet_success_txninfo"]) {
  const reply = readFileSync(path.join(ROOT, "tests", "vectors", "responses", name, "response.bin"), "utf8");
  const n = await measure(() => ours.parseResponse("process_transaction", 200, reply, null, opts));
  const w = await measure(() => web.parseResponse("process_transaction", 200, reply, null, opts));
  console.log(`parse: ${name.padEnd(32)} ${String(Buffer.byteLength(reply)).padStart(5)} B  node ${fmt(n)}  web ${fmt(w)} (${(w / n).toFixed(2)}x)`);
}
