"""Not a test module: a typed program using the installed package, checked by `mypy --strict`
in scripts/test-python.sh (which proves the wheel ships py.typed and precise hints)."""

from typing import List, Optional

from paytm_checkout import (
    CollectPayment, Done, MerchantKey, ParsedResponse, PaytmChecksum, PaytmError, Request, Send, Session,
    Verdict, Wait, build_request, parse_response, reconcile,
)


def sign(body: str, key: str) -> str:
    return PaytmChecksum.generateSignature(body, key)


def verified(body: bytes, key: MerchantKey) -> Optional[ParsedResponse]:
    try:
        return parse_response("transaction_status", 200, body, key)
    except PaytmError as e:
        code: int = e.code
        name: str = e.name
        print(code, name)
        return None


def fulfil(order_id: str, parsed: ParsedResponse) -> bool:
    if parsed.transaction is None:
        return False
    v: Verdict = reconcile({"orderId": order_id, "amount": "1.00"}, parsed.transaction)
    return v.fulfil


def loop(s: Session) -> List[str]:
    seen: List[str] = []
    a = s.next_action(0)
    if isinstance(a, Send) and a.request is not None:
        r: Request = a.request
        seen.append(r.method + " " + str(len(r.body_bytes)))
    elif isinstance(a, CollectPayment):
        seen.append(str(a.expires_at))
    elif isinstance(a, Wait):
        seen.append(str(a.until))
    elif isinstance(a, Done) and a.outcome is not None:
        seen.append(a.outcome.status)
    return seen


def request(key: MerchantKey) -> Request:
    return build_request("transaction_status", {"mid": "M", "orderId": "O"}, key, "staging")
