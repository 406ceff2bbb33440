#!/usr/bin/env bash
# What a user downloads and what starting costs, for the README: the release binary's
# size, the time to `backease --version` and to `backease list`, and the time from exec
# to the menu's first frame (in a private tmux server at 100x30). Medians, with the
# range.
#
#   scripts/startup.sh          # 50 runs of each command, 15 menu launches
#   RUNS=200 scripts/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-50}"
LAUNCHES="${LAUNCHES:-15}"
BIN="${BIN:-$PWD/target/release/backease}"
[[ -n "${NO_BUILD:-}" ]] || cargo build --release --quiet
WORK="$(mktemp -d)"
SOCK="startup-$$"
trap 'for i in $(seq "$LAUNCHES"); do tmux -L "$SOCK-$i" kill-server 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/config"
echo '(voice: "off", notifications: false)' > "$WORK/config/preferences.ron"
export HOME="$WORK" BACKEASE_CONFIG_DIR="$WORK/config" BACKEASE_DATA_DIR="$WORK/data"

# median_of CMD...: wall time of CMD, RUNS times, in ms.
median_of() {
  local i t0 t1
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms (median of %d, %.1f–%.1f)", a[int((NR+1)/2)]/1000, NR, a[1]/1000, a[NR]/1000}'
}

size="$(stat -c %s "$BIN" | awk '{printf "%.2f MB (%d bytes)", $1 / 1e6, $1}')"
version="$(median_of "$BIN" --version)"
list="$(median_of "$BIN" list)"

# The first frame is timed from just before the exec (`date` in the pane's shell) to the
# trace's first_frame_ms line appearing, polled every 0.5 ms (the line's own figure counts
# in the kernel's 10 ms ticks), as scripts/bench_history.sh does.
: > "$WORK/frames"
for i in $(seq "$LAUNCHES"); do
  run="$WORK/run$i"; mkdir -p "$run"
  python3 - "$run/trace" "$run/t0" >> "$WORK/frames" <<'PY' &
import sys, time
trace, t0 = sys.argv[1], sys.argv[2]
deadline = time.time() + 20
open(t0 + '.ready', 'w').close()  # ready: the app may start
while time.time() < deadline:
    try:
        with open(trace) as f:
            if "first_frame_ms" in f.read():
                seen = time.time_ns()
                with open(t0) as g:
                    print((seen - int(g.read())) / 1e6)
                sys.exit(0)
    except FileNotFoundError:
        pass
    time.sleep(0.0005)
sys.exit("no first frame")
PY
  until [[ -e "$run/t0.ready" ]]; do sleep 0.01; done
  # A server of its own each time: one being killed cannot take the next with it.
  tmux -L "$SOCK-$i" -f /dev/null new-session -d -x 100 -y 30 \
    "env BACKEASE_TRACE=$run/trace TERM=xterm-256color sh -c 'date +%s%N > $run/t0; exec $BIN --mute'"
  wait $! || { echo "no first frame" >&2; exit 1; }
  tmux -L "$SOCK-$i" kill-server 2>/dev/null || true
done
sort -n -o "$WORK/frames" "$WORK/frames"
menu="$(awk '{a[NR]=$1} END {printf "%.1f ms (median of %d, %.1f–%.1f)", a[int((NR+1)/2)], NR, a[1], a[NR]}' "$WORK/frames")"

cat <<TABLE
| start-up ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), release build) | measured |
|---|---|
| release binary (stripped) | $size |
| \`backease --version\` | $version |
| \`backease list\` | $list |
| exec to the menu's first frame | $menu |
TABLE
