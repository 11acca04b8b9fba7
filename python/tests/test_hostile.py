"""Hostile input from Python: random and mutated bytes into every parser and session entry, many
threads on one session. Each call returns or raises a PaytmError with a known code; none crashes
the interpreter or raises anything else."""

import os
import random

from conftest import TEST_KEY, VECTORS, in_threads, read
from paytm_checkout import ErrorCode, MerchantKey, PaytmError, Session, parse_callback, parse_response, reconcile
from paytm_checkout import response_api_names

CODES = {int(c) for c in ErrorCode}
ROUNDS = 1500


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        if op == 0 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op == 1 and b:
            del b[rng.randrange(len(b)):rng.randrange(len(b) + 1)]
        elif op == 2:
            b[rng.randrange(len(b) + 1):0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            b += rng.choice([b"\x00", b"\xff", b"{", b"}", b'"', b"%", b"&CHECKSUMHASH=", b"\\u0000"])
    return bytes(b)


def fixture_bodies():
    root = os.path.join(VECTORS, "responses")
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if os.path.isdir(d):
            yield read(os.path.join(d, "case.json"))["api"], read(os.path.join(d, "response.bin"))


def coded(fn):
    try:
        fn()
        return "ok"
    except PaytmError as e:
        assert e.code in CODES and e.name != "PANIC", e
        return e.name


def test_mutated_responses_and_callbacks_never_crash():
    rng = random.Random(23)
    key = MerchantKey(TEST_KEY)
    seeds = list(fixture_bodies())
    apis = response_api_names()
    seen = set()
    for _ in range(ROUNDS):
        api, body = rng.choice(seeds)
        bad = mutate(rng, body)
        if api == "callback":
            seen.add(coded(lambda: parse_callback(bad, key)))
        else:
            seen.add(coded(lambda: parse_response(rng.choice([api] + apis), rng.choice([200, 400, 500, 0]), bad, key)))
        seen.add(coded(lambda: reconcile(bad, bad)))
    assert "ok" in seen and len(seen) > 5, seen


def test_random_session_calls_never_crash():
    rng = random.Random(5)
    scenarios = read(os.path.join(VECTORS, "sessions", "scenarios.json"))["scenarios"]
    bodies = [st["body"].encode() for sc in scenarios for st in sc["steps"] if "body" in st]
    for sc in scenarios[:20]:
        creds = sc.get("credentials") or ({"merchantKey": TEST_KEY} if sc["key"] == "test" else None)
        with Session(sc["kind"], sc["config"], creds) as s:
            now = 1_700_000_000_000
            for _ in range(40):
                now += rng.randrange(0, 3_600_000)
                op = rng.randrange(6)
                if op == 0:
                    coded(lambda: s.next_action(now))
                elif op == 1:
                    coded(lambda: s.handle_response(rng.choice([200, 500]), mutate(rng, rng.choice(bodies)), now))
                elif op == 2:
                    coded(lambda: s.handle_callback(mutate(rng, rng.choice(bodies)), now))
                elif op == 3:
                    coded(lambda: s.pay(mutate(rng, b'{"paymentMode":"UPI","channelCode":"collect","payerAccount":"a@b"}'), now))
                elif op == 4:
                    coded(lambda: s.handle_send_failure(now))
                else:
                    coded(lambda: Session.restore(mutate(rng, s.save().encode()), creds).close())


def test_one_session_from_many_threads():
    sc = read(os.path.join(VECTORS, "sessions", "scenarios.json"))["scenarios"][0]
    s = Session(sc["kind"], sc["config"], {"merchantKey": TEST_KEY})

    def work():
        for i in range(200):
            a = s.next_action(1_700_000_000_000 + i)
            assert a.type in ("send", "wait")
            s.save()

    errors = in_threads(work, 6)
    s.close()
    assert not errors, errors
