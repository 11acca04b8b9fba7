//! Callbacks and reconciliation for JS (the Node build), with the TypeScript of every response
//! type `parseResponse` returns there (the function itself is `crate::parse`'s, both builds).
//!
//! Everything here is argument checking and conversion: parsing, signature verification and the
//! reconciliation rule are core's. Results are plain JS objects with exactly the JSON shape of
//! the C library's (`Callback::to_json`), produced from that JSON text by `JSON.parse` (see
//! `crate::args::plain_json` for why not serde-wasm-bindgen).

use paytm_checkout::callback::parse_callback;
use paytm_checkout::reconcile::reconcile_json;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{json_arg, plain_json, to_plain};
use crate::error::to_js;
use crate::key::opt_key_arg;
use crate::parse::{body_arg, parse_options_arg};
use crate::value;

/// TypeScript of the Node build's response parsers (the shared types are in `crate::parse`).
#[wasm_bindgen(typescript_custom_section)]
const TS_RESPONSE_TYPES: &str = r#"
export interface InitiateResponse {
  head: ResponseHead;
  resultInfo: ResultInfo;
  txnToken?: string;
  isPromoCodeValid?: boolean;
  authenticated?: boolean;
  extraParamsMap?: JsonValue;
}
export interface StatusResponse {
  head: ResponseHead;
  resultInfo: ResultInfo;
  state: TxnState;
  txnId?: string;
  bankTxnId?: string;
  orderId?: string;
  txnAmount?: AmountText;
  txnType?: string;
  gatewayName?: string;
  bankName?: string;
  mid?: string;
  paymentMode?: string;
  refundAmt?: AmountText;
  txnDate?: string;
  authRefId?: string;
  merchantUniqueReference?: string;
}
export interface RefundResponse {
  head: ResponseHead;
  resultInfo: ResultInfo;
  state: RefundState;
  txnTimestamp?: string;
  orderId?: string;
  mid?: string;
  refId?: string;
  refundId?: string;
  txnId?: string;
  refundAmount?: AmountText;
}
export interface RefundDetail {
  refundType?: string;
  payMethod?: string;
  refundAmount?: AmountText;
  rrn?: string;
  issuingBankName?: string;
  maskedCardNumber?: string;
  cardScheme?: string;
  userCreditExpectedDate?: string;
}
export interface RefundStatusResponse {
  head: ResponseHead;
  resultInfo?: ResultInfo;
  state: RefundState;
  status?: string;
  orderId?: string;
  mid?: string;
  refId?: string;
  refundId?: string;
  txnId?: string;
  txnAmount?: AmountText;
  refundAmount?: AmountText;
  totalRefundAmount?: AmountText;
  txnTimestamp?: string;
  merchantRefundRequestTimestamp?: string;
  acceptRefundTimestamp?: string;
  acceptRefundStatus?: string;
  userCreditInitiateTimestamp?: string;
  userCreditInitiateStatus?: string;
  source?: string;
  refundReason?: string;
  rejectRefundReasonCode?: string;
  rejectRefundReasonMessage?: string;
  refundDetailInfoList?: RefundDetail[];
  agentInfo?: JsonValue;
}
export interface LegacyRefundResponse {
  status?: string;
  state: RefundState;
  mid?: string;
  txnId?: string;
  orderId?: string;
  txnAmount?: AmountText;
  refundAmount?: AmountText;
  totalRefundAmount?: AmountText;
  refId?: string;
  refundId?: string;
  respCode?: string;
  respMsg?: string;
  txnDate?: string;
  refundDate?: string;
  refundType?: string;
  bankTxnId?: string;
  gateway?: string;
  paymentMode?: string;
  other?: Record<string, string>;
}
export interface SendOtpResponse {
  status?: string;
  responseCode?: string;
  state?: string;
  message?: string;
}
export interface ValidateOtpResponse {
  access_token?: string;
  expires?: number;
  scope?: string;
  resourceOwnerId?: string;
  status?: string;
  responseCode?: string;
  message?: string;
}
export interface UserDetailsResponse {
  id?: string;
  email?: string;
  mobile?: string;
  expires?: number;
  status?: string;
  responseCode?: string;
  message?: string;
}
export interface RevokeResponse {
  outcome: "revoked" | "not_found" | "unauthorized";
}
export interface ConsultResponse {
  head: ResponseHead;
  resultInfo: ResultInfo;
  fundsSufficient?: boolean;
  addMoneyAllowed?: boolean;
  deficitAmount?: AmountText;
}
export interface WithdrawResponse {
  status: string;
  state: TxnState;
  txnId?: string;
  mid?: string;
  orderId?: string;
  txnAmount?: AmountText;
  bankTxnId?: string;
  responseCode?: string;
  responseMessage?: string;
  paymentMode?: string;
  bankName?: string;
  custId?: string;
  mbid?: string;
  mercUnqRef?: string;
  other?: Record<string, string>;
}
/** The typed `data` of each API's parsed response. */
export interface ResponseDataMap {
  initiate_transaction: InitiateResponse;
  process_transaction: ProcessResponse;
  transaction_status: StatusResponse;
  legacy_transaction_status: TxnInfo;
  refund: RefundResponse;
  refund_status: RefundStatusResponse;
  refund_webhook: RefundStatusResponse;
  legacy_refund: LegacyRefundResponse;
  legacy_refund_status: LegacyRefundResponse;
  send_otp: SendOtpResponse;
  validate_otp: ValidateOtpResponse;
  user_details: UserDetailsResponse;
  revoke_access: RevokeResponse;
  check_balance: ConsultResponse;
  add_money: TxnInfo;
  withdraw: WithdrawResponse;
  send_payment_request: PaymentRequestResponse;
  resend_payment_request: PaymentRequestResponse;
}
/** The APIs whose parsed response always reports a payment (and so carries `transaction`). */
export type PaymentReportingApi = "transaction_status" | "legacy_transaction_status" | "add_money" | "withdraw";
export interface PaymentRequestResponse {
  head: ResponseHead;
  resultInfo: ResultInfo;
}
/**
 * A parsed callback or payment webhook (core's `Callback` JSON) plus its reconciliation facts
 * (`transaction`, for {@link reconcile}).
 */
export interface ParsedCallback {
  verification: Verification;
  class: ResultClass;
  txn: TxnInfo;
  transaction: TransactionResult;
}
/** The merchant's own record of an order, for {@link reconcile}. */
export interface ExpectedOrder {
  orderId: string;
  /** Decimal rupees; "1" equals "1.00". */
  amount: AmountText;
  /** When given, a report for another MID is refused. */
  mid?: string | null;
}
/** Why an order must not be fulfilled. */
export type Mismatch = "order_id" | "mid" | "amount" | "status_failure" | "refunded" | "unverified";
/** What {@link reconcile} decided. */
export type Verdict =
  | { verdict: "fulfil" }
  | { verdict: "wait" }
  | { verdict: "do_not_fulfil"; reason: Mismatch };
/**
 * Parses and verifies Paytm's answer to an API call: exactly the bytes received (`body` as text or
 * raw bytes), the HTTP status and, for signed responses, the merchant key. Signatures are checked
 * over the raw bytes of the `body` member, failures included, before anything is interpreted.
 *
 * - `api`: which API answered (see {@link ResponseApiName} and `responseApiNames()`).
 * - `key`: the merchant key for signed responses; `null`/omitted for unsigned ones. A browser has
 *   no key: there, Process Transaction responses carrying txnInfo parse only with
 *   `{allowUnsigned: true}` and say `verification: "skipped"` (never fulfil on them).
 * - `options`: {@link ParseOptions}.
 *
 * Business outcomes (a declined payment, a wrong OTP) are results with their `class`; throws a
 * {@link PaytmCheckoutError} when the bytes are unusable: `CHECKSUM_MISMATCH` and the other 2xxx
 * codes for a tampered or unsigned response, `SIGNATURE_MISSING`, `RESPONSE_MALFORMED`,
 * `RESPONSE_HTTP_STATUS`, `INPUT_TOO_LARGE` (over 1 MiB), `UNKNOWN_API`, `INVALID_ARGUMENT`.
 */
export function parseResponse<A extends ResponseApiName>(
  api: A,
  httpStatus: number,
  body: string | Uint8Array,
  key?: Key | null,
  options?: ParseOptions | null,
): ParsedResponse<A>;
"#;

/// TypeScript of the callback parser.
#[wasm_bindgen(typescript_custom_section)]
const TS_CALLBACK: &str = r#"
/**
 * Parses and verifies a callback or payment webhook body: the form POST Paytm's cashier sends to
 * your `callbackUrl` (or S2S webhook), as text or bytes, or the flat object JS Checkout hands to its
 * `transactionStatus` handler (as an object or its JSON text). `CHECKSUMHASH` is verified with the
 * merchant key over every other field.
 *
 * On a server: `parseCallback(body, merchantKey)`. In a browser there is no key: only
 * `parseCallback(data, null, {allowUnsigned: true})` works, for display; its result says
 * `verification: "skipped"` and {@link reconcile} never fulfils on it; your server must confirm
 * with Transaction Status.
 *
 * Throws a {@link PaytmCheckoutError}: `SIGNATURE_MISSING` (no CHECKSUMHASH), `SIGNATURE_AMBIGUOUS`
 * (a field twice), `CHECKSUM_MISMATCH` (tampered), `CALLBACK_MALFORMED`, `INVALID_CREDENTIALS`
 * (no key and no `allowUnsigned`), `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function parseCallback(
  body: string | Uint8Array | Record<string, string>,
  key?: Key | null,
  options?: ParseOptions | null,
): ParsedCallback;
"#;

/// The parseCallback export (TypeScript in TS_CALLBACK).
#[wasm_bindgen(js_name = parseCallback, skip_typescript)]
pub fn parse_callback_js(
    body: &JsValue,
    key: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        // JS Checkout's transactionStatus object: its JSON text is the flat JSON form core reads.
        // (Text and bytes first: a String object is text, and no Proxy is asked if it is bytes.)
        let body = if value::string(body).is_none()
            && !value::is_bytes(body)
            && body.is_object()
            && !body.is_function()
            && !value::is_array(body)?
        {
            Zeroizing::new(json_arg(body, "body")?.into_bytes())
        } else {
            body_arg(body)?
        };
        let key = opt_key_arg(key)?;
        let options = parse_options_arg(options)?;
        let cb = parse_callback(&body, key.as_deref(), &options)?;
        plain_json(&cb.to_json())
    })())
}

/// May this order be fulfilled? Compares your own record of the order with what Paytm reported
/// (the `transaction` member of {@link parseResponse}'s or {@link parseCallback}'s result), by
/// Paytm's rule (same order id and amount, a success status) plus two of ours: data whose signature
/// was skipped never fulfils, and pending or unknown means wait and ask Transaction Status again.
///
/// Both arguments may also be JSON text. Throws a {@link PaytmCheckoutError} for malformed input:
/// `MISSING_FIELD`, `INVALID_FIELD` (unknown member or wrong type), `INVALID_ORDER_ID`,
/// `INVALID_AMOUNT`, `INVALID_PARAMS` (not JSON), `INVALID_ARGUMENT` (wrong argument type).
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn reconcile(
    #[wasm_bindgen(unchecked_param_type = "ExpectedOrder | string")] expected: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "TransactionResult | string")] transaction: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let expected = json_arg(expected, "expected")?;
        let reported = json_arg(transaction, "transaction")?;
        to_plain(&reconcile_json(expected.as_bytes(), reported.as_bytes())?)
    })())
}
