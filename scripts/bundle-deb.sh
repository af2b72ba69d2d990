#!/usr/bin/env bash
# The Debian package, recompressed with xz: the Tauri CLI (2.12) writes its .deb with gzip and
# has no option for another compressor; dpkg (every Debian and Ubuntu) reads xz packages, and the
# same files take 6.2 MiB instead of 8.6 (issue 19, size budget). The contents are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tauri build --bundles deb --features custom-protocol
target="${CARGO_TARGET_DIR:-target}"
for deb in "$target"/release/bundle/deb/*.deb; do
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    dpkg-deb -R "$deb" "$work/pkg"
    dpkg-deb --build -Zxz -z9 "$work/pkg" "$work/repacked.deb" >/dev/null
    mv "$work/repacked.deb" "$deb"
    echo "==> $deb: $(du -h "$deb" | cut -f1) (xz)"
done
