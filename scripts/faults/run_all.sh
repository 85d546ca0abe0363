#!/usr/bin/env bash
# `make faults`: every fault script against the real PostgreSQL and Redis, each bounded to 2 minutes.
# Prints PASS/FAIL per fault; exits non-zero when any fails. Services are restarted after each script.
set -uo pipefail
cd "$(dirname "$0")/../.."
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
start_services() {
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 ||
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp >/dev/null
    pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
        sleep 0.5
    done
}
start_services
FAULTS=(redis_down worker_killed postgres_restart uploads_disk_full)
[ $# -gt 0 ] && FAULTS=("$@")
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bdtx_faults_tpl WITH (FORCE)" 2>/dev/null
failed=()
for fault in "${FAULTS[@]}"; do
    echo "== fault: $fault"
    timeout -k 15 120 "scripts/faults/$fault.sh" || failed+=("$fault")
    start_services
done
echo
for fault in "${FAULTS[@]}"; do
    if [[ " ${failed[*]} " == *" $fault "* ]]; then echo "FAIL $fault"; else echo "PASS $fault"; fi
done
[ ${#failed[@]} -eq 0 ]
