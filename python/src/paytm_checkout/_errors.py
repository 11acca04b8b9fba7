"""Errors: `PaytmError` carries the library's stable numeric code (`.code`) and its name
(`.name`, e.g. "CHECKSUM_MISMATCH", the npm package's `code`), with one subclass per range so
that Python code can catch by kind. Messages name the member at fault, never its value, a key or
card data (they are the C library's `ptm_last_error_message`)."""

from __future__ import annotations

import enum
from typing import Any, Dict, Tuple, Type


class ErrorCode(enum.IntEnum):
    """The library's result codes (`ptm_result` in include/paytm_checkout.h): never reused or
    renumbered. 1xxx invalid input, 2xxx checksum or signature, 3xxx response parsing, 4xxx
    session state, 9xxx boundary failures. The names are `ptm_result_name`'s (a test checks)."""

    OK = 0
    INVALID_KEY_LENGTH = 1001
    INVALID_SALT = 1002
    INVALID_PARAMS = 1003
    INVALID_UTF8 = 1004
    INPUT_TOO_LARGE = 1005
    INVALID_AMOUNT = 1006
    INVALID_ORDER_ID = 1007
    INVALID_MID = 1008
    INVALID_CUSTOMER_ID = 1009
    INVALID_VPA = 1010
    INVALID_MOBILE = 1011
    INVALID_EMAIL = 1012
    INVALID_POS_ID = 1013
    INVALID_CURRENCY = 1014
    INVALID_CARD_NUMBER = 1015
    INVALID_CVV = 1016
    INVALID_EXPIRY = 1017
    INVALID_CARD_INFO = 1018
    INVALID_PLAN_ID = 1019
    INVALID_URL = 1020
    MISSING_FIELD = 1021
    INVALID_FIELD = 1022
    INVALID_TIMESTAMP = 1023
    INVALID_REF_ID = 1024
    INVALID_TOKEN = 1025
    INVALID_CREDENTIALS = 1026
    INVALID_ARGUMENT = 1027
    CHECKSUM_MISMATCH = 2001
    CHECKSUM_ENCODING = 2002
    CHECKSUM_LENGTH = 2003
    CHECKSUM_PADDING = 2004
    CHECKSUM_CONTENT = 2005
    SIGNATURE_MISSING = 2006
    SIGNATURE_AMBIGUOUS = 2007
    RESPONSE_NOT_JSON = 3001
    RESPONSE_MALFORMED = 3002
    RESPONSE_HTTP_STATUS = 3003
    CALLBACK_MALFORMED = 3004
    UNKNOWN_API = 3005
    SESSION_STATE = 4001
    TXN_TOKEN_EXPIRED = 4002
    ORDER_MISMATCH = 4003
    SESSION_RESTORE = 4004
    REFUND_NOT_ALLOWED = 4005
    SESSION_SEAL = 4006
    NULL_POINTER = 9001
    PANIC = 9002
    RANDOM_UNAVAILABLE = 9003
    INVALID_HANDLE = 9004


class PaytmError(Exception):
    """An error from the library: `.code` (int, stable), `.name` (str, stable), `.message`."""

    code: int
    name: str
    message: str

    def __init__(self, code: int, name: str, message: str) -> None:
        super().__init__("%s (%d): %s" % (name, code, message))
        self.code = code
        self.name = name
        self.message = message

    def __reduce__(self) -> Tuple[Any, ...]:  # picklable across processes with its fields
        return (type(self), (self.code, self.name, self.message))


class InvalidInput(PaytmError, ValueError):
    """1xxx: an input breaks its rule (a bad amount, key length, order id ...)."""


class InvalidArgumentType(InvalidInput, TypeError):
    """1027 for an argument of the wrong Python type (a number where text was expected)."""


class SignatureError(PaytmError):
    """2xxx: a checksum or signature is missing, malformed or does not match."""


class ResponseError(PaytmError):
    """3xxx: a response, callback or webhook could not be parsed."""


class SessionError(PaytmError):
    """4xxx: a session call out of order, an answer about another order, an edited save."""


class BoundaryError(PaytmError):
    """9xxx: a failure at the C boundary (a closed object, no randomness)."""


_BY_RANGE: Dict[int, Type[PaytmError]] = {
    1: InvalidInput,
    2: SignatureError,
    3: ResponseError,
    4: SessionError,
    9: BoundaryError,
}


def error_name(code: int) -> str:
    """`ptm_result_name`: the stable name of a code ("UNKNOWN" for a number that is none)."""
    from ._native import lib

    if not 0 <= code < 2**32:
        return "UNKNOWN"
    name: bytes = lib.ptm_result_name(code)
    return name.decode("ascii")


def error_message(code: int) -> str:
    """`ptm_result_message`: the fixed description of a code."""
    from ._native import lib

    text: bytes = lib.ptm_result_message(code if 0 <= code < 2**32 else 0xFFFFFFFF)
    return text.decode("utf-8")


def error_from_code(code: int, message: str = "", type_error: bool = False) -> PaytmError:
    cls: Type[PaytmError] = _BY_RANGE.get(code // 1000, PaytmError)
    if type_error:
        cls = InvalidArgumentType
    return cls(code, error_name(code), message or error_message(code))
