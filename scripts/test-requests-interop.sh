#!/usr/bin/env bash
# Verifies every signed golden request (tests/vectors/requests/) with Paytm's own Python library.
# The venv with paytmchecksum 1.7.0 is made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PAYTM_TOOLS:-$HOME/.cache/paytm-checkout}/venv/bin/python"
if [[ ! -x "$PY" ]]; then
    echo "test-requests-interop: $PY not found; run scripts/setup.sh first" >&2
    exit 1
fi
exec "$PY" tests/interop/python_golden_requests.py
