#!/usr/bin/env bash
# Verifies every signed response fixture (tests/vectors/responses/) with Paytm's own Python
# library: the ones the Rust parser accepts verify there, the tampered ones fail there.
# The venv with paytmchecksum 1.7.0 is made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}/venv/bin/python"
if [[ ! -x "$PY" ]]; then
    echo "test-responses-interop: $PY not found; run scripts/setup.sh first" >&2
    exit 1
fi
exec "$PY" tests/interop/python_responses.py
