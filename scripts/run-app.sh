#!/usr/bin/env bash
# Builds and starts E-Réputation Médecin (installs missing prerequisites first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# A debug build: a few minutes cold and seconds after an edit (the UI is embedded either way).
# The installer (README, "Building the installer") is the optimised release build.
exec cargo run -p e-reputation-medecin "$@"
