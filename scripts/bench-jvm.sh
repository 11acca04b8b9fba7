#!/usr/bin/env bash
# Sign/verify throughput of the JVM library (docs/jvm.md), one thread, ops/s (a harness, not a
# timed test):
#
#   scripts/bench-jvm.sh [PAYTM_CHECKSUM_JAR]
#
# Builds target/jvm (scripts/jvm.sh), compiles jvm/src/bench against the jar and runs it on
# tests/vectors/bench-body-236.json (the body the Rust, C and JS benchmarks use). Given the path
# of Paytm's own paytmpayments-checksum jar (or $PAYTM_JAVA_CHECKSUM_JAR), the same calls through
# it are measured in the same run, and PyPI paytmchecksum (the venv of scripts/setup.sh python)
# after it. Maven Central is not reachable from CI; the jar is in Paytm's
# GitHub repository paytm/Paytm_JAVA_Checksum (paytmpayments-checksum-2.1.1.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
export JAVA_HOME
scripts/jvm.sh
B="$ROOT/target/jvm/bench"
rm -rf "$B"; mkdir -p "$B"
"$JAVA_HOME/bin/javac" --release 8 -encoding UTF-8 -cp target/jvm/paytm-checkout.jar -d "$B" \
  jvm/src/bench/java/dev/paytmcheckout/bench/Bench.java
cp="target/jvm/paytm-checkout.jar:$B"
paytm="${1:-${PAYTM_JAVA_CHECKSUM_JAR:-}}"
[ -z "$paytm" ] || cp+=":$paytm"
"$JAVA_HOME/bin/java" -cp "$cp" dev.paytmcheckout.bench.Bench tests/vectors/bench-body-236.json

# PyPI paytmchecksum (Paytm's Python library) on the same body and map, in the same run, when
# scripts/setup.sh python has installed it: the figure issue #23 compares against.
PY="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}/venv/bin/python"
if [ -x "$PY" ] && "$PY" -c 'import paytmchecksum' 2>/dev/null; then
  "$PY" - tests/vectors/bench-body-236.json <<'PYEOF'
import sys, time
from paytmchecksum import PaytmChecksum as paytm
KEY = "PmX#a0x4VpTXRzfK"
body = open(sys.argv[1], encoding="utf-8").read().strip()
params = {"MID": "INTEGR7769XXXXXX9383", "ORDERID": "ORDER_1", "TXNAMOUNT": "10.00", "CURRENCY": "INR",
          "TXNID": "20261120111212800110168123456789", "STATUS": "TXN_SUCCESS", "RESPCODE": "01",
          "RESPMSG": "Txn Success", "GATEWAYNAME": "HDFC", "PAYMENTMODE": "CC"}
sig = paytm.generateSignature(body, KEY)
msig = paytm.generateSignature(dict(params), KEY)

def rate(f):  # best of 5 runs of ~0.4 s, as Bench.java
    best = 0.0
    for _ in range(5):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.4:
            for _ in range(64):
                f()
            n += 64
        best = max(best, n / (time.perf_counter() - start))
    return best

for name, f in [("generateSignature(str)", lambda: paytm.generateSignature(body, KEY)),
                ("verifySignature(str)", lambda: paytm.verifySignature(body, KEY, sig)),
                ("generateSignature(dict)", lambda: paytm.generateSignature(dict(params), KEY)),
                ("verifySignature(dict)", lambda: paytm.verifySignature(dict(params), KEY, msig))]:
    print("%-58s %10.0f ops/s" % ("PyPI paytmchecksum 1.7.0 " + name, rate(f)))
PYEOF
else
  echo "PyPI paytmchecksum: not installed (scripts/setup.sh python), not measured"
fi
