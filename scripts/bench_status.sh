#!/usr/bin/env bash
# How long `backease status` takes, as a status bar runs it every few seconds: the median
# (and range) of RUNS runs of the release binary, timed from just before the exec to its
# exit with `date +%s%N`, for five cases: a running reminder (its lock held with flock(1),
# its state file written by a real `backease remind` run), no reminder (the last break from
# history's newest file), `--streak` with an empty history and `--streak` with 4,000
# records (scripts/make_history.sh). `/bin/true` run the same way shows what the timing
# loop itself costs. Target: a few milliseconds.
#
#   cargo build --release && scripts/bench_status.sh          # RUNS=50
#   RUNS=200 scripts/bench_status.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/target/release/backease"
[[ -x "$BIN" ]] || { echo "build first: cargo build --release" >&2; exit 1; }
RUNS="${RUNS:-50}"
WORK="$(mktemp -d)"
SOCK="bench-status-$$"
cleanup() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {printf "%6.2f ms median  (%.2f–%.2f, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }

# Times RUNS runs of "$@" with DATA as the data directory.
time_runs() {
  local data="$1"; shift
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0="$(date +%s%N)"
    BACKEASE_DATA_DIR="$data" BACKEASE_CONFIG_DIR="$data/c" "$@" >/dev/null || true
    t1="$(date +%s%N)"
    echo "scale=3; ($t1 - $t0) / 1000000" | bc
  done | median
}

# A real reminder writes its state, then quits; the lock is then held by this script
# (flock(1) on a descriptor of its own, let go when it exits).
RUNNING="$WORK/running"
mkdir -p "$RUNNING/c"
printf '(voice: "off", mute: true, notifications: false)\n' > "$RUNNING/c/preferences.ron"
tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
  "env BACKEASE_DATA_DIR=$RUNNING BACKEASE_CONFIG_DIR=$RUNNING/c TERM=xterm-256color $BIN remind"
for _ in $(seq 100); do [[ -f "$RUNNING/remind/state.ron" ]] && break; sleep 0.1; done
tmux -L "$SOCK" send-keys q
for _ in $(seq 100); do tmux -L "$SOCK" has-session 2>/dev/null || break; sleep 0.1; done
exec 9>>"$RUNNING/remind/remind.lock"
flock -n 9

EMPTY="$WORK/empty"; mkdir -p "$EMPTY"
BIG="$WORK/big"; mkdir -p "$BIG"
scripts/make_history.sh "$BIG" 4000 >/dev/null
"$BIN" --version >/dev/null  # warm the page cache

echo "backease status, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
printf '  %-34s %s\n' "/bin/true (the loop's own cost)" "$(time_runs "$EMPTY" /bin/true)"
printf '  %-34s %s\n' "reminder running" "$(time_runs "$RUNNING" "$BIN" status)"
printf '  %-34s %s\n' "no reminder, empty history" "$(time_runs "$EMPTY" "$BIN" status)"
printf '  %-34s %s\n' "no reminder, 4,000 records" "$(time_runs "$BIG" "$BIN" status)"
printf '  %-34s %s\n' "--streak, 4,000 records" "$(time_runs "$BIG" "$BIN" status --streak)"
printf '  output: %s\n' "$(BACKEASE_DATA_DIR="$RUNNING" "$BIN" status)"
