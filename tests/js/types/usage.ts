// Type-checked by scripts/test-js.sh with `tsc --strict --noEmit -p types/tsconfig.json` (typescript
// pinned in tests/js/package.json), against the package in tests/js/node_modules and again against
// the packed tarball installed in a temporary project. Every export of every entry point is used
// with its real types; `@ts-expect-error` lines prove the types reject what they must (an unused
// one is itself an error). Never run: type-checking is the test.

// The Node build, ES module entry (exports map: node + import -> node/index.d.mts).
import pkg, {
  MerchantKey,
  PaytmChecksum,
  apiNames,
  buildRequest,
  clearKeyCache,
  errorCodes,
  explain,
  doctor,
  type DoctorInput,
  type DoctorReport,
  type DoctorFindingCode,
  generateChecksum,
  verifyChecksum,
  version,
  type ApiName,
  type BuildOptions,
  type CauseKind,
  type Credentials,
  type Environment,
  type ErrorCodeName,
  type Explanation,
  type HttpRequest,
  type Key,
  type Params,
  type PaytmCheckoutError,
  type RequestParams,
  parseResponse,
  parseCallback,
  reconcile,
  Session,
  type SessionAction,
  type SessionOutcome,
  responseApiNames,
  resultCodeTables,
  resultCodeTable,
  lookupResultCode,
  classifyResult,
  encodeCardInfo,
  type CardInfo,
  type CodeTableName,
  type ExpectedOrder,
  type JsonValue,
  type Mismatch,
  type ParseOptions,
  type ParsedCallback,
  type ParsedResponse,
  type ResponseApiName,
  type ResultClass,
  type ResultCode,
  type TransactionResult,
  type TxnState,
  type Verdict,
  type Verification,
} from "paytm-checkout";
// The web build (browsers; `./web` export): the txnToken side, no merchant-key function.
import init, * as web from "paytm-checkout/web";
// The second web entry (`./web-helpers`): the web build plus the seven txnToken checkout helpers.
import initHelpers, * as webHelpers from "paytm-checkout/web-helpers";
// The drop-in for the official module.
import PaytmChecksumCompat from "paytm-checkout/paytmchecksum";

const key: Key = "PmX#a0x4VpTXRzfK";
const rawKey: Key = new Uint8Array(16);
const params: Params = { MID: "INTEGR7769XXXXXX9383", ORDERID: "O1", EMPTY: null };

// Checksums.
const sig: string = generateChecksum(params, key, "ab12");
const sig2: string = generateChecksum('{"mid":"M1"}', rawKey);
const ok: boolean = verifyChecksum(params, key, sig) && verifyChecksum("x", rawKey, sig2);
const mk = new MerchantKey(key);
const len: number = mk.length;
const s3: string = mk.generate(params) + mk.generate("body", "ab12");
const ok2: boolean = mk.verify("body", s3);
const nothing: void = mk.check("body", s3);
mk.free();
{
  using scoped = new MerchantKey(rawKey);
  scoped.verify(params, sig);
}
clearKeyCache();
const ver: string = version();

// Errors.
const codes: Record<ErrorCodeName, number> = errorCodes();
const keyLength: number = codes.INVALID_KEY_LENGTH;
try {
  new MerchantKey("short");
} catch (e) {
  const err = e as PaytmCheckoutError;
  const code: ErrorCodeName = err.code;
  const errno: number = err.errno;
  const msg: string = err.message;
  if (code === "INVALID_KEY_LENGTH" && errno === keyLength) console.log(msg);
}
// @ts-expect-error: not an error code name
const noSuchCode: ErrorCodeName = "NO_SUCH_CODE";

// Requests (Node build: every API).
const names: ApiName[] = apiNames();
const api: ApiName = "initiate_transaction";
const env: Environment = { custom: "https://pg.example.test" };
const options: BuildOptions = { environment: "staging", salt: "ab12" };
const credentials: Credentials = { merchantKey: key, clientId: "C11", clientSecret: "s" };
const input: RequestParams = { mid: "M", orderId: "O1", txnAmount: { value: "1.00" } };
const req: HttpRequest = buildRequest(api, input, credentials, options);
const method: "GET" | "POST" | "DELETE" = req.method;
const headers: [string, string][] = req.headers;
const contentType: string | null = req.contentType;
const body: string = req.body;
const url: string = req.url;
const browserSafe: HttpRequest = buildRequest("process_transaction", JSON.stringify(input));
buildRequest("settlement", input, null, { environment: env });
// @ts-expect-error: not an API name
buildRequest("initiate", input, credentials);
// @ts-expect-error: credentials have no such member
buildRequest(api, input, { key });
// @ts-expect-error: not an environment
buildRequest(api, input, credentials, { environment: "prod" });
// @ts-expect-error: a request is not a string
const notText: string = buildRequest(api, input);

// Diagnosis.
const why: Explanation = explain(params, key, sig);
const mode: "string" | "map" = why.mode;
if (why.verdict.status !== "valid") {
  const name: ErrorCodeName = why.verdict.name;
  const n: number = why.verdict.code;
  console.log(name, n, why.verdict.message);
}
const kinds: CauseKind[] = why.causes.map((c) => c.kind);
const hashes: (string | null)[] = [why.salt, why.hashInChecksum, why.hashOfParams, why.hashedString, why.repairedChecksum];
explain("body", key, sig, "string");
// @ts-expect-error: not a mode
explain("body", key, sig, "json");
const config: DoctorInput = { environment: "staging", websiteName: "WEBSTAGING", hosts: ["https://securestage.paytmpayments.com"] };
const report: DoctorReport = doctor(config);
const findingCodes: DoctorFindingCode[] = report.findings.map((f) => f.code);
const severity: "error" | "warning" | "info" | undefined = report.findings[0]?.severity;
console.log(report.clean, findingCodes, severity, doctor(JSON.stringify(config)).findings.length);
// @ts-expect-error: not an environment
doctor({ environment: "prod" });


// Responses (Node build): parseResponse is generic over the API, so `data` has that API's type.
const raw: Uint8Array = new Uint8Array(0);
const parseOpts: ParseOptions = { allowUnsigned: true };
const status = parseResponse("transaction_status", 200, raw, key);
const statusState: TxnState = status.data.state;
const paid: TransactionResult = status.transaction; // always present for transaction_status
const initiated = parseResponse("initiate_transaction", 200, '{"head":{},"body":{}}', rawKey, parseOpts);
const token: string | undefined = initiated.data.txnToken;
const extra: JsonValue | undefined = initiated.data.extraParamsMap;
const processed = parseResponse("process_transaction", 200, raw, null);
const maybePaid: TransactionResult | undefined = processed.transaction;
const deepLink: string | undefined = processed.data.deepLinkInfo?.deepLink;
const formUrl: string | undefined = processed.data.bankForm?.redirectForm?.actionURL;
const anyApi: ResponseApiName = responseApiNames()[0] ?? "refund";
const anyParsed: ParsedResponse = parseResponse(anyApi, 200, raw);
if (anyParsed.api === "refund") {
  const refundState: "success" | "failure" | "pending" | "unknown" = anyParsed.data.state;
  console.log(refundState);
}
const verification: Verification = anyParsed.verification;
const resultClass: ResultClass = anyParsed.class;
const cb: ParsedCallback = parseCallback("ORDERID=O1&STATUS=TXN_SUCCESS&CHECKSUMHASH=x", key);
parseCallback({ ORDERID: "O1", STATUS: "TXN_SUCCESS" }, null, { allowUnsigned: true });
parseCallback(raw, key, null);
const order: ExpectedOrder = { orderId: "O1", amount: "1.00", mid: "M1" };
const verdict: Verdict = reconcile(order, cb.transaction);
if (verdict.verdict === "do_not_fulfil") {
  const reason: Mismatch = verdict.reason;
  console.log(reason);
}
reconcile(JSON.stringify(order), JSON.stringify(paid));
// @ts-expect-error: transaction_status's data has no txnToken
console.log(status.data.txnToken);
// @ts-expect-error: initiate_transaction carries no transaction
console.log(initiated.transaction);
// @ts-expect-error: not a response API name
parseResponse("initiate", 200, raw);
// @ts-expect-error: a body is text or bytes, not a number
parseResponse("refund", 200, 42);
// @ts-expect-error: no such parse option
parseResponse("refund", 200, raw, key, { allowUnsigend: true });
// @ts-expect-error: the expected order needs an amount
reconcile({ orderId: "O1" }, paid);

// Result codes (every build) and card encoding.
const tables: CodeTableName[] = resultCodeTables();
const rows: ResultCode[] = resultCodeTable("process");
const row: ResultCode | null = lookupResultCode("initiate", "1006");
const cls: ResultClass = classifyResult("initiate", "0000", "S");
classifyResult("consult", "0000");
// @ts-expect-error: not a table name
resultCodeTable("refund");
const card: CardInfo = { type: "new", cardNumber: "4111111111111111", cvv: "123", expiry: "122032" };
const cardInfo: string = encodeCardInfo(card) + encodeCardInfo({ type: "saved", savedCardId: "1", cvv: null });
// @ts-expect-error: a saved card has no card number
encodeCardInfo({ type: "saved", cardNumber: "4111111111111111" });
console.log(statusState, token, extra, maybePaid, deepLink, formUrl, verification, resultClass, tables, rows, row, cls, cardInfo);

// The drop-in (named and as its own entry point).
const p1: Promise<string> = PaytmChecksum.generateSignature(params, key);
const p2: Promise<string> = PaytmChecksumCompat.generateSignatureByString("body", key);
const v1: boolean = PaytmChecksum.verifySignature(params, key, sig);
const v2: boolean = PaytmChecksumCompat.verifySignatureByString("body", key, sig);
const c1: string = PaytmChecksum.calculateChecksum("body", key, "ab12");
const h1: string = PaytmChecksum.calculateHash("body", "ab12");
const j1: string = PaytmChecksum.getStringByParams(params);
const e1: string = PaytmChecksum.decrypt(PaytmChecksum.encrypt("text", key), key);
const iv: string = PaytmChecksum.iv;
// @ts-expect-error: getStringByParams takes a map, not a string
PaytmChecksum.getStringByParams("body");

// The second web entry: the helpers' requests and typed answers, still no merchant key.
async function browserHelpers(): Promise<void> {
  await initHelpers();
  const api: webHelpers.ApiName = "validate_vpa";
  const req: webHelpers.HttpRequest = webHelpers.buildRequest(api, { txnToken: "T", mid: "M", orderId: "O", vpa: "a@paytm" }, null);
  const options: webHelpers.ParsedResponse<"fetch_payment_options"> = webHelpers.parseResponse("fetch_payment_options", 200, "{}");
  const vpa: webHelpers.ParsedResponse<"validate_vpa"> = webHelpers.parseResponse("validate_vpa", 200, "{}");
  const names: webHelpers.ApiName[] = webHelpers.apiNames();
  console.log(req.url, options.data, vpa.data, names);
  // @ts-expect-error: the default web entry does not build the helpers
  web.buildRequest("validate_vpa", {});
  // @ts-expect-error: web-helpers takes no credentials either
  webHelpers.buildRequest("validate_vpa", {}, { merchantKey: key });
}
void browserHelpers;

// The module object (default export of the ESM entry) carries the same functions.
const sameFn: typeof generateChecksum = pkg.generateChecksum;

// The web build: init, then Process Transaction, card encoding and result codes; no merchant key.
async function browser(): Promise<void> {
  await init();
  await init({ module_or_path: new URL("https://cdn.example.test/paytm_checkout_bg.wasm") });
  web.initSync({ module: new Uint8Array(0) });
  const api: web.ApiName = "process_transaction";
  const req: web.HttpRequest = web.buildRequest(api, { txnToken: "T", mid: "M", orderId: "O", paymentMode: "UPI_INTENT" }, null, { environment: "staging" });
  const req2: web.HttpRequest = web.buildRequest("process_transaction", "{}");
  const names: web.ApiName[] = web.apiNames();
  const cardInfo: string = web.encodeCardInfo({ type: "saved", savedCardId: "123", cvv: "123" });
  const wc: Record<web.ErrorCodeName, number> = web.errorCodes();
  console.log(req.url, req2.body, names, cardInfo, wc, web.version());
  // @ts-expect-error: the web build has no result-code lookups (the parsed response has its class)
  web.lookupResultCode("process", "01");
  // @ts-expect-error: the web build builds only the txnToken API
  web.buildRequest("initiate_transaction", {});
  // @ts-expect-error: the web build takes no credentials
  web.buildRequest("process_transaction", {}, { merchantKey: key });
  // @ts-expect-error: the web build has no checksum functions (a browser never holds the key)
  web.generateChecksum(params, key);
  // @ts-expect-error: the web build has no explain
  web.explain("body", key, "sig");
  // @ts-expect-error: the web build has no doctor
  web.doctor({ environment: "staging" });
  // The browser parses Process Transaction's answer: what to do next is typed per API.
  const parsed: web.ParsedResponse<"process_transaction"> = web.parseResponse("process_transaction", 200, "{}", null, { allowUnsigned: true });
  const form: web.FormDetail | undefined = parsed.data.bankForm?.redirectForm;
  const link: string | undefined = parsed.data.deepLink ?? parsed.data.deepLinkInfo?.deepLink;
  const paid: web.TxnState | undefined = parsed.transaction?.state;
  const rnames: web.ResponseApiName[] = web.responseApiNames();
  console.log(form?.actionURL, link, paid, parsed.verification, parsed.class, rnames);
  // @ts-expect-error: the web build parses only Process Transaction
  web.parseResponse("initiate_transaction", 200, "{}");
  // @ts-expect-error: a browser never holds the merchant key
  web.parseResponse("process_transaction", 200, "{}", key);
  // @ts-expect-error: the web build has no callback parser (the callback goes to the server)
  web.parseCallback("ORDERID=O");
  const cls: web.ResultClass = parsed.class;
  console.log(cls);
}

// The web build's Session: the client half of a checkout (txnToken, no credentials).
{
  const config: web.SessionConfig = { environment: "staging", mid: "M", orderId: "O", amount: "1.00", txnToken: "T", tokenIssuedAt: Date.now() };
  const s = new web.Session("checkout", config);
  const a: web.SessionAction = s.nextAction(Date.now());
  if (a.type === "collect_payment") s.pay({ paymentMode: "UPI_INTENT" }, Date.now());
  else if (a.type === "send") s.handleResponse(200, new Uint8Array(0), Date.now());
  else if (a.type === "render_bank_form") console.log(a.form.redirectForm?.actionURL);
  else if (a.type === "open_deep_link") console.log(a.url);
  else if (a.type === "done") {
    const o: web.SessionOutcome = a.outcome;
    console.log(o.status === "unverified", o.transaction?.state);
  }
  s.handleCallback({ ORDERID: "O", STATUS: "TXN_SUCCESS" }, Date.now());
  s.handleCallback('{"ORDERID":"O"}', Date.now());
  s.handleSendFailure(Date.now());
  s.free();
  // @ts-expect-error: the web build runs only checkout sessions
  new web.Session("refund", config);
  // @ts-expect-error: the web build takes no credentials (a browser never holds the merchant key)
  new web.Session("checkout", config, { merchantKey: key });
  // @ts-expect-error: the web build keeps no saved state
  s.save();
  // @ts-expect-error: amounts are strings, never numbers
  new web.Session("checkout", { ...config, amount: 1 });
}

// The checkout engine (Node build).
{
  const s = new Session("checkout", { mid: "M", orderId: "O", amount: "1.00", txnToken: "T", tokenIssuedAt: 0 });
  const a: SessionAction = s.nextAction(Date.now());
  if (a.type === "send") {
    const r: HttpRequest = a.request;
    s.handleResponse(200, new Uint8Array(0), Date.now());
    console.log(r.url, a.purpose);
  } else if (a.type === "collect_payment") {
    s.pay({ paymentMode: "BALANCE" }, Date.now());
    console.log(a.txnToken, a.expiresAt);
  } else if (a.type === "done") {
    const o: SessionOutcome = a.outcome;
    console.log(o.status === "success", o.reason, o.transaction?.amount);
  } else if (a.type === "wait") {
    console.log(a.until, a.reason);
  }
  s.handleCallback("ORDERID=O", Date.now());
  s.handleSendFailure(Date.now());
  const saved: string = s.save();
  const back: Session = Session.restore(saved, { merchantKey: "PmX#a0x4VpTXRzfK" }, "T");
  back.free();
  new Session("refund", "{}", { merchantKey: "k" }).retry(0);
  new Session("wallet", {}, null).submitOtp("123456", 0);
  const sub = new Session("subscription", {}, { merchantKey: "k" });
  sub.collect("2027-01", "RENEW_0001", "499.00");
  sub.cancel();
  // @ts-expect-error: an amount is a decimal string, never a number
  sub.collect("2027-01", "RENEW_0001", 499);
  // @ts-expect-error: the kinds are a union
  new Session("payment", {});
  // @ts-expect-error: an OTP is text
  s.submitOtp(123456, 0);
  s.free();
}

console.log(sig, ok, len, ok2, nothing, ver, noSuchCode, names, req, method, headers, contentType, body, url,
  browserSafe, notText, mode, kinds, hashes, p1, p2, v1, v2, c1, h1, j1, e1, iv, sameFn, browser);
