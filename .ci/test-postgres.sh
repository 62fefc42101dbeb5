#!/usr/bin/env bash
# Checks .ci/postgres.sh on this machine without disturbing its PostgreSQL: the running
# cluster on 5432 is only looked at; the other cases use throw-away clusters on spare
# ports, dropped at the end. Needs root and Debian's postgresql-common; skips otherwise.
# Run: bash .ci/test-postgres.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || ! command -v pg_createcluster >/dev/null 2>&1; then
  echo "skipped: needs root and Debian's postgresql-common"
  exit 0
fi

log() { printf '  [postgres.sh] %s\n' "$*"; }
apt_install() { echo "FAIL: tried to install $*"; exit 1; }
# shellcheck source=.ci/postgres.sh
. .ci/postgres.sh

fail() { echo "FAIL: $*"; exit 1; }
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
root=$(mktemp -d /tmp/dmw-ci-pgtest.XXXXXX)
chmod 755 "$root"
CI_CLUSTER="dmw-ci-test-$$"
foreign="dmw-foreign-test-$$"
cleanup() {
  pg_dropcluster --stop "$version" "$CI_CLUSTER" 2>/dev/null || true
  pg_dropcluster --stop "$version" "$foreign" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

hba_sums() { pg_lsclusters -h | awk '{print $1 "/" $2}' | while read -r c; do sha256sum "/etc/postgresql/$c/pg_hba.conf"; done; }
port_is_free() { ! pg_lsclusters -h | awk '{print $3}' | grep -qx "$1" && ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; for p in $(seq "$1" "$(($1 + 200))"); do port_is_free "$p" && { echo "$p"; return; }; done; fail "no free port from $1"; }
system_id() { psql -h 127.0.0.1 -p "$1" -U postgres -w -d postgres -tAc 'select system_identifier from pg_control_system()'; }

echo "1. PostgreSQL already answering on 5432: used as it is"
clusters_before=$(pg_lsclusters -h)
sums_before=$(hba_sums)
PG_PORT=5432 CI_PGROOT="$root" ensure_postgres || fail "the running PostgreSQL was not accepted"
[ "$(pg_lsclusters -h)" = "$clusters_before" ] || fail "clusters changed"
[ "$(hba_sums)" = "$sums_before" ] || fail "a pg_hba.conf changed"
[ -z "$(ls -A "$root")" ] || fail "files written to $root"

echo "2. nothing on the port: .ci/run creates, marks and starts its own trust cluster; later it starts that one again"
port=$(free_port 55432)
PG_PORT=$port CI_PGROOT="$root" ensure_postgres || fail "no cluster of its own"
pg_lsclusters -h | awk -v p="$port" '$3 == p {print $2, $6}' | grep -qx "$CI_CLUSTER $root/$version/data" || fail "cluster not where expected"
[ -f "$root/$version/created-by-ci-run" ] || fail "no marker file"
first=$(system_id "$port")
pg_ctlcluster --skip-systemctl-redirect "$version" "$CI_CLUSTER" stop
PG_PORT=$port CI_PGROOT="$root" ensure_postgres || fail "its own cluster was not started again"
[ "$(system_id "$port")" = "$first" ] || fail "the cluster was created anew instead of started"
[ "$(pg_lsclusters -h | awk -v p="$port" '$3 == p' | wc -l)" = 1 ] || fail "more than one cluster on port $port"

echo "3. a stopped cluster .ci/run did not create, wanting a password: started untouched, then refused"
port2=$(free_port $((port + 1)))
pg_createcluster --port "$port2" "$version" "$foreign" >/dev/null
sum=$(sha256sum "/etc/postgresql/$version/$foreign/pg_hba.conf")
conf=$(sha256sum "/etc/postgresql/$version/$foreign/postgresql.conf")
if output=$(PG_PORT=$port2 CI_PGROOT="$root/other" ensure_postgres 2>&1); then fail "accepted a cluster that asks for a password"; fi
echo "$output"
grep -q 'does not edit a cluster it did not create' <<<"$output" || fail "no explanation"
[ "$(sha256sum "/etc/postgresql/$version/$foreign/pg_hba.conf")" = "$sum" ] || fail "pg_hba.conf of $foreign changed"
[ "$(sha256sum "/etc/postgresql/$version/$foreign/postgresql.conf")" = "$conf" ] || fail "postgresql.conf of $foreign changed"
[ ! -e "$root/other" ] || fail "created a cluster of its own next to $foreign"

echo "ok"
