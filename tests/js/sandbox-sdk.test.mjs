// Paytm's own server SDK for Node (npm paytm-pg-node-sdk, pinned in package.json, as published)
// against the offline sandbox: initiate → transaction status → refund → refund status.
//
// Only the SDK's URLs are pointed at the sandbox (its base URL: the four API URLs
// MerchantProperties holds); the SDK is unmodified. It signs every request (the sandbox verifies
// it: the same request with another key is refused with 2005) and verifies the signature of
// every S / TXN_SUCCESS / PENDING reply (it throws when one fails). The payment between Initiate
// and Status is made over plain fetch, as a browser would: the SDK has no Process Transaction.
//
// The sandbox binary: $PAYTM_SANDBOX_BIN, else target/{debug,release}/paytm-sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandbox, TEST_KEY, TEST_MID } from "../e2e/host.mjs";

const require = createRequire(import.meta.url);
const Paytm = require("paytm-pg-node-sdk");

test("paytm-pg-node-sdk completes initiate, status, refund and refund status against the sandbox", async (t) => {
  const sandbox = await startSandbox();
  // The SDK logs to a file (logs/app.log in the working directory by default).
  const logs = mkdtempSync(path.join(os.tmpdir(), "paytm-node-sdk-"));
  t.after(async () => {
    await sandbox.stop();
    rmSync(logs, { recursive: true, force: true });
  });
  Paytm.Config.logfile = path.join(logs, "app.log");
  Paytm.MerchantProperties.initialize("STAGE", TEST_MID, TEST_KEY, "WEBSTAGING");
  Paytm.MerchantProperties.initiateTxnUrl = `${sandbox.base}/theia/api/v1/initiateTransaction`;
  Paytm.MerchantProperties.paymentStatusUrl = `${sandbox.base}/merchant-status/api/v1/getPaymentStatus`;
  Paytm.MerchantProperties.refundUrl = `${sandbox.base}/refund/api/v1/async/refund`;
  Paytm.MerchantProperties.refundStatusUrl = `${sandbox.base}/refund/api/v1/refundStatus`;

  /** The SDK's parsed reply (its own signature check passed, or it threw) and the raw JSON. */
  const reply = (sdkResponse) => {
    const raw = JSON.parse(sdkResponse.getJsonResponse());
    assert.equal(raw.head.version, "v2", "the head echoes the SDK's version");
    return { body: sdkResponse.getResponseObject().getBody(), raw };
  };

  const orderId = `NODESDK${Date.now()}`;
  const user = new Paytm.UserInfo("CUST_001");
  user.setCustId("CUST_001");
  const amount = Paytm.Money.constructWithCurrencyAndValue(Paytm.EnumCurrency.INR, "120.00");
  const details = new Paytm.PaymentDetailBuilder(Paytm.EChannelId.WEB, orderId, amount, user).build();
  const initiated = reply(await Paytm.Payment.createTxnToken(details));
  assert.equal(initiated.body.getResultInfo().getResultStatus(), "S", JSON.stringify(initiated.raw));
  const txnToken = initiated.body.getTxnToken();
  assert.ok(txnToken);

  // The customer pays from the Paytm wallet.
  const paid = await (
    await fetch(`${sandbox.base}/theia/api/v1/processTransaction?mid=${TEST_MID}&orderId=${orderId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        head: { txnToken },
        body: { requestType: "NATIVE", mid: TEST_MID, orderId, paymentMode: "BALANCE" },
      }),
    })
  ).json();
  assert.equal(paid.body.resultInfo.resultStatus, "S", JSON.stringify(paid));

  const statusDetail = new Paytm.PaymentStatusDetailBuilder(orderId).build();
  const status = reply(await Paytm.Payment.getPaymentStatus(statusDetail));
  assert.equal(status.body.getResultInfo().getResultStatus(), "TXN_SUCCESS", JSON.stringify(status.raw));
  assert.equal(status.body.getTxnAmount(), "120.00");
  const txnId = status.body.getTxnId();

  const refId = `NODEREF${Date.now()}`;
  const refundDetail = new Paytm.RefundDetailBuilder(orderId, refId, txnId, "REFUND", "20.00").build();
  const refund = reply(await Paytm.Refund.initiateRefund(refundDetail));
  assert.equal(refund.body.getResultInfo().getResultStatus(), "PENDING", JSON.stringify(refund.raw));
  assert.equal(refund.body.getResultInfo().getResultCode(), "601");
  assert.equal(refund.body.getRefundAmount(), "20.00");

  let refundStatus;
  for (const expected of ["PENDING", "TXN_SUCCESS"]) {
    const query = new Paytm.RefundStatusDetailBuilder(orderId, refId).build();
    refundStatus = reply(await Paytm.Refund.getRefundStatus(query));
    assert.equal(refundStatus.body.getResultInfo().getResultStatus(), expected, JSON.stringify(refundStatus.raw));
  }
  assert.equal(refundStatus.body.getRefundAmount(), "20.00");

  // The sandbox verifies the SDK's signatures: the same request signed with another key is refused.
  Paytm.MerchantProperties.setMerchantKey("0000000000000000");
  const refused = reply(await Paytm.Payment.getPaymentStatus(statusDetail));
  assert.equal(refused.body.getResultInfo().getResultCode(), "2005", JSON.stringify(refused.raw));
});
