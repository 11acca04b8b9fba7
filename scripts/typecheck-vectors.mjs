// Type-checks real outputs against a build of the npm package's declarations: every parsed
// response of tests/vectors/responses ("ok") as ParsedResponse<api> (Process Transaction's also
// against the web build's, and with the txnToken helpers' against the web-helpers build's), every callback as ParsedCallback, every session config of
// tests/vectors/sessions as its kind's config. Object literals are checked exactly (tsc's
// excess-property check, exactOptionalPropertyTypes), so a member the declarations lack, or a
// required one an output lacks, fails the build. Run by scripts/build-wasm.sh before it installs
// the build:
//
//   node scripts/typecheck-vectors.mjs DIR    (DIR/node/paytm_checkout.d.ts, DIR/web/…, DIR/web-helpers/…)
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = path.resolve(process.argv[2]);
const vectors = path.join(root, "tests/vectors");
const lines = [
  'import type * as node from "../node/paytm_checkout.js";',
  'import type * as web from "../web/paytm_checkout.js";',
  'import type * as webHelpers from "../web-helpers/paytm_checkout.js";',
];
// The APIs of the second web entry (web-helpers): Process Transaction and the txnToken helpers.
const WEB_HELPERS_APIS = new Set(["process_transaction", "fetch_payment_options", "fetch_bin_details", "validate_vpa",
  "fetch_emi_details", "apply_promo", "send_checkout_otp", "validate_checkout_otp"]);
let count = 0;
const check = (type, value) => {
  lines.push(`export const v${count++}: ${type} = ${JSON.stringify(value)};`);
};

for (const name of fs.readdirSync(path.join(vectors, "responses")).sort()) {
  const caseFile = path.join(vectors, "responses", name, "case.json");
  if (!fs.existsSync(caseFile)) continue;
  const { api } = JSON.parse(fs.readFileSync(caseFile, "utf8"));
  const { ok } = JSON.parse(fs.readFileSync(path.join(vectors, "responses", name, "expected.json"), "utf8"));
  if (!ok) continue;
  if (api === "callback") {
    check("node.ParsedCallback", ok);
  } else {
    check(`node.ParsedResponse<${JSON.stringify(api)}>`, ok);
    if (api === "process_transaction") check('web.ParsedResponse<"process_transaction">', ok);
    if (WEB_HELPERS_APIS.has(api)) check(`webHelpers.ParsedResponse<${JSON.stringify(api)}>`, ok);
  }
}
const configs = { checkout: "CheckoutSessionConfig", refund: "RefundSessionConfig", wallet: "WalletSessionConfig",
  subscription: "SubscriptionSessionConfig" };
const { scenarios } = JSON.parse(fs.readFileSync(path.join(vectors, "sessions/scenarios.json"), "utf8"));
for (const s of scenarios) check(`node.${configs[s.kind]}`, s.config);

const work = path.join(dir, "typecheck");
fs.mkdirSync(work, { recursive: true });
fs.writeFileSync(path.join(work, "vectors.ts"), lines.join("\n") + "\n");
fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    strict: true, noEmit: true, exactOptionalPropertyTypes: true, types: [],
    module: "esnext", moduleResolution: "bundler", target: "es2022", lib: ["es2022", "esnext.disposable", "dom"],
  },
  files: ["vectors.ts"],
}));
const tsc = path.join(root, "tests/js/node_modules/.bin/tsc");
try {
  execFileSync(tsc, ["-p", path.join(work, "tsconfig.json")], { stdio: "inherit" });
} catch {
  console.error(`typecheck-vectors: the declarations do not describe the outputs above (${work}/vectors.ts)`);
  process.exit(1);
}
console.log(`typecheck-vectors: ${count} real outputs and configs match the declarations`);
