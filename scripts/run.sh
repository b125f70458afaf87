#!/usr/bin/env bash
# Start the web server, the task worker and the scheduler; stop all three on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${STINT_HOST:-127.0.0.1}
PORT=${STINT_PORT:-8000}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$PY manage.py stint_worker --interval 1 --verbosity 0 &
pids+=($!)
$PY manage.py run_scheduler &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
sleep 2
echo
$PY manage.py print_demo_logins || true
echo "Stint is running on http://$HOST:$PORT/  (Ctrl-C stops the web server, the worker and the scheduler)"
wait -n "${pids[@]}"
