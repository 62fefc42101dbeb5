# PostgreSQL for CI; sourced by .ci/run (and .ci/test-postgres.sh), which define log and apt_install.
#
# - A PostgreSQL that answers on 127.0.0.1:$PG_PORT is used as it is.
# - Otherwise the cluster configured for that port is started. .ci/run never changes a
#   cluster it did not create (no pg_hba.conf edits): one that wants a password from
#   user postgres is reported, not "fixed".
# - Without any cluster on that port, .ci/run creates its own: named $CI_CLUSTER, data
#   directory $CI_PGROOT/<version>/data, trust authentication from initdb, and a marker
#   file $CI_PGROOT/<version>/$CI_MARKER. Only a cluster with all three is its own.
# - Installing PostgreSQL (when missing) keeps Debian from creating its 'main' cluster,
#   so a fresh machine gets the cluster above.

PG_PORT=${PG_PORT:-5432}
CI_CLUSTER=${CI_CLUSTER:-dmw-ci}
CI_PGROOT=${CI_PGROOT:-/var/lib/postgresql/dmw-ci}
CI_MARKER=created-by-ci-run

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
pg_lets_us_in() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -d postgres -tAc 'select 1' >/dev/null 2>&1; }

ci_datadir() { printf '%s/%s/data' "$CI_PGROOT" "$1"; }
ci_marker() { printf '%s/%s/%s' "$CI_PGROOT" "$1" "$CI_MARKER"; }

# is_ci_cluster <version> <name> <data directory>: the cluster .ci/run created itself?
is_ci_cluster() { [ "$2" = "$CI_CLUSTER" ] && [ "$3" = "$(ci_datadir "$1")" ] && [ -f "$(ci_marker "$1")" ]; }

# "<version> <name> <data directory>" of each cluster configured for $PG_PORT, .ci/run's own first.
clusters_on_port() {
  local version name datadir own=() others=()
  while read -r version name datadir; do
    if is_ci_cluster "$version" "$name" "$datadir"; then own+=("$version $name $datadir"); else others+=("$version $name $datadir"); fi
  done < <(pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $6 }')
  if [ "${#own[@]}" -gt 0 ]; then printf '%s\n' "${own[@]}"; fi
  if [ "${#others[@]}" -gt 0 ]; then printf '%s\n' "${others[@]}"; fi
}

install_postgres() {
  log "installing PostgreSQL (without Debian's default cluster)"
  apt_install postgresql-common || return 1
  # Our own fresh install: no 'main' cluster (peer/scram authentication); .ci/run creates its own.
  sed -i 's/^#\?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  apt_install postgresql postgresql-client
}

create_ci_cluster() {
  local version=$1
  log "creating PostgreSQL cluster $version/$CI_CLUSTER in $(ci_datadir "$version") (port $PG_PORT, trust authentication)"
  mkdir -p "$CI_PGROOT/$version" || return 1
  chown postgres:postgres "$CI_PGROOT" "$CI_PGROOT/$version" || return 1
  pg_createcluster --datadir "$(ci_datadir "$version")" --port "$PG_PORT" "$version" "$CI_CLUSTER" -- --auth=trust >/dev/null || return 1
  # Written only once the cluster exists: the marker is what makes it .ci/run's own.
  touch "$(ci_marker "$version")"
}

ensure_postgres() {
  if pg_up; then
    log "PostgreSQL answers on 127.0.0.1:$PG_PORT; using it as it is"
  else
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then install_postgres || return 1; fi
    local version name datadir line
    line=$(clusters_on_port | head -n 1)
    if [ -z "$line" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      create_ci_cluster "$version" || return 1
      line="$version $CI_CLUSTER $(ci_datadir "$version")"
    fi
    read -r version name datadir <<<"$line"
    if is_ci_cluster "$version" "$name" "$datadir"; then
      log "starting PostgreSQL $version/$name (created by .ci/run)"
    else
      log "starting PostgreSQL $version/$name as it is (.ci/run changes no cluster it did not create)"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  if ! pg_up; then
    log "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
    return 1
  fi
  if ! pg_lets_us_in; then
    log "PostgreSQL on 127.0.0.1:$PG_PORT does not let user postgres in without a password, which the tests need;" \
      ".ci/run does not edit a cluster it did not create: allow it yourself (pg_hba.conf: host all postgres 127.0.0.1/32 trust)" \
      "or move that cluster to another port so .ci/run creates its own"
    return 1
  fi
}
