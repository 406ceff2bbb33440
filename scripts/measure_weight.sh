#!/usr/bin/env bash
# What a user downloads and what a running session holds in memory (issue 22's targets:
# a release binary of at most 5 MiB, a session's peak RSS of at most 10 MB).
#
#   scripts/measure_weight.sh                 # builds the release binary first
#   NO_BUILD=1 BIN=/path/to/backease scripts/measure_weight.sh
#
# The session runs `five_stretches` in a private tmux server at 100x32 for SECONDS (20 by
# default), sound on where there is a device (a PulseAudio server if PULSE_SERVER is set,
# else whatever ALSA finds), the voice off; the peak RSS is the kernel's VmHWM for the
# process at the end. A second run does the same with the menu open (`backease`). Prints
# one line per figure; everything it started is stopped on exit, success or failure.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BIN:-$PWD/target/release/backease}"
SECS="${SECONDS_RUN:-20}"
[[ -n "${NO_BUILD:-}" ]] || cargo build --release --quiet
WORK="$(mktemp -d)"
SOCK="weight-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/config" "$WORK/data"
echo '(voice: "off", notifications: false)' > "$WORK/config/preferences.ron"

bytes=$(stat -c %s "$BIN")
awk -v b="$bytes" 'BEGIN { printf "release binary: %d bytes = %.2f MiB = %.2f MB\n", b, b / 1048576, b / 1e6 }'

# peak_rss ARGS...: runs backease ARGS in tmux for SECS seconds, prints VmHWM and VmRSS.
peak_rss() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 32 \
    "env HOME=$WORK BACKEASE_CONFIG_DIR=$WORK/config BACKEASE_DATA_DIR=$WORK/data \
     ${PULSE_SERVER:+PULSE_SERVER=$PULSE_SERVER} ${XDG_RUNTIME_DIR:+XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR} TERM=xterm-256color $BIN $*; sleep 600"
  local pid="" i
  for i in $(seq 100); do
    pid=$(pgrep -n -f "^$BIN${*:+ $*}\$" || true)
    [[ -n "$pid" ]] && break
    sleep 0.1
  done
  [[ -n "$pid" ]] || { echo "backease did not start" >&2; exit 1; }
  sleep "$SECS"
  local hwm rss
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  awk -v h="$hwm" -v r="$rss" -v what="${*:-the menu}" \
    'BEGIN { printf "%s: peak RSS %.1f MB (VmHWM %d kB), now %.1f MB\n", what, h * 1024 / 1e6, h, r * 1024 / 1e6 }'
  tmux -L "$SOCK" kill-server 2>/dev/null || true
}

peak_rss start five_stretches
peak_rss
