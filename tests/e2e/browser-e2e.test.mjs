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
//
// Issue #21, the second test: a UPI Autopay mandate authorised in the browser. The page is
// examples/browser/subscription.html with the package's web build, served by the merchant's site
// (a node:https server here). Its POST /subscribe creates the subscription with the Node build's
// Session of kind "subscription" (Initiate Subscription, signed with the key the browser never
// sees) and gives the page the txnToken; the page builds Process Transaction (UPI collect) with
// the web build and sends it; the customer approves the mandate at the sandbox UPI app's page (a
// second tab: their phone); its callback form posts to the site's callbackUrl, where the server's
// session takes it and confirms the mandate with the verified Fetch Subscription Status; the page
// polls GET /subscription/state and shows it. The site forwards the page's Process Transaction to
// the sandbox byte for byte (same origin for the page: the sandbox sends no CORS headers, where
// Paytm's checkout origin would).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Host, ours, startSandbox, checkoutConfig, subscriptionConfig, card, CARDS, TEST_KEY, GOOD_OTP } from "./host.mjs";
import { HERE as JS_DIR, ROOT } from "../js/helpers.mjs";

// playwright-core is tests/js's dependency (tests/js/package.json).
const { chromium } = createRequire(path.join(JS_DIR, "package.json"))("playwright-core");
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a callbackUrl answers the browser with: what became of the callback. */
function thankYou(res, verdict) {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><title>Thank you</title></head><body><p id="verdict">${esc(verdict)}</p></body></html>`);
}

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
        thankYou(res, verdict);
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

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };
const SUB_ORDER = "E2E_BROWSER_SUB";

/** A request's body, as bytes. */
const bodyOf = (req) => new Promise((resolve) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => resolve(Buffer.concat(chunks)));
});

const json = (res, v) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(v));

/** The file a site serves at `url` (its page, or the web build under wasm/pkg/`pkg`/), or null. */
function staticFile(url, page, pkg) {
  const file = path.join(ROOT, path.normalize(url.pathname));
  const servable = url.pathname === page || file.startsWith(path.join(ROOT, "wasm", "pkg", pkg) + path.sep);
  return servable && existsSync(file) ? file : null;
}

const sendFile = (res, file) =>
  res.writeHead(200, { "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));

/** The server's half of a page's payment: drives `session` (signed here) up to the txnToken the page gets. */
async function untilToken(host, session) {
  for (;;) {
    const a = session.nextAction(await host.now());
    if (a.type === "collect_payment") return a.txnToken;
    assert.equal(a.type, "send", JSON.stringify(a));
    await host.sendFor(session, a);
  }
}

/** Forwards a page's txnToken call to the sandbox byte for byte (same origin for the page). */
async function forward(host, req, body, res) {
  const r = await fetch(host.base + req.url, { method: "POST", headers: { "Content-Type": req.headers["content-type"] }, body });
  res.writeHead(r.status, { "Content-Type": r.headers.get("content-type") }).end(Buffer.from(await r.arrayBuffer()));
}

/**
 * The callbackUrl: a hint; the server's session takes it, then `confirm()` drives it to the
 * verified status and sets `state.verdict`. Answers the browser with the verdict.
 */
async function takeCallback(host, state, url, body, res, confirm) {
  state.callbacks.push(body.toString("utf8"));
  let verdict = "received";
  try {
    state.session.handleCallback(body, await host.now());
    host.record({ type: "callback", action: url.pathname, fields: [...new URLSearchParams(body.toString("utf8"))] });
    await confirm();
  } catch (e) {
    verdict = `refused: ${e.code ?? e.message}`;
    state.verdict = "failure";
  }
  thankYou(res, verdict);
}

/** The sandboxes `inBrowser` started, stopped after the tests. */
const browserSandboxes = [];
after(async () => {
  await Promise.all(browserSandboxes.map((s) => s.stop()));
});

/**
 * Runs `body({ page, context, state, host, sandbox, errors })` in headless Chromium (profile
 * under a temporary `prefix` directory) against a new sandbox and the merchant site
 * `makeSite(tls, host)` serving HTTPS on 127.0.0.1 (`state.site`); then releases everything.
 */
async function inBrowser(prefix, makeSite, body) {
  const profile = mkdtempSync(path.join(tmpdir(), prefix));
  let server;
  let context;
  let state;
  try {
    const sandbox = await startSandbox();
    browserSandboxes.push(sandbox);
    const host = new Host(sandbox.base);
    ({ server, state } = makeSite(selfSignedCert(profile), host));
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    state.site = `https://127.0.0.1:${server.address().port}`;
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await body({ page, context, state, host, sandbox, errors });
  } finally {
    state?.session?.free();
    if (context) await context.close().catch(() => {});
    if (server?.listening) await new Promise((r) => server.close(r));
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * A merchant's site for a page of examples/browser: the page and the web build `pkg` (static, from
 * the repository); POST `start` (the server's half: `open(host, callbackUrl)` makes the session,
 * signed here, and names the order, `reply`; it is driven up to the txnToken, and the page gets
 * the token only); the page's txnToken calls in `forwarded`, passed to the sandbox; the callbackUrl
 * `callback`, where the server's session takes the callback and `confirm(host, state)` drives it
 * to the verified status; GET `statePath`, the verdict.
 */
function pageSite({ page, pkg, start, open, forwarded, callback, confirm, statePath }) {
  return (tls, host) => {
    const state = { site: null, session: null, verdict: "pending", outcome: null, callbacks: [], forwarded: [], served: [] };
    const server = createServer(tls, async (req, res) => {
      const url = new URL(req.url, "http://127.0.0.1");
      const body = await bodyOf(req);
      const file = staticFile(url, page, pkg);
      if (req.method === "GET" && file) {
        state.served.push(url.pathname);
        sendFile(res, file);
      } else if (req.method === "POST" && url.pathname === start) {
        const { session, reply } = open(host, `${state.site}${callback}`);
        state.session = session;
        const txnToken = await untilToken(host, session);
        json(res, { ...reply, txnToken, environment: { custom: state.site } });
      } else if (req.method === "POST" && forwarded.includes(url.pathname)) {
        state.forwarded.push(url.pathname);
        await forward(host, req, body, res);
      } else if (req.method === "POST" && url.pathname === callback) {
        await takeCallback(host, state, url, body, res, () => confirm(host, state));
      } else if (req.method === "GET" && url.pathname === statePath) {
        json(res, { state: state.verdict });
      } else {
        res.writeHead(404).end();
      }
    });
    return { server, state };
  };
}

/**
 * The subscription merchant's site: examples/browser/subscription.html and the web build,
 * POST /subscribe (Initiate Subscription), Process Transaction forwarded to the sandbox, the
 * callbackUrl /paytm/subscription (the session confirms the mandate with the verified status),
 * GET /subscription/state.
 */
const subscriptionSite = pageSite({
  page: "/examples/browser/subscription.html",
  pkg: "web",
  start: "/subscribe",
  open: (host, callbackUrl) => {
    const config = subscriptionConfig(host.base, SUB_ORDER, callbackUrl);
    const session = new ours.Session("subscription", config, { merchantKey: TEST_KEY });
    return { session, reply: { mid: config.subscription.mid, orderId: SUB_ORDER } };
  },
  forwarded: ["/theia/api/v1/processTransaction"],
  callback: "/paytm/subscription",
  confirm: async (host, state) => {
    const o = await host.drive(state.session, "subscription", {}, true);
    state.verdict = o === null ? "ACTIVE" : "failure";
  },
  statePath: "/subscription/state",
});

test("headless Chromium authorises a UPI Autopay mandate with the web build; the server confirms it ACTIVE", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/setup.sh apt`);
  assert.ok(existsSync(path.join(ROOT, "wasm", "pkg", "web", "paytm_checkout.js")), "wasm/pkg/web is not built: make wasm");
  await inBrowser("ptm-e2e-browser-sub-", subscriptionSite, async ({ page, context, state, host, sandbox, errors }) => {
    // The merchant's page: the customer subscribes with their UPI ID.
    await page.goto(`${state.site}/examples/browser/subscription.html`);
    await page.waitForFunction(() => window.__subscriptionReady === true, null, { timeout: 30_000 });
    await page.fill("#vpa", "cust@paytm");
    await page.click("#subscribe");
    await page.waitForFunction(() => window.__subscription?.state === "collecting", null, { timeout: 30_000 });
    const link = await page.evaluate(() => window.__subscription.link);
    assert.ok(link.startsWith(`${sandbox.base}/sandbox/upi/pay?tr=`), link);
    assert.deepEqual(state.forwarded, ["/theia/api/v1/processTransaction"]);
    assert.equal(await page.textContent("#status"), "Waiting for your approval…");

    // The customer's UPI app: the mandate's page, approved; its callback goes to the merchant.
    const phone = await context.newPage();
    await phone.goto(link);
    assert.match(await phone.textContent("body"), /autopay mandate: INR 1\.00 now, then up to INR 500\.00 per renewal/);
    await Promise.all([phone.waitForURL(`${state.site}/paytm/subscription`, { timeout: 30_000 }), phone.click('button[value="approve"]')]);
    assert.equal(await phone.textContent("#verdict"), "received");

    // The page shows what the server's session confirmed.
    await page.waitForFunction(() => window.__subscription?.state !== "collecting", null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.__subscription.state), "ACTIVE");
    assert.equal(await page.textContent("#status"), "Subscribed: your mandate is active.");
    assert.equal(state.callbacks.length, 1, "one callback POST from the UPI app");
    const cb = new URLSearchParams(state.callbacks[0]);
    assert.equal(cb.get("STATUS"), "TXN_SUCCESS");
    assert.equal(cb.get("ORDERID"), SUB_ORDER);
    assert.ok(cb.get("SUBS_ID") && cb.get("CHECKSUMHASH"));
    // Confirmed by the signed Fetch Subscription Status, verified with the key, naming it.
    const kinds = host.steps.map((s) => (s.type === "sent" ? s.purpose : s.type));
    assert.deepEqual(kinds, ["initiate_subscription", "callback", "subscription_status"]);
    assert.ok(!host.steps.some((s) => s.type === "refused"), JSON.stringify(host.steps));
    const confirm = ours.parseResponse("subscription_status", 200, host.sent("subscription_status")[0], TEST_KEY);
    assert.equal(confirm.verification, "verified");
    assert.equal(confirm.data.status, "ACTIVE");
    assert.equal(confirm.data.subsId, cb.get("SUBS_ID"));
    assert.deepEqual(errors, []);
    console.log(`# browser: UPI Autopay mandate authorised with the web build; the server's session says ${state.verdict}`);
  });
});

// Issue #22: the txnToken helpers in the browser, through the package's second web entry
// (`paytm-checkout/web-helpers`). examples/browser/checkout-helpers.html, served by the merchant's
// site: POST /checkout initiates the order with the Node build's checkout Session (signed with the
// key the browser never sees) and gives the page the txnToken; the page fetches the payment options
// and shows them, validates a UPI ID that exists and one that does not, and pays by UPI intent
// (Process Transaction, UPI_INTENT); the customer's UPI app (a second tab: the sandbox UPI app's
// page for the deep link's `tr`) approves; its callback reaches the site's callbackUrl, where the
// server's session confirms the payment with the verified Transaction Status. The site forwards
// the page's txnToken calls to the sandbox byte for byte (same origin for the page).
const HELPERS_ORDER = "E2E_BROWSER_HELPERS";
const FORWARDED = ["/theia/api/v2/fetchPaymentOptions", "/theia/api/v1/vpa/validate", "/theia/api/v1/processTransaction"];

/**
 * The helpers page's site: examples/browser/checkout-helpers.html and the web-helpers build,
 * POST /checkout (Initiate Transaction), the txnToken calls in FORWARDED passed to the sandbox, the
 * callbackUrl /paytm/callback (the session confirms the payment with the verified status), GET
 * /order/state.
 */
const helpersSite = pageSite({
  page: "/examples/browser/checkout-helpers.html",
  pkg: "web-helpers",
  start: "/checkout",
  open: (host, callbackUrl) => {
    const config = checkoutConfig(host.base, HELPERS_ORDER, "1.00", callbackUrl);
    const session = new ours.Session("checkout", config, { merchantKey: TEST_KEY });
    return { session, reply: { mid: config.mid, orderId: HELPERS_ORDER, amount: "1.00" } };
  },
  forwarded: FORWARDED,
  callback: "/paytm/callback",
  confirm: async (host, state) => {
    state.outcome = await host.drive(state.session, "checkout", {});
    state.verdict = state.outcome.status;
  },
  statePath: "/order/state",
});

test("headless Chromium uses the txnToken helpers through paytm-checkout/web-helpers and pays by UPI intent; the server confirms it", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/setup.sh apt`);
  assert.ok(existsSync(path.join(ROOT, "wasm", "pkg", "web-helpers", "paytm_checkout.js")), "wasm/pkg/web-helpers is not built: make wasm");
  await inBrowser("ptm-e2e-browser-helpers-", helpersSite, async ({ page, context, state, host, sandbox, errors }) => {
    await page.goto(`${state.site}/examples/browser/checkout-helpers.html`);
    await page.waitForFunction(() => window.__helpersReady === true, null, { timeout: 30_000 });
    // The page loaded the second web entry's glue and .wasm, not the default web entry's.
    assert.ok(state.served.includes("/wasm/pkg/web-helpers/paytm_checkout_bg.wasm"), JSON.stringify(state.served));
    assert.ok(!state.served.some((p) => p.startsWith("/wasm/pkg/web/")), JSON.stringify(state.served));

    // Fetch Payment Options: the order's modes (the sandbox offers UPI among them).
    await page.click("#start");
    await page.waitForFunction(() => window.__checkout?.state !== undefined, null, { timeout: 30_000 });
    const checkout = await page.evaluate(() => window.__checkout);
    assert.equal(checkout.state, "options", JSON.stringify(checkout));
    assert.ok(checkout.modes.includes("UPI") && checkout.modes.length >= 2, JSON.stringify(checkout.modes));
    assert.equal(await page.locator("#modes li").count(), checkout.modes.length);
    assert.match(await page.textContent('#modes li[data-mode="UPI"]'), /UPI/);

    // Validate VPA: one the sandbox knows (with its holder's name) and one it does not.
    const check = async (vpa) => {
      await page.evaluate(() => { window.__vpa = undefined; });
      await page.fill("#vpa", vpa);
      await page.click("#check");
      await page.waitForFunction(() => window.__vpa !== undefined, null, { timeout: 30_000 });
      return { result: await page.evaluate(() => window.__vpa), text: await page.textContent("#vpa-result") };
    };
    const good = await check("7777777777@paytm");
    assert.deepEqual(good.result, { vpa: "7777777777@paytm", valid: true, name: "Asha Verma" });
    assert.equal(good.text, "7777777777@paytm is valid (Asha Verma).");
    const bad = await check("nobody@paytm");
    assert.equal(bad.result.valid, false, JSON.stringify(bad.result));
    assert.equal(bad.text, "nobody@paytm is not a valid UPI ID.");

    // UPI intent: the deep link names the payment; the customer's UPI app approves it.
    await page.click("#pay");
    await page.waitForFunction(() => window.__checkout?.state === "intent", null, { timeout: 30_000 });
    const link = await page.evaluate(() => window.__checkout.link);
    assert.match(link, /^upi:\/\/pay\?pa=[^&]+&pn=[^&]+&am=1\.00&cu=INR&tr=[^&]+$/);
    assert.equal(await page.getAttribute("#intent-link", "href"), link);
    assert.equal(await page.textContent("#status"), "Waiting for your UPI app…");
    assert.deepEqual(state.forwarded, [...FORWARDED.slice(0, 2), FORWARDED[1], FORWARDED[2]]);
    const tr = new URLSearchParams(link.split("?")[1]).get("tr");
    const phone = await context.newPage();
    await phone.goto(`${sandbox.base}/sandbox/upi/pay?tr=${encodeURIComponent(tr)}`);
    await Promise.all([phone.waitForURL(`${state.site}/paytm/callback`, { timeout: 30_000 }), phone.click('button[value="approve"]')]);
    assert.equal(await phone.textContent("#verdict"), "received");

    // The page shows what the server's session confirmed with the verified Transaction Status.
    await page.waitForFunction(() => window.__checkout?.state !== "intent", null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.__checkout.state), "success");
    assert.equal(await page.textContent("#status"), `Paid: order ${HELPERS_ORDER} confirmed.`);
    assert.equal(state.callbacks.length, 1, "one callback POST from the UPI app");
    const cb = new URLSearchParams(state.callbacks[0]);
    assert.equal(cb.get("STATUS"), "TXN_SUCCESS");
    assert.equal(cb.get("ORDERID"), HELPERS_ORDER);
    assert.equal(cb.get("PAYMENTMODE"), "UPI");
    assert.equal(state.outcome.status, "success", JSON.stringify(state.outcome));
    assert.equal(state.outcome.transaction.verification, "verified");
    assert.equal(state.outcome.transaction.amount, "1.00");
    const kinds = host.steps.map((s) => (s.type === "sent" ? s.purpose : s.type));
    assert.deepEqual(kinds, ["initiate", "callback", "status", "done"]);
    assert.ok(!host.steps.some((s) => s.type === "refused"), JSON.stringify(host.steps));
    assert.deepEqual(errors, []);
    console.log(`# browser: txnToken helpers through web-helpers (${checkout.modes.length} pay modes, VPA valid and invalid), UPI intent approved; the server's session says ${state.verdict}`);
  });
});
