"""What the tests share: where the repository's vectors are, the test key, and one paytm-sandbox
process for the end-to-end tests. The package under test is the wheel installed in this
interpreter's virtualenv (scripts/test-python.sh), never python/src."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest

REPO = os.environ.get("PAYTM_REPO") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.path.join(REPO, "tests", "vectors")
TEST_KEY = "PmX#a0x4VpTXRzfK"
TEST_MID = "INTEGR7769XXXXXX9383"

# tests/interop/vectors.py: the JSON member locator every Python check of the repo uses.
sys.path.insert(0, os.path.join(REPO, "tests", "interop"))


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return json.loads(data) if path.endswith(".json") else data


def case_dirs(kind):
    root = os.path.join(VECTORS, kind)
    return sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))


def canonical(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def in_threads(work, count):
    """Runs work() in `count` threads at once and waits for them all: the exceptions they raised."""
    errors = []

    def run():
        try:
            work()
        except Exception as e:  # pragma: no cover - the caller asserts there are none
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture(scope="session")
def sandbox():
    """A paytm-sandbox on an ephemeral loopback port: its base URL. Stopped by its pid."""
    binary = os.environ.get("PAYTM_SANDBOX_BIN") or os.path.join(REPO, "target", "debug", "paytm-sandbox")
    if not os.path.exists(binary):
        pytest.fail("paytm-sandbox not found at %s (cargo build -p paytm-sandbox; scripts/test-python.sh does)" % binary)
    proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        deadline = time.time() + 15
        line = proc.stdout.readline()
        prefix = "paytm-sandbox listening on "
        if not line.startswith(prefix) or time.time() > deadline:
            pytest.fail("paytm-sandbox printed %r" % line)
        yield line[len(prefix):].strip()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
