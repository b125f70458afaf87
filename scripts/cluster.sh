#!/usr/bin/env bash
# The production topology on one machine (docs/operations.md, "The cluster on one machine"):
#   PostgreSQL primary (the machine's cluster, 127.0.0.1:5432) + a streaming replica (pg_basebackup),
#   Redis, an S3-compatible server (moto), two gunicorn web nodes on two ports, two task workers
#   and the scheduler. Everything stops on Ctrl-C (the replica's data directory is removed).
# Environment: CLUSTER_DB (stint_cluster), CLUSTER_DIR (var/cluster), CLUSTER_PORTS ("8101 8102"),
# CLUSTER_REPLICA (1), CLUSTER_REPLICA_PORT (54329), CLUSTER_S3_PORT (9009), CLUSTER_DEMO (1: load the demo data),
# REDIS_URL (redis://127.0.0.1:6379/1; a redis-server is started on 6389 when none answers).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
PG_BIN=${STINT_PG_BIN:-/usr/lib/postgresql/15/bin}
DB=${CLUSTER_DB:-stint_cluster}
DIR=$(realpath -m "${CLUSTER_DIR:-var/cluster}")
PORTS=(${CLUSTER_PORTS:-8101 8102})
REPLICA_PORT=${CLUSTER_REPLICA_PORT:-54329}
S3_PORT=${CLUSTER_S3_PORT:-9009}
pids=()
log() { echo "cluster: $*"; }
cleanup() {
  log "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -f "$DIR/replica/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/replica" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$DIR/replica"
}
trap cleanup EXIT INT TERM
mkdir -p "$DIR/logs"

# --- PostgreSQL primary: the database, migrated (and the demo) ------------------------------------
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "cluster: PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  createdb -h 127.0.0.1 -U postgres "$DB"
fi
log "migrating $DB"
$PY manage.py migrate --noinput --verbosity 0
if [ "${CLUSTER_DEMO:-1}" = "1" ]; then $PY manage.py load_demo >/dev/null; fi

# --- the streaming replica (CLUSTER_REPLICA=0: primary only) -----------------------------------------
if [ "${CLUSTER_REPLICA:-1}" = "1" ]; then
HBA=${STINT_PG_HBA:-/etc/postgresql/15/main/pg_hba.conf}
LINE="host replication postgres 127.0.0.1/32 trust"
if ! grep -qxF "$LINE" "$HBA"; then
  echo "$LINE" >> "$HBA"
  psql -h 127.0.0.1 -U postgres -Atqc "SELECT pg_reload_conf()" >/dev/null
fi
rm -rf "$DIR/replica"
install -d -m 0700 -o postgres -g postgres "$DIR/replica"
log "pg_basebackup → replica on port $REPLICA_PORT"
runuser -u postgres -- "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DIR/replica" -R -X stream --checkpoint=fast
cat > "$DIR/replica/postgresql.conf" <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/replica'
hot_standby = on
hot_standby_feedback = on
max_connections = 200
max_wal_senders = 10
max_replication_slots = 10
CONF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$DIR/replica/pg_hba.conf"
: > "$DIR/replica/pg_ident.conf"
chown postgres:postgres "$DIR/replica/postgresql.conf" "$DIR/replica/pg_hba.conf" "$DIR/replica/pg_ident.conf"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica/startup.log" -w start >/dev/null
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
else
  unset DATABASE_REPLICA_URL
fi

# --- Redis ---------------------------------------------------------------------------------------------
if [ -z "${REDIS_URL:-}" ]; then
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    export REDIS_URL=redis://127.0.0.1:6379/1
  else
    redis-server --port 6389 --save "" --appendonly no >"$DIR/logs/redis.log" 2>&1 &
    pids+=($!)
    export REDIS_URL=redis://127.0.0.1:6389/0
  fi
fi
export STINT_CACHE_KEY_PREFIX=${STINT_CACHE_KEY_PREFIX:-cluster}

# --- S3-compatible storage (moto) -----------------------------------------------------------------------
$PY -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$DIR/logs/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$S3_PORT/moto-api/" && break; sleep 0.5; done
export STINT_S3_BUCKET=stint-cluster STINT_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export STINT_S3_ACCESS_KEY_ID=cluster STINT_S3_SECRET_ACCESS_KEY=cluster
$PY - <<PYTHON
import boto3
boto3.client("s3", endpoint_url="$STINT_S3_ENDPOINT_URL", region_name="us-east-1",
             aws_access_key_id="cluster", aws_secret_access_key="cluster").create_bucket(Bucket="stint-cluster")
PYTHON

# --- two web nodes, two workers, the scheduler ----------------------------------------------------------
export STINT_METRICS_TOKEN=${STINT_METRICS_TOKEN:-cluster-metrics-token}
export STINT_LOG_FORMAT=${STINT_LOG_FORMAT:-json}
for port in "${PORTS[@]}"; do
  STINT_BIND="127.0.0.1:$port" STINT_METRICS_DIR="$DIR/metrics-$port" STINT_ACCESS_LOG="" \
    $PY -m gunicorn -c config/gunicorn.conf.py config.wsgi >"$DIR/logs/web-$port.log" 2>&1 &
  pids+=($!)
done
for n in 1 2; do
  $PY manage.py stint_worker --no-reload --worker-id "cluster-$n" --interval 1 >"$DIR/logs/worker-$n.log" 2>&1 &
  pids+=($!)
done
$PY manage.py run_scheduler >"$DIR/logs/scheduler.log" 2>&1 &
pids+=($!)
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
done

cat <<INFO

Stint cluster is up (logs in $DIR/logs):
  web nodes        $(for p in "${PORTS[@]}"; do printf 'http://127.0.0.1:%s/  ' "$p"; done)
  primary          $DATABASE_URL
  replica          ${DATABASE_REPLICA_URL:-none (CLUSTER_REPLICA=0)}
  redis            $REDIS_URL (key prefix $STINT_CACHE_KEY_PREFIX)
  object storage   $STINT_S3_ENDPOINT_URL (bucket $STINT_S3_BUCKET)
  metrics          curl -H 'Authorization: Bearer $STINT_METRICS_TOKEN' http://127.0.0.1:${PORTS[0]}/metrics
  race storm       DATABASE_URL=$DATABASE_URL $PY -m bench.cluster_race $(for p in "${PORTS[@]}"; do printf 'http://127.0.0.1:%s ' "$p"; done)
  load             DATABASE_URL=$DATABASE_URL $PY -m bench.cluster_load $(for p in "${PORTS[@]}"; do printf 'http://127.0.0.1:%s ' "$p"; done)
Ctrl-C stops everything.
INFO
if [ -n "${CLUSTER_RUN:-}" ]; then
  # Run a command against the cluster, then stop it (used to take the measurements).
  bash -c "$CLUSTER_RUN"
  exit $?
fi
wait -n "${pids[@]}"
