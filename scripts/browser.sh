#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# is not used). Install it, with CJK fonts so Chinese pages render, when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "请安装 chromium 与 fonts-noto-cjk / please install chromium and fonts-noto-cjk" >&2
  exit 1
fi
echo "安装 Chromium 与中文字体 / installing Chromium and CJK fonts (apt-get)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
