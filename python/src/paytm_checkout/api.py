"""Requests out, responses and callbacks in, and the reconciliation verdict: each function is
one C call (`ptm_request_build`, `ptm_response_parse`, `ptm_callback_parse`, `ptm_reconcile`,
`ptm_doctor`, the result-code tables) with its JSON turned into typed, secret-free-repr
objects. Every typed object keeps the library's JSON as `.raw`, unchanged."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union, cast
from urllib.parse import urlsplit

from . import _native as n
from ._errors import error_from_code
from .keys import Credentials, KeyLike, MerchantKey, as_key

Json = Union[str, bytes, Mapping[str, Any]]


def _redacted_url(url: str) -> str:
    # Some URLs carry a token in their path (Revoke Access) or query; show where, not what.
    try:
        u = urlsplit(url)
        return "%s://%s%s" % (u.scheme, u.netloc, "/…" if u.path not in ("", "/") or u.query else "")
    except ValueError:
        return "<url>"


@dataclass(frozen=True, repr=False)
class Request:
    """An HTTP request to send exactly as it is: never re-serialize `body` (the signature covers
    its exact bytes). The repr shows no header value, body or URL path: they may carry a client
    secret, a token or card data."""

    method: str
    url: str
    headers: List[Tuple[str, str]]
    content_type: Optional[str]
    body: str
    raw: Dict[str, Any] = field(compare=False)

    @classmethod
    def from_json(cls, raw: Dict[str, Any]) -> "Request":
        return cls(raw["method"], raw["url"], [(h[0], h[1]) for h in raw["headers"]], raw.get("contentType"), raw["body"], raw)

    @property
    def body_bytes(self) -> bytes:
        """The body's UTF-8 bytes: what to put on the wire."""
        return self.body.encode("utf-8")

    def __repr__(self) -> str:
        names = [h[0] for h in self.headers]
        return "Request(method=%r, url=%r, headers=%r, body=<%d bytes>)" % (self.method, _redacted_url(self.url), names, len(self.body_bytes))


def _options(environment: Any, salt: Optional[str]) -> Optional[bytes]:
    opts: Dict[str, Any] = {}
    if environment is not None:
        opts["environment"] = environment
    if salt is not None:
        opts["salt"] = salt
    return n.json_bytes(opts, "options") if opts else None


def _build(fn: Any, api: str, params: Json, credentials: Any, environment: Any, salt: Optional[str]) -> str:
    a = n.to_bytes(api, "api")
    p = n.json_bytes(params, "params")
    o = _options(environment, salt)
    creds = Credentials.of(credentials)
    try:
        with n.Borrow(creds._h if creds is not None else None) as c:
            return n.call_string(fn, a, len(a), p, len(p), c, *n.arg(o))
    finally:
        if creds is not None and creds is not credentials:
            creds.close()


def build_request(api: str, params: Json, credentials: Any = None, environment: Any = None, salt: Optional[str] = None) -> Request:
    """The signed HTTP request of a Paytm API (`api_names()` lists them), from its input with
    Paytm's camelCase member names. `credentials`: `Credentials`, a `MerchantKey`, key text, a
    dict `{"merchantKey", "clientId", "clientSecret"}` or None. `environment`: "production"
    (default), "staging", "legacy-production", "legacy-staging" or {"custom": "http://host"}."""
    return Request.from_json(json.loads(_build(n.lib.ptm_request_build, api, params, credentials, environment, salt)))


def build_curl(api: str, params: Json, credentials: Any = None, environment: Any = None, salt: Optional[str] = None) -> str:
    """The same request as a `curl` command line with credentials, tokens and card data
    replaced by `<redacted>`: safe to log."""
    return _build(n.lib.ptm_request_build_curl, api, params, credentials, environment, salt)


def api_names() -> List[str]:
    """Every API `build_request` accepts."""
    return cast(List[str], n.call_json(n.lib.ptm_api_names))


def response_api_names() -> List[str]:
    """Every API `parse_response` accepts."""
    return cast(List[str], n.call_json(n.lib.ptm_response_api_names))


@dataclass(frozen=True)
class Transaction:
    """What a response or callback reports about a payment: pass it to `reconcile`."""

    order_id: Optional[str]
    mid: Optional[str]
    txn_id: Optional[str]
    amount: Optional[str]
    state: str
    verification: str
    raw: Dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_json(cls, raw: Optional[Dict[str, Any]]) -> Optional["Transaction"]:
        if raw is None:
            return None
        return cls(raw.get("orderId"), raw.get("mid"), raw.get("txnId"), raw.get("amount"), raw["state"], raw["verification"], raw)


@dataclass(frozen=True, repr=False)
class ParsedResponse:
    """A verified (or knowingly unverified) Paytm response. `result_class` is the business
    outcome ("success", "failure", "pending", ...); `data` is the API's typed response (it may
    hold tokens: the repr lists its members only)."""

    api: str
    http_status: int
    verification: str
    result_class: str
    data: Dict[str, Any]
    transaction: Optional[Transaction]
    raw: Dict[str, Any] = field(compare=False)

    def __repr__(self) -> str:
        return "ParsedResponse(api=%r, http_status=%d, verification=%r, result_class=%r, data=<members %s>, transaction=%r)" % (
            self.api, self.http_status, self.verification, self.result_class, sorted(self.data), self.transaction)


@dataclass(frozen=True)
class ParsedCallback:
    """A verified callback or payment webhook (what the browser or Paytm POSTed). Confirm with
    `transaction_status` before fulfilling."""

    verification: str
    result_class: str
    txn: Dict[str, Any]
    transaction: Optional[Transaction]
    raw: Dict[str, Any] = field(compare=False, repr=False)


def _parse_options(allow_unsigned: bool) -> Optional[bytes]:
    if not isinstance(allow_unsigned, bool):
        raise error_from_code(1027, "allow_unsigned must be a bool", type_error=True)
    return b'{"allowUnsigned":true}' if allow_unsigned else None


def _with_key(key: Optional[KeyLike], fn: Any) -> Any:
    k = as_key(key)
    try:
        with n.Borrow(k._h if k is not None else None) as ptr:
            return fn(ptr)
    finally:
        if k is not None and k is not key:
            k.close()


def parse_response(api: str, http_status: int, body: Union[bytes, str], key: Optional[KeyLike] = None,
                   allow_unsigned: bool = False) -> ParsedResponse:
    """Parses and verifies a Paytm API response: `body` exactly as received (bytes). A declined
    payment is a result (its `result_class`); an error means malformed, tampered or unusable."""
    a = n.to_bytes(api, "api")
    b = n.to_bytes(body, "body")
    if isinstance(http_status, bool) or not isinstance(http_status, int) or not 0 <= http_status < 2**32:
        raise error_from_code(3003, "http_status must be an int", type_error=not isinstance(http_status, int))
    o = _parse_options(allow_unsigned)
    raw = _with_key(key, lambda k: n.call_json(n.lib.ptm_response_parse, a, len(a), http_status, b, len(b), k, *n.arg(o)))
    return ParsedResponse(raw["api"], raw["httpStatus"], raw["verification"], raw["class"], raw.get("data", {}),
                          Transaction.from_json(raw.get("transaction")), raw)


def parse_callback(body: Union[bytes, str, Mapping[str, str]], key: Optional[KeyLike] = None,
                   allow_unsigned: bool = False) -> ParsedCallback:
    """Parses and verifies the POST Paytm sends to callbackUrl (or the S2S payment webhook):
    the form-urlencoded body as received, JS Checkout's JSON object, or a dict of its fields
    (as a web framework hands them; sent as JSON)."""
    b = n.json_bytes(body, "body")
    o = _parse_options(allow_unsigned)
    raw = _with_key(key, lambda k: n.call_json(n.lib.ptm_callback_parse, b, len(b), k, *n.arg(o)))
    return ParsedCallback(raw["verification"], raw["class"], raw.get("txn", {}), Transaction.from_json(raw.get("transaction")), raw)


@dataclass(frozen=True)
class Verdict:
    """`reconcile`'s answer: "fulfil", "wait" or "do_not_fulfil" (with a `reason`)."""

    verdict: str
    reason: Optional[str] = None

    @property
    def fulfil(self) -> bool:
        return self.verdict == "fulfil"


def reconcile(order: Mapping[str, Any], transaction: Union[Transaction, Mapping[str, Any]]) -> Verdict:
    """May this order be fulfilled? `order` is your own record `{"orderId", "amount", "mid"?}`;
    `transaction` is a parsed response's or callback's `transaction`, unchanged."""
    o = n.json_bytes(order, "order")
    t = n.json_bytes(transaction.raw if isinstance(transaction, Transaction) else transaction, "transaction")
    raw = n.call_json(n.lib.ptm_reconcile, o, len(o), t, len(t))
    return Verdict(raw["verdict"], raw.get("reason"))


def explain(key: KeyLike, params: Any, checksum: Union[str, bytes]) -> Dict[str, Any]:
    """Why a checksum does not match `params` under `key` (see `MerchantKey.explain`)."""
    k = as_key(key)
    assert k is not None
    try:
        return k.explain(params, checksum)
    finally:
        if k is not key:
            k.close()


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    field: Optional[str]
    fix: str
    detail: Optional[str] = None


@dataclass(frozen=True)
class DoctorReport:
    clean: bool
    findings: List[Finding]
    raw: Dict[str, Any] = field(compare=False, repr=False)


def doctor(config: Json) -> DoctorReport:
    """Diagnoses a merchant configuration (docs/doctor.md): pure logic, nothing is sent. The
    report never contains the merchant key or the client secret."""
    c = n.json_bytes(config, "config")
    raw = n.call_json(n.lib.ptm_doctor, c, len(c))
    return DoctorReport(raw["clean"], [Finding(f["code"], f["severity"], f.get("field"), f["fix"], f.get("detail")) for f in raw["findings"]], raw)


class ResultClass(enum.IntEnum):
    """`ptm_result_class`: what a Paytm result code means for the payment."""

    UNKNOWN = 0
    SUCCESS = 1
    FAILURE = 2
    PENDING = 3
    RETRY_ALLOWED = 4
    SESSION_EXPIRED = 5
    MERCHANT_CONFIGURATION = 6
    INVALID_REQUEST = 7


def classify(table: str, code: str, result_status: Optional[str] = None) -> ResultClass:
    """The class of a Paytm `resultCode` by its API's documented table
    (`result_code_tables()`); a success code counts only with a success `resultStatus`."""
    import ctypes

    t, c = n.to_bytes(table, "table"), n.to_bytes(code, "code")
    s = None if result_status is None else n.to_bytes(result_status, "result_status")
    out = ctypes.c_int(-1)
    n.check(n.lib.ptm_result_code_classify(t, len(t), c, len(c), *n.arg(s), ctypes.byref(out)))
    return ResultClass(out.value)


def lookup(table: str, code: str) -> Optional[Dict[str, str]]:
    """The documented entry of a result code `{"code","status","class","message"}`, or None."""
    t, c = n.to_bytes(table, "table"), n.to_bytes(code, "code")
    return cast(Optional[Dict[str, str]], n.call_json(n.lib.ptm_result_code_lookup, t, len(t), c, len(c)))


def result_code_table(table: str) -> List[Dict[str, str]]:
    t = n.to_bytes(table, "table")
    return cast(List[Dict[str, str]], n.call_json(n.lib.ptm_result_code_table, t, len(t)))


def result_code_tables() -> List[str]:
    return cast(List[str], n.call_json(n.lib.ptm_result_code_table_names))


def card_info_encode(card: Json) -> str:
    """Paytm's `cardInfo` string for Process Transaction (`build_request` does it itself).
    The result holds card data: do not log it."""
    c = n.json_bytes(card, "card")
    return n.call_string(n.lib.ptm_card_info_encode, c, len(c))


def version() -> str:
    """The C library's version ("x.y.z")."""
    v: bytes = n.lib.ptm_version()
    return v.decode("ascii")


__all__ = [
    "Request", "build_request", "build_curl", "api_names", "response_api_names", "Transaction",
    "ParsedResponse", "ParsedCallback", "parse_response", "parse_callback", "Verdict", "reconcile",
    "explain", "Finding", "DoctorReport", "doctor", "ResultClass", "classify", "lookup",
    "result_code_table", "result_code_tables", "card_info_encode", "version", "MerchantKey",
]
