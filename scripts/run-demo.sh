#!/usr/bin/env bash
# Set everything up, create the demo tender, and open the window on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/svdesk demo
exec .venv/bin/svdesk gui
