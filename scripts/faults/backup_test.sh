#!/usr/bin/env bash
# `make backup-test`: back up the seeded faults database, restore it into a fresh empty database and compare
# SELECT count(*) of every table. PASS when all are equal.
set -euo pipefail
cd "$(dirname "$0")/../.."
FAULT_NAME=backup_restore
export BDTX_VAR_DIR=${BDTX_VAR_DIR:-$(mktemp -d /tmp/bdtx-backup-XXXXXX)}
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
ADMIN="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
SOURCE=bdtx_faults_backup_src
TARGET=bdtx_faults_restored
trap 'status=$?; $ADMIN -c "DROP DATABASE IF EXISTS $TARGET WITH (FORCE)" -c "DROP DATABASE IF EXISTS $SOURCE WITH (FORCE)";
      rm -rf "$BDTX_VAR_DIR"; [ $status -eq 0 ] && echo "PASS $FAULT_NAME" || echo "FAIL $FAULT_NAME"; exit $status' EXIT
$ADMIN -c "DROP DATABASE IF EXISTS $SOURCE WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TARGET WITH (FORCE)" \
    -c "CREATE DATABASE $SOURCE" -c "CREATE DATABASE $TARGET"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SOURCE"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo --size small >/dev/null
dump=$(scripts/backup.sh "$BDTX_VAR_DIR/bdtx.dump")
echo "backup: $dump ($(du -h "$dump" | cut -f1))"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$TARGET" scripts/restore.sh "$dump"
count_all() {
    local db=$1
    psql -h 127.0.0.1 -U postgres -d "$db" -tAqc \
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         ORDER BY table_name" | while read -r table; do
        echo "$table $(psql -h 127.0.0.1 -U postgres -d "$db" -tAqc "SELECT count(*) FROM \"$table\"")"
    done
}
count_all "$SOURCE" >"$BDTX_VAR_DIR/source.txt"
count_all "$TARGET" >"$BDTX_VAR_DIR/target.txt"
echo "tables: $(wc -l <"$BDTX_VAR_DIR/source.txt"), rows: $(awk '{s+=$2} END {print s}' "$BDTX_VAR_DIR/source.txt")"
diff "$BDTX_VAR_DIR/source.txt" "$BDTX_VAR_DIR/target.txt"
# Values too, not only counts: a checksum of a few key tables.
for table in accounts_staff plans_plan plans_planitem accounts_user; do
    a=$(psql -h 127.0.0.1 -U postgres -d "$SOURCE" -tAqc "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM $table t")
    b=$(psql -h 127.0.0.1 -U postgres -d "$TARGET" -tAqc "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM $table t")
    [ "$a" = "$b" ] || { echo "values differ in $table"; exit 1; }
done
echo "every table has the same row count; key tables have the same values"
