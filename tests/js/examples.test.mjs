// (9) examples/node/server.mjs, run from the installed tarball's project on 127.0.0.1 with a free
// port (PORT=0): the checkout page, the Initiate Transaction request it builds (never sent: no
// PAYTM_MID/PAYTM_MERCHANT_KEY in its environment), and its callback verification.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, ours } from "./helpers.mjs";
import { installedProject } from "./installed.mjs";

const DEMO_KEY = "PmX#a0x4VpTXRzfK"; // the server's demo key when PAYTM_MERCHANT_KEY is unset

/** Starts the server; resolves with its base URL once it prints "listening on <url>". */
function start(dir) {
  const env = { ...process.env, HOST: "127.0.0.1", PORT: "0" };
  for (const k of Object.keys(env)) if (k.startsWith("PAYTM_") || k === "PUBLIC_URL") delete env[k];
  const child = spawn(process.execPath, ["server.mjs"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start in 20 s:\n" + output.join(""))), 20_000);
    child.stdout.on("data", (d) => {
      output.push(String(d));
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output.join(""));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on("data", (d) => output.push(String(d)));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join("")}`));
    });
  });
  return { child, ready, output };
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

const form = (params) => new URLSearchParams(params).toString();
const post = (url, body) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    signal: AbortSignal.timeout(10_000),
  });

test("examples/node: checkout page, initiate request, verified and rejected callbacks", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(path.join(installedProject(), "example-node-"));
  cpSync(path.join(ROOT, "examples", "node", "server.mjs"), path.join(dir, "server.mjs"));
  cpSync(path.join(ROOT, "examples", "node", "package.json"), path.join(dir, "package.json"));
  const { child, ready, output } = start(dir);
  try {
    const base = await ready;
    assert.match(output.join(""), /demo mode/);

    const page = await fetch(base + "/", { signal: AbortSignal.timeout(10_000) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post" action="\/pay">/);

    const pay = await post(base + "/pay", form({ amount: "2.50" }));
    const shown = await pay.text();
    assert.equal(pay.status, 200, shown + output.join(""));
    assert.match(shown, /not sent/);
    const pre = /<pre id="request">([^<]*)<\/pre>/.exec(shown);
    assert.ok(pre, shown);
    const request = JSON.parse(pre[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))));
    assert.match(request.url, /^https:\/\/securestage\.paytmpayments\.com\/theia\/api\/v1\/initiateTransaction\?mid=INTEGR7769XXXXXX9383&orderId=ORDER_/);
    // The signature covers the exact bytes of the body member: check it with the package.
    const { head } = JSON.parse(request.body);
    const signed = /,"body":(\{.*\})\}$/.exec(request.body)[1];
    assert.equal(JSON.parse(signed).txnAmount.value, "2.50");
    assert.match(JSON.parse(signed).callbackUrl, /^https:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(ours.verifyChecksum(signed, DEMO_KEY, head.signature), true);
    assert.match(output.join(""), /initiate request:/);

    const callback = {
      ORDERID: "ORDER_1", MID: "INTEGR7769XXXXXX9383", TXNID: "20260101111212800110168", TXNAMOUNT: "2.50",
      STATUS: "TXN_SUCCESS", RESPCODE: "01", RESPMSG: "Txn Success", BANKTXNID: "", CURRENCY: "INR",
    };
    const CHECKSUMHASH = ours.generateChecksum(callback, DEMO_KEY);
    const good = await post(base + "/callback", form({ ...callback, CHECKSUMHASH }));
    assert.deepEqual([good.status, await good.text()], [200, "verified"]);

    const tampered = await post(base + "/callback", form({ ...callback, TXNAMOUNT: "250.00", CHECKSUMHASH }));
    assert.deepEqual([tampered.status, await tampered.text()], [400, "rejected"]);

    const unsigned = await post(base + "/callback", form(callback));
    assert.deepEqual([unsigned.status, await unsigned.text()], [400, "rejected"]);
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
});
