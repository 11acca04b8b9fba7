"""A drop-in for PyPI `paytmchecksum` 1.7.0: change

    from paytmchecksum import PaytmChecksum
to
    from paytm_checkout import PaytmChecksum

and every call keeps its arguments and results (`generateSignature(params, key)` with a str body
or a dict, `verifySignature(params, key, checksum)`, the `...ByString` pair,
`calculateChecksum(params, key, salt)` and the helpers). Every rule runs in the C library.

Where this module is stricter than the original, on purpose (docs/python.md):
- `verifySignature*` returns False for a malformed checksum (bad base64, wrong length, another
  key's) where the original raises from its base64 or unpadding code;
- `verifySignature` does not delete `CHECKSUMHASH` from the caller's dict (it is ignored);
- a dict's values must be str or None (the original fails on others with AttributeError);
  errors are `PaytmError`s (a `ValueError` for bad input, e.g. a key that is not 16, 24 or 32
  bytes, as pycryptodome's own error is).
"""

from __future__ import annotations

import secrets
import string
import threading
from collections import OrderedDict
from typing import Any, Dict, Optional, Union

from . import _native as n
from ._errors import error_from_code
from .keys import MerchantKey, checksum_hash, params_joined

Params = Union[str, Dict[str, Optional[str]]]

__all__ = [
    "generateSignature", "verifySignature", "generateSignatureByString", "verifySignatureByString",
    "calculateChecksum", "calculateHash", "getStringByParams", "encrypt", "decrypt", "generateRandomString",
    "clear_key_cache",
]


# The original takes the key text on every call. Opening a key is an AES key schedule, so the
# most recently used keys stay open (in the library's zeroizing storage) instead of being made
# and freed per call; `clear_key_cache()` closes them.
_CACHE_SIZE = 8
_cache: "OrderedDict[bytes, MerchantKey]" = OrderedDict()
_cache_lock = threading.Lock()


class _Borrowed:
    __slots__ = ("key",)

    def __init__(self, key: MerchantKey) -> None:
        self.key = key

    def __enter__(self) -> MerchantKey:
        return self.key

    def __exit__(self, *exc: Any) -> None:
        pass


def _key(key: Union[str, bytes]) -> _Borrowed:
    raw = n.to_bytes(key, "key")
    with _cache_lock:
        mk = _cache.get(raw)
        if mk is not None:
            _cache.move_to_end(raw)
            return _Borrowed(mk)
    mk = MerchantKey(raw)  # raises for a bad key: nothing is cached
    with _cache_lock:
        _cache[raw] = mk
        while len(_cache) > _CACHE_SIZE:
            # Dropped, not closed: a thread may still be using it; the last reference frees it.
            _cache.popitem(last=False)
    return _Borrowed(mk)


def clear_key_cache() -> None:
    """Forgets the keys this module keeps open; each is freed (zeroed) once no call uses it.
    Not part of Paytm's API."""
    with _cache_lock:
        _cache.clear()


def _shape(params: Any) -> None:
    if not isinstance(params, (dict, str)):
        raise error_from_code(1027, "string or dict expected, " + str(type(params)) + " given", type_error=True)


def generateSignature(params: Params, key: Union[str, bytes]) -> str:
    """The checksum of a str body (exact bytes) or a dict (Paytm's getStringByParams of it)."""
    _shape(params)
    if isinstance(params, dict):
        params = getStringByParams(params)
    return generateSignatureByString(params, key)


def verifySignature(params: Params, key: Union[str, bytes], checksum: Union[str, bytes]) -> bool:
    """True when `checksum` is authentic for a str body or a dict (its CHECKSUMHASH ignored)."""
    _shape(params)
    if isinstance(params, dict):
        with _key(key) as k:
            return k.verify(params, checksum)
    return verifySignatureByString(params, key, checksum)


def generateSignatureByString(params: str, key: Union[str, bytes]) -> str:
    with _key(key) as k:
        return k.sign(n.to_bytes(params, "params"))


def verifySignatureByString(params: str, key: Union[str, bytes], checksum: Union[str, bytes]) -> bool:
    with _key(key) as k:
        return k.verify(n.to_bytes(params, "params"), checksum)


def calculateChecksum(params: str, key: Union[str, bytes], salt: str) -> str:
    """The checksum with a given 4-character salt: reproducible."""
    with _key(key) as k:
        return k.sign(n.to_bytes(params, "params"), salt=salt)


def calculateHash(params: str, salt: str) -> str:
    """hex(sha256(params + "|" + salt)) + salt: the plaintext inside a checksum."""
    return checksum_hash(params, salt)


def getStringByParams(params: Dict[str, Optional[str]]) -> str:
    """The values sorted by name, `|`-joined, None and "null" (any case) as empty."""
    return params_joined(params)


def encrypt(input: str, key: Union[str, bytes]) -> str:
    with _key(key) as k:
        return k.encrypt(input)


def decrypt(encrypted: str, key: Union[str, bytes]) -> str:
    with _key(key) as k:
        return k.decrypt(encrypted)


def generateRandomString(length: int) -> str:
    """Random letters and digits (from `secrets`, not `random`)."""
    chars = string.ascii_uppercase + string.digits + string.ascii_lowercase
    return "".join(secrets.choice(chars) for _ in range(length))
