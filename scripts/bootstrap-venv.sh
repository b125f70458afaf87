#!/usr/bin/env bash
# Create the virtual environment with Python 3.12 or newer (Django 6 needs it).
set -euo pipefail
venv=${1:-.venv}
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  exit 0
fi
rm -rf "$venv"
for candidate in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "Creating $venv with $("$candidate" --version)"
    "$candidate" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    exit 0
  fi
done
echo "error: Stint needs Python 3.12 or newer (python3.12 was not found). Install it, or set PYTHON=/path/to/python3.12." >&2
exit 1
