// End-to-end from Node, issue #19: the npm package (Node build, loaded by name as tests/js does)
// against a real `paytm-sandbox` process over fetch on loopback, for the flows the sandbox gained
// state for: the auto-debit wallet session (link by OTP, consult, add money at the wallet page,
// withdraw, revoke) with the balances read from `GET /__admin/wallets`; a payment request paid at
// its page, its webhook received by a node:http listener and verified by the package, Transaction
// Status reporting it; and pushed webhooks (a duplicate, a stale PENDING after the final one) fed
// to a checkout Session, where the repeat and the stale one change nothing. One sandbox for the
// file; each test uses its own order ids and wallets. Run by scripts/test-e2e.sh.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  Host, ours, startSandbox, checkoutConfig, card, CARDS, TEST_MID, TEST_KEY, OAUTH_OTP, WALLETS,
  WALLET_CREDS, walletConfig, webhookListener, readForm,
} from "./host.mjs";

const { Session, buildRequest, parseResponse, parseCallback, reconcile } = ours;

let sandbox;
let hooks;
before(async () => {
  sandbox = await startSandbox();
  hooks = await webhookListener();
  // Every webhook of the test merchant goes to the listener (the admin call, docs/sandbox.md).
  await new Host(sandbox.base).admin("POST", `/__admin/webhook?mid=${TEST_MID}&url=${encodeURIComponent(hooks.url)}`);
});
after(async () => {
  await hooks?.close();
  await sandbox?.stop();
});

const env = () => ({ environment: { custom: sandbox.base } });
const purposes = (host) => host.steps.filter((s) => s.type === "sent").map((s) => s.purpose);
const lastBody = (host, purpose) => JSON.parse(host.sent(purpose).at(-1));

/**
 * A wallet payment succeeded for this order and amount, confirmed by the signed v3 Transaction
 * Status (the legacy getTxnStatus signs nothing and can never make success).
 */
function succeeded(o, order, amount) {
  assert.equal(o.status, "success", JSON.stringify(o));
  assert.equal(o.transaction.orderId, order);
  assert.equal(o.transaction.amount, amount);
  assert.equal(o.transaction.verification, "verified");
}

/** A wallet session: links `phone` by OTP, or uses the user of `token`. */
function walletSession(host, order, amount, phone, token) {
  return new Session("wallet", walletConfig(host.base, order, amount, phone, token), WALLET_CREDS);
}

async function runWallet(host, order, amount, phone, token, otps = [OAUTH_OTP], approve = true) {
  const s = walletSession(host, order, amount, phone, token);
  try {
    return await host.runWallet(s, otps, approve);
  } finally {
    s.free();
  }
}

async function sendBuilt(host, api, params, credentials) {
  const res = await host.send(buildRequest(api, params, credentials, env()));
  return { status: res.status, text: new TextDecoder().decode(res.body), body: res.body };
}

test("wallet: link by OTP, consult, add money at the wallet page, withdraw, revoke; the balance moves", async () => {
  const host = new Host(sandbox.base);
  assert.equal(await host.balance(WALLETS.empty), "0.00");

  // ₹0 of ₹150: link, consult, add the deficit, consult again, withdraw, confirm.
  succeeded(await runWallet(host, "NW-1", "150.00", WALLETS.empty), "NW-1", "150.00");
  assert.deepEqual(purposes(host), [
    "send_otp", "validate_otp", "check_balance", "check_balance", "withdraw", "status",
  ]);
  const page = host.steps.filter((s) => s.type === "wallet_page");
  assert.equal(page.length, 1, "the wallet page once");
  assert.ok(page[0].html.includes("150.00"), "the page asks for the deficit");
  const cb = host.steps.find((s) => s.type === "callback");
  assert.equal(cb.action, "https://merchant.example/paytm/add-money");
  const field = (k) => cb.fields.find(([n]) => n === k)?.[1];
  assert.equal(field("ORDERID"), "NW-1-AM1");
  assert.equal(field("STATUS"), "TXN_SUCCESS");
  assert.ok(field("CHECKSUMHASH"));
  assert.ok(!host.steps.some((s) => s.type === "refused"), JSON.stringify(host.steps.filter((s) => s.type === "refused")));
  const withdraw = lastBody(host, "withdraw");
  assert.equal(withdraw.Status, "TXN_SUCCESS");
  assert.equal(withdraw.ResponseCode, "01");
  // ₹150 added, ₹150 withdrawn.
  assert.equal(await host.balance(WALLETS.empty), "0.00");

  // The token the OTP gave is a real one: user details name the linked phone.
  const token = lastBody(host, "validate_otp").access_token;
  assert.ok(token);
  const user = await sendBuilt(host, "user_details", { sessionToken: token }, WALLET_CREDS);
  assert.equal(user.status, 200, user.text);
  assert.equal(String(JSON.parse(user.text).mobile), WALLETS.empty);

  // With that token: no linking; ₹0 → add ₹20 → withdraw ₹20.
  host.steps.length = 0;
  succeeded(await runWallet(host, "NW-2", "20.00", WALLETS.empty, token), "NW-2", "20.00");
  assert.equal(purposes(host)[0], "check_balance", "no OTP with a token");
  assert.equal(await host.balance(WALLETS.empty), "0.00");

  // A rich wallet pays at once: ₹5000 − ₹1234.56.
  host.steps.length = 0;
  const rich0 = await host.balance(WALLETS.rich);
  assert.equal(rich0, "5000.00");
  succeeded(await runWallet(host, "NW-3", "1234.56", WALLETS.rich), "NW-3", "1234.56");
  assert.ok(!host.steps.some((s) => s.type === "wallet_page"));
  assert.equal(lastBody(host, "check_balance").body.fundsSufficient, true);
  assert.equal(await host.balance(WALLETS.rich), "3765.44");

  // Revoke the first token: user details and the next session refuse it; nothing is debited.
  const revoked = await sendBuilt(host, "revoke_access", { sessionToken: token }, WALLET_CREDS);
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(parseResponse("revoke_access", revoked.status, revoked.body).class, "success");
  assert.equal((await sendBuilt(host, "revoke_access", { sessionToken: token }, WALLET_CREDS)).status, 404);
  const after = await sendBuilt(host, "user_details", { sessionToken: token }, WALLET_CREDS);
  assert.equal(after.status, 401);
  assert.equal(JSON.parse(after.text).responseCode, "530");
  host.steps.length = 0;
  const o = await runWallet(host, "NW-4", "1.00", WALLETS.empty, token);
  assert.equal(o.status, "failure", JSON.stringify(o));
  assert.equal(o.failure.code, "CS_0002");
  assert.deepEqual(purposes(host), ["check_balance"]);
  assert.equal(await host.balance(WALLETS.empty), "0.00");
});

test("wallet: the customer cancels add money; a wrong OTP is asked again; ₹1 stays ₹1", async () => {
  const host = new Host(sandbox.base);
  const o = await runWallet(host, "NW-C1", "5.00", WALLETS.oneRupee, undefined, ["000000", OAUTH_OTP], false);
  assert.equal(o.status, "failure", JSON.stringify(o));
  assert.equal(o.reason, "insufficient_funds");
  assert.equal(host.steps.filter((s) => s.type === "otp_submitted").length, 2);
  const first = host.steps.find((s) => s.type === "sent" && s.purpose === "validate_otp");
  assert.equal(first.status, 403);
  assert.ok(!purposes(host).includes("withdraw"));
  assert.equal(await host.balance(WALLETS.oneRupee), "1.00");
});

test("payment request: sent, paid at its page, the webhook received and verified, status reports it", async () => {
  const host = new Host(sandbox.base);
  const order = "NPR_1";
  const creds = { merchantKey: TEST_KEY, clientId: "C11" };
  const sent = await sendBuilt(host, "send_payment_request", {
    head: { channelId: "WEB" }, mid: TEST_MID, merchantOrderId: order, amount: "55.00",
    posId: "S12_123", userPhoneNo: "7777777777", expiry: "2099-01-30 12:30:30",
  }, creds);
  assert.equal(sent.status, 200, sent.text);
  const parsed = parseResponse("send_payment_request", sent.status, sent.body, TEST_KEY);
  assert.equal(parsed.verification, "verified");
  assert.equal(parsed.class, "success", sent.text);
  const link = JSON.parse(sent.text).body.sandboxPayLink;
  assert.ok(link.startsWith(`${sandbox.base}/sandbox/payment-request/pay?`), link);

  // The customer's page: Pay.
  const page = await fetch(link);
  assert.equal(page.status, 200);
  const form = readForm(await page.text());
  assert.ok(form, "the payment request page has a form");
  const paid = await host.postForm(form.action, [...form.fields, ["action", "approve"]]);
  assert.equal(paid.status, 200, paid.text);

  // The webhook: signed, verified by the package, about this order and amount.
  const hook = await hooks.next(order);
  const cb = parseCallback(hook, TEST_KEY);
  assert.equal(cb.transaction.orderId, order);
  assert.equal(cb.transaction.amount, "55.00");
  assert.equal(cb.transaction.state, "success");
  assert.equal(cb.transaction.verification, "verified");
  assert.throws(() => parseCallback(hook.replace("TXNAMOUNT=55.00", "TXNAMOUNT=95.00"), TEST_KEY),
    (e) => e.code === "CHECKSUM_MISMATCH");

  // Transaction Status reports it; reconciled with our record, the order may be fulfilled.
  const st = await sendBuilt(host, "transaction_status", { mid: TEST_MID, orderId: order }, { merchantKey: TEST_KEY });
  const status = parseResponse("transaction_status", st.status, st.body, TEST_KEY);
  assert.equal(status.transaction.state, "success", st.text);
  assert.equal(status.transaction.amount, "55.00");
  const verdict = reconcile({ mid: TEST_MID, orderId: order, amount: "55.00" }, status.transaction);
  assert.equal(verdict.verdict, "fulfil", JSON.stringify(verdict));
  // Paid once: the page refuses a second answer.
  assert.equal((await host.postForm(form.action, [...form.fields, ["action", "decline"]])).status, 409);
});

/**
 * A card checkout up to the bank page, whose callback form the browser never posts (the
 * merchant's page was closed): the result comes by webhook. Returns the session and host.
 */
async function paidAtTheBank(order, amount) {
  const host = new Host(sandbox.base);
  const s = new Session("checkout", checkoutConfig(host.base, order, amount), { merchantKey: TEST_KEY });
  let lost = null;
  const o = await host.runCheckout(s, card(CARDS.success), {}, {
    onBankForm: async (form) => {
      lost = await host.bankPage(form, "123456");
      throw Object.assign(new Error("stop"), { stop: true });
    },
  }).catch((e) => {
    if (!e.stop) throw e;
    return null;
  });
  assert.equal(o, null, "the session waits for the callback");
  assert.ok(lost, "the bank page gave a callback form");
  const a = s.nextAction(await host.now());
  assert.equal(a.type, "wait", JSON.stringify(a));
  assert.equal(a.reason, "callback");
  return { host, s };
}

async function finish(host, s) {
  return host.runCheckout(s, card(CARDS.success));
}

/**
 * Hands the session `news` (it must change the saved session), then `noop` (it must not); gives
 * the save after `news`.
 */
async function newsThenNoop(host, s, news, newsName, noop, noopName) {
  const before = s.save();
  s.handleCallback(news, await host.now());
  const afterNews = s.save();
  assert.notEqual(afterNews, before, `${newsName} is news`);
  s.handleCallback(noop, await host.now());
  assert.equal(s.save(), afterNews, `${noopName} changed the session`);
  return afterNews;
}

/** A validly signed webhook about NWH_DUP, for the next test (another order's webhook). */
let otherOrderHook;

test("webhooks: a duplicate (201.00) fed to the checkout session changes nothing; the payment succeeds", async () => {
  const { host, s } = await paidAtTheBank("NWH_DUP", "201.00");
  try {
    const first = await hooks.next("NWH_DUP");
    const second = await hooks.next("NWH_DUP");
    assert.equal(second, first, "the same webhook twice");
    otherOrderHook = first;
    assert.equal(parseCallback(first, TEST_KEY).transaction.state, "success");
    await newsThenNoop(host, s, first, "the first webhook", second, "the duplicate");
    host.steps.length = 0;
    const o = await finish(host, s);
    assert.equal(o.status, "success", JSON.stringify(o));
    assert.equal(o.transaction.amount, "201.00");
    assert.deepEqual(purposes(host), ["status"], "one status check after the webhook");
  } finally {
    s.free();
  }
});

test("webhooks: out of order (202.00), the stale PENDING after the final one (and another order's) change nothing", async () => {
  const { host, s } = await paidAtTheBank("NWH_OOO", "202.00");
  try {
    const final = await hooks.next("NWH_OOO");
    const stale = await hooks.next("NWH_OOO");
    // Both are validly signed, about this order: the stale one is not refused, it is ignored.
    assert.equal(parseCallback(final, TEST_KEY).transaction.state, "success");
    const st = parseCallback(stale, TEST_KEY).transaction;
    assert.equal(st.state, "pending");
    assert.equal(st.orderId, "NWH_OOO");
    const afterFinal = await newsThenNoop(host, s, final, "the final webhook", stale, "the stale PENDING webhook");
    // Another order's webhook, validly signed, is refused and changes nothing either.
    assert.ok(otherOrderHook, "the previous test kept one");
    assert.throws(() => s.handleCallback(otherOrderHook, 0), (e) => e.code === "ORDER_MISMATCH");
    assert.equal(s.save(), afterFinal, "another order's webhook changed the session");
    host.steps.length = 0;
    const o = await finish(host, s);
    assert.equal(o.status, "success", JSON.stringify(o));
    assert.equal(o.transaction.amount, "202.00");
    assert.deepEqual(purposes(host), ["status"]);
    // After the end, a webhook still changes nothing.
    s.handleCallback(stale, await host.now());
    assert.equal(s.nextAction(await host.now()).outcome.status, "success");
  } finally {
    s.free();
  }
  // Exactly two were pushed for it, both delivered.
  const log = (await new Host(sandbox.base).admin("GET", "/__admin/webhooks")).deliveries.filter((d) => d.orderId === "NWH_OOO");
  assert.deepEqual(log.map((d) => d.state), ["delivered", "delivered"]);
  assert.equal(hooks.pending("NWH_OOO"), 0);
});

test("payment link: created through the package, paid at its page, the webhook verified as about this link", async () => {
  const host = new Host(sandbox.base);
  const creds = { merchantKey: TEST_KEY };
  const created = await sendBuilt(host, "create_payment_link", {
    mid: TEST_MID, linkName: "Node_Invoice_7", linkDescription: "Node e2e link", linkType: "FIXED",
    amount: "249.75", expiryDate: "31/12/2099",
  }, creds);
  const c = parseResponse("create_payment_link", created.status, created.body, TEST_KEY);
  assert.equal(c.verification, "verified");
  assert.equal(c.class, "success", created.text);
  const linkId = c.data.linkId;
  assert.ok(linkId > 0);
  assert.equal(c.data.amount, "249.75");

  // The customer's page at the short URL: Pay (a plain form POST).
  const page = await fetch(c.data.shortUrl);
  assert.equal(page.status, 200);
  const form = readForm(await page.text());
  assert.ok(form, "the link page has a form");
  const paid = await host.postForm(form.action, [...form.fields, ["action", "approve"]]);
  assert.equal(paid.status, 200, paid.text);

  // The link payment webhook: verified, about this link id, MID and amount.
  const hook = await hooks.next(`LINK_${linkId}`);
  const w = parseResponse("payment_link_webhook", 200, new TextEncoder().encode(hook), TEST_KEY);
  assert.equal(w.verification, "verified");
  assert.equal(w.class, "success");
  assert.equal(w.data.linkId, linkId);
  assert.equal(w.data.payment.mid, TEST_MID);
  assert.equal(w.data.payment.txnAmount, "249.75");
  const verdict = reconcile({ mid: TEST_MID, orderId: `LINK_${linkId}`, amount: "249.75" }, w.transaction);
  assert.equal(verdict.verdict, "fulfil", JSON.stringify(verdict));
  assert.throws(() => parseResponse("payment_link_webhook", 200,
    new TextEncoder().encode(hook.replace(`LI_${linkId}`, `LI_${linkId + 1}`)), TEST_KEY),
  (e) => e.code === "CHECKSUM_MISMATCH");

  // Paid once: the page refuses a second payment; Fetch Link reports it paid.
  assert.equal((await host.postForm(form.action, [...form.fields, ["action", "approve"]])).status, 409);
  const fetched = await sendBuilt(host, "fetch_payment_link", { head: { channelId: "WEB" }, mid: TEST_MID, linkId }, creds);
  const f = parseResponse("fetch_payment_link", fetched.status, fetched.body, TEST_KEY);
  assert.equal(f.verification, "verified");
  assert.equal(f.data.links[0].status, "PAID", fetched.text);
});
