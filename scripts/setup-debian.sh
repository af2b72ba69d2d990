#!/usr/bin/env bash
# Installs what building, running and testing E-Réputation Médecin needs on Debian 12 / Ubuntu 22.04+.
# Idempotent: installs only what is missing. Usage: scripts/setup-debian.sh [--test]
#   (no flag)  what the app needs to build and run: Rust toolchain check, WebKitGTK 4.1 and friends;
#   --test     also Xvfb, WebKitWebDriver, poppler-utils, qpdf and tauri-driver for the test suite.
set -euo pipefail

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

packages=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libayatana-appindicator3-dev librsvg2-dev curl file)
if (( want_test )); then
  packages+=(xvfb xauth webkit2gtk-driver poppler-utils qpdf imagemagick)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
(( EUID != 0 )) && command -v sudo >/dev/null && sudo="sudo"

if (( ${#missing[@]} )); then
  if ! command -v apt-get >/dev/null; then
    echo "This script needs apt (Debian/Ubuntu). Install these packages by hand: ${missing[*]}" >&2
    exit 1
  fi
  if (( EUID != 0 )); then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Missing packages and no root or sudo: as root, run: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "==> Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), version 1.90 or newer, then run this again." >&2
  exit 1
fi

if (( want_test )) && [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  # axe-core: the accessibility audit the end-to-end tests inject into each screen.
  if ! command -v npm >/dev/null; then
    echo "==> Installing Node.js and npm (for the accessibility audit)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  echo "==> Installing axe-core from the npm registry (npm ci)"
  npm ci --no-audit --no-fund
fi

if (( want_test )) && ! command -v tauri-driver >/dev/null; then
  echo "==> Installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --version '^2' --locked
fi
