#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 60) and reports executions per target.
#   scripts/fuzz.sh [SECONDS]
# Uses rustup's nightly when present, else the stable toolchain with RUSTC_BOOTSTRAP=1 (the
# sanitizer runtimes ship with stable's standard library). LTO is off: libFuzzer fails to link
# with lto = true.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
export CARGO_PROFILE_RELEASE_LTO=false
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
targets=$("${fuzz[@]}" list --fuzz-dir fuzz)
total=0
for t in $targets; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  # Seed with the shared vectors so the fuzzer starts from real checksums and maps.
  if [ -z "$(ls -A "$corpus")" ]; then
    python3 scripts/fuzz_seeds.py "$t" "$corpus"
  fi
  log="$(mktemp)"
  # Every parser and decoder target runs under AddressSanitizer. The session target drives the
  # engine (core: #![forbid(unsafe_code)]) through the adversarial model and checks its money
  # invariants: logic, not memory, and ASan made it 4.4x slower (737 vs 3,271 executions/s).
  # Its inputs are choices (48 steps a run at most): longer inputs only slow it down.
  san=()
  max_len=65536
  [ "$t" = session ] && san=(-s none) && max_len=1024
  if ! "${fuzz[@]}" run "${san[@]}" --fuzz-dir fuzz "$t" "$corpus" -- -max_total_time="$secs" -print_final_stats=1 \
      -rss_limit_mb=2048 -max_len="$max_len" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: target $t FAILED (artifacts in fuzz/artifacts/$t)" >&2
    exit 1
  fi
  execs=$(awk '/stat::number_of_executed_units/{print $2}' "$log" | tail -1)
  rm -f "$log"
  echo "fuzz $t: ${execs:-?} executions in ${secs} s, no crash"
  total=$((total + 1))
done
echo "fuzz: $total passed, 0 failed"
