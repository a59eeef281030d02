#!/usr/bin/env bash
# Checks compose.yaml with podman-compose (scripts/build-image.sh --compose runs it):
# the PostgreSQL + pgvector image is built locally when absent, the stack comes up with a fake
# Slack Web API (scripts/image/compose.check.yaml), the database turns healthy, init migrates and
# indexes the seeds, both replicas turn healthy and ready (database reachable), one answers a
# question from the database, and each replica stops within 5 s with code 0.
#   bash scripts/image/check-compose.sh localhost/newsroom-bot:local
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGE=${1:?usage: check-compose.sh IMAGE}
PROJECT=newsroomcheck
PG_IMAGE=localhost/newsroom-postgres:15
STARTED=$SECONDS
say() { echo "check-compose: [$((SECONDS - STARTED))s] $*"; }
fail() {
  echo "check-compose: FAILED: $*" >&2
  for c in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
    echo "--- podman logs $c (last lines)" >&2
    podman logs --tail 15 "$c" >&2 2>&1 || true
  done
  exit 1
}
command -v podman-compose >/dev/null || { echo "check-compose: not run: podman-compose is not installed."; exit 0; }

# compose.yaml names the bot's image localhost/newsroom-bot:local.
[[ $(podman image inspect --format '{{.Id}}' "$IMAGE") == $(podman image inspect --format '{{.Id}}' localhost/newsroom-bot:local 2>/dev/null || true) ]] ||
  podman tag "$IMAGE" localhost/newsroom-bot:local

if ! podman image exists "$PG_IMAGE"; then
  say "building $PG_IMAGE (Debian postgresql-15, pgvector from Debian's source package)"
  nice -n 10 podman build --format docker --pull=never --network=host --layers --build-arg "DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
    -t "$PG_IMAGE" -f "$REPO/scripts/image/postgres.Containerfile" "$REPO/scripts/image" >"${TMPDIR:-/tmp}/build-postgres.log" 2>&1 ||
    { tail -n 30 "${TMPDIR:-/tmp}/build-postgres.log" >&2; fail "podman build $PG_IMAGE"; }
fi

compose=(podman-compose -p "$PROJECT" -f "$REPO/compose.yaml" -f "$REPO/scripts/image/compose.check.yaml")
down() { "${compose[@]}" down -v >/dev/null 2>&1 || true; }
trap down EXIT
trap 'exit 1' TERM INT
down
say "podman-compose up -d (db, init, fake-slack, bot x2)"
"${compose[@]}" up -d --no-build >"${TMPDIR:-/tmp}/compose-up.log" 2>&1 || { tail -n 30 "${TMPDIR:-/tmp}/compose-up.log" >&2; fail "podman-compose up"; }

# wait_for WHAT SECONDS COMMAND...: polls once a second.
wait_for() {
  local what=$1 limit=$2
  shift 2
  local until=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < until)) || fail "$what: not within ${limit}s"
    sleep 1
  done
  say "ok: $what"
}
exited_zero() { [[ $(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$1") == "exited 0" ]]; }
ready() { podman exec "$1" node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/readyz').then(r=>r.json()).then(b=>process.exit(b.status==='ready'&&b.checks.database?0:1),()=>process.exit(1))"; }

wait_for "db healthy (pg_isready)" 180 podman healthcheck run "${PROJECT}_db_1"
wait_for "init migrated and indexed the seeds, exit 0" 600 exited_zero "${PROJECT}_init_1"
for n in 1 2; do
  wait_for "bot replica $n healthy (HEALTHCHECK)" 300 podman healthcheck run "${PROJECT}_bot_$n"
  wait_for "bot replica $n ready, database reachable (/readyz)" 60 ready "${PROJECT}_bot_$n"
done
answer=$(podman exec "${PROJECT}_bot_2" node dist/cli.js ask "How long did the call between Trump and Putin last?") ||
  fail "ask in replica 2: $answer"
grep -q lasted <<<"$answer" || fail "ask in replica 2 did not answer from the database: $answer"
say "ok: replica 2 answered from PostgreSQL: $(head -n1 <<<"$answer" | cut -c1-90)"
for n in 1 2; do
  t=$(date +%s%N)
  podman stop --time 10 "${PROJECT}_bot_$n" >/dev/null 2>&1
  ms=$((($(date +%s%N) - t) / 1000000))
  code=$(podman inspect --format '{{.State.ExitCode}}' "${PROJECT}_bot_$n")
  ((ms < 5000)) && [[ $code == 0 ]] || fail "replica $n stopped in ${ms} ms with code $code (limit 5000 ms, code 0)"
  say "ok: replica $n stopped in ${ms} ms with code 0"
done
say "OK"
