#!/usr/bin/env bash
# Shared by scripts/up.sh and scripts/test.sh: a virtual environment in .venv with the locked
# dependencies and Tongban installed in it. Re-running changes nothing when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "通办需要 Python 3.11 或更高版本 / Tongban needs Python 3.11+ ($PYTHON)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.tongban-installed
wanted=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e ".[dev]"
  echo "$wanted" > "$stamp"
fi

# Official-document PDFs (tongban.core.documents) embed Noto Serif CJK SC from Debian's
# fonts-noto-cjk unless TONGBAN_PDF_FONT names another font: install it when it is missing.
if [ -z "${TONGBAN_PDF_FONT:-}" ] && [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装公文 PDF 所用中文字体 / installing the CJK font for PDF documents (apt-get fonts-noto-cjk)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "公文 PDF 需要中文字体：请安装 fonts-noto-cjk 或设置 TONGBAN_PDF_FONT / PDF documents need a CJK font: install fonts-noto-cjk or set TONGBAN_PDF_FONT" >&2
  fi
fi
