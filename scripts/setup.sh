#!/usr/bin/env bash
# Set up svdesk on a fresh Debian/Ubuntu machine: system packages, then a virtual
# environment in .venv with svdesk and its development tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
