#!/usr/bin/env bash
# Proves what the Docker image's runtime stage holds, without Docker: repeats the Dockerfile's
# steps in a temporary folder and checks that the result answers questions.
#
# KEEP IN SYNC with the Dockerfile: each step below carries the number of its Dockerfile step
# ([B1]… build stage, [R1]… runtime stage). A change to a RUN or COPY there needs the same
# change here, and the other way round.
#
#   bash scripts/check-runtime.sh          # about 1-2 minutes with a warm npm cache
#   CHECK_RUNTIME_KEEP=1 bash scripts/check-runtime.sh   # keep the temporary folder
#
# Needs git, python3, make, g++, npm 11 and the npm registry (or a warm npm cache: `npm ci`
# is offline-capable once the packages and the model tarball are cached). Exits non-zero
# with a message saying which step failed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-runtime.XXXXXX")
chmod 755 "$WORK"
CTX=$WORK/build    # the build stage's /app
RT=$WORK/runtime   # the runtime stage's /app
STARTED=$SECONDS
T0=$SECONDS

cleanup() {
  if [[ "${CHECK_RUNTIME_KEEP:-0}" == 1 ]]; then echo "check-runtime: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
  echo "check-runtime: FAILED: $*" >&2
  exit 1
}
step() {
  echo "check-runtime: [$((SECONDS - STARTED))s] $*"
  T0=$SECONDS
}
took() { echo "check-runtime:   done in $((SECONDS - T0))s"; }

# Runs a command in the runtime folder the way the container does: a clean environment, the
# image's ENV, and a non-root user when this script runs as root (files owned by root are
# then read-only to it, as in the image).
as_bot() {
  local env=(PATH="$PATH" HOME="$RT" NODE_ENV=production INDEX_DIR="$RT/index-data" HTTP_PORT=8080 LOG_LEVEL=warn)
  if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
    (cd "$RT" && setpriv --reuid=65534 --regid=65534 --clear-groups env -i "${env[@]}" "$@")
  else
    (cd "$RT" && env -i "${env[@]}" "$@")
  fi
}

command -v git >/dev/null || fail "git is needed to list the repository's files"
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || fail "$REPO is not a git work tree"

# ------------------------------------------------------------------------------ build stage
step "[B1] toolchain for hnswlib-node (python3, make, g++)"
for tool in python3 make g++; do
  command -v "$tool" >/dev/null || fail "[B1] $tool is missing (the Dockerfile installs it with apt-get)"
done

step "[B2] npm 11 (the Dockerfile installs npm@11.19.1)"
NPM_VERSION=$(npm --version 2>/dev/null) || fail "[B2] npm is missing"
[[ ${NPM_VERSION%%.*} -ge 11 ]] || fail "[B2] npm $NPM_VERSION is too old: package.json \"allowScripts\" needs npm 11 (npm install -g npm@11.19.1)"
echo "check-runtime:   node $(node --version), npm $NPM_VERSION"

step "[B3] ONNXRUNTIME_NODE_INSTALL_CUDA=skip; node-gyp uses the running Node's headers"
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
NODE_PREFIX=$(node -p "require('node:path').resolve(process.execPath, '..', '..')")
[[ -f $NODE_PREFIX/include/node/node.h ]] || fail "[B3] no Node headers in $NODE_PREFIX/include/node (node-gyp would download them)"
export npm_config_nodedir=$NODE_PREFIX

step "[B4] build context: the repository's files (tracked and untracked, not ignored) less .dockerignore"
mkdir -p "$CTX"
(
  cd "$REPO"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -
) | tar -xf - -C "$CTX" || fail "[B4] could not copy the repository"
(
  cd "$CTX"
  shopt -s nullglob dotglob
  while IFS= read -r pattern || [[ -n $pattern ]]; do
    pattern=${pattern%$'\r'}
    [[ -z $pattern || $pattern == \#* ]] && continue
    # shellcheck disable=SC2206 # the pattern is meant to glob
    matches=($pattern)
    for m in "${matches[@]}"; do rm -rf -- "$m"; done
  done <"$REPO/.dockerignore"
)
echo "check-runtime:   $(find "$CTX" -type f | wc -l) files"

step "[B5] npm ci (postinstall fetches and checks the model; prepare builds dist/)"
(cd "$CTX" && npm ci --no-audit --no-fund) >"$WORK/npm-ci.log" 2>&1 || {
  tail -n 40 "$WORK/npm-ci.log" >&2
  fail "[B5] npm ci failed (last lines above)"
}
[[ -f $CTX/node_modules/hnswlib-node/build/Release/addon.node ]] || fail "[B5] hnswlib-node's native addon was not built"
[[ -f $CTX/dist/cli.js ]] || fail "[B5] dist/cli.js was not built by prepare"
[[ -f $CTX/models/onnx-community/all-MiniLM-L6-v2-ONNX/onnx/model_q4.onnx ]] || fail "[B5] the embedding model was not installed in models/"
took

step "[B6] npm prune --omit=dev; drop other platforms' onnxruntime binaries and node-gyp objects"
(
  cd "$CTX" &&
    npm prune --omit=dev --no-audit --no-fund &&
    rm -rf node_modules/onnxruntime-node/bin/napi-v6/darwin node_modules/onnxruntime-node/bin/napi-v6/win32 \
      node_modules/hnswlib-node/build/Release/obj.target node_modules/hnswlib-node/build/Release/.deps
) >"$WORK/npm-prune.log" 2>&1 || {
  tail -n 40 "$WORK/npm-prune.log" >&2
  fail "[B6] npm prune failed"
}
[[ ! -e $CTX/node_modules/typescript && ! -e $CTX/node_modules/vitest ]] || fail "[B6] dev dependencies are still in node_modules"
took

# ---------------------------------------------------------------------------- runtime stage
step "[R1] runtime folder; index-data/ the only writable place"
mkdir -p "$RT/index-data"
[[ $(id -u) == 0 ]] && chown 65534:65534 "$RT/index-data"

step "[R2] copy exactly package.json node_modules dist models seeds prompts"
# Moved, not copied: the build folder is deleted just below, so the runtime folder ends up with
# the same files either way, and a rename saves copying ~475 MB (a few seconds).
for item in package.json node_modules dist models seeds prompts; do
  mv "$CTX/$item" "$RT/$item" || fail "[R2] $item is missing from the build stage"
done
echo "check-runtime:   runtime size $(du -sh "$RT" | cut -f1) (node_modules $(du -sh "$RT/node_modules" | cut -f1))"
# Nothing may still point into the build folder.
rm -rf "$CTX"
touch "$WORK/marker"
sleep 1

step "[R3] node dist/cli.js ask --json (first run builds the index from seeds/ into INDEX_DIR)"
as_bot node dist/cli.js ask --json "How long did the call between Trump and Putin last?" >"$WORK/ask.json" 2>"$WORK/ask.err" || {
  cat "$WORK/ask.err" >&2
  fail "[R3] ask exited non-zero"
}
node -e '
  const a = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  if (a.status !== "answered") { console.error("status is " + a.status); process.exit(1); }
  const q = a.excerpts.find((e) => e.quote.includes("lasted"));
  if (!q) { console.error("no quote contains \"lasted\": " + JSON.stringify(a.excerpts.map((e) => e.quote))); process.exit(1); }
  console.log("check-runtime:   answered; [" + q.n + "] \u201c" + q.quote + "\u201d (" + q.sourceId + "#" + q.paragraph + ")");
' "$WORK/ask.json" || { cat "$WORK/ask.err" >&2; fail "[R3] the answer is not the expected one (see above)"; }
took

step "[R3] printf '/ask …' | node dist/cli.js serve (console chat, index already built)"
printf '/ask How many drones did Russia launch after the call?\n' | as_bot node dist/cli.js serve >"$WORK/serve.out" 2>"$WORK/serve.err" || {
  cat "$WORK/serve.err" >&2
  fail "[R3] serve exited non-zero"
}
grep -q '140 drones' "$WORK/serve.out" || {
  cat "$WORK/serve.out" "$WORK/serve.err" >&2
  fail "[R3] the console answer does not mention \"140 drones\""
}
echo "check-runtime:   $(grep -m1 '140 drones' "$WORK/serve.out" | cut -c1-160)"
took

step "[R1] nothing written outside index-data/"
written=$(find "$RT" -newer "$WORK/marker" -not -path "$RT/index-data" -not -path "$RT/index-data/*" -not -type d | head -n 5)
[[ -z $written ]] || fail "[R1] the bot wrote outside index-data/ (read-only in the image): $written"
[[ -f $RT/index-data/CURRENT ]] || fail "[R3] no index was saved in INDEX_DIR"

step "[R4] the HEALTHCHECK command, against a stand-in /healthz"
HC_JSON=$(sed -n 's/^ *CMD \(\["node", "-e", .*\]\)$/\1/p' "$REPO/Dockerfile" | head -n 1)
[[ -n $HC_JSON ]] || fail "[R4] could not find the HEALTHCHECK command in the Dockerfile"
HC_CODE=$(node -e 'const a = JSON.parse(process.argv[1]); process.stdout.write(a[2]);' "$HC_JSON")
PORT=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
node -e '
  const http = require("node:http");
  const s = http.createServer((q, r) => { r.writeHead(q.url === "/healthz" ? 200 : 404); r.end("{}"); }).listen(+process.argv[1], "127.0.0.1");
  setTimeout(() => s.close(), 20000).unref();
  process.on("SIGTERM", () => process.exit(0));
' "$PORT" &
STUB=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
(cd "$RT" && env -i PATH="$PATH" HTTP_PORT="$PORT" node -e "$HC_CODE") || { kill "$STUB"; fail "[R4] the healthcheck failed against a healthy /healthz"; }
kill "$STUB"
wait "$STUB" 2>/dev/null || true
if (cd "$RT" && env -i PATH="$PATH" HTTP_PORT="$PORT" node -e "$HC_CODE"); then fail "[R4] the healthcheck passed with nothing listening"; fi

echo "check-runtime: OK in $((SECONDS - STARTED))s: the runtime stage's contents answer on the CLI and in the console chat"
