#!/usr/bin/env bash
# Back up the PostgreSQL database named by DATABASE_URL: scripts/backup.sh [file] (default var/backups/bdtx-<time>.dump).
# Custom format (pg_dump -Fc): compressed, restored with scripts/restore.sh (pg_restore) table by table.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL=postgres://user@host:port/dbname}"
target=${1:-var/backups/bdtx-$(date +%Y%m%d-%H%M%S).dump}
mkdir -p "$(dirname "$target")"
pg_dump --format=custom --no-owner --no-privileges --file="$target.part" "$DATABASE_URL"
mv "$target.part" "$target"
echo "$target"
