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

function measure(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const end = t0 + BigInt(MS) * 1_000_000n;
    let now = t0;
    while (now < end) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      now = process.hrtime.bigint();
    }
    best = Math.max(best, n / (Number(now - t0) / 1e9));
  }
  return best;
}

async function measureAsync(fn) {
  for (let i = 0; i < 500; i++) await fn();
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const end = t0 + BigInt(MS) * 1_000_000n;
    let now = t0;
    while (now < end) {
      for (let i = 0; i < 50; i++) await fn();
      n += 50;
      now = process.hrtime.bigint();
    }
    best = Math.max(best, n / (Number(now - t0) / 1e9));
  }
  return best;
}

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
    measure(() => mk.generate(body)));
  // Sign with a fixed salt (synchronous on both sides).
  row("sign: calculateChecksum (salt)", size,
    measure(() => Official.calculateChecksum(body, KEY, "aB3x")),
    measure(() => ours.PaytmChecksum.calculateChecksum(body, KEY, "aB3x")),
    measure(() => mk.generate(body, "aB3x")));
  row("verify: verifySignature", size,
    measure(() => Official.verifySignature(body, KEY, sigOfficial)),
    measure(() => ours.PaytmChecksum.verifySignature(body, KEY, sigOfficial)),
    measure(() => mk.verify(body, sigOfficial)));
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
  const n = measure(() => ours.parseResponse("process_transaction", 200, reply, null, opts));
  const w = measure(() => web.parseResponse("process_transaction", 200, reply, null, opts));
  console.log(`parse: ${name.padEnd(32)} ${String(Buffer.byteLength(reply)).padStart(5)} B  node ${fmt(n)}  web ${fmt(w)} (${(w / n).toFixed(2)}x)`);
}
