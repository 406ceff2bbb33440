#!/usr/bin/env bash
# What `backease remind` costs while it waits, side by side with tty-clock in the same
# run: CPU time (all threads' on-CPU nanoseconds, /proc/PID/task/*/schedstat) as a share of
# one core, and resident memory (VmRSS now, VmHWM peak), over a window of SECONDS
# (default 3600: an hour). Both run in one private tmux server, at real time, with a
# reminder that is waiting (an interval longer than the window, all-day hours), so what
# is measured is the waiting: a redraw when the minute changes, a look at the idle source
# and history once a minute. tty-clock redraws its clock every second (`-c`: centred).
# On these VMs an absolute figure swings ~10x with the machine's load: read the ratio.
#
#   cargo build --release && scripts/measure_remind.sh [SECONDS] > result.txt
set -euo pipefail

cd "$(dirname "$0")/.."
WINDOW="${1:-3600}"
BIN="$PWD/target/release/backease"
[[ -x "$BIN" ]] || { echo "build first: cargo build --release" >&2; exit 1; }
command -v tty-clock >/dev/null || { echo "tty-clock is not installed" >&2; exit 1; }
SOCK="backease-measure-remind-$$"
HOME_DIR="$(mktemp -d)"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

mkdir -p "$HOME_DIR/c"
cat > "$HOME_DIR/c/preferences.ron" <<'RON'
(
    voice: "off",
    mute: true,
    notifications: false,
    remind_every: "8h",
    remind_hours: "00:00-24:00",
    remind_days: "every day",
)
RON
ENV="env HOME=$HOME_DIR BACKEASE_CONFIG_DIR=$HOME_DIR/c BACKEASE_DATA_DIR=$HOME_DIR/d TERM=xterm-256color"
tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 -s m "$ENV $BIN remind"
tmux -L "$SOCK" new-window -d -t m:2 "TERM=xterm-256color tty-clock -c"
REMIND="$(tmux -L "$SOCK" display-message -p -t m:0 '#{pane_pid}')"
CLOCK="$(tmux -L "$SOCK" display-message -p -t m:2 '#{pane_pid}')"

deadline=$((SECONDS + 20))
until tmux -L "$SOCK" capture-pane -p -t m:0 | grep -q "Next break in"; do
  (( SECONDS < deadline )) || { echo "the reminder did not start" >&2; tmux -L "$SOCK" capture-pane -p -t m:0 >&2; exit 1; }
  sleep 0.2
done
sleep 2

# On-CPU time of every thread of PID, in nanoseconds.
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {print s}'; }
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

r0="$(cpu_ns "$REMIND")"; c0="$(cpu_ns "$CLOCK")"; t0="$(date +%s%N)"
sleep "$WINDOW"
r1="$(cpu_ns "$REMIND")"; c1="$(cpu_ns "$CLOCK")"; t1="$(date +%s%N)"
screen="$(tmux -L "$SOCK" capture-pane -p -t m:0 | sed -n 4p | sed 's/^ *//')"

awk -v r0="$r0" -v r1="$r1" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" \
    -v rr="$(kb "$REMIND" VmRSS)" -v rh="$(kb "$REMIND" VmHWM)" \
    -v cr="$(kb "$CLOCK" VmRSS)" -v ch="$(kb "$CLOCK" VmHWM)" \
    -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v screen="$screen" 'BEGIN {
  wall = (t1 - t0) / 1e9; r = (r1 - r0) / 1e9; c = (c1 - c0) / 1e9;
  printf "measured:         %s, a window of %.0f s, side by side in one tmux server\n", date, wall;
  printf "reminder showed:  %s\n", screen;
  printf "backease remind:  CPU %.4f s = %.5f%% of one core; RSS %.1f MB (peak %.1f MB)\n", r, 100 * r / wall, rr / 1024, rh / 1024;
  printf "tty-clock -c:     CPU %.4f s = %.5f%% of one core; RSS %.1f MB (peak %.1f MB)\n", c, 100 * c / wall, cr / 1024, ch / 1024;
  if (c > 0) printf "ratio:            remind uses %.3f x tty-clock'\''s CPU, %.2f x its memory\n", r / c, rr / cr;
}'
