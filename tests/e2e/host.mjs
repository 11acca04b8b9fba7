// The Node host of the end-to-end tests: starts `paytm-sandbox --port 0`, and drives the npm
// package's Session class against it over fetch on loopback. It mirrors sandbox/src/host.rs
// step for step: `now` is the sandbox's clock (GET /__admin/clock), a `wait` with `until` is
// served by advancing that clock (POST /__admin/advance) instead of sleeping, and the host plays
// the customer at the bank page and in the UPI app.
import { spawn } from "node:child_process";
import http from "node:http";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, ours } from "../js/helpers.mjs";

export { ours } from "../js/helpers.mjs";

/** The sandbox's default merchant (docs/sandbox.md). Made up: signs nothing real. */
export const TEST_MID = "INTEGR7769XXXXXX9383";
export const TEST_KEY = "PmX#a0x4VpTXRzfK";
export const GOOD_OTP = "123456";
export const HOUR = 3_600_000;
export const CARDS = {
  success: "4111111111111111",
  declined: "4000000000000002",
  pendingTwice: "4000000000000119",
};

/** `$PAYTM_SANDBOX_BIN`, else `paytm-sandbox` under the cargo target dir (CARGO_TARGET_DIR). */
export function sandboxBinary() {
  if (process.env.PAYTM_SANDBOX_BIN) return process.env.PAYTM_SANDBOX_BIN;
  const target = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target");
  for (const profile of ["debug", "release"]) {
    const bin = path.join(target, profile, "paytm-sandbox");
    if (existsSync(bin)) return bin;
  }
  throw new Error(`paytm-sandbox not found under ${target}: cargo build -p paytm-sandbox`);
}

/**
 * Starts the sandbox on an ephemeral port and resolves with `{base, stop}` once it printed its
 * address. `stop()` kills it by its pid and waits for it to exit; a process "exit" handler does
 * the same if the test process ends without calling it.
 */
export function startSandbox() {
  const child = spawn(sandboxBinary(), ["--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // Also when the test process ends early: normally, or by SIGINT / SIGTERM.
  const onSignal = (sig) => {
    kill();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("exit", kill);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stop = async () => {
    process.removeListener("exit", kill);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      kill();
      reject(new Error("paytm-sandbox printed no address within 10 s"));
    }, 10_000);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`paytm-sandbox exited with ${code} before listening`));
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^paytm-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.resume(); // keep draining
        resolve({ base: m[1], pid: child.pid, stop });
      }
    });
  });
}

/** Reads the first form of a sandbox page: its action and hidden fields (html.rs's format). */
export function readForm(html) {
  const start = html.indexOf("<form ");
  if (start < 0) return null;
  const end = html.indexOf("</form>", start);
  if (end < 0) return null;
  const f = html.slice(start, end);
  const action = attr(f, "action");
  if (action === null) return null;
  const fields = [];
  for (const m of f.matchAll(/<input type="hidden"[^>]*>/g)) {
    fields.push([attr(m[0], "name"), attr(m[0], "value")]);
  }
  return { action, fields };
}

function attr(tag, name) {
  const m = new RegExp(` ${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]) : null;
}

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e];
  });
}

export const formEncode = (fields) => new URLSearchParams(fields).toString();

/** A host bound to one sandbox; `steps` records what it did, in order (no card data, no key). */
export class Host {
  constructor(base) {
    this.base = base.replace(/\/$/, "");
    this.steps = [];
    this.maxActions = 500;
  }

  record(step) {
    this.steps.push(step);
  }

  async admin(method, p) {
    const r = await fetch(this.base + p, { method });
    if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status}`);
    return r.json();
  }

  async now() {
    return (await this.admin("GET", "/__admin/clock")).now;
  }

  async advance(ms) {
    return (await this.admin("POST", `/__admin/advance?ms=${ms}`)).now;
  }

  async reset() {
    await this.admin("POST", "/__admin/reset");
  }

  /** Sends a request exactly as the engine built it: {status, body (bytes)}. */
  async send(req) {
    const r = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === "" ? undefined : req.body,
      redirect: "manual",
    });
    return { status: r.status, body: new Uint8Array(await r.arrayBuffer()) };
  }

  async postForm(url, fields) {
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formEncode(fields),
      redirect: "manual",
    });
    return { status: r.status, text: await r.text() };
  }

  /**
   * Drives a checkout to its end and returns the outcome. `payment`: the Process Transaction
   * input without txnToken/mid/orderId. `customer`: `{otp, upiApprove, upiVpa}`. `opts`:
   * `{beforeSend(purpose, request), onBankForm(form, session)}` — onBankForm replaces the
   * host's own bank-page visit (the browser test opens it in Chromium instead).
   */
  async runCheckout(session, payment, customer = {}, opts = {}) {
    const c = { otp: GOOD_OTP, upiApprove: true, ...customer };
    return this.drive(session, "checkout", {
      send: (a) => this.sendFor(session, a, opts.beforeSend),
      collect_payment: (a, now) => {
        session.pay(payment, now);
        this.record({ type: "paid", mode: payment.paymentMode });
      },
      render_bank_form: async (a) => {
        if (opts.onBankForm) {
          await opts.onBankForm(a.form, session, this);
        } else {
          await this.callback(session, await this.bankPage(a.form, c.otp));
        }
      },
      open_deep_link: async (a) => {
        this.record({ type: "deep_link", url: a.url });
        await this.callback(session, await this.upiApp(a.url, c));
      },
    });
  }

  /** Drives a refund to its end. */
  async runRefund(session) {
    return this.drive(session, "refund", {});
  }

  /**
   * Drives a subscription session until it ends (the outcome) or waits for the host (`null`: the
   * mandate is active and idle; call `collect` or `cancel`, then run it again), as
   * sandbox/src/host.rs's run_subscription. At `collect_payment` the customer authorises the
   * mandate: Process Transaction of `payment` (e.g. `{paymentMode: "UPI", payerAccount}`) with the
   * txnToken on the creation order `orderId`, then the sandbox UPI app's page its answer names
   * (`sandboxCollectLink`), approved or declined as `customer` says; the callback goes to the
   * session. Asked again (no usable callback), the host lets the token expire.
   */
  async runSubscription(session, orderId, payment, customer = {}) {
    const c = { upiApprove: true, ...customer };
    let paid = false;
    return this.drive(session, "subscription", {
      collect_payment: async (a, now) => {
        if (paid) {
          await this.advance(Math.max(a.expiresAt - now, 1));
          return;
        }
        paid = true;
        const req = ours.buildRequest("process_transaction", { ...payment, txnToken: a.txnToken, mid: TEST_MID, orderId },
          null, { environment: { custom: this.base } });
        const res = await this.send(req);
        this.record({ type: "paid", mode: payment.paymentMode });
        const answer = JSON.parse(new TextDecoder().decode(res.body));
        const link = answer.body?.sandboxCollectLink ?? answer.body?.deepLinkInfo?.deepLink;
        if (!link) throw new Error(`mandate: HTTP ${res.status}: ${JSON.stringify(answer)}`);
        this.record({ type: "deep_link", url: link });
        await this.callback(session, await this.upiApp(link, c));
      },
    }, true);
  }

  /**
   * The one host loop: asks the session for its next action and performs it until `done`, which
   * gives the outcome. `send` (unless `actions` has its own), `wait` and `done` are handled here;
   * every other action type by its entry in `actions`, `(action, now)`; an action with no entry
   * throws. With `idleReturns`, a wait without `until` (the session waits for the host) returns
   * `null`.
   */
  async drive(session, what, actions, idleReturns = false) {
    for (let i = 0; i < this.maxActions; i++) {
      const now = await this.now();
      const a = session.nextAction(now);
      if (a.type === "done") {
        this.record({ type: "done", outcome: a.outcome });
        return a.outcome;
      } else if (a.type === "wait") {
        if (a.until === null && idleReturns) return null;
        if (a.until === null) throw new Error("the session waits for a response, but none is outstanding");
        const ms = Math.max(a.until - now, 1);
        await this.advance(ms);
        this.record({ type: "waited", reason: a.reason, ms });
      } else if (Object.hasOwn(actions, a.type)) {
        await actions[a.type](a, now);
      } else if (a.type === "send") {
        await this.sendFor(session, a);
      } else {
        throw new Error(`${what}: unexpected action ${JSON.stringify(a)}`);
      }
    }
    throw new Error(`the ${what} session did not end within ${this.maxActions} actions`);
  }

  async sendFor(session, a, beforeSend) {
    const request = { ...a.request };
    if (beforeSend) beforeSend(a.purpose, request, this);
    let res;
    try {
      res = await this.send(request);
    } catch (e) {
      this.record({ type: "send_failed", purpose: a.purpose, error: String(e) });
      session.handleSendFailure(await this.now());
      return;
    }
    // The request body is not recorded: Process carries card data.
    this.record({ type: "sent", purpose: a.purpose, url: request.url, status: res.status, body: new TextDecoder().decode(res.body) });
    try {
      session.handleResponse(res.status, res.body, await this.now());
    } catch (e) {
      this.record({ type: "refused", what: a.purpose, code: e.code, message: e.message });
    }
  }

  /** Hands the callback form's fields, form-encoded, to the session (refusals are recorded). */
  async callback(session, form) {
    this.record({ type: "callback", action: form.action, fields: form.fields });
    try {
      session.handleCallback(formEncode(form.fields), await this.now());
    } catch (e) {
      this.record({ type: "refused", what: "callback", code: e.code, message: e.message });
    }
  }

  /** The customer's browser at the bank: redirect form → OTP page → OTP → callback form. */
  async bankPage(form, otp) {
    const rf = form.redirectForm;
    if (!rf?.actionURL) throw new Error("bank form without redirectForm.actionURL");
    const content = Object.entries(rf.content ?? {}).map(([k, v]) => [k, String(v)]);
    let r = await this.postForm(rf.actionURL, content);
    if (r.status !== 200) throw new Error(`bank page: HTTP ${r.status}`);
    const otpForm = readForm(r.text);
    if (!otpForm) throw new Error("bank page: no form");
    this.record({ type: "bank_page", url: rf.actionURL, html: r.text });
    r = await this.postForm(otpForm.action, [...otpForm.fields, ["otp", otp]]);
    if (r.status !== 200) throw new Error(`bank OTP: HTTP ${r.status}`);
    const cb = readForm(r.text);
    if (!cb) throw new Error("bank OTP: no callback form");
    return cb;
  }

  /** The customer's UPI app: approves or declines the payment the deep link names. */
  async upiApp(deepLink, c) {
    const tr = new URLSearchParams(deepLink.split("?")[1] ?? "").get("tr");
    if (!tr) throw new Error("deep link without tr");
    const fields = [["tr", tr], ["action", c.upiApprove ? "approve" : "decline"]];
    if (c.upiVpa) fields.push(["vpa", c.upiVpa]);
    const r = await this.postForm(`${this.base}/sandbox/upi/pay`, fields);
    if (r.status !== 200) throw new Error(`UPI app: HTTP ${r.status}`);
    const cb = readForm(r.text);
    if (!cb) throw new Error("UPI app: no callback form");
    return cb;
  }

  /** Every sandbox wallet's balance (`GET /__admin/wallets`): phone → "5000.00". */
  async wallets() {
    const v = await this.admin("GET", "/__admin/wallets");
    return Object.fromEntries(v.wallets.map((w) => [w.phone, w.balance]));
  }

  async balance(phone) {
    const b = (await this.wallets())[phone];
    if (b === undefined) throw new Error(`no wallet ${phone}`);
    return b;
  }

  /**
   * Drives a wallet session to its end (sandbox/src/host.rs's run_wallet): each `collect_otp` is
   * answered with the next of `otps` (the last again once they run out); each add-money form is
   * opened at the wallet page, approved or cancelled, and its callback handed to the session.
   */
  async runWallet(session, otps, approveAddMoney = true) {
    let typed = 0;
    return this.drive(session, "wallet", {
      collect_otp: (a, now) => {
        session.submitOtp(otps[Math.min(typed++, otps.length - 1)], now);
        this.record({ type: "otp_submitted" });
      },
      open_form: async (a) => {
        await this.callback(session, await this.walletPage(a.form, approveAddMoney));
      },
    });
  }

  /** The customer's browser at Add Money: the signed form → the wallet page → approve/decline → callback form. */
  async walletPage(form, approve) {
    let r = await this.postForm(form.action, form.fields);
    if (r.status !== 200) throw new Error(`add money: HTTP ${r.status}: ${r.text}`);
    const page = readForm(r.text);
    if (!page) throw new Error("wallet page: no form");
    this.record({ type: "wallet_page", url: form.action, html: r.text });
    r = await this.postForm(`${this.base}/sandbox/wallet/add-money`, [...page.fields, ["action", approve ? "approve" : "decline"]]);
    if (r.status !== 200) throw new Error(`wallet page: HTTP ${r.status}: ${r.text}`);
    const cb = readForm(r.text);
    if (!cb) throw new Error("wallet page: no callback form");
    return cb;
  }

  /** Bodies of the responses to requests sent for `purpose`. */
  sent(purpose) {
    return this.steps.filter((s) => s.type === "sent" && s.purpose === purpose).map((s) => s.body);
  }

  waits(reason) {
    return this.steps.filter((s) => s.type === "waited" && s.reason === reason).length;
  }

  callbackField(name) {
    const cb = this.steps.findLast((s) => s.type === "callback");
    return cb?.fields.find(([k]) => k === name)?.[1];
  }
}

/** A server checkout's config (the Initiate input included) for the sandbox at `base`. */
export function checkoutConfig(base, orderId, amount, callbackUrl = "https://merchant.example/paytm/callback") {
  return {
    environment: { custom: base },
    mid: TEST_MID,
    orderId,
    amount,
    initiate: {
      mid: TEST_MID,
      orderId,
      websiteName: "WEBSTAGING",
      txnAmount: { value: amount, currency: "INR" },
      userInfo: { custId: "CUST_001" },
      callbackUrl,
    },
  };
}

export const card = (number, cvv = "123") => ({
  paymentMode: "CREDIT_CARD",
  authMode: "otp",
  cardInfo: { type: "new", cardNumber: number, cvv, expiry: "122032" },
});

/**
 * A monthly UPI subscription's session config (Initiate Subscription's input): up to ₹500 a
 * renewal, the first debit ₹1.00.
 */
export function subscriptionConfig(base, orderId, callbackUrl = "https://merchant.example/paytm/subscription") {
  return {
    environment: { custom: base },
    subscription: {
      mid: TEST_MID, orderId, websiteName: "WEBSTAGING", txnAmount: { value: "1.00", currency: "INR" },
      userInfo: { custId: "CUST_001" }, callbackUrl, subscriptionAmountType: "VARIABLE",
      subscriptionMaxAmount: "500.00", subscriptionFrequency: "1", subscriptionFrequencyUnit: "MONTH",
      subscriptionExpiryDate: "2099-12-10", subscriptionPaymentMode: "UPI",
    },
  };
}

/** The sandbox's OAuth OTP (docs/sandbox.md, auto-debit) and its test wallets. */
export const OAUTH_OTP = "489871";
export const WALLETS = { rich: "5558889990", empty: "7777777777", oneRupee: "7777777778" };
/** The sandbox's OAuth client (docs/sandbox.md). Made up: signs nothing real. */
export const WALLET_CREDS = { merchantKey: TEST_KEY, clientId: "merchant-sandbox", clientSecret: "sandbox-client-secret" };

/** A wallet (auto-debit) session's config for `phone`, or for the user of `ssoToken` (linked before). */
export function walletConfig(base, orderId, amount, phone, ssoToken) {
  const c = {
    environment: { custom: base }, mid: TEST_MID, orderId, amount, custId: "CUST_001", phone,
    channel: "WAP", industryType: "Retail", website: "WEBSTAGING", appIp: "127.0.0.1",
    deviceId: "D1", addMoneyCallbackUrl: "https://merchant.example/paytm/add-money",
  };
  if (ssoToken) c.ssoToken = ssoToken;
  return c;
}

/**
 * A merchant's webhook endpoint: a node:http listener on loopback that answers 200 and keeps
 * every body it receives. `next(orderId, timeoutMs)` resolves with the next body about that
 * order (its form field ORDERID), in arrival order; bodies about other orders stay queued.
 */
export async function webhookListener() {
  const bodies = [];
  const waiters = [];
  const orderOf = (body) => new URLSearchParams(body).get("ORDERID");
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("OK");
      const body = Buffer.concat(chunks).toString("utf8");
      const i = waiters.findIndex((w) => w.order === orderOf(body));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(body);
      else bodies.push(body);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/paytm/webhook`;
  return {
    url,
    next(order, timeoutMs = 10_000) {
      const i = bodies.findIndex((b) => orderOf(b) === order);
      if (i >= 0) return Promise.resolve(bodies.splice(i, 1)[0]);
      return new Promise((resolve, reject) => {
        const w = {
          order,
          resolve: (b) => {
            clearTimeout(t);
            resolve(b);
          },
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no webhook about ${order} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    /** Bodies about `order` received and not yet taken. */
    pending: (order) => bodies.filter((b) => orderOf(b) === order).length,
    close: () => new Promise((r) => server.close(r)),
  };
}
