#!/usr/bin/env bash
# A real PostgreSQL for the hub tests (Debian, as root): a running cluster, a role and a database.
# Both come from $KIOSK_TEST_PG_DSN (postgresql://USER:PASSWORD@127.0.0.1:PORT/DB). Safe to run again.
set -euo pipefail
DSN="${KIOSK_TEST_PG_DSN:-postgresql://kiosk_test:kiosk_test@127.0.0.1:5432/kiosk_test}"
if [[ ! "$DSN" =~ ^postgresql://([A-Za-z0-9_]+):([A-Za-z0-9_]+)@(127\.0\.0\.1|localhost):([0-9]+)/([A-Za-z0-9_]+)$ ]]; then
    echo "KIOSK_TEST_PG_DSN must look like postgresql://USER:PASSWORD@127.0.0.1:PORT/DB (letters, digits, _)" >&2
    exit 2
fi
ROLE="${BASH_REMATCH[1]}" PASSWORD="${BASH_REMATCH[2]}" PORT="${BASH_REMATCH[4]}" DB="${BASH_REMATCH[5]}"

export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_lsclusters >/dev/null; then
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# The Debian package creates a cluster "main"; a machine that lost it gets a new one.
if [ -z "$(pg_lsclusters -h)" ]; then
    pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main
fi
read -r VERSION CLUSTER CLUSTER_PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
if [ "$CLUSTER_PORT" != "$PORT" ]; then
    echo "the PostgreSQL cluster $VERSION/$CLUSTER listens on port $CLUSTER_PORT, not $PORT" >&2
    exit 2
fi
# No init system on a CI machine: pg_ctlcluster starts the server as the postgres user.
if [ "$STATUS" != "online" ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.2; done

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
else
    psql_admin -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi
pg_lsclusters
