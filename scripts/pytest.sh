#!/usr/bin/env bash
# Run the whole test suite. pytest's exit code 5 ("no tests collected") is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${STINT_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "error: browser tests need Chromium at /usr/bin/chromium (apt-get install -y chromium)." >&2
  exit 1
fi
# The translation tests need the compiled catalogues (.mo files are built, not committed).
.venv/bin/python scripts/compile_messages.py >/dev/null
workers=${PYTEST_WORKERS:-2}
args=()
if [ "$workers" != "0" ]; then args+=(-n "$workers" --dist loadfile); fi
.venv/bin/python -m pytest "${args[@]}" "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit $rc
