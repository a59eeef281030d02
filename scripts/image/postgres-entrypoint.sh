#!/bin/sh
# First start: a cluster in PGDATA with POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB and the vector
# extension; then postgres itself as PID 1.
set -eu
: "${POSTGRES_USER:=newsroom}" "${POSTGRES_DB:=newsroom}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  [ "$POSTGRES_DB" = postgres ] || createdb -U "$POSTGRES_USER" "$POSTGRES_DB"
  psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -qc 'CREATE EXTENSION IF NOT EXISTS vector'
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
