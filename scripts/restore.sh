#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the EMPTY database named by DATABASE_URL: scripts/restore.sh <file>.
# Refuses a database that already has tables; create it first (createdb, or CREATE DATABASE … in psql).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL=postgres://user@host:port/dbname (an empty database)}"
dump=${1:?usage: scripts/restore.sh <file.dump>}
tables=$(psql "$DATABASE_URL" -tAqc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore.sh: the target database already has $tables tables; restore only into an empty database" >&2
    exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"
echo "restored $dump"
