// End-to-end from Node: the npm package's Session class (Node build, loaded by name as tests/js
// does) drives full checkouts and a refund against a real `paytm-sandbox` process over fetch on
// loopback. One sandbox for the file; each test uses its own order ids. Run by
// scripts/test-e2e.sh (which builds the sandbox and the package first).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Host, ours, startSandbox, checkoutConfig, card, CARDS, TEST_MID, TEST_KEY, HOUR } from "./host.mjs";

const { Session } = ours;
const CREDS = { merchantKey: TEST_KEY };
const WALLET = { paymentMode: "BALANCE" };

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox?.stop();
});

function newHost() {
  return new Host(sandbox.base);
}

function checkoutSession(host, order, amount, key = TEST_KEY) {
  return new Session("checkout", checkoutConfig(host.base, order, amount), { merchantKey: key });
}

async function checkout(host, order, amount, payment, customer) {
  const s = checkoutSession(host, order, amount);
  try {
    return await host.runCheckout(s, payment, customer);
  } finally {
    s.free();
  }
}

function success(o, amount) {
  assert.equal(o.status, "success", JSON.stringify(o));
  assert.equal(o.transaction.amount, amount);
  assert.equal(o.transaction.verification, "verified");
  assert.equal(o.transaction.state, "success");
}

function failed(o, reason) {
  assert.equal(o.status, "failure", JSON.stringify(o));
  assert.equal(o.reason, reason, JSON.stringify(o));
}

const kinds = (host) =>
  host.steps.map((s) => (s.type === "sent" ? s.purpose : s.type === "bank_page" ? "bank" : s.type));

test("card success through the bank page, OTP 123456, callback, then the status check", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_CARD", "1.00", card(CARDS.success));
  success(o, "1.00");
  assert.ok(host.steps.some((s) => s.type === "bank_page" && s.html.includes('name="otp"')));
  assert.equal(host.callbackField("STATUS"), "TXN_SUCCESS");
  assert.ok(host.callbackField("CHECKSUMHASH"));
  // The callback came before the status check, which decided.
  assert.deepEqual(kinds(host), ["initiate", "paid", "process", "bank", "callback", "status", "done"]);
  assert.ok(!JSON.stringify(host.steps).includes(CARDS.success), "card number in the steps");
});

test("net banking success through the bank page", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_NB", "250.00", { paymentMode: "NET_BANKING", channelCode: "SBI" });
  success(o, "250.00");
});

test("UPI intent: the deep link, the UPI app approves, callback, status", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_UPI_INTENT", "12.34", { paymentMode: "UPI_INTENT" });
  success(o, "12.34");
  assert.ok(host.steps.some((s) => s.type === "deep_link" && s.url.startsWith("upi://pay?")));
  assert.equal(host.callbackField("STATUS"), "TXN_SUCCESS");
});

test("wallet direct: the signed txnInfo, then the status check", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_WALLET", "99.00", WALLET);
  success(o, "99.00");
  const process = host.sent("process");
  assert.ok(process[0].includes('"txnInfo"') && process[0].includes("CHECKSUMHASH"));
});

test("declined: card (code = CVV), wrong OTP, UPI app decline, over the wallet balance", async () => {
  const host = newHost();
  let o = await checkout(host, "E2E_NODE_DECLINE_1", "1.00", card(CARDS.declined, "810"));
  failed(o, "declined");
  assert.equal(o.failure.code, "810");
  assert.equal(host.callbackField("STATUS"), "TXN_FAILURE");

  o = await checkout(host, "E2E_NODE_DECLINE_2", "1.00", card(CARDS.success), { otp: "000000" });
  failed(o, "declined");
  assert.equal(o.failure.code, "227");

  o = await checkout(host, "E2E_NODE_DECLINE_3", "1.00", { paymentMode: "UPI_INTENT" }, { upiApprove: false });
  failed(o, "declined");
  assert.equal(o.failure.code, "141");

  o = await checkout(host, "E2E_NODE_DECLINE_4", "5000.01", WALLET);
  failed(o, "declined");
});

test("pending in the callback and two status queries, then success (clock advanced)", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_PENDING", "1.00", card(CARDS.pendingTwice));
  success(o, "1.00");
  assert.equal(host.callbackField("STATUS"), "PENDING");
  const statuses = host.sent("status");
  assert.equal(statuses.length, 3);
  assert.ok(statuses[0].includes('"PENDING"') && statuses[1].includes('"PENDING"'));
  assert.ok(statuses[2].includes('"TXN_SUCCESS"'));
  assert.equal(host.waits("pending"), 2);
});

test("pending past 72 hours ends pending_timeout, by advancing the sandbox clock", async () => {
  const host = newHost();
  const t0 = await host.now();
  const started = Date.now();
  const o = await checkout(host, "E2E_NODE_PENDING_72H", "1.00", { paymentMode: "UPI", payerAccount: "pendingforever@paytm" });
  failed(o, "pending_timeout");
  const advanced = (await host.now()) - t0;
  assert.ok(advanced >= 72 * HOUR, `sandbox time advanced ${advanced} ms`);
  assert.ok(Date.now() - started < 30_000, "72 h of sandbox time took too long");
  assert.equal(host.sent("status").length, 8, "the late-notification schedule: 8 status queries");
});

test("2023: the same order id with another amount ends the session", async () => {
  const host = newHost();
  success(await checkout(host, "E2E_NODE_2023", "1.00", WALLET), "1.00");
  const o = await checkout(host, "E2E_NODE_2023", "2.00", WALLET);
  failed(o, "repeat_request_inconsistent");
  assert.equal(o.failure.code, "2023");
});

test("0002: Initiate retried after a lost response is idempotent, same token, payment goes on", async () => {
  const host = newHost();
  const s = checkoutSession(host, "E2E_NODE_0002", "1.00");
  try {
    const a = s.nextAction(await host.now());
    assert.equal(a.type, "send");
    assert.equal(a.purpose, "initiate");
    // It reaches the sandbox, but the answer is lost on the way back.
    const r = await host.send(a.request);
    assert.equal(r.status, 200);
    assert.ok(new TextDecoder().decode(r.body).includes('"0000"'));
    s.handleSendFailure(await host.now());
    const o = await host.runCheckout(s, WALLET);
    success(o, "1.00");
    assert.ok(host.sent("initiate")[0].includes('"0002"'));
    assert.equal(host.waits("retry"), 1);
  } finally {
    s.free();
  }
});

test("a tampered status response (666.00 → 966.00) is refused; the genuine one decides", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_TAMPER", "666.00", WALLET);
  success(o, "666.00");
  const refused = host.steps.filter((s) => s.type === "refused").map((s) => [s.what, s.code]);
  assert.deepEqual(refused, [["status", "CHECKSUM_MISMATCH"]]);
  assert.ok(host.sent("status")[0].includes('"966.00"'));
});

test("2005: a wrong merchant key is refused, and the engine cannot verify the answers either", async () => {
  const host = newHost();
  const s = checkoutSession(host, "E2E_NODE_2005", "1.00", "0123456789abcdef");
  try {
    const o = await host.runCheckout(s, WALLET);
    failed(o, "bad_signatures");
    const initiates = host.sent("initiate");
    assert.ok(initiates.at(-1).includes('"2005"'));
  } finally {
    s.free();
  }
});

test("refund: pending then success; the same REFID again is 617", async () => {
  const host = newHost();
  const o = await checkout(host, "E2E_NODE_REFUND", "10.00", card(CARDS.success));
  success(o, "10.00");
  const cfg = {
    environment: { custom: host.base },
    mid: TEST_MID,
    orderId: "E2E_NODE_REFUND",
    txnId: o.transaction.txnId,
    refId: "E2E_REF_1",
    refundAmount: "4.00",
  };
  const r = new Session("refund", cfg, CREDS);
  const ro = await host.runRefund(r);
  r.free();
  assert.equal(ro.status, "refunded", JSON.stringify(ro));
  assert.ok(host.sent("refund")[0].includes('"601"'));
  const st = host.sent("refund_status");
  assert.equal(st.length, 2);
  assert.ok(st[0].includes('"PENDING"') && st[1].includes('"TXN_SUCCESS"'));

  const again = new Session("refund", cfg, CREDS);
  const ao = await host.runRefund(again);
  again.free();
  failed(ao, "declined");
  assert.equal(ao.failure.code, "617");
});
