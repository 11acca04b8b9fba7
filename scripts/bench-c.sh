#!/usr/bin/env bash
# C-call overhead of sign and verify: the same 236-byte body signed and verified through the C
# library (tests/c/bench_checksum.c, static and shared builds) and through the Rust crate directly
# (criterion, core/benches/checksum.rs), side by side, with the overhead in percent (target: at
# most 10%, issue 5). Measured, never asserted: the figures depend on the machine and its load.
#
#   scripts/bench-c.sh            (make bench runs it)
#   BENCH_C_SECONDS=3             seconds per C bench (default 3)
#   BENCH_C_SKIP_CRITERION=1      reuse the last criterion results in target/criterion
. "$(dirname "$0")/lib.sh" bench-c
BUILD="$ROOT/tests/c/build"
BODY=tests/vectors/bench-body-236.json
SECONDS_PER_BENCH="${BENCH_C_SECONDS:-3}"

say "cargo build --release -p paytm-checkout-ffi"
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked -p paytm-checkout-ffi
mkdir -p "$BUILD"
# -O2, no sanitizers, no -g: a release host build.
gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" tests/c/bench_checksum.c \
  -o "$BUILD/bench_checksum_static" "$LIB/libpaytm_checkout.a" -lm -lpthread -ldl
gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" tests/c/bench_checksum.c \
  -o "$BUILD/bench_checksum_shared" -L"$LIB" -Wl,-rpath,"$LIB" -lpaytm_checkout -lpthread

if [ -z "${BENCH_C_SKIP_CRITERION:-}" ]; then
  say "criterion: checksum/{sign,sign_with_salt,verify}/236B (the Rust side)"
  CARGO_TARGET_DIR="$TARGET" cargo bench --locked -p paytm-checkout --bench checksum -- \
    '^checksum/(sign|sign_with_salt|verify)/236B$' 2>&1 | grep -E '^checksum/|time:' || true
fi

say "C: the same three operations through libpaytm_checkout (${SECONDS_PER_BENCH} s each)"
"$BUILD/bench_checksum_static" "$BODY" "$SECONDS_PER_BENCH" | sed 's/^c-bench /static /' \
  | tee "$BUILD/bench-static.txt"
"$BUILD/bench_checksum_shared" "$BODY" "$SECONDS_PER_BENCH" | sed 's/^c-bench /shared /' \
  | tee "$BUILD/bench-shared.txt"

say "overhead of the C call (median ns/op; criterion's median estimate)"
python3 - "$TARGET/criterion" "$BUILD/bench-static.txt" "$BUILD/bench-shared.txt" <<'PYEOF'
import json, os, re, sys

crit, files = sys.argv[1], sys.argv[2:]
rust = {}
for name in ("sign", "sign_with_salt", "verify"):
    path = os.path.join(crit, "checksum", name, "236B", "new", "estimates.json")
    try:
        with open(path) as f:
            rust[name] = json.load(f)["median"]["point_estimate"]
    except OSError:
        sys.exit("bench-c: no criterion result at %s" % path)
print("%-15s %-6s %12s %12s %12s %9s" % ("operation", "build", "Rust ns/op", "C ns/op", "C ops/s", "overhead"))
for path in files:
    for line in open(path):
        m = re.match(r"(\S+) (\S+) ns/op=([\d.]+) ops/s=(\d+)", line)
        if not m:
            continue
        build, name, ns, ops = m.group(1), m.group(2), float(m.group(3)), int(m.group(4))
        r = rust[name]
        pct = (ns - r) / r * 100
        print("%-15s %-6s %12.1f %12.1f %12d %+8.1f%%%s" % (
            name, build, r, ns, ops, pct, "" if pct <= 10 else "  (above the 10% target)"))
PYEOF
