#!/usr/bin/env bash
# Set everything up and build Demo kommune (synthetic data) in the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/trappa demo "$@"
