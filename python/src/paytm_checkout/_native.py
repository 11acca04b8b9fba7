"""The C library and its declarations: loading `libpaytm_checkout`, one ctypes signature per
function of include/paytm_checkout.h that this package uses, and the call helpers every module
goes through. Nothing here knows a Paytm rule; it only moves bytes across the C ABI."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import sys
import threading
from typing import Any, Callable, Optional, Tuple, TypeVar, Union

from ._errors import PaytmError, error_from_code

_HERE = os.path.dirname(os.path.abspath(__file__))
_LIB_NAMES = {"darwin": "libpaytm_checkout.dylib", "win32": "paytm_checkout.dll"}


def _lib_path() -> str:
    # PAYTM_CHECKOUT_LIB: a development override (a freshly built target/release library).
    override = os.environ.get("PAYTM_CHECKOUT_LIB")
    if override:
        return override
    return os.path.join(_HERE, _LIB_NAMES.get(sys.platform, "libpaytm_checkout.so"))


P = ctypes.c_char_p  # (pointer, length) inputs: bytes, or None for (NULL, 0)
S = ctypes.c_size_t
V = ctypes.c_void_p  # opaque handles
R = ctypes.c_uint32  # ptm_result (a C enum: an int-sized unsigned code)
U64 = ctypes.c_uint64
OUT = ctypes.POINTER(ctypes.c_void_p)
BOOL_OUT = ctypes.POINTER(ctypes.c_bool)
INT_OUT = ctypes.POINTER(ctypes.c_int)

_SIGNATURES = {
    "ptm_merchant_key_new": [P, S, OUT],
    "ptm_checksum_generate": [V, P, S, OUT],
    "ptm_checksum_generate_with_salt": [V, P, S, P, S, OUT],
    "ptm_checksum_verify": [V, P, S, P, S, BOOL_OUT],
    "ptm_checksum_check": [V, P, S, P, S],
    "ptm_checksum_generate_map": [V, P, S, OUT],
    "ptm_checksum_generate_map_with_salt": [V, P, S, P, S, OUT],
    "ptm_checksum_verify_map": [V, P, S, P, S, BOOL_OUT],
    "ptm_checksum_check_map": [V, P, S, P, S],
    "ptm_checksum_explain": [V, P, S, P, S, ctypes.c_uint32, OUT],
    "ptm_params_signing_string": [P, S, OUT],
    "ptm_params_joined": [P, S, OUT],
    "ptm_doctor": [P, S, OUT],
    "ptm_credentials_new": [V, P, S, P, S, OUT],
    "ptm_request_build": [P, S, P, S, V, P, S, OUT],
    "ptm_request_build_curl": [P, S, P, S, V, P, S, OUT],
    "ptm_api_names": [OUT],
    "ptm_last_error_message": [OUT],
    "ptm_card_info_encode": [P, S, OUT],
    "ptm_text_encrypt": [V, P, S, OUT],
    "ptm_text_decrypt": [V, P, S, OUT],
    "ptm_checksum_hash": [P, S, P, S, OUT],
    "ptm_response_parse": [P, S, ctypes.c_uint32, P, S, V, P, S, OUT],
    "ptm_callback_parse": [P, S, V, P, S, OUT],
    "ptm_response_api_names": [OUT],
    "ptm_reconcile": [P, S, P, S, OUT],
    "ptm_result_code_classify": [P, S, P, S, P, S, INT_OUT],
    "ptm_result_code_lookup": [P, S, P, S, OUT],
    "ptm_result_code_table": [P, S, OUT],
    "ptm_result_code_table_names": [OUT],
    "ptm_session_new": [P, S, P, S, V, OUT],
    "ptm_session_next_action": [V, U64, OUT],
    "ptm_session_handle_response": [V, ctypes.c_uint32, P, S, U64],
    "ptm_session_handle_send_failure": [V, U64],
    "ptm_session_handle_callback": [V, P, S, U64],
    "ptm_session_pay": [V, P, S, U64],
    "ptm_session_submit_otp": [V, P, S, U64],
    "ptm_session_retry": [V, U64],
    "ptm_session_collect": [V, P, S, P, S, P, S],
    "ptm_session_cancel": [V],
    "ptm_session_pause": [V],
    "ptm_session_resume": [V],
    "ptm_session_pre_notify": [V, P, S, P, S, P, S, P, S, P, S, P, S],
    "ptm_session_save": [V, OUT],
    "ptm_session_restore": [P, S, V, P, S, OUT],
}
_FREES = ("ptm_merchant_key_free", "ptm_credentials_free", "ptm_session_free", "ptm_string_free")
_STATIC_TEXT = ("ptm_result_name", "ptm_result_message")


def _load() -> ctypes.CDLL:
    lib = ctypes.CDLL(_lib_path())  # CDLL: the GIL is released during every call
    for name, args in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = R
    for name in _FREES:
        fn = getattr(lib, name)
        fn.argtypes = [V]
        fn.restype = None
    for name in _STATIC_TEXT:
        fn = getattr(lib, name)
        fn.argtypes = [R]
        fn.restype = ctypes.c_char_p
    lib.ptm_version.argtypes = []
    lib.ptm_version.restype = ctypes.c_char_p
    return lib


lib = _load()

Bytes = Union[str, bytes, bytearray, memoryview]


def to_bytes(value: Any, what: str) -> bytes:
    """Text as UTF-8, bytes-like as they are; anything else is INVALID_ARGUMENT."""
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            raise error_from_code(1004, "%s is not valid Unicode text (a lone surrogate)" % what) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise error_from_code(1027, "%s must be str or bytes, not %s" % (what, type(value).__name__), type_error=True)


# One encoder (json.dumps with options builds a new one per call). ASCII output: the library
# reads \u escapes, and escaping is the C encoder's fastest path.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def json_bytes(value: Any, what: str) -> bytes:
    """A JSON input: text/bytes passed as they are, a dict or list serialized once, compactly."""
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return to_bytes(value, what)
    if isinstance(value, (dict, list)) or hasattr(value, "keys"):
        try:
            return _ENCODER.encode(value if isinstance(value, (dict, list)) else dict(value)).encode("ascii")
        except (TypeError, ValueError) as e:
            raise error_from_code(1027, "%s is not JSON-serializable (%s)" % (what, type(e).__name__), type_error=True) from None
    raise error_from_code(1027, "%s must be a dict, str or bytes, not %s" % (what, type(value).__name__), type_error=True)


def arg(b: Optional[bytes]) -> Tuple[Optional[bytes], int]:
    """(pointer, length) for an optional input: None is (NULL, 0)."""
    return (None, 0) if b is None else (b, len(b))


def now_arg(now_ms: Any) -> int:
    if now_ms is None:
        import time

        return int(time.time() * 1000)
    if isinstance(now_ms, bool) or not isinstance(now_ms, int) or not 0 <= now_ms < 2**64:
        raise error_from_code(1027, "now_ms must be an int of milliseconds since the Unix epoch, 0 <= now_ms < 2**64", type_error=not isinstance(now_ms, int))
    return int(now_ms)


def last_error() -> str:
    out = ctypes.c_void_p()
    if lib.ptm_last_error_message(ctypes.byref(out)) != 0 or not out.value:
        return ""
    try:
        return ctypes.string_at(out.value).decode("utf-8", "replace")
    finally:
        lib.ptm_string_free(out)


def check(rc: int) -> None:
    if rc != 0:
        raise error_from_code(rc, last_error())


def call_string(fn: Callable[..., int], *args: Any) -> str:
    """fn(*args, &out) -> the library's string as text, zeroed and freed by the library."""
    out = ctypes.c_void_p()
    rc = fn(*args, ctypes.byref(out))
    if rc != 0:
        raise error_from_code(rc, last_error())
    try:
        if not out.value:  # PTM_OK always writes a string; never read address 0
            raise error_from_code(9001, "the library returned no string")
        return ctypes.string_at(out.value).decode("utf-8")
    finally:
        lib.ptm_string_free(out)


def call_json(fn: Callable[..., int], *args: Any) -> Any:
    return json.loads(call_string(fn, *args))


class Handle:
    """An opaque library handle with a use count: `close()` frees it once no call is using it, so
    one object may be shared by threads and closed by any of them. A closed handle raises
    INVALID_HANDLE instead of reaching the library."""

    __slots__ = ("_ptr", "_free", "_users", "_closing", "_lock", "__weakref__")

    def __init__(self, ptr: ctypes.c_void_p, free: Callable[[Any], None]) -> None:
        self._ptr: Optional[ctypes.c_void_p] = ptr
        self._free = free
        self._users = 0
        self._closing = False
        self._lock = threading.Lock()

    def acquire(self) -> ctypes.c_void_p:
        with self._lock:
            if self._closing or not self._ptr:
                raise error_from_code(9004, "this object was closed")
            self._users += 1
            return self._ptr

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            last = self._closing and self._users == 0
        if last:
            self._do_free()

    def close(self) -> None:
        with self._lock:
            if self._closing:
                return
            self._closing = True
            idle = self._users == 0
        if idle:
            self._do_free()

    @property
    def closed(self) -> bool:
        return self._closing

    def _do_free(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr:
            self._free(ptr)


_O = TypeVar("_O", bound="Owner")


class Owner:
    """The base of an object that owns one library handle, `self._h`: `close()`, a `with` block's
    end or garbage collection frees it (secrets in it are zeroed) once no thread is using it."""

    __slots__ = ()
    _h: Handle

    def __enter__(self: _O) -> _O:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Frees the handle (secrets in it are zeroed) once no thread is using it."""
        h = getattr(self, "_h", None)
        if h is not None:
            h.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter shutdown
            self.close()


class Borrow:
    """`with Borrow(handle) as ptr:` the pointer, kept alive for the call."""

    __slots__ = ("_h", "_ptr")

    def __init__(self, h: Optional[Handle]) -> None:
        self._h = h
        self._ptr: Optional[ctypes.c_void_p] = None

    def __enter__(self) -> Optional[ctypes.c_void_p]:
        if self._h is None:
            return None
        self._ptr = self._h.acquire()
        return self._ptr

    def __exit__(self, *exc: Any) -> None:
        if self._h is not None:
            self._h.release()


__all__ = ["PaytmError", "lib"]
