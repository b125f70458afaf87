#!/usr/bin/env bash
# `make run`: the web server (gunicorn, as in production: config/gunicorn.conf.py), the task worker
# and the scheduler; Ctrl-C stops all three. `make dev` (scripts/run.sh --dev) runs Django's
# development server with auto-reload instead of gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${STINT_HOST:-127.0.0.1}
PORT=${STINT_PORT:-8000}
mode=${1:-}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
reload=--no-reload
[ "$mode" = "--dev" ] && reload=--reload
$PY manage.py stint_worker --interval 1 --verbosity 0 "$reload" &
pids+=($!)
$PY manage.py run_scheduler &
pids+=($!)
if [ "$mode" = "--dev" ]; then
  $PY manage.py runserver "$HOST:$PORT" &
else
  STINT_BIND="$HOST:$PORT" STINT_ACCESS_LOG="${STINT_ACCESS_LOG:-}" \
    $PY -m gunicorn -c config/gunicorn.conf.py config.wsgi &
fi
pids+=($!)
# Wait until the web server answers (gunicorn builds the URLconf and the API before it listens).
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://$HOST:$PORT/healthz" 2>/dev/null && break
  sleep 0.5
done
echo
$PY manage.py print_demo_logins || true
echo "Stint is running on http://$HOST:$PORT/  (Ctrl-C stops the web server, the worker and the scheduler)"
wait -n "${pids[@]}"
