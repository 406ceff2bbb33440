#!/usr/bin/env bash
# What one displayed second costs, side by side in one run: backease during a 10-15 minute
# range hold, tty-clock (C, ncurses, redraws once a second; the reference) and, when it is
# installed, timr-tui (a Rust ratatui timer; the peer), each in a private tmux server at
# 100x30, all measured over the same window with perf stat's task-clock (every thread).
# On these virtual machines absolute CPU swings ~10x with the machine's state; the ratios
# measured in one run do not, so the ratios are what this prints (with the date).
#
# backease saves where a session stands every 5 s (in place, into one of two slots of its
# state file: docs/sessions.md). A second backease, its data on a tmpfs (/dev/shm), runs
# beside the first in the same window: its column is the cost of the screen alone. With
# BEFORE=/path/to/an/older/backease, that binary runs beside them too (its data on disk),
# so a change is measured before and after in the same run.
#
#   scripts/frame_cost.sh            # 30 s window, three runs, median ratios
#   DUR=60 RUNS=5 scripts/frame_cost.sh
#   TIMR=/path/to/timr-tui scripts/frame_cost.sh
#   NO_BUILD=1 scripts/frame_cost.sh   # the release binary as it is (scripts/bench.sh)
#   BEFORE=/tmp/backease-old scripts/frame_cost.sh
#   BIN=/path/to/backease NO_BUILD=1 scripts/frame_cost.sh   # another binary than the release build
#   FIGURE=none scripts/frame_cost.sh  # the hold without its figure (the cost before figures)
#
# Every tmux server it starts (and the programs in them) is gone when it exits, whether it
# ends, fails or is interrupted; it checks that, and fails if one is left.
#
# tty-clock comes from the Debian archive (installed here when missing and run as root);
# timr-tui from crates.io (`cargo install timr-tui@1.9.0 --locked`, the last release that
# builds with this toolchain); without it that column is left out.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR="${DUR:-30}"
RUNS="${RUNS:-3}"
BIN="${BIN:-$PWD/target/release/backease}"
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

BEFORE="${BEFORE:-}"
[[ -z "$BEFORE" || -x "$BEFORE" ]] || { echo "frame_cost.sh: BEFORE=$BEFORE is not an executable" >&2; exit 1; }

WORK="$(mktemp -d)"
SHM="$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)"
# The servers started so far. Named here, in the script's own shell: `start` runs in a
# command substitution (a subshell), so a name it added itself was lost, and the servers
# outlived the script.
servers=()
started=()
stop_servers() {
  for s in "${servers[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  servers=()
}
cleanup() {
  local rc=$?
  stop_servers
  # perf and sleep of an interrupted measurement.
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$WORK" "$SHM"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

mkdir -p "$WORK/config"
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

# The name of a tmux server for `what` in run `run`, noted for the clean-up.
server() {
  local name="fc-$1-$$-$2"
  servers+=("$name")
  started+=("$name")
  NAME="$name"
}

# Starts `cmd` in tmux server `name` at 100x30; prints the process id.
start() {
  local name="$1"; shift
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
befores=()
rows=()
for run in $(seq "$RUNS"); do
  # Each run's data in folders of its own, as empty as the first run's: with one folder
  # for all runs, a later run found the earlier run's state file at once (so the window
  # below opened during start-up), had history (so the check-in came first and its
  # countdown was in the window) and was offered the earlier session; runs 2 and on
  # measured 1.2-1.5x tty-clock where the first, the hold alone, measured 0.7-0.8.
  data="$WORK/data-$run" shm_data="$SHM/data-$run" before_data="$WORK/data-before-$run"
  server backease "$run"
  holds=("$NAME")
  be=$(start "$NAME" env HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" \
    BACKEASE_DATA_DIR="$data" TERM=xterm-256color "$BIN" --mute \
    --routines "$WORK/frame.ron" start frame_hold)
  server backease-shm "$run"
  holds+=("$NAME")
  bs=$(start "$NAME" env HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" \
    BACKEASE_DATA_DIR="$shm_data" TERM=xterm-256color "$BIN" --mute \
    --routines "$WORK/frame.ron" start frame_hold)
  if [[ -n "$BEFORE" ]]; then
    server backease-before "$run"
    holds+=("$NAME")
    bb=$(start "$NAME" env HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" \
      BACKEASE_DATA_DIR="$before_data" TERM=xterm-256color "$BEFORE" --mute \
      --routines "$WORK/frame.ron" start frame_hold)
  fi
  server ttyclock "$run"
  tc=$(start "$NAME" env TERM=xterm-256color tty-clock -s -c)
  if [[ -n "$TIMR" ]]; then
    server timr "$run"
    tr=$(start "$NAME" env HOME="$WORK" TERM=xterm-256color "$TIMR" -m countdown -c 15:00)
  fi
  # Past start-up: each backease has begun its session (its state file is there; on a
  # loaded machine that can take more than a few seconds, and the first save, the
  # once-a-day notes and history's first read then fell inside the window), then 2 s.
  for d in "$data" "$shm_data" ${BEFORE:+"$before_data"}; do
    for _ in $(seq 300); do
      compgen -G "$d/sessions/*.ron" >/dev/null && break
      sleep 0.1
    done
  done
  # And each shows the hold (not a question before it): what is measured is its second.
  for s in "${holds[@]}"; do
    for _ in $(seq 300); do
      tmux -L "$s" capture-pane -p | grep -q 'release in' && break
      sleep 0.1
    done
    tmux -L "$s" capture-pane -p | grep -q 'release in' || {
      echo "frame_cost.sh: run $run: $s does not show the hold:" >&2
      tmux -L "$s" capture-pane -p >&2
      exit 1
    }
  done
  sleep 2
  measure "$be" > "$WORK/be" &
  measure "$bs" > "$WORK/bs" &
  measure "$tc" > "$WORK/tc" &
  [[ -n "$TIMR" ]] && measure "$tr" > "$WORK/tr" &
  [[ -n "$BEFORE" ]] && measure "$bb" > "$WORK/bb" &
  wait
  b=$(cat "$WORK/be"); a=$(cat "$WORK/bs"); t=$(cat "$WORK/tc"); p=$( [[ -n "$TIMR" ]] && cat "$WORK/tr" || echo "")
  o=$( [[ -n "$BEFORE" ]] && cat "$WORK/bb" || echo "")
  line=$(awk -v b="$b" -v a="$a" -v t="$t" -v p="$p" -v o="$o" 'BEGIN {
    printf "backease %.1f ms (saves on tmpfs %.1f ms), tty-clock %.1f ms", b, a, t
    if (o != "") printf ", before %.1f ms", o
    if (p != "") printf ", timr-tui %.1f ms", p
    printf "; backease/tty-clock %.2f (%.2f)", b / t, a / t
    if (o != "") printf ", before/tty-clock %.2f", o / t
    if (p != "") printf ", backease/timr-tui %.3f", b / p
  }')
  echo "run $run ($DUR s): $line"
  ratios+=("$(awk -v b="$b" -v t="$t" 'BEGIN {printf "%.3f", b / t}')")
  alone="$(awk -v a="$a" -v t="$t" 'BEGIN {printf "%.3f", a / t}')"
  alones+=("$alone")
  peer="$( [[ -n "$p" ]] && awk -v b="$b" -v p="$p" 'BEGIN {printf "%.3f", b / p}' || echo "-")"
  peers+=("$peer")
  before="$( [[ -n "$o" ]] && awk -v o="$o" -v t="$t" 'BEGIN {printf "%.3f", o / t}' || echo "-")"
  befores+=("$before")
  rows+=("| $run | $(awk -v b="$b" -v t="$t" 'BEGIN {printf "%.2f", b / t}') | $(awk -v x="$alone" 'BEGIN {printf "%.2f", x}') | $peer | $before |")
  stop_servers
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
peer_median=$(printf '%s\n' "${peers[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
alone_median=$(printf '%s\n' "${alones[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
before_median=$(printf '%s\n' "${befores[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "$(date -u +%F): backease / tty-clock, median of $RUNS runs of $DUR s: $median; saves on tmpfs: $alone_median; before: $before_median (target <= 1.2)"
# The same as a table for docs/ (scripts/bench.sh prints it with its own).
echo
echo "| run ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), ${DUR} s each) | backease / tty-clock | the same, saves on tmpfs | backease / timr-tui | before / tty-clock |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| median | $median | $alone_median | $peer_median | $before_median |"
# Nothing left running: every server this run started is gone.
stop_servers
for s in "${started[@]}"; do
  if tmux -L "$s" has-session 2>/dev/null; then
    echo "frame_cost.sh: tmux server $s is still running" >&2
    exit 1
  fi
done
