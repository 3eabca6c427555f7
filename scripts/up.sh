#!/usr/bin/env bash
# 一条命令启动通办 / one command: install, migrate the embedded SQLite database, load the demo
# data and serve. Safe to run again: nothing is duplicated.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-tongban.settings.dev}
tongban=.venv/bin/tongban
mkdir -p var
$tongban migrate --no-input -v 0
$tongban seed-demo
$tongban collectstatic --no-input -v 0

# The sandboxes stand in for the identity-verification service and the department systems;
# they stop when the platform stops.
$tongban sandbox idcheck --port "${TONGBAN_IDCHECK_PORT:-8701}" > var/sandbox-idcheck.log 2>&1 &
idcheck_pid=$!
$tongban sandbox departments --port "${TONGBAN_DEPARTMENTS_PORT:-8702}" \
  > var/sandbox-departments.log 2>&1 &
departments_pid=$!
trap 'kill $idcheck_pid $departments_pid 2>/dev/null' EXIT

bind=${TONGBAN_BIND:-127.0.0.1:8000}
base="http://$bind"
cat <<MSG

通办 Tongban 已启动 / is running:
  门户 Portal        $base/
  工作台 Workbench   $base/workbench/
  管理后台 Admin     $base/admin/
  接口文档 API docs  $base/api/v1/docs
  证照验真 Verify    $base/verify/
  沙箱 Sandboxes     实名核验 127.0.0.1:8701，部门系统 127.0.0.1:8702
演示账户见 README.md / demo accounts are listed in README.md. Ctrl+C 停止 / to stop.

MSG
$tongban serve --bind "$bind"
