#!/usr/bin/env bash
# Builds the bot's container image with Podman on this machine and proves that it boots:
# runs it with host networking against the local PostgreSQL and Redis (as for the tests)
# and the Discord emulator, and checks that it runs as a non-root user, registers its
# commands, answers a slash command, reports healthy, writes a backup to its volume and
# exits 0 on SIGTERM within 10 s (scripts/container-smoke.ts). Prints the build time, the
# image size and the start-to-ready time. Too slow for .ci/run; run it on purpose:
#
#   bash scripts/container-smoke.sh
#
# Idempotent: what it installs, builds and imports is kept and reused on the next run.
# Needs root (rootful Podman), `npm ci` done, PostgreSQL on 127.0.0.1:5432 (user postgres,
# trust) and Redis on 127.0.0.1:6379 as for the tests.
#
# Two things this machine needs (found here, see README "Hosting with Docker or Podman"):
# - Podman's default runtime crun fails on this host's cgroups: runc is installed and used;
# - containers get explicit ulimits (nofile, nproc 1024).
# Base images cannot be pulled here, so the Node base image the Dockerfile names is made
# locally: a Debian bookworm root file system from debootstrap (minbase), with this
# machine's Node 20 and npm copied in and the `node` user (uid 1000) of the official image,
# imported and tagged with that name; the build then runs with --pull=never.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR=${DMW_SMOKE_CACHE_DIR:-/var/cache/dmw-container-smoke}
DEBIAN_MIRROR=${DMW_SMOKE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_BASE_IMAGE=docker.io/library/node:20-bookworm-slim
IMAGE=${DMW_SMOKE_IMAGE:-localhost/dmw-raid-bot:smoke}
RUNTIME=(--runtime runc)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

log() { printf '[container-smoke] %s\n' "$*"; }
fail() { printf '[container-smoke] FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (rootful Podman)"
grep -q "FROM \${NODE_IMAGE}" Dockerfile && grep -q "^ARG NODE_IMAGE=node:20-bookworm-slim$" Dockerfile \
  || fail "the Dockerfile no longer builds FROM node:20-bookworm-slim; update NODE_BASE_IMAGE here"

# --- tools -------------------------------------------------------------------------
missing=()
for tool in podman runc debootstrap podman-compose; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d node_modules ] || fail "run npm ci first (the smoke test drives the emulator from this checkout)"
node_version=$(node --version)
case "$node_version" in v20.*) ;; *) fail "this machine's Node is $node_version; the stand-in base image needs Node 20" ;; esac

# --- stand-in for node:20-bookworm-slim ---------------------------------------------
mkdir -p "$CACHE_DIR"
minbase="$CACHE_DIR/bookworm-minbase"
if [ ! -f "$minbase/.debootstrap-complete" ]; then
  log "debootstrap --variant=minbase bookworm (a few minutes, once)"
  rm -rf "$minbase.partial"
  debootstrap --variant=minbase bookworm "$minbase.partial" "$DEBIAN_MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 \
    || fail "debootstrap failed, see $CACHE_DIR/debootstrap.log"
  rm -rf "$minbase" && mv "$minbase.partial" "$minbase"
  touch "$minbase/.debootstrap-complete"
fi

base_label=$(podman image inspect "$NODE_BASE_IMAGE" --format '{{index .Labels "dmw.smoke.node"}}' 2>/dev/null || true)
if [ "$base_label" != "$node_version" ]; then
  log "making $NODE_BASE_IMAGE from the minbase root file system and Node $node_version"
  stage="$CACHE_DIR/node-rootfs"
  rm -rf "$stage" && cp -a "$minbase" "$stage" && rm -f "$stage/.debootstrap-complete"
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  install -m 0755 "$node_bin" "$stage/usr/local/bin/node"
  mkdir -p "$stage/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$stage/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
  # The official image's unprivileged user.
  chroot "$stage" groupadd --gid 1000 node
  chroot "$stage" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$stage/var/cache/apt/archives/"*.deb "$stage/var/lib/apt/lists/"*
  # A network that intercepts TLS (this machine's does) needs its CA for npm ci in the
  # build: the host's NODE_EXTRA_CA_CERTS goes into the stand-in, the Dockerfile stays as is.
  ca_change=()
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    install -m 0644 "$NODE_EXTRA_CA_CERTS" "$stage/usr/local/share/host-ca-certificates.crt"
    ca_change=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca-certificates.crt')
  fi
  tar -C "$stage" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "${ca_change[@]}" \
    --change 'CMD ["node"]' \
    --change "LABEL dmw.smoke.node=$node_version" \
    - "$NODE_BASE_IMAGE" >/dev/null
  rm -rf "$stage"
fi

# --- the image ------------------------------------------------------------------------
build_args=(--runtime runc --format docker --pull=never "${ULIMITS[@]}" -t "$IMAGE")
# DMW_SMOKE_NO_CACHE=1 measures a build from nothing (layers of earlier runs are reused otherwise).
[ "${DMW_SMOKE_NO_CACHE:-0}" = 1 ] && build_args+=(--no-cache)
log "podman build ${build_args[*]} ."
build_started=$SECONDS
podman build "${build_args[@]}" . >"$CACHE_DIR/build.log" 2>&1 || { tail -40 "$CACHE_DIR/build.log" >&2; fail "podman build failed, see $CACHE_DIR/build.log"; }
build_seconds=$((SECONDS - build_started))
image_bytes=$(podman image inspect "$IMAGE" --format '{{.Size}}')
base_bytes=$(podman image inspect "$NODE_BASE_IMAGE" --format '{{.Size}}')
[ "$(podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck.Test}}')" = '["CMD","node","dist/healthcheck.js"]' ] \
  || fail "the image has no HEALTHCHECK (built without --format docker?)"

# --- docker-compose.yml as podman-compose reads it ------------------------------------
# podman-compose has no `config`; --dry-run prints the podman commands `up` would run
# (it does create the volumes and the network, which are removed again right after).
compose_dir=$(mktemp -d)
compose_project=dmw-smoke-compose
cp docker-compose.yml Dockerfile "$compose_dir/"
printf 'DISCORD_TOKEN=smoke\nPOSTGRES_PASSWORD=%s\nDASHBOARD_TOKEN=%s\n' "$(openssl rand -hex 16)" "$(openssl rand -hex 24)" >"$compose_dir/.env"
compose_out=$(cd "$compose_dir" && podman-compose -p "$compose_project" --dry-run up --no-build -d 2>&1) || { echo "$compose_out" >&2; fail "podman-compose could not read docker-compose.yml"; }
podman volume ls -q --filter "label=io.podman.compose.project=$compose_project" | xargs -r podman volume rm >/dev/null
podman network rm "${compose_project}_default" >/dev/null 2>&1 || true
rm -rf "$compose_dir"
for expected in "-v ${compose_project}_postgres-data:/var/lib/postgresql/data" "postgres:15" \
  "-v ${compose_project}_redis-data:/data" "redis-server --appendonly yes" \
  "--env-file $compose_dir/.env" "-v ${compose_project}_backups:/var/lib/dmw/backups" "-p 127.0.0.1:3000:3000" "dmw-raid-bot:latest"; do
  grep -qF -- "$expected" <<<"$compose_out" || { echo "$compose_out" >&2; fail "podman-compose would not run '$expected'"; }
done
[ "$(grep -c -- '--restart unless-stopped' <<<"$compose_out")" = 3 ] || fail "podman-compose does not restart all three services"
[ "$(grep -c -- '--healthcheck-command' <<<"$compose_out")" = 3 ] || fail "podman-compose does not health-check all three services"
log "ok: podman-compose reads docker-compose.yml (volumes, loopback port, .env, restart policies, health checks)"

# --- boot it --------------------------------------------------------------------------
pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL does not answer on 127.0.0.1:5432 (start it as for the tests: bash .ci/run does)"
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ] || fail "Redis does not answer on 127.0.0.1:6379"
node -r ./scripts/register-ts.js scripts/container-smoke.ts "$IMAGE" | tee "$CACHE_DIR/run.log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the image did not pass (see above)"

printf 'figure: image build: %d s%s\n' "$build_seconds" "$([ "${DMW_SMOKE_NO_CACHE:-0}" = 1 ] && echo ' (without cached layers)' || true)"
printf 'figure: image size: %d MB (base %d MB, bot layers %d MB)\n' $((image_bytes / 1000000)) $((base_bytes / 1000000)) $(((image_bytes - base_bytes) / 1000000))
log "passed"
