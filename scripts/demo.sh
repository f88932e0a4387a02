#!/usr/bin/env bash
# Set everything up and build Demo kommune (synthetic data) in the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/trappa demo "$@"
# Then the web: the public staircase (and, later, the staff pages) on the demo municipality.
if [ "${TRAPPA_NO_SERVE:-}" != "1" ]; then
  exec .venv/bin/trappa serve --host 127.0.0.1 --port "${TRAPPA_PORT:-8000}"
fi
