#!/usr/bin/env bash
# Runs the whole test suite on PostgreSQL.
#
# Usage: scripts/test-postgres.sh [pytest args...]
#
# Which PostgreSQL, first that fits:
#   1. the server in DATABASE_URL, when it is set (a postgres:// URL);
#   2. a local server on the default socket or port (PGHOST/PGPORT if set, else
#      /var/run/postgresql, /tmp, then localhost; port 5432), if pg_isready answers there,
#      as the first role of "the current user, postgres" that may CREATE DATABASE;
#   3. a throwaway cluster: initdb and pg_ctl on a temporary directory (listening only on
#      a Unix socket there, on a free port number), stopped and removed on exit.
#      As root, the cluster runs as the unprivileged user postgres (or nobody): initdb
#      refuses root. When PostgreSQL's programs are missing, Debian's postgresql is installed.
#
# pytest-django creates test_<name> and drops it at the end; in cases 2 and 3 the name
# carries this process's id, so runs side by side on one server don't collide.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
python=${PYTHON_FOR_PROBE:-$root/.venv/bin/python}
db_name="lantern_$$"

run_pytest() { # LABEL, then pytest args
  local label=$1
  shift
  "$here/pytest-run.sh" "PostgreSQL ($label)" "$@"
}

pg_program() { # NAME: a PostgreSQL program from PATH, else from the newest /usr/lib/postgresql/*/bin
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  while read -r dir; do
    if [[ -x $dir/$name ]]; then
      echo "$dir/$name"
      return 0
    fi
  done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
  return 1
}

urlencode() { # a socket directory as a URL host: /var/run/postgresql -> %2Fvar%2Frun%2Fpostgresql
  local s=$1
  echo "${s//\//%2F}"
}

may_create_databases() { # HOST PORT ROLE: connects, and the role may create databases
  "$python" - "$@" <<'PY'
import sys

import psycopg

host, port, role = sys.argv[1:]
try:
    with psycopg.connect(
        host=host, port=port, user=role, dbname="postgres", connect_timeout=5
    ) as conn:
        row = conn.execute(
            "select rolsuper or rolcreatedb from pg_roles where rolname = current_user"
        ).fetchone()
except Exception as error:  # noqa: BLE001 - any failure means "not this role"
    print(f"  {role}@{host}:{port}: {str(error).strip().splitlines()[0]}", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if row and row[0] else 1)
PY
}

# --- 1. The server in DATABASE_URL -------------------------------------------------------
if [[ -n ${DATABASE_URL:-} ]]; then
  case $DATABASE_URL in
    postgres://* | postgresql://* | pgsql://*) ;;
    *)
      echo "DATABASE_URL is not a postgres:// URL; unset it to let this script find PostgreSQL." >&2
      exit 2
      ;;
  esac
  shown=$(sed -E 's#://([^:@/]*):[^@/]*@#://\1:***@#' <<<"$DATABASE_URL")
  echo "PostgreSQL: the server in DATABASE_URL ($shown)"
  run_pytest "DATABASE_URL" "$@"
  exit $?
fi

# --- 2. A local server on the default socket or port -------------------------------------
if pg_isready=$(pg_program pg_isready); then
  port=${PGPORT:-5432}
  if [[ -n ${PGHOST:-} ]]; then
    hosts=("$PGHOST")
  else
    hosts=(/var/run/postgresql /tmp localhost)
  fi
  for host in "${hosts[@]}"; do
    if ! "$pg_isready" -q -h "$host" -p "$port" -t 5; then
      continue
    fi
    for role in "$(id -un)" postgres; do
      if may_create_databases "$host" "$port" "$role"; then
        if [[ $host == /* ]]; then url_host=$(urlencode "$host"); else url_host=$host; fi
        export DATABASE_URL="postgres://$role@$url_host:$port/$db_name"
        echo "PostgreSQL: the local server at $host port $port, as role $role (test database test_$db_name)"
        "$pg_isready" -h "$host" -p "$port" || true
        run_pytest "local server, $host:$port as $role" "$@"
        exit $?
      fi
    done
    echo "PostgreSQL at $host port $port answers, but neither $(id -un) nor postgres may create databases there."
  done
fi

# --- 3. A throwaway cluster --------------------------------------------------------------
if ! initdb=$(pg_program initdb); then
  echo "PostgreSQL's initdb is missing: installing Debian's postgresql."
  "$here/apt-install.sh" postgresql
  initdb=$(pg_program initdb) || {
    echo "initdb is still missing after installing postgresql." >&2
    exit 1
  }
fi
bindir=$(dirname "$(readlink -f "$initdb")")
pg_ctl=$bindir/pg_ctl
[[ -x $pg_ctl ]] || pg_ctl=$(pg_program pg_ctl)

if [[ $(id -u) -eq 0 ]]; then
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  tmp=$(mktemp -d /tmp/lantern-pg.XXXXXX)
  chown "$owner" "$tmp"
  as_owner() {
    if command -v runuser >/dev/null 2>&1; then
      (cd "$tmp" && runuser -u "$owner" -- "$@")
    else
      (cd "$tmp" && su -s /bin/sh "$owner" -c "$(printf '%q ' "$@")")
    fi
  }
else
  owner=$(id -un)
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/lantern-pg.XXXXXX")
  as_owner() { (cd "$tmp" && "$@"); }
fi

cleanup() {
  if [[ -f $tmp/data/postmaster.pid ]]; then
    as_owner "$pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "PostgreSQL: a throwaway cluster ($("$initdb" --version)) in $tmp, port $port, run by $owner"
as_owner "$initdb" -D "$tmp/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
  --no-sync >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}
# Only a Unix socket in the temporary directory; durability is of no use to a throwaway.
as_owner "$pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $tmp -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || {
  cat "$tmp/data/server.log" >&2
  exit 1
}
export DATABASE_URL="postgres://postgres@$(urlencode "$tmp"):$port/$db_name"
set +e
run_pytest "throwaway cluster" "$@"
rc=$?
set -e
exit "$rc"
