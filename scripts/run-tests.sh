#!/usr/bin/env bash
# Set everything up, then run the tests (offscreen). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bash scripts/test.sh "$@"
