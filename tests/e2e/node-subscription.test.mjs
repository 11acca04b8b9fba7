// End-to-end from Node, issue #21: a subscription run by the npm package's Session (Node build,
// kind "subscription") against a real `paytm-sandbox` process over fetch on loopback, as
// sandbox/tests/subscription.rs runs core's SubscriptionSession: create, the customer approves
// the UPI mandate in the sandbox UPI app (confirmed by the verified Fetch Status), three cycles
// each collected with `collect` after a pre-debit notification 24 hours of sandbox time earlier
// (the first declined, collected again with a new order id), then `cancel`; the sandbox's
// recorded debits read from GET /__admin/orders. Run by scripts/test-e2e.sh.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Host, ours, startSandbox, subscriptionConfig, TEST_MID, TEST_KEY, HOUR } from "./host.mjs";

const { Session, buildRequest, parseResponse } = ours;
const CREDS = { merchantKey: TEST_KEY };

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox?.stop();
});

/** Sends `api` built from `params` with the key; the answer parsed and verified. */
async function call(host, api, params) {
  const res = await host.send(buildRequest(api, { mid: TEST_MID, ...params }, CREDS, { environment: { custom: host.base } }));
  const p = parseResponse(api, res.status, res.body, TEST_KEY);
  assert.equal(p.verification, "verified", api);
  return p.data;
}

const status = async (host, subsId) => (await call(host, "subscription_status", { subsId })).status;

test("subscription: UPI mandate approved in the UPI app, three renewals (one declined, collected again), cancel", async () => {
  const host = new Host(sandbox.base);
  const order = "E2E_NODE_SUB";
  const s = new Session("subscription", subscriptionConfig(host.base, order), CREDS);
  // The mandate's VPA declines the first renewal (renewfail1@…, docs/sandbox.md).
  const run = () => host.runSubscription(s, order, { paymentMode: "UPI", payerAccount: "renewfail1@paytm" });
  try {
    assert.equal(await run(), null, "the mandate is active and the session waits for the host");
    const kinds = host.steps.map((x) => (x.type === "sent" ? x.purpose : x.type));
    assert.deepEqual(kinds, ["initiate_subscription", "paid", "deep_link", "callback", "subscription_status"]);
    assert.ok(!host.steps.some((x) => x.type === "refused"), JSON.stringify(host.steps));
    const subsId = host.callbackField("SUBS_ID");
    assert.ok(subsId, "the UPI app's callback names the subscription");
    assert.equal(await status(host, subsId), "ACTIVE");

    const cycle = async (c, orderId, amount, notice) => {
      if (notice) {
        // Through the session: it records the notice only from Paytm's verified answer.
        s.preNotify(c, amount, "10-01-2027", notice, "Gold plan");
        assert.equal(await run(), null, `${notice}: the session waits for the host again`);
        await host.advance(24 * HOUR);
        // The session's clock is its latest nextAction's now: it must see the 24 hours pass.
        assert.equal(await run(), null);
      }
      s.collect(c, orderId, amount);
      assert.equal(await run(), null, `${orderId}: the session waits for the host again`);
    };
    await cycle("2027-01", "E2E_NODE_REN1", "499.00", "PN_NODE_1");
    // Declined: the same cycle is collected again with a new order (its notification covers it).
    await cycle("2027-01", "E2E_NODE_REN1B", "499.00");
    await cycle("2027-02", "E2E_NODE_REN2", "250.00", "PN_NODE_2");
    await cycle("2027-03", "E2E_NODE_REN3", "500.00", "PN_NODE_3");
    // Never two collections in one cycle: a paid cycle is refused, nothing sent.
    assert.throws(() => s.collect("2027-02", "E2E_NODE_REN2B", "250.00"), (e) => e.code === "SESSION_STATE");
    assert.throws(() => s.collect("2027-04", "E2E_NODE_REN4", "500.01"), (e) => e.code === "INVALID_FIELD");
    // Each debit verified by the signed v3 status of its order.
    const statuses = host.sent("status").map((b) => JSON.parse(b).body);
    assert.deepEqual(statuses.map((b) => [b.orderId, b.resultInfo.resultStatus]), [
      ["E2E_NODE_REN1", "TXN_FAILURE"], ["E2E_NODE_REN1B", "TXN_SUCCESS"],
      ["E2E_NODE_REN2", "TXN_SUCCESS"], ["E2E_NODE_REN3", "TXN_SUCCESS"],
    ]);
    // The sandbox's recorded debits: exactly these, once each.
    const { orders } = await host.admin("GET", "/__admin/orders");
    const debits = orders.filter((o) => o.orderId.startsWith("E2E_NODE_REN")).map((o) => [o.orderId, o.amount, o.txn?.state]);
    assert.deepEqual(debits, [
      ["E2E_NODE_REN1", "499.00", "TXN_FAILURE 227"], ["E2E_NODE_REN1B", "499.00", "TXN_SUCCESS"],
      ["E2E_NODE_REN2", "250.00", "TXN_SUCCESS"], ["E2E_NODE_REN3", "500.00", "TXN_SUCCESS"],
    ]);

    // Cancel: Paytm's verified answer ends the session; the subscription is REJECT.
    s.cancel();
    const o = await run();
    assert.equal(o.status, "failure", JSON.stringify(o));
    assert.equal(o.reason, "cancelled", JSON.stringify(o));
    assert.equal(host.steps.filter((x) => x.type === "sent").at(-1).purpose, "cancel_subscription");
    assert.equal(await status(host, subsId), "REJECT");
  } finally {
    s.free();
  }
});
