#!/usr/bin/env bash
# Measures what the background reminder (`backease remind --background`) costs while it
# waits, side by side with tty-clock (a 1 Hz redraw) over the same window of SECONDS
# (default 3600): CPU time (utime+stime from /proc/PID/stat) of each, their ratio, and
# the reminder's resident memory (VmRSS, and its peak VmHWM). The reminder runs with a
# private HOME, breaks every hour all day, notifications off unless DBUS_SESSION_BUS_ADDRESS
# is set (then it talks to that bus's notification server, as at a desktop).
#
#   cargo build --release && scripts/measure_background.sh [SECONDS]
#   BIN=target/debug/backease scripts/measure_background.sh 600
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_TO_MEASURE="${1:-3600}"
BIN="${BIN:-$PWD/target/release/backease}"
[[ -x "$BIN" ]] || { echo "build first: cargo build --release (or set BIN)" >&2; exit 1; }
command -v tty-clock >/dev/null || { echo "tty-clock is not installed (Debian: tty-clock)" >&2; exit 1; }
SOCK="backease-measure-bg-$$"
HOME_DIR="$(mktemp -d)"
REMINDER=""
cleanup() {
  [[ -n "$REMINDER" ]] && kill "$REMINDER" 2>/dev/null || true
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

mkdir -p "$HOME_DIR/c"
cat > "$HOME_DIR/c/preferences.ron" <<'RON'
(voice: "off", mute: true, remind_every: "60m", remind_hours: "00:00-24:00", remind_days: "every day")
RON
env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" BACKEASE_CONFIG_DIR="$HOME_DIR/c" \
  BACKEASE_DATA_DIR="$HOME_DIR/d" ${DBUS_SESSION_BUS_ADDRESS:+DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS} \
  "$BIN" remind --background 2>"$HOME_DIR/log" </dev/null >/dev/null &
REMINDER=$!
tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 -s m "tty-clock -s -c"
CLOCK="$(tmux -L "$SOCK" display-message -p -t m '#{pane_pid}')"
sleep 2

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
HZ="$(getconf CLK_TCK)"
b0="$(ticks "$REMINDER")"; c0="$(ticks "$CLOCK")"
sleep "$SECONDS_TO_MEASURE"
b1="$(ticks "$REMINDER")"; c1="$(ticks "$CLOCK")"
rss="$(awk '/VmRSS/ {print $2}' "/proc/$REMINDER/status")"
hwm="$(awk '/VmHWM/ {print $2}' "/proc/$REMINDER/status")"
awk -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v hz="$HZ" -v s="$SECONDS_TO_MEASURE" \
    -v rss="$rss" -v hwm="$hwm" -v bin="$BIN" 'BEGIN {
  printf "over %d s (%s, %s):\n", s, bin, strftime("%Y-%m-%d %H:%M UTC", systime(), 1)
  printf "  backease remind --background  %6.2f s CPU  %.4f%% of one core  RSS %.1f MB (peak %.1f MB)\n", b / hz, 100 * b / hz / s, rss / 1024, hwm / 1024
  printf "  tty-clock -s (1 Hz redraw)    %6.2f s CPU  %.4f%% of one core\n", c / hz, 100 * c / hz / s
  if (c > 0) printf "  ratio backease / tty-clock    %.3f\n", b / c
  else printf "  tty-clock used less than one tick: no ratio\n"
}'
echo "the reminder's log:"; sed 's/^/  /' "$HOME_DIR/log"
