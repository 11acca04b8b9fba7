#!/usr/bin/env bash
# Sign/verify throughput of the JVM library (docs/jvm.md), one thread, ops/s (a harness, not a
# timed test):
#
#   scripts/bench-jvm.sh [PAYTM_CHECKSUM_JAR]
#
# Builds target/jvm (scripts/jvm.sh), compiles jvm/src/bench against the jar and runs it on
# tests/vectors/bench-body-236.json (the body the Rust, C and JS benchmarks use). Given the path
# of Paytm's own paytmpayments-checksum jar (or $PAYTM_JAVA_CHECKSUM_JAR), the same calls through
# it are measured in the same run. Maven Central is not reachable from CI; the jar is in Paytm's
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
