#!/usr/bin/env bash
# A production-shaped smoke test without Docker: Debian's nginx with a self-signed certificate in front of gunicorn,
# the Celery worker and beat, on the real PostgreSQL and a Redis of its own (so it can be stopped), with production
# settings. scripts/prod_smoke.py then logs in over HTTPS, uploads a 15 MB evidence file, runs an export on the worker
# and downloads it, locks out one client address without locking out another, and opens the verify page with Redis
# stopped. Everything it starts is stopped at the end; the database bdtx_smoke is dropped.
#
#     make prod-smoke        (needs root for apt-get nginx the first time; PostgreSQL on 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
WORK=$(mktemp -d /tmp/bdtx-smoke.XXXXXX)
DB=bdtx_smoke
REDIS_PORT=${SMOKE_REDIS_PORT:-6393}
WEB_PORT=${SMOKE_WEB_PORT:-8737}
HTTPS_PORT=${SMOKE_HTTPS_PORT:-8743}
HTTP_PORT=${SMOKE_HTTP_PORT:-8780}
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v nginx >/dev/null; then
    apt-get install -y -qq nginx-light >/dev/null
fi

echo "smoke: a Redis of its own on $REDIS_PORT, the database $DB, a self-signed certificate"
redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -keyout "$WORK/privkey.pem" -out "$WORK/fullchain.pem" 2>/dev/null

export DJANGO_SETTINGS_MODULE=bdtx.settings.production
export SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" REDIS_CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
export BDTX_VAR_DIR="$WORK/var" STATIC_ROOT="$WORK/static" ALLOWED_HOSTS=localhost TRUSTED_PROXIES=1
export EMAIL_HOST=127.0.0.1 EMAIL_PORT=2599 LOG_LEVEL=WARNING UPLOAD_MAX_BYTES=$((20 * 1024 * 1024))
export BDTX_PUBLIC_URL="https://localhost:$HTTPS_PORT"

$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
# The demo province (the demo app is not installed with production settings: seeded with the local ones).
DJANGO_SETTINGS_MODULE=bdtx.settings.local $PY manage.py seed_demo --size small >/dev/null
read -r TEACHER LOG_ID < <($PY manage.py shell -c "
from study.models import StudyLog
log = StudyLog.objects.filter(item__plan__year__is_current=True, item__plan__status='APPROVED',
    item__plan__staff__user__role='TEACHER').exclude(status='CONFIRMED').filter(session__isnull=True).first()
print(log.item.plan.staff.user.username, log.pk)" | tail -1)

echo "smoke: gunicorn on $WEB_PORT, the worker and beat, nginx on $HTTPS_PORT (HTTPS) and $HTTP_PORT"
.venv/bin/gunicorn bdtx.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 2 --threads 2 --timeout 120 \
    --error-logfile "$WORK/gunicorn.log" &
PIDS+=($!)
.venv/bin/celery -A bdtx worker --concurrency 1 --loglevel WARNING >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
.venv/bin/celery -A bdtx beat --schedule "$WORK/beat-schedule" --loglevel WARNING >"$WORK/beat.log" 2>&1 &
PIDS+=($!)

# The compose stack's nginx site, pointed at this host's gunicorn, certificate and static folder.
sed -e "s|server web:8000;|server 127.0.0.1:$WEB_PORT;|" \
    -e "s|listen 80;|listen $HTTP_PORT;|" -e "s|listen 443 ssl http2;|listen $HTTPS_PORT ssl http2;|" \
    -e "s|/etc/nginx/certs/|$WORK/|g" -e "s|alias /app/staticfiles/;|alias $STATIC_ROOT/;|" \
    deploy/nginx/bdtx.conf >"$WORK/site.conf"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx-body;
    proxy_temp_path $WORK/nginx-proxy;
    include $WORK/site.conf;
}
EOF
# nginx's workers run as www-data: they read the static files and write request bodies (the 15 MB upload) here.
mkdir -p "$WORK/nginx-body" "$WORK/nginx-proxy"
chmod 755 "$WORK" && chmod 777 "$WORK/nginx-body" "$WORK/nginx-proxy"
nginx -c "$WORK/nginx.conf"

for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/live/" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$HTTP_PORT/health/live/" >/dev/null
echo "smoke: /health/live/ answers over plain HTTP through nginx"
# Ready once the worker answers its ping (it may still be starting).
for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready/" >/dev/null 2>&1 && break
    sleep 2
done
curl -sS "http://127.0.0.1:$HTTP_PORT/health/ready/"
echo
curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready/" >/dev/null
echo "smoke: /health/ready/ is ready (database, Redis, cache, worker, disk, storage)"

$PY scripts/prod_smoke.py "https://127.0.0.1:$HTTPS_PORT" "$TEACHER" "$LOG_ID" hieutruong

redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
$PY scripts/prod_smoke.py "https://127.0.0.1:$HTTPS_PORT" --verify-only
echo "smoke: passed"
