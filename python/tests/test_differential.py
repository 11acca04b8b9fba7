"""Differential against Paytm's own PyPI `paytmchecksum` 1.7.0, in the same process: random
keys (16/24/32 bytes), bodies and parameter maps (unicode, `|`, empty, None, "null" in any
case); what one side signs the other verifies, both ways, through MerchantKey and through the
PaytmChecksum drop-in; with the same salt the checksums are identical."""

import random
import string

import pytest
from paytmchecksum import PaytmChecksum as official

from paytm_checkout import MerchantKey, PaytmChecksum as ours

CASES = 300
SEED = 23
ALPHABET = string.ascii_letters + string.digits + "!@#$&_|{}\":, -./=" + "éü₹日本"


def random_text(rng, n):
    return "".join(rng.choice(ALPHABET) for _ in range(n))


def random_key(rng):
    # The official library encodes the key as UTF-8: an ASCII key of 16, 24 or 32 characters.
    return "".join(rng.choice(string.ascii_letters + string.digits + "#@!") for _ in range(rng.choice((16, 24, 32))))


def random_map(rng):
    m = {}
    for _ in range(rng.randint(1, 12)):
        name = rng.choice(["MID", "ORDERID", "TXNAMOUNT", "STATUS", "BANKTXNID", "mid", "a", "Z", "é"]) + random_text(rng, rng.randint(0, 3))
        m[name] = rng.choice([None, "null", "NULL", "Null", "", random_text(rng, rng.randint(1, 30))])
    return m


def cases():
    rng = random.Random(SEED)
    for i in range(CASES):
        key = random_key(rng)
        salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(4))
        params = random_map(rng) if i % 2 else random_text(rng, rng.randint(0, 400))
        yield i, key, salt, params


ALL = list(cases())


def test_case_count():
    assert len(ALL) == CASES
    assert sum(isinstance(c[3], dict) for c in ALL) == CASES // 2


@pytest.mark.parametrize("case", ALL, ids=[str(c[0]) for c in ALL])
def test_both_ways(case):
    _, key, salt, params = case
    with MerchantKey(key) as mk:
        if isinstance(params, dict):
            joined = official.getStringByParams(dict(params))
            assert ours.getStringByParams(params) == joined
            # Generated here, verified there (a copy: the official verify mutates its argument).
            for sig in (mk.sign(params), ours.generateSignature(params, key)):
                assert official.verifySignature(dict(params), key, sig)
                assert not official.verifySignature(dict(params, EXTRA="1"), key, sig)
            # Generated there, verified here.
            theirs = official.generateSignature(dict(params), key)
            assert mk.verify(params, theirs) and ours.verifySignature(params, key, theirs)
            assert not mk.verify(dict(params, EXTRA="1"), theirs)
            assert mk.sign(params, salt=salt) == official.calculateChecksum(joined, key, salt)
        else:
            for sig in (mk.sign(params), ours.generateSignature(params, key), ours.generateSignatureByString(params, key)):
                assert official.verifySignature(params, key, sig)
                assert not official.verifySignature(params + "x", key, sig)
            theirs = official.generateSignature(params, key)
            assert mk.verify(params, theirs)
            assert ours.verifySignature(params, key, theirs) and ours.verifySignatureByString(params, key, theirs)
            assert not mk.verify(params + "x", theirs)
            assert ours.calculateChecksum(params, key, salt) == official.calculateChecksum(params, key, salt)
            assert ours.calculateHash(params, salt) == official.calculateHash(params, salt)
            if params.isascii():
                # The official encrypt pads by characters, not bytes: non-ASCII text crashes it.
                assert ours.encrypt(params, key) == official.encrypt(params, key)
                assert ours.decrypt(official.encrypt(params, key), key) == params
            assert ours.decrypt(ours.encrypt(params, key), key) == params


def test_dropin_function_list_covers_the_official_module():
    public = [n for n in dir(official) if not n.startswith("_") and callable(getattr(official, n)) and n[0].islower()]
    for name in ("generateSignature", "verifySignature", "generateSignatureByString", "verifySignatureByString",
                 "calculateChecksum", "calculateHash", "getStringByParams", "encrypt", "decrypt", "generateRandomString"):
        assert name in public and callable(getattr(ours, name)), name
    assert len(ours.generateRandomString(4)) == 4


def test_dropin_argument_shapes_and_errors():
    key = "PmX#a0x4VpTXRzfK"
    with pytest.raises(Exception) as e:
        ours.generateSignature(["not", "a", "dict"], key)
    assert "string or dict expected" in str(e.value)
    with pytest.raises(ValueError):
        ours.generateSignature("body", "short key")
    with pytest.raises(ValueError):
        official.generateSignature("body", "short key")
    # A malformed checksum is "not valid" here (the official module raises from base64/unpad code).
    for bad in ("", "!!!", "abcd", "A" * 108, official.generateSignature("x", "0123456789abcdef")):
        assert ours.verifySignature("x", key, bad) is False
    d = {"MID": "M1", "CHECKSUMHASH": "ignored"}
    ours.verifySignature(d, key, ours.generateSignature({"MID": "M1"}, key))
    assert "CHECKSUMHASH" in d, "the caller's dict is not mutated"
    assert ours.verifySignature(d, key, ours.generateSignature({"MID": "M1"}, key))
