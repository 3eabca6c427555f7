#!/usr/bin/env bash
# 运行全部测试 / the whole suite: lint, then every test on SQLite, then again on a fresh
# throwaway PostgreSQL database when one answers on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
scripts/browser.sh

.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench

# One worker per core (pytest-xdist); a file's tests stay together so its module fixtures are
# built once. TONGBAN_TEST_WORKERS=0 runs everything in this process.
workers=(-n "${TONGBAN_TEST_WORKERS:-$(nproc)}" --dist loadfile)

echo "== 测试：SQLite / tests on SQLite =="
env -u DATABASE_URL .venv/bin/pytest -p no:cacheprovider "${workers[@]}" "$@"

pg_host=${TONGBAN_TEST_PG_HOST:-127.0.0.1}
pg_port=${TONGBAN_TEST_PG_PORT:-5432}
if .venv/bin/python - "$pg_host" "$pg_port" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError:
    sys.exit(1)
PY
then
  # pytest-django creates test_<name> and drops it at the end: a fresh database for every run.
  name="tongban_$(date +%s)_$$"
  echo "== 测试：PostgreSQL ${pg_host}:${pg_port} / tests on PostgreSQL (database test_${name}) =="
  DATABASE_URL="postgres://${TONGBAN_TEST_PG_USER:-postgres}@${pg_host}:${pg_port}/${name}" \
    .venv/bin/pytest -p no:cacheprovider --create-db "${workers[@]}" "$@"
else
  echo "== PostgreSQL 未在 ${pg_host}:${pg_port} 响应，只运行了 SQLite / PostgreSQL not reachable: ran on SQLite only =="
fi
