#!/usr/bin/env bash
# The whole test suite: unit, store, PDF, mock-runtime command tests and the end-to-end tests in
# the real window under Xvfb. Installs missing prerequisites first. No test is skipped here:
# ERM_E2E_REQUIRED=1 turns a missing display or driver into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# A clean checkout gains nothing from incremental compilation, and its caches roughly double
# target/ (a CI run once died of a full disk while linking the test binaries).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

echo "==> Building the application binary used by the end-to-end tests"
cargo build -p e-reputation-medecin

echo "==> Running every test (end-to-end ones in a virtual X display)"
export ERM_E2E_REQUIRED=1
exec xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace --all-targets
