#!/usr/bin/env bash
# Start-up and memory of the app against the bare Tauri window of ../shared/bench/, alternated
# under one Xvfb, as ../shared/bench/perf-side-by-side.sh does, with two additions:
#  - SEED_DIR (optional): the app starts each run on a fresh copy of that data folder (a practice
#    made by `cargo run --release -p erm-usecases --example seed_practice -- DIR 10000`), so the
#    figure is the one of a doctor's daily start on the dashboard, not the first-run screen;
#  - the PSS of each process (the Rust process, WebKit's web and network processes) is printed
#    beside the total, to see which one a change moves.
# Usage: scripts/perf-side-by-side.sh APP_BIN BARE_BIN [runs] [SEED_DIR]
# Compare medians of one run only, on an otherwise idle machine.
set -u
app=$1; bare=$2; runs=${3:-7}; seed=${4:-}
tmp=$(mktemp -d)
Xvfb :95 -screen 0 1280x800x24 >/dev/null 2>&1 & xv=$!
trap 'kill $xv 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1
pss_of() { awk '/^Pss:/{print $2}' "/proc/$1/smaps_rollup" 2>/dev/null; }
measure() { # bin label seed
  rm -rf "$tmp/d" "$tmp/h"; mkdir -p "$tmp/h"
  if [ -n "$3" ]; then cp -r "$3" "$tmp/d"; fi
  DISPLAY=:95 HOME="$tmp/h" ERM_DATA_DIR="$tmp/d" "$1" >"$tmp/log" 2>&1 & local p=$!
  local t=0; while ! grep -aq 'prête en' "$tmp/log" && [ $t -lt 300 ]; do sleep 0.1; t=$((t+1)); done
  sleep 3
  local pids pss=0 parts=""
  pids=$(pstree -pT "$p" | grep -o '([0-9]\+)' | tr -d '()')
  for q in $pids; do
    local s; s=$(pss_of "$q"); pss=$((pss+${s:-0}))
    parts="$parts $(tr -d '\0' <"/proc/$q/comm" 2>/dev/null | cut -c1-12)=$(( ${s:-0} / 1024 ))"
  done
  local ready; ready=$(grep -ao 'prête en [0-9.]*' "$tmp/log" | awk '{print $3}')
  echo "$2 ready_s=${ready:-NA} pss_mib=$((pss/1024)) procs=$(echo $pids | wc -w) |$parts"
  kill $p; wait $p 2>/dev/null
}
for i in $(seq "$runs"); do measure "$bare" bare ""; measure "$app" app "$seed"; done
