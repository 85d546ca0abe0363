# Shared helpers for the fault scripts (sourced, not run). Each script gets a fresh copy of the seeded
# database bdtx_faults, Redis db 2, gunicorn on 127.0.0.1:8766 and one Celery worker, all torn down by `cleanup`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

FAULT_NAME=${FAULT_NAME:-fault}
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
PG_ADMIN="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
FAULTS_DB=bdtx_faults
FAULTS_TEMPLATE=bdtx_faults_tpl
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$FAULTS_DB"
export REDIS_URL="redis://127.0.0.1:6379/2"
export DJANGO_SETTINGS_MODULE=bdtx.settings.local DEBUG=0 LOG_LEVEL=${LOG_LEVEL:-WARNING} PYTHONUNBUFFERED=1
export BDTX_VAR_DIR=${BDTX_VAR_DIR:-$(mktemp -d /tmp/bdtx-fault-XXXXXX)}
export FAULTS_BASE_URL="http://127.0.0.1:8766"
PY=.venv/bin/python
LOGS="$BDTX_VAR_DIR/logs"
mkdir -p "$LOGS"
GUNICORN_PID=""
WORKER_PID=""

log() { echo "[$FAULT_NAME $(date +%H:%M:%S)] $*"; }

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }

start_postgres() {
    pg_up || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
    for _ in $(seq 1 30); do pg_up && return 0; sleep 0.5; done
    return 1
}

start_redis() {
    redis_up || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp >/dev/null
    for _ in $(seq 1 30); do redis_up && return 0; sleep 0.2; done
    return 1
}

# sql "SELECT …" → the value(s), unaligned.
sql() { psql -h 127.0.0.1 -U postgres -d "$FAULTS_DB" -tAqc "$1"; }

# The seeded database is built once per run (template), then copied for each script in a second.
fresh_db() {
    if ! $PG_ADMIN -tAc "SELECT 1 FROM pg_database WHERE datname = '$FAULTS_TEMPLATE'" | grep -q 1; then
        log "building the seeded template database"
        $PG_ADMIN -c "CREATE DATABASE $FAULTS_TEMPLATE"
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/$FAULTS_TEMPLATE" $PY manage.py migrate --noinput -v 0
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/$FAULTS_TEMPLATE" $PY manage.py seed_demo --size small >/dev/null
    fi
    $PG_ADMIN -c "DROP DATABASE IF EXISTS $FAULTS_DB WITH (FORCE)" -c "CREATE DATABASE $FAULTS_DB TEMPLATE $FAULTS_TEMPLATE"
    redis-cli -n 2 flushdb >/dev/null
}

start_web() {
    .venv/bin/gunicorn bdtx.wsgi:application --bind 127.0.0.1:8766 --workers 2 --threads 4 --timeout 60 \
        --access-logfile "$LOGS/access.log" >"$LOGS/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 1 60); do
        curl -s -o /dev/null "$FAULTS_BASE_URL/dang-nhap/" && return 0
        sleep 0.25
    done
    log "gunicorn did not start"; cat "$LOGS/gunicorn.log"; return 1
}

start_worker() {
    .venv/bin/celery -A bdtx worker --loglevel=INFO --concurrency=1 --without-gossip --without-mingle \
        --hostname "faults-$RANDOM@%h" >>"$LOGS/worker.log" 2>&1 &
    WORKER_PID=$!
}

stop_pid() {
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    # The pid's children first (gunicorn workers, Celery pool processes), then the pid itself.
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    set +e
    stop_pid "$WORKER_PID"
    stop_pid "$GUNICORN_PID"
    [ -n "${EXTRA_CLEANUP:-}" ] && eval "$EXTRA_CLEANUP"
    start_redis
    start_postgres
    if [ $status -eq 0 ]; then
        echo "PASS $FAULT_NAME"
    else
        echo "FAIL $FAULT_NAME (exit $status; logs in $LOGS)"
        tail -n 30 "$LOGS/gunicorn.log" 2>/dev/null | sed 's/^/  gunicorn| /'
        tail -n 30 "$LOGS/worker.log" 2>/dev/null | sed 's/^/  worker| /'
    fi
    exit $status
}

setup_fault() {
    trap cleanup EXIT
    trap 'exit 124' INT TERM
    start_postgres
    start_redis
    fresh_db
    start_web
    start_worker
}
