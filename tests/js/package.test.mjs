// (8) The packed tarball, installed into a temporary project (installed.mjs), used from CommonJS,
// ESM and TypeScript there exactly as a user would; the browser test loads its web/ files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { HERE, VECTORS_FILE, EXPECTED_API_NAMES } from "./helpers.mjs";
import { installedProject, packedFiles } from "./installed.mjs";

const project = installedProject();
const run = (args, input) =>
  execFileSync(process.execPath, args, { cwd: project, encoding: "utf8", input, timeout: 60_000 });

test("the tarball holds the package's files and nothing else", () => {
  const files = packedFiles();
  for (const f of ["package.json", "README.md", "LICENSE", "node/index.mjs", "node/index.d.mts",
    "node/paytm_checkout.js", "node/paytm_checkout.d.ts", "node/paytm_checkout_bg.wasm", "web/package.json",
    "web/paytm_checkout.js", "web/paytm_checkout.d.ts", "web/paytm_checkout_bg.wasm", "web-helpers/package.json",
    "web-helpers/paytm_checkout.js", "web-helpers/paytm_checkout.d.ts", "web-helpers/paytm_checkout_bg.wasm", "compat/paytmchecksum.js",
    "compat/paytmchecksum.mjs", "compat/paytmchecksum.d.ts", "compat/paytmchecksum.d.mts"]) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
  assert.deepEqual(files.filter((f) => /(^|\/)\.|\.tgz$|\.rs$/.test(f)), [], "no dotfiles, sources or tarballs");
});

test("CommonJS in the installing project: require('paytm-checkout') is the Node build", () => {
  const out = run(["-e", `
    const assert = require("node:assert/strict");
    const v = require(${JSON.stringify(VECTORS_FILE)}).cases[0];
    const p = require("paytm-checkout");
    assert.equal(require.resolve("paytm-checkout"), require("node:path").join(process.cwd(), "node_modules/paytm-checkout/node/paytm_checkout.js"));
    assert.equal(p.generateChecksum(v.params, v.key, v.salt), v.checksum);
    assert.equal(p.apiNames().length, ${EXPECTED_API_NAMES});
    const req = p.buildRequest("transaction_status", { mid: "INTEGR7769XXXXXX9383", orderId: "O1" },
      { merchantKey: v.key }, { environment: "staging", salt: "ab12" });
    assert.equal(req.url, "https://securestage.paytmpayments.com/v3/order/status");
    assert.equal(p.explain(v.params, v.key, v.checksum).verdict.status, "valid");
    const PaytmChecksum = require("paytm-checkout/paytmchecksum");
    assert.equal(PaytmChecksum.calculateChecksum(v.params, v.key, v.salt), v.checksum);
    console.log("cjs ok");
  `]);
  assert.match(out, /cjs ok/);
});

test("ESM in the installing project: named imports, the drop-in and the web build", () => {
  const out = run(["--input-type=module", "-e", `
    import assert from "node:assert/strict";
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    import { generateChecksum, buildRequest, apiNames, explain, MerchantKey, PaytmChecksum } from "paytm-checkout";
    import Compat from "paytm-checkout/paytmchecksum";
    import init, * as web from "paytm-checkout/web";
    const v = JSON.parse(readFileSync(${JSON.stringify(VECTORS_FILE)}, "utf8")).cases[0];
    assert.equal(generateChecksum(v.params, v.key, v.salt), v.checksum);
    assert.equal(Compat, PaytmChecksum);
    assert.equal(typeof buildRequest, "function");
    assert.ok(apiNames().includes("process_transaction"));
    assert.equal(explain(v.params, v.key, v.checksum).verdict.status, "valid");
    const k = new MerchantKey(v.key); assert.ok(k.verify(v.params, v.checksum)); k.free();
    const wasm = createRequire(import.meta.url).resolve("paytm-checkout/web/paytm_checkout_bg.wasm");
    await init({ module_or_path: readFileSync(wasm) });
    // The web build: the txnToken side only, no merchant-key function.
    assert.equal(web.generateChecksum, undefined);
    const p = { txnToken: "f0bed899539742309eebd8XXXX7edcf61588842333227", mid: "INTEGR7769XXXXXX9383",
      orderId: "ORDER_1", paymentMode: "UPI_INTENT" };
    assert.deepEqual(web.buildRequest("process_transaction", p, null, { environment: "staging" }),
      buildRequest("process_transaction", p, undefined, { environment: "staging" }));
    console.log("esm ok");
  `]);
  assert.match(out, /esm ok/);
});

test("TypeScript in the installing project: usage.ts type-checks against the tarball's .d.ts", () => {
  const dir = mkdtempSync(path.join(project, "types-"));
  try {
    for (const f of ["usage.ts", "tsconfig.json", "package.json"]) cpSync(path.join(HERE, "types", f), path.join(dir, f));
    const tsc = path.join(HERE, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], { encoding: "utf8", timeout: 120_000 });
    // And the resolution really went to the installed package.
    const trace = execFileSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--traceResolution"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.match(trace, /'paytm-checkout' was successfully resolved to '[^']*project\/node_modules\/paytm-checkout\/node\/index\.d\.mts'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
