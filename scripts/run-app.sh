#!/usr/bin/env bash
# Builds and starts E-Réputation Médecin (installs missing prerequisites first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
exec cargo run --release --features custom-protocol -p e-reputation-medecin "$@"
