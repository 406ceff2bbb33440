#!/usr/bin/env bash
# Measures what backease costs while a long hold runs: CPU time (utime+stime from
# /proc/PID/stat) as a share of one core, and peak resident memory (VmHWM), over a window
# of SECONDS (default 60). Runs the release binary in a private tmux server.
#
#   cargo build --release && scripts/measure_cpu.sh [SECONDS]
#
# Targets: under 0.1% of one core, under 10 MB resident.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_TO_MEASURE="${1:-60}"
BIN="$PWD/target/release/backease"
[[ -x "$BIN" ]] || { echo "build first: cargo build --release" >&2; exit 1; }
SOCK="backease-measure-$$"
HOME_DIR="$(mktemp -d)"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

# A routine of its own: an untimed set-up step, then a 10-minute hold.
cat > "$HOME_DIR/measure.ron" <<'RON'
(
    exercises: [
        (id: "measure_setup", name: "Set up the ball", hold: "untimed"),
        (id: "measure_hold", name: "Ball drape", hold: "10m", lead_in: "5s"),
    ],
    routines: [
        (id: "measure", name: "Measure", steps: [(exercise: "measure_setup"), (exercise: "measure_hold")]),
    ],
)
RON
tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 -s m \
  "env HOME=$HOME_DIR BACKEASE_CONFIG_DIR=$HOME_DIR/c BACKEASE_DATA_DIR=$HOME_DIR/d TERM=xterm-256color $BIN --routines $HOME_DIR/measure.ron start measure --mute"
PID="$(tmux -L "$SOCK" display-message -p -t m '#{pane_pid}')"

# The routine starts with an untimed set-up step: confirm it, then wait for
# the 10-minute hold to be under way (lead-in included) before measuring.
deadline=$((SECONDS + 10))
until tmux -L "$SOCK" capture-pane -p -t m | grep -q "Set up the ball"; do
  (( SECONDS < deadline )) || { echo "the app did not start" >&2; exit 1; }
  sleep 0.1
done
tmux -L "$SOCK" send-keys -t m Enter
deadline=$((SECONDS + 30))
until tmux -L "$SOCK" capture-pane -p -t m | grep -q "^ Hold"; do
  (( SECONDS < deadline )) || { echo "the hold did not start" >&2; exit 1; }
  sleep 0.5
done

ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
HZ="$(getconf CLK_TCK)"
start_ticks="$(ticks)"
start_ns="$(date +%s%N)"
sleep "$SECONDS_TO_MEASURE"
end_ticks="$(ticks)"
end_ns="$(date +%s%N)"
hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")"
rss_kb="$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")"
title="$(tmux -L "$SOCK" display-message -p -t m '#{pane_title}')"

awk -v t0="$start_ticks" -v t1="$end_ticks" -v hz="$HZ" -v n0="$start_ns" -v n1="$end_ns" \
    -v hwm="$hwm_kb" -v rss="$rss_kb" -v title="$title" 'BEGIN {
  wall = (n1 - n0) / 1e9; cpu = (t1 - t0) / hz;
  printf "window:      %.1f s of a 10-minute hold (%s)\n", wall, title;
  printf "CPU time:    %.2f s = %.3f%% of one core (target < 0.1%%)\n", cpu, 100 * cpu / wall;
  printf "peak RSS:    %.1f MB (VmHWM; now %.1f MB; target < 10 MB)\n", hwm / 1024, rss / 1024;
}'
