#!/usr/bin/env bash
# The explorer's start-up on a real terminal (tmux): time to the first frame, time until
# the dataset is browsable, and peak memory (/usr/bin/time -v), for a dataset file with its
# cache warm and cold (the cache removed before the run). nisso writes the two times to
# the file NISSO_STARTUP_LOG names. Needs tmux and GNU time (apt-get install tmux time).
# Usage: bash benches/startup.sh FILE [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "$1")
runs=${2:-10}
cargo build --release --quiet
nisso="$PWD/target/release/nisso"
work=$(mktemp -d)
trap 'rm -rf "$work"; tmux kill-session -t nisso-startup 2>/dev/null || true' EXIT
export NISSO_CACHE_DIR="$work/cache"

one_run() {
  rm -f "$work/log" "$work/time"
  tmux new-session -d -s nisso-startup -x 120 -y 40 \
    "NISSO_CACHE_DIR='$NISSO_CACHE_DIR' NISSO_STARTUP_LOG='$work/log' /usr/bin/time -v -o '$work/time' '$nisso' --max-size 2048 --data '$data'"
  # Wait until browsable, then quit.
  for _ in $(seq 1 600); do
    grep -q browsable_ms "$work/log" 2>/dev/null && break
    sleep 0.05
  done
  tmux send-keys -t nisso-startup q
  for _ in $(seq 1 100); do
    [ -s "$work/time" ] && break
    sleep 0.05
  done
  tmux kill-session -t nisso-startup 2>/dev/null || true
  echo "$(awk '/first_frame_ms/{print $2}' "$work/log") $(awk '/browsable_ms/{print $2}' "$work/log") $(awk -F': ' '/Maximum resident/{print $2}' "$work/time")"
}

for mode in warm cold; do
  rm -rf "$NISSO_CACHE_DIR"
  [ "$mode" = warm ] && one_run > /dev/null
  : > "$work/results"
  for _ in $(seq 1 "$runs"); do
    [ "$mode" = cold ] && rm -rf "$NISSO_CACHE_DIR"
    one_run >> "$work/results"
  done
  python3 - "$work/results" "$mode" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if len(line.split()) == 3]
first = [float(r[0]) for r in rows]; browsable = [float(r[1]) for r in rows]
peak = [int(r[2]) / 1024 for r in rows]
print(f"{sys.argv[2]:5} ({len(rows)} runs): first frame median {statistics.median(first):.1f} ms "
      f"(max {max(first):.1f}), browsable median {statistics.median(browsable):.1f} ms "
      f"(max {max(browsable):.1f}), peak memory median {statistics.median(peak):.0f} MiB "
      f"(max {max(peak):.0f})")
PY
done
