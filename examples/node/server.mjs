// A minimal Paytm checkout server with node:http and the `paytm-checkout` package, no framework.
//
//   GET  /          a checkout page: amount -> POST /pay
//   POST /pay       builds the signed Initiate Transaction request and prints it; sends it to Paytm
//                   only when PAYTM_MID and PAYTM_MERCHANT_KEY are set, then serves Paytm's JS
//                   checkout with the txnToken it returned
//   POST /callback  Paytm's callback (form POST): parseCallback verifies CHECKSUMHASH and types the
//                   fields, reconcile checks order id and amount; answers "verified" or "rejected"
//
// Environment: PAYTM_MID, PAYTM_MERCHANT_KEY (both, or nothing is ever sent: a demo key signs and
// verifies locally), PAYTM_WEBSITE (default WEBSTAGING), PAYTM_ENV ("staging" by default, or
// "production"), HOST (default 127.0.0.1), PORT (default 3000; 0 picks a free one), PUBLIC_URL (the
// https:// address Paytm reaches this server at, e.g. a tunnel; Paytm requires https callback URLs;
// default https://<the request's Host>). Prints "listening on <url>" once ready.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { buildRequest, parseCallback, parseResponse, reconcile } from "paytm-checkout";

const LIVE = Boolean(process.env.PAYTM_MID && process.env.PAYTM_MERCHANT_KEY);
// The demo key is Paytm's published test key shape: it signs requests nobody sends.
const MID = process.env.PAYTM_MID || "INTEGR7769XXXXXX9383";
const KEY = process.env.PAYTM_MERCHANT_KEY || "PmX#a0x4VpTXRzfK";
const WEBSITE = process.env.PAYTM_WEBSITE || "WEBSTAGING";
const ENVIRONMENT = process.env.PAYTM_ENV === "production" ? "production" : "staging";
const HOST = process.env.HOST || "127.0.0.1";
const PORT = Number(process.env.PORT ?? 3000);
const MAX_BODY = 64 * 1024;

const html = (title, inner) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif">${inner}</body>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The orders this demo created (a real server keeps them in its database): order id -> amount.
const orders = new Map();

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store" });
  res.end(body);
}

const checkoutPage = () =>
  html("Checkout", `<h1>Checkout</h1>
<form method="post" action="/pay">
  <label>Amount (INR) <input name="amount" value="1.00" pattern="\\d+(\\.\\d{1,2})?" required></label>
  <button>Pay with Paytm</button>
</form>
<p>${LIVE ? "Live: requests go to Paytm " + ENVIRONMENT + "." : "Demo: PAYTM_MID / PAYTM_MERCHANT_KEY are not set, nothing is sent to Paytm."}</p>`);

async function readForm(req) {
  return Object.fromEntries(new URLSearchParams((await readBody(req)).toString("utf8")));
}

async function pay(req, res, base) {
  const form = await readForm(req);
  const orderId = `ORDER_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const amount = /^\d+(\.\d{1,2})?$/.test(form.amount ?? "") ? form.amount : "1.00";
  // The signed request: built here, on the server, the only place that holds the merchant key.
  const request = buildRequest(
    "initiate_transaction",
    {
      mid: MID,
      orderId,
      websiteName: WEBSITE,
      txnAmount: { value: amount, currency: "INR" },
      userInfo: { custId: "CUST_001" },
      callbackUrl: `${base}/callback`,
    },
    { merchantKey: KEY },
    { environment: ENVIRONMENT },
  );
  console.log("initiate request:", JSON.stringify(request, null, 2));
  orders.set(orderId, amount);
  if (!LIVE) {
    send(res, 200, "text/html", html("Initiate Transaction", `<h1>Initiate Transaction (not sent)</h1>
<p>Set PAYTM_MID and PAYTM_MERCHANT_KEY to send it. The request:</p><pre id="request">${escape(JSON.stringify(request, null, 2))}</pre>`));
    return;
  }
  const reply = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  // The exact bytes received: parseResponse verifies head.signature over the raw `body` member.
  const parsed = parseResponse("initiate_transaction", reply.status, new Uint8Array(await reply.arrayBuffer()), KEY);
  const txnToken = parsed.data.txnToken;
  if (parsed.class !== "success" || !txnToken) {
    send(res, 502, "text/html", html("Paytm said no", `<pre>${escape(JSON.stringify(parsed.data.resultInfo, null, 2))}</pre>`));
    return;
  }
  const host = ENVIRONMENT === "production" ? "https://secure.paytmpayments.com" : "https://securestage.paytmpayments.com";
  // Paytm's JS checkout: the browser pays with the txnToken, never with the merchant key.
  send(res, 200, "text/html", html("Pay", `<script type="application/javascript" crossorigin="anonymous"
  src="${host}/merchantpgpui/checkoutjs/merchants/${encodeURIComponent(MID)}.js"
  onload='window.Paytm.CheckoutJS.init(${escape(JSON.stringify({
    root: "", flow: "DEFAULT",
    data: { orderId, token: txnToken, tokenType: "TXN_TOKEN", amount },
  }))}).then(() => window.Paytm.CheckoutJS.invoke())'></script>`));
}

async function callback(req, res) {
  // The raw form body as Paytm's cashier posted it: parseCallback verifies CHECKSUMHASH (a missing,
  // duplicated or wrong one throws) and returns typed fields plus `transaction` for reconcile.
  let verdict;
  let orderId = "?";
  try {
    const cb = parseCallback(await readBody(req), KEY);
    orderId = cb.txn.orderId;
    const amount = orders.get(orderId) ?? (LIVE ? undefined : cb.txn.txnAmount); // demo: any order
    verdict = amount === undefined ? { verdict: "do_not_fulfil", reason: "order_id" } : reconcile({ orderId, amount, mid: MID }, cb.transaction);
  } catch (e) {
    verdict = { verdict: "rejected", reason: e.code };
  }
  console.log(`callback for ${orderId}: ${JSON.stringify(verdict)}`);
  // A verified callback is what the browser relayed: confirm with Transaction Status before shipping.
  const ok = verdict.verdict === "fulfil";
  send(res, ok ? 200 : 400, "text/plain", ok ? "verified" : "rejected");
}

const server = createServer(async (req, res) => {
  const base = process.env.PUBLIC_URL || `https://${req.headers.host}`;
  try {
    if (req.method === "GET" && req.url === "/") return send(res, 200, "text/html", checkoutPage());
    if (req.method === "POST" && req.url === "/pay") return await pay(req, res, base);
    if (req.method === "POST" && req.url === "/callback") return await callback(req, res);
    send(res, 404, "text/plain", "not found");
  } catch (e) {
    // Coded errors from paytm-checkout never contain the key or parameter values.
    console.error("error:", e.code ?? "", e.message);
    if (!res.headersSent) send(res, 500, "text/plain", `error ${e.code ?? ""}`);
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`listening on http://${HOST}:${port}/ (${LIVE ? "live" : "demo"} mode)`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
