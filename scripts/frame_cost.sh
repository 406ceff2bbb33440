#!/usr/bin/env bash
# What one displayed second costs, side by side in one run: backease during a 10-15 minute
# range hold, tty-clock (C, ncurses, redraws once a second; the reference) and, when it is
# installed, timr-tui (a Rust ratatui timer; the peer), each in a private tmux server at
# 100x30, all measured over the same window with perf stat's task-clock (every thread).
# On these virtual machines absolute CPU swings ~10x with the machine's state; the ratios
# measured in one run do not, so the ratios are what this prints (with the date).
#
# backease saves where a session stands every 5 s (a new file renamed over the old: on a
# busy ext4 that costs about as much as the frames). A second backease, its data on a
# tmpfs (/dev/shm), runs beside the first in the same window: its column is the cost of
# the screen alone.
#
#   scripts/frame_cost.sh            # 30 s window, three runs, median ratios
#   DUR=60 RUNS=5 scripts/frame_cost.sh
#   TIMR=/path/to/timr-tui scripts/frame_cost.sh
#   NO_BUILD=1 scripts/frame_cost.sh   # the release binary as it is (scripts/bench.sh)
#   FIGURE=none scripts/frame_cost.sh  # the hold without its figure (the cost before figures)
#
# tty-clock comes from the Debian archive (installed here when missing and run as root);
# timr-tui from crates.io (`cargo install timr-tui@1.9.0 --locked`, the last release that
# builds with this toolchain); without it that column is left out.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR="${DUR:-30}"
RUNS="${RUNS:-3}"
BIN="$PWD/target/release/backease"
[[ -n "${NO_BUILD:-}" ]] || cargo build --release --quiet

if ! command -v tty-clock >/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y tty-clock >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y tty-clock >/dev/null; }
  else
    echo "frame_cost.sh: tty-clock is missing (apt-get install tty-clock)" >&2
    exit 1
  fi
fi
# perf (task-clock: every thread, to the microsecond; /proc's 10 ms ticks are too coarse
# for a few ms a minute) is Debian's linux-perf.
if ! command -v perf >/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y linux-perf >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y linux-perf >/dev/null; }
  else
    echo "frame_cost.sh: perf is missing (apt-get install linux-perf)" >&2
    exit 1
  fi
fi
TIMR="${TIMR:-$(command -v timr-tui || true)}"
[[ -z "$TIMR" && -x /tmp/timr/bin/timr-tui ]] && TIMR=/tmp/timr/bin/timr-tui

WORK="$(mktemp -d)"
SHM="$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)"
servers=()
cleanup() {
  for s in "${servers[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  rm -rf "$WORK" "$SHM"
}
trap cleanup EXIT

mkdir -p "$WORK/config" "$WORK/data"
echo '(voice: "off", notifications: false)' > "$WORK/config/preferences.ron"
# The hold shows the ball drape's figure (FIGURE=none: no figure, as before figures).
FIGURE="${FIGURE:-drape_over_ball}"
figure=""
[[ "$FIGURE" != none ]] && figure=", figure: [\"$FIGURE\"]"
cat > "$WORK/frame.ron" <<RON
(
    exercises: [(id: "frame_hold", name: "Ball drape", hold: "10-15m", lead_in: "0s"$figure)],
    routines: [(id: "frame_hold", name: "Frame cost", steps: [(exercise: "frame_hold")])],
)
RON

# Starts `cmd` in its own tmux server at 100x30; prints the process id.
start() {
  local name="fc-$1-$$-$2"; shift 2
  servers+=("$name")
  tmux -L "$name" -f /dev/null new-session -d -x 100 -y 30 "exec $*"
  tmux -L "$name" display-message -p '#{pane_pid}'
}

# task-clock of `pid` over DUR seconds, in ms.
measure() {
  perf stat -x, -e task-clock -p "$1" -- sleep "$DUR" 2>&1 | awk -F, '/task-clock/ {print $1}'
}

ratios=()
alones=()
peers=()
rows=()
for run in $(seq "$RUNS"); do
  be=$(start backease "$run" env HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" \
    BACKEASE_DATA_DIR="$WORK/data" TERM=xterm-256color "$BIN" --mute \
    --routines "$WORK/frame.ron" start frame_hold)
  bs=$(start backease-shm "$run" env HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" \
    BACKEASE_DATA_DIR="$SHM/data" TERM=xterm-256color "$BIN" --mute \
    --routines "$WORK/frame.ron" start frame_hold)
  tc=$(start ttyclock "$run" env TERM=xterm-256color tty-clock -s -c)
  [[ -n "$TIMR" ]] && tr=$(start timr "$run" env HOME="$WORK" TERM=xterm-256color "$TIMR" -m countdown -c 15:00)
  sleep 3 # past start-up
  measure "$be" > "$WORK/be" &
  measure "$bs" > "$WORK/bs" &
  measure "$tc" > "$WORK/tc" &
  [[ -n "$TIMR" ]] && measure "$tr" > "$WORK/tr" &
  wait
  b=$(cat "$WORK/be"); a=$(cat "$WORK/bs"); t=$(cat "$WORK/tc"); p=$( [[ -n "$TIMR" ]] && cat "$WORK/tr" || echo "")
  line=$(awk -v b="$b" -v a="$a" -v t="$t" -v p="$p" 'BEGIN {
    printf "backease %.1f ms (saves on tmpfs %.1f ms), tty-clock %.1f ms", b, a, t
    if (p != "") printf ", timr-tui %.1f ms", p
    printf "; backease/tty-clock %.2f (%.2f)", b / t, a / t
    if (p != "") printf ", backease/timr-tui %.3f", b / p
  }')
  echo "run $run ($DUR s): $line"
  ratios+=("$(awk -v b="$b" -v t="$t" 'BEGIN {printf "%.3f", b / t}')")
  alone="$(awk -v a="$a" -v t="$t" 'BEGIN {printf "%.3f", a / t}')"
  alones+=("$alone")
  peer="$( [[ -n "$p" ]] && awk -v b="$b" -v p="$p" 'BEGIN {printf "%.3f", b / p}' || echo "-")"
  peers+=("$peer")
  rows+=("| $run | $(awk -v b="$b" -v t="$t" 'BEGIN {printf "%.2f", b / t}') | $(awk -v x="$alone" 'BEGIN {printf "%.2f", x}') | $peer |")
  for s in "${servers[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  servers=()
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
peer_median=$(printf '%s\n' "${peers[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
alone_median=$(printf '%s\n' "${alones[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "$(date -u +%F): backease / tty-clock, median of $RUNS runs of $DUR s: $median; saves on tmpfs: $alone_median (target <= 1.5)"
# The same as a table for the README (scripts/bench.sh prints it with its own).
echo
echo "| run ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), ${DUR} s each) | backease / tty-clock | the same, saves on tmpfs | backease / timr-tui |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| median | $median | $alone_median | $peer_median |"
