# syntax=docker/dockerfile:1
#
# newsroom-bot. Two stages:
#   build    installs everything from the lockfile (dev dependencies, hnswlib-node's native
#            addon compiled by node-gyp, the bundled embedding model fetched and sha256-checked
#            by the postinstall script), compiles dist/, then prunes the dev dependencies;
#   runtime  node:20-bookworm-slim with only what the bot needs, as a non-root user.
#
# KEEP IN SYNC with scripts/check-runtime.sh. That script repeats these steps without Docker
# (step for step, same numbers [B1]… [R4]) and proves that the runtime stage's contents answer
# questions. A change to a RUN or COPY here needs the same change there, and the other way round.
#
#   docker build -t newsroom-bot .
#   bash scripts/build-image.sh                             # podman, no registry: builds and checks it
#   docker run -d -v newsroom-index:/app/index-data -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… -p 3000:3000 newsroom-bot
#   docker run --rm -it newsroom-bot                       # no tokens: the console chat (needs -it)
#   docker run --rm newsroom-bot node dist/cli.js ask "How long did the call last?"

ARG NODE_MAJOR=20

############################################################################ build
FROM node:${NODE_MAJOR}-bookworm AS build

# [B1] A C++ toolchain for hnswlib-node (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# [B2] npm 11 reads package.json "allowScripts" (onnxruntime-node's and sharp's install scripts
# are not run; hnswlib-node's build is). The image's npm 10 would run them all.
# The optional secret ca_bundle is an intercepting proxy's CA (scripts/build-image.sh's CA_BUNDLE,
# or `docker build --secret id=ca_bundle,src=corp.pem`): mounted for this step only, never a layer.
RUN --mount=type=secret,id=ca_bundle \
    if [ -s /run/secrets/ca_bundle ]; then export npm_config_cafile=/run/secrets/ca_bundle; fi \
 && npm install -g npm@11.19.1

# [B3] onnxruntime-node's install script would download CUDA files (belt and braces with
# allowScripts). node-gyp builds against the headers of the Node that runs it (its prefix,
# /usr/local here) instead of downloading them.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip \
    npm_config_nodedir=/usr/local

WORKDIR /app

# [B4] The build context (see .dockerignore).
COPY . .

# [B5] Dependencies from the lockfile. The root's postinstall (scripts/fetch-model.mjs) fetches
# the model from the npm registry into models/ and checks its sha256 sums; `prepare` runs
# `npm run build` (dist/).
# With ca_bundle (see [B2]) npm and the model fetch (Node's fetch) trust the proxy's CA too.
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=ca_bundle \
    if [ -s /run/secrets/ca_bundle ]; then export npm_config_cafile=/run/secrets/ca_bundle NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle; fi \
 && npm ci --no-audit --no-fund

# [B6] Drop the dev dependencies in place. `npm prune` keeps the addon hnswlib-node compiled
# in [B5] (node_modules/hnswlib-node/build/Release/addon.node); a second `npm ci --omit=dev
# --ignore-scripts` in a clean folder would not build it and would need the addon copied in by
# hand. Also drop what no Linux container loads: onnxruntime-node's macOS and Windows binaries
# (about 220 MB) and node-gyp's object files.
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v6/darwin node_modules/onnxruntime-node/bin/napi-v6/win32 \
           node_modules/hnswlib-node/build/Release/obj.target node_modules/hnswlib-node/build/Release/.deps

########################################################################## runtime
FROM node:${NODE_MAJOR}-bookworm-slim AS runtime

ENV NODE_ENV=production \
    INDEX_DIR=/app/index-data \
    HTTP_PORT=8080
WORKDIR /app

# [R1] A non-root user that may write only the index volume.
RUN groupadd --system --gid 10001 bot \
 && useradd --system --uid 10001 --gid bot --home-dir /app --no-create-home --shell /usr/sbin/nologin bot \
 && mkdir -p /app/index-data \
 && chown bot:bot /app/index-data

# [R2] Exactly these, owned by root (read-only to the bot).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY --from=build /app/seeds ./seeds
COPY --from=build /app/prompts ./prompts

USER bot

# [R3] The index (built from seeds/ on first start when empty).
VOLUME /app/index-data

# Slack's events on SLACK_PORT (public). Health and metrics on HTTP_PORT, bound to 127.0.0.1
# unless HTTP_HOST=0.0.0.0 opens them to an orchestrator's probes (docs/operations.md).
EXPOSE 8080 3000

# [R4] No curl in slim: node asks /healthz on HTTP_PORT, inside the container (loopback).
# The console mode serves no HTTP.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "const p=process.env.HTTP_PORT||8080;fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "dist/cli.js", "serve"]
