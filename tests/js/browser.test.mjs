// (6) The web build (the txnToken side) in a real browser: Debian's /usr/bin/chromium (never a downloaded one), driven
// by playwright-core, loading pages served by `python3 -m http.server` on 127.0.0.1. The web build's
// files come from the packed tarball installed in a temporary project (installed.mjs), exactly what
// a user deploys; the site also serves examples/browser/ at its repository path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { HERE, ROOT, require } from "./helpers.mjs";
import { installedPackage } from "./installed.mjs";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`http.server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("http.server did not start");
}

test("the web build builds every Process Transaction vector in headless Chromium", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/setup.sh apt`);
  const site = mkdtempSync(path.join(tmpdir(), "ptm-browser-site-"));
  const profile = mkdtempSync(path.join(tmpdir(), "ptm-browser-profile-"));
  const web = path.join(installedPackage(), "web");
  cpSync(web, path.join(site, "web"), { recursive: true });
  cpSync(path.join(installedPackage(), "web-helpers"), path.join(site, "web-helpers"), { recursive: true });
  cpSync(web, path.join(site, "wasm", "pkg", "web"), { recursive: true });
  cpSync(path.join(ROOT, "examples", "browser"), path.join(site, "examples", "browser"), { recursive: true });
  cpSync(path.join(HERE, "browser", "index.html"), path.join(site, "index.html"));
  // Every Process Transaction golden request (input and the request Paytm's docs lead to) and a
  // card, with what the Node build makes of it.
  const dir = path.join(ROOT, "tests", "vectors", "requests");
  const cases = readdirSync(dir).filter((d) => d.startsWith("process_")).sort().map((name) => {
    const input = JSON.parse(readFileSync(path.join(dir, name, "input.json"), "utf8"));
    const expected = JSON.parse(readFileSync(path.join(dir, name, "request.json"), "utf8"));
    return { name, params: input.params, environment: input.environment, expected };
  });
  const cardInput = { type: "new", cardNumber: "4111111111111111", cvv: "123", expiry: "122032" };
  const card = { input: cardInput, encoded: require("paytm-checkout").encodeCardInfo(cardInput) };
  // Every Process Transaction response fixture, parsed without a key, with what the Node build
  // makes of it (the one with a repeated member included: both builds refuse it as ambiguous).
  const rdir = path.join(ROOT, "tests", "vectors", "responses");
  const node = require("paytm-checkout");
  const outcome = (f) => { try { return { ok: f() }; } catch (x) { return { code: x.code }; } };
  const responses = readdirSync(rdir)
    .filter((d) => d.startsWith("process_"))
    .sort()
    .map((name) => {
      const c = JSON.parse(readFileSync(path.join(rdir, name, "case.json"), "utf8"));
      const body = readFileSync(path.join(rdir, name, "response.bin"), "utf8");
      const options = { allowUnsigned: true };
      return { name, status: c.httpStatus, body, options,
        expected: outcome(() => node.parseResponse("process_transaction", c.httpStatus, body, null, options)) };
    });
  // The client half of the checkout Session: every client scenario of the session vectors (up to
  // a restart: the web build keeps no saved state), each step with what the Node build does. The
  // checks before a payment and the payment options run in the web-helpers entry (the default web
  // entry leaves them out: sessions.test.mjs checks that it refuses them).
  const sessions = JSON.parse(readFileSync(path.join(ROOT, "tests", "vectors", "sessions", "scenarios.json"), "utf8"))
    .scenarios.filter((sc) => sc.kind === "checkout" && sc.key === null)
    .map((sc) => {
      const s = new node.Session("checkout", sc.config);
      const steps = [];
      for (const st of sc.steps) {
        if (st.op === "restart") break;
        // JS Checkout hands its handler an object: a form callback arrives as its fields.
        const arg = st.op === "callback" && !st.body.trimStart().startsWith("{")
          ? Object.fromEntries(new URLSearchParams(st.body)) : undefined;
        const run = {
          next: () => s.nextAction(st.now), respond: () => s.handleResponse(st.status, st.body, st.now),
          send_failure: () => s.handleSendFailure(st.now), pay: () => s.pay(st.payment, st.now),
          callback: () => s.handleCallback(st.body, st.now), otp: () => s.submitOtp(st.otp, st.now),
        }[st.op];
        steps.push({ ...st, arg, expected: outcome(() => run() ?? null) });
      }
      s.free();
      const checks = sc.config.fetchPaymentOptions || sc.steps.some((st) => st.op === "pay" &&
        ["validateVpa", "checkBin", "promoCode", "loginMobile"].some((m) => m in st.payment));
      return { name: sc.name, config: sc.config, steps, entry: checks ? "web-helpers" : "web" };
    });
  writeFileSync(path.join(site, "process.json"), JSON.stringify({ cases, card, responses, sessions }));

  const port = await freePort();
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], {
    cwd: site,
    stdio: "ignore",
  });
  let context;
  try {
    const base = `http://127.0.0.1:${port}/`;
    await waitForServer(base + "process.json", server);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "index.html");
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
    const result = await page.evaluate(() => window.__result);
    console.log(`# browser: ${await context.browser()?.version?.() ?? "chromium"} built ${result.ran} requests, parsed ${result.parsed} responses, ran ${result.sessions} client sessions (${result.sessionSteps} steps)`);
    assert.deepEqual(errors, []);
    assert.deepEqual(result.failures, []);
    assert.ok(cases.length >= 10, `only ${cases.length} process_transaction vectors`);
    assert.equal(result.ran, cases.length);
    assert.ok(responses.length >= 10, `only ${responses.length} process_transaction fixtures`);
    assert.equal(result.parsed, responses.length);
    assert.ok(sessions.length >= 9, `only ${sessions.length} client scenarios`);
    assert.equal(result.sessions, sessions.length);
    assert.ok(result.sessionSteps >= 45, `${result.sessionSteps} session steps`);
    assert.equal(result.ok, true);

    // examples/browser: loads the web build through its import map and handles the form.
    await page.goto(base + "examples/browser/index.html");
    await page.waitForFunction(() => window.__exampleReady === true, null, { timeout: 60_000 });
    assert.match(await page.textContent("#status"), /\(web build\) loaded/);
    await page.click("button");
    await page.waitForFunction(() => window.__example !== undefined, null, { timeout: 10_000 });
    // The form's defaults: a UPI intent payment on staging, exactly as the Node build builds it.
    const example = await page.evaluate(() => window.__example);
    assert.equal(example.built, true, JSON.stringify(example));
    assert.deepEqual(example.request, require("paytm-checkout").buildRequest("process_transaction", {
      mid: "INTEGR7769XXXXXX9383", orderId: "ORDER_1", txnToken: "f0bed899539742309eebd8XXXX7edcf61588842333227",
      paymentMode: "UPI_INTENT" }, undefined, { environment: "staging" }));
    assert.match(await page.textContent("#status"), /Send it with fetch/);
    // ...and parses Paytm's reply (the sample UPI intent answer): the deep link to open.
    await page.click("#parse");
    await page.waitForFunction(() => window.__parsed !== undefined, null, { timeout: 10_000 });
    const parsed = await page.evaluate(() => window.__parsed);
    assert.equal(parsed.next, "open_deep_link", JSON.stringify(parsed));
    assert.match(parsed.url, /^upi:\/\/pay\?/);
    assert.match(await page.textContent("#next"), /Open the UPI app/);
    // ...and runs the same payment through the client half of the Session.
    await page.click("#session");
    await page.waitForFunction(() => window.__session !== undefined, null, { timeout: 10_000 });
    const session = await page.evaluate(() => window.__session);
    assert.deepEqual(session, { send: example.request.url, next: "open_deep_link", url: parsed.url, outcome: "unverified" });
    assert.match(await page.textContent("#steps"), /done: unverified/);
    assert.deepEqual(errors, []);
  } finally {
    if (context) await context.close().catch(() => {});
    server.kill();
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    rmSync(site, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
