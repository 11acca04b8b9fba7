// End-to-end in a real browser: a card payment completed through the sandbox's bank page in
// headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, launched exactly as
// tests/js/browser.test.mjs does).
//
// The merchant's server is this test: a Node host initiates and pays with the npm package's
// Session class; on `render_bank_form` the browser opens the merchant's checkout page (served by
// the test's own node:https server on 127.0.0.1), which posts redirectForm to its actionURL (the
// sandbox's bank page); the customer types the OTP there and submits; the bank's auto-submitting
// form posts the callback to the merchant's callbackUrl (the same server), which hands the body
// to session.handleCallback. The session then checks the status and ends in `success`.
//
// HTTPS, not plain HTTP: the engine accepts only an https:// callbackUrl (INVALID_URL otherwise,
// as Paytm requires in production). The server's certificate is a throwaway self-signed one for
// 127.0.0.1 made by the openssl CLI in a temporary directory; the browser context is told to
// accept it (playwright's ignoreHTTPSErrors; Chromium's flags are browser.test.mjs's, unchanged).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Host, ours, startSandbox, checkoutConfig, card, CARDS, TEST_KEY, GOOD_OTP } from "./host.mjs";
import { HERE as JS_DIR } from "../js/helpers.mjs";

// playwright-core is tests/js's dependency (tests/js/package.json).
const { chromium } = createRequire(path.join(JS_DIR, "package.json"))("playwright-core");
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The merchant's site: /checkout posts the pending bank form; /paytm/callback takes the callback. */
function merchantSite(tls) {
  const state = { bankForm: null, callbacks: [], onCallback: null };
  const server = createServer(tls, (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method === "GET" && url.pathname === "/checkout" && state.bankForm) {
      // What a merchant's checkout page does with redirectForm: post its content to actionURL.
      const f = state.bankForm;
      const inputs = Object.entries(f.content ?? {})
        .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
        .join("\n");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Merchant checkout</title></head>
<body onload="document.forms[0].submit()"><p>Redirecting to your bank…</p>
<form method="${esc(f.method ?? "post")}" action="${esc(f.actionURL)}">\n${inputs}\n</form></body></html>`);
      return;
    }
    if (req.method === "POST" && url.pathname === "/paytm/callback") {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks);
        state.callbacks.push({ contentType: req.headers["content-type"], body: body.toString("utf8") });
        let verdict = "received";
        try {
          if (state.onCallback) await state.onCallback(body);
        } catch (e) {
          verdict = `refused: ${e.code ?? e.message}`;
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><html><head><title>Thank you</title></head><body><p id="verdict">${esc(verdict)}</p></body></html>`);
      });
      return;
    }
    res.writeHead(404).end();
  });
  return { server, state };
}

/** A key and certificate for 127.0.0.1, valid one day, written under `dir`. */
function selfSignedCert(dir) {
  const key = path.join(dir, "merchant-key.pem");
  const cert = path.join(dir, "merchant-cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
  { stdio: ["ignore", "ignore", "pipe"] });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

let sandbox;
after(async () => {
  await sandbox?.stop();
});

test("headless Chromium completes a card payment through the sandbox's bank page", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/setup.sh apt`);
  const profile = mkdtempSync(path.join(tmpdir(), "ptm-e2e-browser-profile-"));
  let server;
  let context;
  let session;
  try {
    const merchant = merchantSite(selfSignedCert(profile));
    server = merchant.server;
    const { state } = merchant;
    sandbox = await startSandbox();
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const site = `https://127.0.0.1:${server.address().port}`;
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    const host = new Host(sandbox.base);
    session = newSession(host, site);
    let bankPageSeen = false;
    const outcome = await host.runCheckout(session, card(CARDS.success), {}, {
      onBankForm: async (form, s) => {
        const rf = form.redirectForm;
        assert.ok(rf?.actionURL?.startsWith(sandbox.base), JSON.stringify(form));
        state.bankForm = rf;
        const callback = new Promise((resolve) => {
          state.onCallback = async (body) => {
            try {
              s.handleCallback(body, await host.now());
              host.record({ type: "callback", action: `${site}/paytm/callback`, fields: [...new URLSearchParams(body.toString())] });
            } finally {
              resolve();
            }
          };
        });
        // The browser: merchant page → (POST redirectForm) → bank OTP page.
        await page.goto(`${site}/checkout`);
        await page.waitForURL(rf.actionURL, { timeout: 30_000 });
        await page.waitForSelector('input[name="otp"]');
        assert.match(await page.title(), /Sandbox Bank/);
        bankPageSeen = true;
        // The customer types the OTP and presses Pay; the bank's page auto-posts the callback.
        await page.locator('input[name="otp"]').pressSequentially(GOOD_OTP);
        await Promise.all([page.waitForURL(`${site}/paytm/callback`, { timeout: 30_000 }), page.click('button[type="submit"]')]);
        await callback;
        assert.equal(await page.textContent("#verdict"), "received");
      },
    });

    assert.ok(bankPageSeen);
    assert.equal(state.callbacks.length, 1, "one callback POST from the browser");
    const cb = new URLSearchParams(state.callbacks[0].body);
    assert.match(state.callbacks[0].contentType, /^application\/x-www-form-urlencoded/);
    assert.equal(cb.get("STATUS"), "TXN_SUCCESS");
    assert.equal(cb.get("ORDERID"), "E2E_BROWSER_CARD");
    assert.ok(cb.get("CHECKSUMHASH"), "the callback is signed");
    assert.equal(outcome.status, "success", JSON.stringify(outcome));
    assert.equal(outcome.transaction.verification, "verified");
    assert.equal(outcome.transaction.amount, "1.00");
    // Callback first, then the server-to-server status check decided.
    const kinds = host.steps.map((s) => (s.type === "sent" ? s.purpose : s.type));
    assert.deepEqual(kinds, ["initiate", "paid", "process", "callback", "status", "done"]);
    assert.deepEqual(errors, []);
    console.log(`# browser: ${context.browser()?.version?.() ?? "chromium"} paid through the bank page; outcome ${outcome.status}`);
  } finally {
    session?.free();
    if (context) await context.close().catch(() => {});
    if (server?.listening) await new Promise((r) => server.close(r));
    rmSync(profile, { recursive: true, force: true });
  }
});

function newSession(host, site) {
  const config = checkoutConfig(host.base, "E2E_BROWSER_CARD", "1.00", `${site}/paytm/callback`);
  return new ours.Session("checkout", config, { merchantKey: TEST_KEY });
}
