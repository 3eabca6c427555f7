#!/usr/bin/env bash
# Shared by scripts/up.sh and scripts/test.sh: a virtual environment in .venv with the locked
# dependencies and Tongban installed in it. Re-running changes nothing when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "通办需要 Python 3.11 或更高版本 / Tongban needs Python 3.11+ ($PYTHON)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.tongban-installed
wanted=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e ".[dev]"
  echo "$wanted" > "$stamp"
fi
