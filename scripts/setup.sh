#!/usr/bin/env bash
# Install trappa and its dependencies into .venv (idempotent; safe to run again).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "trappa treng Python 3.11 eller nyare (fann $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
# WeasyPrint (PDF) draws text with Pango, a Debian library outside pip.
if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerer Pango (Debian-pakken) for PDF …" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >&2
  else
    echo "Pango manglar (for PDF): installer Debian-pakkane libpango-1.0-0 og libpangoft2-1.0-0." >&2
    exit 1
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.trappa-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi
# Bytecode for trappa's own modules, made now: an editable install has none, and where
# PYTHONDONTWRITEBYTECODE is set (as on some build machines) every command would compile them again
# (a third of a second). Only files that changed are compiled.
.venv/bin/python -m compileall -q src
