#!/usr/bin/env bash
# Checks our signatures with Paytm's own Python library (paytmchecksum 1.7.0, in the venv
# scripts/setup.sh makes): every signed golden request (tests/vectors/requests/) verifies there,
# and every response fixture (tests/vectors/responses/) the Rust parser accepts verifies there
# while the tampered ones fail there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}/venv/bin/python"
if [[ ! -x "$PY" ]]; then
    echo "test-interop: $PY not found; run scripts/setup.sh python first" >&2
    exit 1
fi
"$PY" tests/interop/python_golden_requests.py
"$PY" tests/interop/python_responses.py
