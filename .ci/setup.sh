#!/usr/bin/env bash
# Installs everything the dashboard and its tests need on a fresh Debian machine:
# Debian's chromium and Thai/emoji fonts (for PNG export and browser tests), LibreOffice Writer and
# poppler-utils (the tests render a generated DOCX to PDF and read its text) when missing, then a
# virtualenv in .venv with the package (editable) and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || missing+=(fonts-thai-tlwg)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# An editable install leaves the package's modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set (as on these machines) every `ita` command would compile them again: compile them once,
# as a regular install does.
.venv/bin/python -m compileall -q dashboard
