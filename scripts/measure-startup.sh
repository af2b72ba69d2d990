#!/usr/bin/env bash
# Measures a built binary under Xvfb: time from process start to the UI reporting itself
# interactive (the app logs it), and the memory of its process tree 3 s after start
# (RSS and PSS summed over the app, WebKitWebProcess and WebKitNetworkProcess).
# Usage: scripts/measure-startup.sh [path/to/binary] [runs]
set -euo pipefail
bin=${1:-target/release/e-reputation-medecin}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1
for i in $(seq "$runs"); do
  rm -rf "$tmp/data" "$tmp/home"; mkdir -p "$tmp/home"
  DISPLAY=:77 HOME="$tmp/home" ERM_DATA_DIR="$tmp/data" "$bin" >"$tmp/log" 2>&1 &
  app=$!
  sleep 3
  pids=$(pstree -pT "$app" | grep -o '([0-9]\+)' | tr -d '()')
  rss=0; pss=0
  for p in $pids; do
    r=$(awk '/^Rss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    s=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    rss=$((rss + ${r:-0})); pss=$((pss + ${s:-0}))
  done
  ready=$(grep -o 'prête en [0-9.]* s' "$tmp/log" || echo "prête en ? s")
  echo "run $i: $ready; processes: $(echo $pids | wc -w); RSS $((rss / 1024)) MiB; PSS $((pss / 1024)) MiB"
  kill "$app"; wait "$app" 2>/dev/null || true
done
