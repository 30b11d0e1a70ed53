#!/usr/bin/env bash
# Installs Ralph (PyPI `ralph-malph`, pinned) into tests/lrs/.venv for the xAPI browser tests.
# Idempotent: does nothing when that version is already there. Needs python3 with venv.
set -euo pipefail
cd "$(dirname "$0")"
version=5.1.0
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || { echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
fi
# `requests` too: Ralph's LRS imports it (api/auth/oidc.py) but only its backend-ldp extra requires it.
if ! .venv/bin/python -c "import ralph, requests, sys; sys.exit(ralph.__version__ != '$version')" 2>/dev/null; then
  .venv/bin/pip install --quiet --disable-pip-version-check "ralph-malph[cli,lrs]==$version" "requests>=2,<3"
fi
.venv/bin/python -c "import ralph; print('ralph', ralph.__version__, 'in tests/lrs/.venv')"
