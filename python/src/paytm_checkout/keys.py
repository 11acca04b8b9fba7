"""Secrets: `MerchantKey` (checksums, response and callback verification) and `Credentials`
(the key plus an optional OAuth client id and secret, for requests and sessions). Both copy the
secret into the library's zeroizing storage at once; neither ever shows it in a repr, str or
pickle. One object may be used from many threads at once; `close()` (or `with`, or garbage
collection) frees it once no thread is using it."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Mapping, Optional, Union, cast

from . import _native as n
from ._errors import ErrorCode, error_from_code

Params = Union[str, bytes, bytearray, memoryview, Mapping[str, Optional[str]]]

_lib = n.lib
_byref = ctypes.byref

MODE_STRING = 0
MODE_MAP = 1


def _is_map(params: Any) -> bool:
    return not isinstance(params, (str, bytes, bytearray, memoryview))


def _map_json(params: Any) -> bytes:
    if not hasattr(params, "keys"):
        raise error_from_code(1027, "params must be str, bytes or a dict, not %s" % type(params).__name__, type_error=True)
    return n.json_bytes(params, "params")


class MerchantKey(n.Owner):
    """A Paytm merchant key (16 bytes for AES-128 as Paytm issues; 24 and 32 also work).

    >>> key = MerchantKey("PmX#a0x4VpTXRzfK")
    >>> sig = key.sign('{"mid":"M1"}')           # string mode: the exact bytes you send
    >>> key.verify('{"mid":"M1"}', sig)
    True
    >>> key.verify({"MID": "M1", "ORDERID": "O1"}, key.sign({"MID": "M1", "ORDERID": "O1"}))
    True
    """

    __slots__ = ("_h", "_bits", "__weakref__")

    def __init__(self, key: Union[str, bytes, bytearray, memoryview]) -> None:
        raw = n.to_bytes(key, "key")
        out = ctypes.c_void_p()
        n.check(n.lib.ptm_merchant_key_new(raw, len(raw), ctypes.byref(out)))
        self._bits = len(raw) * 8
        self._h = n.Handle(out, n.lib.ptm_merchant_key_free)

    # ---- lifetime: close(), `with` and garbage collection come from n.Owner ---------------------
    def __repr__(self) -> str:
        state = "closed" if self._h.closed else "AES-%d" % self._bits
        return "<MerchantKey %s, secret not shown>" % state

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a MerchantKey is not picklable: it would write the secret out")

    def __copy__(self) -> "MerchantKey":
        raise TypeError("a MerchantKey cannot be copied; share the object (it is thread-safe)")

    def __deepcopy__(self, memo: Any) -> "MerchantKey":
        return self.__copy__()

    # ---- checksums ---------------------------------------------------------------------------
    def sign(self, params: Params, salt: Optional[str] = None) -> str:
        """The checksum of `params`: text or bytes are signed as they are (string mode, JSON
        bodies); a dict of str (or None) values is signed in map mode (callbacks, forms: values
        sorted by name, joined with `|`, null as empty, CHECKSUMHASH left out). `salt` (4 ASCII
        characters) makes it reproducible; random otherwise."""
        mapped = _is_map(params)
        data = _map_json(params) if mapped else n.to_bytes(params, "params")
        h = self._h
        k = h.acquire()
        try:
            if salt is None:
                fn = _lib.ptm_checksum_generate_map if mapped else _lib.ptm_checksum_generate
                return n.call_string(fn, k, data, len(data))
            s = n.to_bytes(salt, "salt")
            fn = _lib.ptm_checksum_generate_map_with_salt if mapped else _lib.ptm_checksum_generate_with_salt
            return n.call_string(fn, k, data, len(data), s, len(s))
        finally:
            h.release()

    def verify(self, params: Params, checksum: Union[str, bytes]) -> bool:
        """True only for an authentic checksum; a malformed one (bad base64, wrong length,
        another key's) is simply False. A CHECKSUMHASH entry of a dict is ignored."""
        mapped = _is_map(params)
        data = _map_json(params) if mapped else n.to_bytes(params, "params")
        c = n.to_bytes(checksum, "checksum")
        valid = ctypes.c_bool(False)
        fn = _lib.ptm_checksum_verify_map if mapped else _lib.ptm_checksum_verify
        h = self._h
        k = h.acquire()
        try:
            rc = fn(k, data, len(data), c, len(c), _byref(valid))
        finally:
            h.release()
        if rc:
            n.check(rc)
        return valid.value

    def check(self, params: Params, checksum: Union[str, bytes]) -> None:
        """As `verify`, but says why: returns None when authentic, raises `SignatureError` with
        CHECKSUM_MISMATCH, _ENCODING, _LENGTH, _PADDING or _CONTENT otherwise."""
        mapped = _is_map(params)
        data = _map_json(params) if mapped else n.to_bytes(params, "params")
        c = n.to_bytes(checksum, "checksum")
        fn = n.lib.ptm_checksum_check_map if mapped else n.lib.ptm_checksum_check
        with n.Borrow(self._h) as k:
            n.check(fn(k, data, len(data), c, len(c)))

    def explain(self, params: Params, checksum: Union[str, bytes]) -> Dict[str, Any]:
        """Why a checksum does not match (`ptm_checksum_explain`): the verdict, the salt, both
        hashes and every proven cause (trailing newline, re-serialized JSON, `null` kept ...)."""
        mapped = _is_map(params)
        data = _map_json(params) if mapped else n.to_bytes(params, "params")
        c = n.to_bytes(checksum, "checksum")
        with n.Borrow(self._h) as k:
            return cast(Dict[str, Any], n.call_json(n.lib.ptm_checksum_explain, k, data, len(data), c, len(c), MODE_MAP if mapped else MODE_STRING))

    def encrypt(self, text: Union[str, bytes]) -> str:
        """Paytm's `encrypt`: base64(AES-CBC(key, Paytm's IV, PKCS7(text))). Interop only."""
        data = n.to_bytes(text, "text")
        with n.Borrow(self._h) as k:
            return n.call_string(n.lib.ptm_text_encrypt, k, data, len(data))

    def decrypt(self, encrypted: Union[str, bytes]) -> str:
        """Paytm's `decrypt`, the inverse of `encrypt` (strict base64; UTF-8 plaintext)."""
        data = n.to_bytes(encrypted, "encrypted")
        with n.Borrow(self._h) as k:
            return n.call_string(n.lib.ptm_text_decrypt, k, data, len(data))


def signing_string(params: Mapping[str, Optional[str]]) -> str:
    """What a map-mode checksum covers: values sorted by name, `|`-joined, null as empty,
    CHECKSUMHASH left out (`ptm_params_signing_string`)."""
    data = _map_json(params)
    return n.call_string(n.lib.ptm_params_signing_string, data, len(data))


def params_joined(params: Mapping[str, Optional[str]]) -> str:
    """Paytm's `getStringByParams`: as `signing_string`, CHECKSUMHASH joined too."""
    data = _map_json(params)
    return n.call_string(n.lib.ptm_params_joined, data, len(data))


def checksum_hash(params: Union[str, bytes], salt: str) -> str:
    """Paytm's `calculateHash`: hex(sha256(params + "|" + salt)) + salt (no key involved)."""
    p, s = n.to_bytes(params, "params"), n.to_bytes(salt, "salt")
    return n.call_string(n.lib.ptm_checksum_hash, p, len(p), s, len(s))


KeyLike = Union[MerchantKey, str, bytes]


def as_key(key: Optional[KeyLike]) -> Optional[MerchantKey]:
    if key is None or isinstance(key, MerchantKey):
        return key
    return MerchantKey(key)


class Credentials(n.Owner):
    """What request builders and sessions may need: the merchant key and, for auto-debit OAuth,
    payment requests and settlement, a client id and client secret. Each part is optional.

    >>> creds = Credentials(merchant_key="PmX#a0x4VpTXRzfK")
    """

    __slots__ = ("_h", "_parts", "__weakref__")

    def __init__(self, merchant_key: Optional[KeyLike] = None, client_id: Optional[str] = None,
                 client_secret: Optional[Union[str, bytes]] = None) -> None:
        key = as_key(merchant_key)
        cid = None if client_id is None else n.to_bytes(client_id, "client_id")
        sec = None if client_secret is None else n.to_bytes(client_secret, "client_secret")
        out = ctypes.c_void_p()
        try:
            with n.Borrow(key._h if key is not None else None) as k:
                n.check(n.lib.ptm_credentials_new(k, *n.arg(cid), *n.arg(sec), ctypes.byref(out)))
        finally:
            # A key made here from text is ours to free; the credentials keep their own copy.
            if key is not None and key is not merchant_key:
                key.close()
        self._parts = tuple(p for p, v in (("merchant_key", key), ("client_id", cid), ("client_secret", sec)) if v is not None)
        self._h = n.Handle(out, n.lib.ptm_credentials_free)

    @classmethod
    def of(cls, value: Any) -> Optional["Credentials"]:
        """Credentials from what a caller may pass: Credentials, a MerchantKey or key text, a
        dict `{"merchantKey", "clientId", "clientSecret"}` (the npm package's shape), or None."""
        if value is None or isinstance(value, Credentials):
            return value
        if isinstance(value, (MerchantKey, str, bytes)):
            return cls(merchant_key=value)
        if hasattr(value, "keys"):
            unknown = set(value.keys()) - {"merchantKey", "clientId", "clientSecret"}
            if unknown:
                raise error_from_code(int(ErrorCode.INVALID_ARGUMENT), "credentials: unknown member %s" % sorted(unknown)[0])
            return cls(value.get("merchantKey"), value.get("clientId"), value.get("clientSecret"))
        raise error_from_code(1027, "credentials must be Credentials, a MerchantKey, key text or a dict", type_error=True)

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Credentials closed>"
        return "<Credentials %s, secrets not shown>" % (", ".join(self._parts) or "empty")

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("Credentials are not picklable: they would write the secrets out")
