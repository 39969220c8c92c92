#!/usr/bin/env bash
# Start a local PostgreSQL (Debian package) with a database for the tests; prints its URL.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >&2
pg_ctlcluster "$version" main start >&2 || true  # already running is fine
for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='sales'\" | grep -q 1 || psql -q -c \"CREATE ROLE sales LOGIN PASSWORD 'sales'\"" >&2
# CREATEDB: the cluster tests (tests/cluster) make an empty database of their own for each module.
su postgres -c "psql -q -c 'ALTER ROLE sales CREATEDB'" >&2
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='sales_test'\" | grep -q 1 || createdb -O sales sales_test" >&2
echo "postgresql+asyncpg://sales:sales@127.0.0.1:5432/sales_test"
