#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL 15 (Debian bookworm has no
# package for it): builds Debian's source package from the trixie suite, fetched from the
# machine's own Debian mirror. Idempotent: does nothing when the extension is already there.
# Needs root (apt-get, make install). Used by .ci/run before the tests.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/pg_config" ]; then
  echo "install-pgvector: no PostgreSQL in $PG_BIN; the Postgres tests will be skipped." >&2
  exit 0
fi
EXT_DIR=$("$PG_BIN/pg_config" --sharedir)/extension
if [ -f "$EXT_DIR/vector.control" ]; then
  echo "install-pgvector: pgvector already installed ($(grep default_version "$EXT_DIR/vector.control"))."
  exit 0
fi
# The mirror this machine already uses for bookworm, so no other host is needed.
MIRROR=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
  | grep -oE 'https?://[^ ]+/debian/?$|https?://[^ ]+/debian/? ' | grep -v security | head -n1 | tr -d ' ' || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
LIST=/etc/apt/sources.list.d/pgvector-trixie-src.list
echo "deb-src ${MIRROR%/} trixie main" > "$LIST"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql-server-dev-15 dpkg-dev make gcc >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "$LIST"' EXIT
cd "$WORK"
apt-get source -qq pgvector
cd pgvector-*/
make -s PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS=""
make -s install PG_CONFIG="$PG_BIN/pg_config"
echo "install-pgvector: installed $(grep default_version "$EXT_DIR/vector.control")."
