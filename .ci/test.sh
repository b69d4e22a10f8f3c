#!/usr/bin/env bash
# The test command: install what the tests need, then lint, check import rules, run every test
# (browser tests included; a browser that cannot start fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
