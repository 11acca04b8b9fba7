"""The checkout engine (`ptm_session_*`, docs/engine.md): a sans-IO state machine. Ask
`next_action(now_ms)`, do what it says, report back. Actions are typed dataclasses; each keeps
the library's JSON as `.raw`. No action's repr shows a token, a request body or card data."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from . import _native as n
from ._errors import error_from_code
from .api import Json, Request, Transaction
from .keys import Credentials

KINDS = ("checkout", "refund", "wallet", "subscription")


@dataclass(frozen=True)
class Failure:
    """Paytm's result code and message of a failed step."""

    code: str
    message: str

    @classmethod
    def from_json(cls, raw: Optional[Dict[str, Any]]) -> Optional["Failure"]:
        return None if raw is None else cls(str(raw.get("code", "")), str(raw.get("message", "")))


@dataclass(frozen=True)
class Outcome:
    """How a session ended. Fulfil only when `status == "success"` (`.success`)."""

    status: str
    reason: Optional[str] = None
    mismatch: Optional[str] = None
    failure: Optional[Failure] = None
    transaction: Optional[Transaction] = None
    raw: Dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def success(self) -> bool:
        return self.status == "success"

    @classmethod
    def from_json(cls, raw: Dict[str, Any]) -> "Outcome":
        return cls(raw["status"], raw.get("reason"), raw.get("mismatch"), Failure.from_json(raw.get("failure")),
                   Transaction.from_json(raw.get("transaction")), raw)


@dataclass(frozen=True)
class Action:
    """Base of every action: `type` is the engine's name for it, `raw` its JSON."""

    raw: Dict[str, Any] = field(compare=False, repr=False)

    @property
    def type(self) -> str:
        return str(self.raw.get("type"))


@dataclass(frozen=True)
class Send(Action):
    """Send `request` exactly as it is, then `handle_response` (or `handle_send_failure`).
    A Process Transaction request carries card data: send it and drop it."""

    purpose: str = ""
    request: Optional[Request] = None


@dataclass(frozen=True)
class OpenDeepLink(Action):
    """Open the `upi://` link (UPI intent)."""

    url: str = ""


@dataclass(frozen=True, repr=False)
class CollectPayment(Action):
    """Collect the payment (`Session.pay`), or hand `txn_token` to the client that does."""

    txn_token: str = ""
    expires_at: int = 0
    retry_of: Optional[Failure] = None

    def __repr__(self) -> str:
        return "CollectPayment(txn_token=<redacted>, expires_at=%r, retry_of=%r)" % (self.expires_at, self.retry_of)


@dataclass(frozen=True, repr=False)
class RenderBankForm(Action):
    """POST `form["redirectForm"]` in a web view: the bank's OTP page."""

    form: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        rf = self.form.get("redirectForm") or {}
        return "RenderBankForm(actionURL=%r, fields=<%d>)" % (rf.get("actionURL"), len(rf.get("content") or {}))


@dataclass(frozen=True)
class CollectOtp(Action):
    """Wallet: ask the user for the OTP Paytm sent, then `submit_otp`."""

    retry_of: Optional[Failure] = None


@dataclass(frozen=True, repr=False)
class OpenForm(Action):
    """Wallet: open the signed add-money form in a browser (its fields hold the user's token)."""

    action: str = ""
    fields: List[Tuple[str, str]] = field(default_factory=list)

    def __repr__(self) -> str:
        return "OpenForm(action=%r, fields=<%s>)" % (self.action, ", ".join(f[0] for f in self.fields))


@dataclass(frozen=True, repr=False)
class UnknownAction(Action):
    """An action this version of the package does not know (a newer library)."""

    def __repr__(self) -> str:
        return "UnknownAction(type=%r)" % self.type


@dataclass(frozen=True)
class Wait(Action):
    """Wait until `until` (ms; None: until the outstanding reply or a callback)."""

    until: Optional[int] = None
    reason: str = ""


@dataclass(frozen=True)
class Done(Action):
    """The session is over: `outcome`."""

    outcome: Optional[Outcome] = None


AnyAction = Union[Send, CollectPayment, RenderBankForm, OpenDeepLink, CollectOtp, OpenForm, Wait, Done, UnknownAction]


def action_from_json(raw: Dict[str, Any]) -> AnyAction:
    t = raw.get("type")
    if t == "send":
        return Send(raw, raw["purpose"], Request.from_json(raw["request"]))
    if t == "collect_payment":
        return CollectPayment(raw, raw["txnToken"], raw["expiresAt"], Failure.from_json(raw.get("retryOf")))
    if t == "render_bank_form":
        return RenderBankForm(raw, raw["form"])
    if t == "open_deep_link":
        return OpenDeepLink(raw, raw["url"])
    if t == "collect_otp":
        return CollectOtp(raw, Failure.from_json(raw.get("retryOf")))
    if t == "open_form":
        f = raw["form"]
        return OpenForm(raw, f["action"], [(x[0], x[1]) for x in f["fields"]])
    if t == "wait":
        return Wait(raw, raw.get("until"), raw.get("reason", ""))
    if t == "done":
        return Done(raw, Outcome.from_json(raw["outcome"]))
    return UnknownAction(raw)


class Session(n.Owner):
    """A checkout, refund, wallet (auto-debit) or subscription session.

    `kind`: "checkout", "refund", "wallet" or "subscription"; `config`: the kind's config (a dict, or its JSON);
    `credentials`: `Credentials`, a `MerchantKey`, key text, a dict `{"merchantKey", "clientId",
    "clientSecret"}`, or None for a checkout's keyless client half. Every `now_ms` is the host's
    clock in milliseconds since the Unix epoch (default: `time.time()`).

    Calls on one session are serialized by the library; a session may move between threads.
    Close it with `with`, `close()`, or let garbage collection do it (its secrets are zeroed).
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(self, kind: str, config: Json, credentials: Any = None) -> None:
        k = n.to_bytes(kind, "kind")
        c = n.json_bytes(config, "config")
        self._h = self._make(lambda cr, out: n.lib.ptm_session_new(k, len(k), c, len(c), cr, out), credentials)

    @staticmethod
    def _make(fn: Any, credentials: Any) -> n.Handle:
        creds = Credentials.of(credentials)
        out = ctypes.c_void_p()
        try:
            with n.Borrow(creds._h if creds is not None else None) as cr:
                n.check(fn(cr, ctypes.byref(out)))
        finally:
            if creds is not None and creds is not credentials:
                creds.close()
        return n.Handle(out, n.lib.ptm_session_free)

    @classmethod
    def restore(cls, saved: Union[str, bytes], credentials: Any = None, token: Optional[str] = None) -> "Session":
        """A session from `save()`'s JSON and its secrets: the credentials, and the txnToken of a
        checkout still collecting its payment (or a linked wallet user's access token). An
        edited save raises SESSION_SEAL."""
        s = n.to_bytes(saved, "saved")
        t = None if token is None else n.to_bytes(token, "token")
        self = cls.__new__(cls)
        self._h = cls._make(lambda cr, out: n.lib.ptm_session_restore(s, len(s), cr, *n.arg(t), out), credentials)
        return self

    def next_action(self, now_ms: Optional[int] = None) -> AnyAction:
        """What to do next."""
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            return action_from_json(n.call_json(n.lib.ptm_session_next_action, s, now))

    def handle_response(self, http_status: int, body: Union[bytes, str], now_ms: Optional[int] = None) -> None:
        """The reply to the last `Send`: its HTTP status and body bytes exactly as received. A
        reply that does not verify raises (2xxx, 3xxx) and counts as no reply."""
        if isinstance(http_status, bool) or not isinstance(http_status, int) or not 0 <= http_status < 2**32:
            raise error_from_code(3003, "http_status must be an int", type_error=not isinstance(http_status, int))
        b = n.to_bytes(body, "body")
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_handle_response(s, http_status, b, len(b), now))

    def handle_send_failure(self, now_ms: Optional[int] = None) -> None:
        """The last `Send` got no reply (timeout, connection error)."""
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_handle_send_failure(s, now))

    def handle_callback(self, body: Union[bytes, str, Dict[str, str]], now_ms: Optional[int] = None) -> None:
        """A callback (the POST to callbackUrl, the S2S webhook, the add-money callback): the
        form body as received, or a dict of its fields."""
        b = n.json_bytes(body, "body")
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_handle_callback(s, b, len(b), now))

    def pay(self, payment: Json, now_ms: Optional[int] = None) -> None:
        """After `CollectPayment`: the customer's payment (Process Transaction's input without
        txnToken, mid and orderId), e.g. {"paymentMode": "UPI", "channelCode": "collect",
        "payerAccount": "user@bank"}. Card data is never saved."""
        p = n.json_bytes(payment, "payment")
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_pay(s, p, len(p), now))

    def submit_otp(self, otp: str, now_ms: Optional[int] = None) -> None:
        """Wallet, after `CollectOtp`: the OTP the user typed."""
        o = n.to_bytes(otp, "otp")
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_submit_otp(s, o, len(o), now))

    def retry(self, now_ms: Optional[int] = None) -> None:
        """Refund: a new attempt with a new REFID, only after a failed one."""
        now = n.now_arg(now_ms)
        with n.Borrow(self._h) as s:
            n.check(n.lib.ptm_session_retry(s, now))

    def collect(self, cycle: Union[str, bytes], order_id: Union[str, bytes], amount: Union[str, bytes]) -> None:
        """Subscription, once the mandate is active: collects one billing cycle. `cycle` is your
        name for it (e.g. "2027-01"), `order_id` a new order id for this debit, `amount` a
        decimal string ("499.00", at most the maximum; never a float). Nothing is sent here: the
        next action is a `Send` (purpose "renew_subscription"). SESSION_STATE when this is not a
        subscription, it is not active and idle, or the cycle is already paid or in flight; for a
        UPI or wallet mandate, also without a `pre_notify` of the cycle covering the amount and
        accepted 24 hours before (the `now_ms` of the latest `next_action`)."""
        args = _texts((cycle, "cycle"), (order_id, "order_id"), (amount, "amount"))
        self._call(lambda s: n.lib.ptm_session_collect(s, *args))

    def cancel(self) -> None:
        """Subscription, once the mandate is active and no collection is in flight: cancels it.
        The next action is a `Send` (purpose "cancel_subscription"); the session ends
        failure/cancelled on Paytm's verified answer. SESSION_STATE otherwise."""
        self._call(n.lib.ptm_session_cancel)

    def pause(self) -> None:
        """Subscription, active, idle and not paused: pauses it. The next action is a `Send`
        (purpose "pause_resume_subscription", SUSPENDED); once Paytm's verified answer accepts,
        `collect` and `pre_notify` raise SESSION_STATE until `resume`. SESSION_STATE otherwise."""
        self._call(n.lib.ptm_session_pause)

    def resume(self) -> None:
        """Subscription, paused and idle: resumes it (a `Send`, purpose
        "pause_resume_subscription", ACTIVE); active again on Paytm's verified answer."""
        self._call(n.lib.ptm_session_resume)

    def pre_notify(self, cycle: Union[str, bytes], amount: Union[str, bytes], txn_date: Union[str, bytes],
                   reference_id: Union[str, bytes], txn_message: Union[str, bytes],
                   invoice_display_no: Union[str, bytes, None] = None) -> None:
        """Subscription, active, idle and not paused: the pre-debit notification of `cycle` (a
        `Send`, purpose "pre_notify_subscription"): the debit of `amount` (decimal string) on
        `txn_date` ("dd-MM-yyyy"), `txn_message` shown to the customer, your unique
        `reference_id`, an optional `invoice_display_no`. SESSION_STATE, INVALID_AMOUNT,
        INVALID_REF_ID or INVALID_FIELD otherwise."""
        args = _texts((cycle, "cycle"), (amount, "amount"), (txn_date, "txn_date"),
                      (reference_id, "reference_id"), (txn_message, "txn_message"),
                      (b"" if invoice_display_no is None else invoice_display_no, "invoice_display_no"))
        self._call(lambda s: n.lib.ptm_session_pre_notify(s, *args))

    def _call(self, fn: Callable[[Any], int]) -> None:
        """`fn` on the borrowed session handle; its result code raised as an error."""
        with n.Borrow(self._h) as s:
            n.check(fn(s))

    def save(self) -> str:
        """The session as JSON to keep across a restart: no key, secret, token, OTP or card
        data; sealed when the session holds the merchant key."""
        with n.Borrow(self._h) as s:
            return n.call_string(n.lib.ptm_session_save, s)

    def __repr__(self) -> str:
        h = getattr(self, "_h", None)
        return "<Session %s>" % ("closed" if h is None or h.closed else "open")

    def __reduce__(self) -> Any:
        raise TypeError("a Session is not picklable: use save() and Session.restore()")


def _texts(*named: Tuple[Any, str]) -> List[Any]:
    """Each (value, name) as the (bytes, length) pair of a C argument (str as UTF-8)."""
    flat: List[Any] = []
    for value, what in named:
        b = n.to_bytes(value, what)
        flat += [b, len(b)]
    return flat


__all__ = [
    "Session", "Action", "Send", "CollectPayment", "RenderBankForm", "OpenDeepLink", "CollectOtp",
    "OpenForm", "Wait", "Done", "UnknownAction", "Outcome", "Failure", "AnyAction", "KINDS",
]
