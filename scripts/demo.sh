#!/usr/bin/env bash
# Set everything up and build Demo kommune (synthetic data) in a SQLite database of its own ($TRAPPA_HOME/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/trappa demo "$@"
# Then the web on the demo database: the public staircase and the staff pages of Demo kommune.
if [ "${TRAPPA_NO_SERVE:-}" != "1" ]; then
  exec .venv/bin/trappa --demo serve --host 127.0.0.1 --port "${TRAPPA_PORT:-8000}"
fi
