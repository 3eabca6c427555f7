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

bind=${TONGBAN_BIND:-127.0.0.1:8000}
base="http://$bind"
cat <<MSG

通办 Tongban 已启动 / is running:
  门户 Portal        $base/
  工作台 Workbench   $base/workbench/
  管理后台 Admin     $base/admin/
  接口文档 API docs  $base/api/v1/docs
演示账户见 README.md / demo accounts are listed in README.md. Ctrl+C 停止 / to stop.

MSG
exec $tongban serve --bind "$bind"
