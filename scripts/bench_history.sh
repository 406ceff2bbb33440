#!/usr/bin/env bash
# How history's size costs the launch, the progress screen and `backease history` (issues
# 12 and 17, "Scale"): with 0, 2, 4,000 and 10,000 records (scripts/make_history.sh), the
# median of RUNS launches to the first frame (the menu in a private tmux server), of the
# same RUNS from `h` pressed half a second later (history read by then) to the progress
# screen on the pane, and of RUNS warm runs of `backease history` and of
# `backease history --json`. The first frame is timed from just before the exec to the trace's
# `first_frame_ms` line appearing (polled every 0.5 ms; the line's own figure counts in
# 10 ms kernel ticks, the file's modification time in a coarse clock); the progress screen
# is timed by polling `tmux capture-pane` (a few ms per poll: an upper bound). Prints one
# table row per size. Called by scripts/bench.sh; runs alone too:
#
#   scripts/bench_history.sh            # RUNS=9
#   SIZES="0 4000" RUNS=5 scripts/bench_history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/target/release/backease"
cargo build --release --quiet
cargo build --release --quiet --example make_history
MAKE="$PWD/target/release/examples/make_history"
RUNS="${RUNS:-9}"
SIZES="${SIZES:-0 2 4000 10000}"
WORK="$(mktemp -d)"
cleanup() {
  local n i
  for n in $SIZES; do for i in $(seq "$RUNS"); do
    tmux -L "benchh-$n-$i-$$" kill-server 2>/dev/null || true
  done; done
  rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f ms (median of %d, %.1f–%.1f)", a[int((NR+1)/2)], NR, a[1], a[NR]}'; }

for n in $SIZES; do
  data="$WORK/d$n"
  mkdir -p "$data/history"
  [[ "$n" == 0 ]] || "$MAKE" "$data/history" "$n"
  # A first run outside the count reads the files into the page cache (and builds any
  # index history keeps): the figures are warm ones.
  BACKEASE_DATA_DIR="$data" "$BIN" history >/dev/null
  : > "$WORK/hist$n"
  for _ in $(seq "$RUNS"); do
    s=$(date +%s%N)
    BACKEASE_DATA_DIR="$data" "$BIN" history >/dev/null
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000 ))" | awk '{print $1 / 1000}' >> "$WORK/hist$n"
  done
  : > "$WORK/json$n"
  for _ in $(seq "$RUNS"); do
    s=$(date +%s%N)
    BACKEASE_DATA_DIR="$data" "$BIN" history --json >/dev/null
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000 ))" | awk '{print $1 / 1000}' >> "$WORK/json$n"
  done
  : > "$WORK/frame$n"
  : > "$WORK/progress$n"
  for i in $(seq "$RUNS"); do
    home="$WORK/h$n-$i"; mkdir -p "$home"
    sock="benchh-$n-$i-$$"
    # Polled every half millisecond: the file system's clock is too coarse for this.
    # The poller starts first (Python takes longer to start than the app to draw).
    python3 - "$home/trace" "$home/t0" "$sock" "$WORK/progress$n" >> "$WORK/frame$n" <<'PY' &
import subprocess, sys, time
trace, t0, sock, progress = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
deadline = time.time() + 20
open(t0 + '.ready', 'w').close()  # ready: the app may start
while time.time() < deadline:
    try:
        with open(trace) as f:
            if "first_frame_ms" in f.read():
                seen = time.time_ns()
                with open(t0) as g:
                    print((seen - int(g.read())) / 1e6)
                sys.stdout.flush()
                # `h` half a second after the first frame (history has arrived: the
                # launch is measured above), then the pane until the progress screen is
                # on it.
                time.sleep(0.5)
                pressed = time.time_ns()
                subprocess.run(["tmux", "-L", sock, "send-keys", "-t", "m", "h"], check=True)
                while time.time() < deadline:
                    pane = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-t", "m"],
                                          capture_output=True, text=True).stdout
                    if "Days moved" in pane or "No sessions yet" in pane:
                        with open(progress, "a") as p:
                            p.write(f"{(time.time_ns() - pressed) / 1e6}\n")
                        sys.exit(0)
                sys.exit("no progress screen")
    except FileNotFoundError:
        pass
    time.sleep(0.0005)
sys.exit("no first frame")
PY
    until [[ -e "$home/t0.ready" ]]; do sleep 0.01; done
    tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 -s m \
      "env HOME=$home BACKEASE_CONFIG_DIR=$home/c BACKEASE_DATA_DIR=$data \
       BACKEASE_TRACE=$home/trace TERM=xterm-256color \
       sh -c 'date +%s%N > $home/t0; exec $BIN --mute' 2>$home/stderr"
    wait $! || { echo "no first frame with $n records" >&2; exit 1; }
    tmux -L "$sock" kill-server 2>/dev/null || true
  done
  printf "| %s records | %s | %s | %s | %s |\n" \
    "$n" "$(median < "$WORK/frame$n")" "$(median < "$WORK/progress$n")" \
    "$(median < "$WORK/hist$n")" "$(median < "$WORK/json$n")"
done
