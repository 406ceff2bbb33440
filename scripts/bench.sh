#!/usr/bin/env bash
# The performance budget, measured on this machine and printed as a table (paste it into
# the README with the date). Runs the release binary in private tmux servers.
#
#   scripts/bench.sh          # everything, including a real-time 20-minute hold (~21 min)
#   QUICK=1 scripts/bench.sh  # the long hold shortened to 2 minutes
#
# What it measures (targets in brackets):
#   load      parse + validate the shipped library and a generated 10,000-exercise file
#             (cargo bench --bench load)                                  [5 ms, 200 ms]
#   hostile   peak memory and time of `backease check` on a 4 MiB file of tiny values
#   launch    process start to the first frame drawn (BACKEASE_TRACE)     [50 ms]
#   history   launch and `backease history` with 0 to 10,000 history records
#             (scripts/bench_history.sh), and `h` to the progress screen
#                                          [first frame within 1.5x of none; 100 ms]
#   hold      CPU time and peak memory over a 60-second hold with its lead-in, cues and
#             end, sound on (ALSA null device) and off (no device); the median of five
#             runs of each                                               [0.1 %, 10 MB]
#   startup   the release binary's size, `--version`, `list` and exec to the menu's
#             first frame (scripts/startup.sh)
#   frame     what a displayed second costs beside tty-clock (the reference; installed
#             from the Debian archive when missing) and timr-tui (the peer, when built),
#             perf task-clock over the same 30 s at 100x30 (scripts/frame_cost.sh):
#             ratios with the date                                        [<= 1.5x, < 0.1x]
#   accuracy  how late each step end lands after its deadline, and the delay from a cue's
#             moment to play(), at --speed 1, in two sessions run in the background
#             meanwhile: one 20-minute hold (the bath), and a 20-minute routine of 30
#             steps with sides, reps, rests and lead-ins                  [5 ms]
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$PWD/target/release/backease"
cargo build --release --quiet
WORK="$(mktemp -d)"
# Every tmux server is named bench-<name>-$$ (see `run`, which runs in a subshell, so it
# cannot add to a list here); the exit kills them all, the background sessions included.
cleanup() {
  local name
  for name in long steps off{1..5} on{1..5} frame{1..9}; do
    tmux -L "bench-$name-$$" kill-server 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

LONG_HOLD="20m"
ROUNDS=10 # of the three-step round below, ~2 minutes each
if [[ "${QUICK:-}" == 1 ]]; then LONG_HOLD="2m"; ROUNDS=1; fi
round='(exercise: "bench_sides"), (exercise: "bench_reps"), (exercise: "bench_plain"),'
steps="$(for _ in $(seq "$ROUNDS"); do printf '%s ' "$round"; done)"
cat > "$WORK/bench.ron" <<RON
// Routines used only by scripts/bench.sh.
(
    exercises: [
        (id: "bench_minute", name: "One-minute hold", hold: "60s", lead_in: "5s"),
        (id: "bench_long", name: "Long hold", hold: "$LONG_HOLD", lead_in: "0s"),
        (id: "bench_sides", name: "Per side", hold: "15s", sides: ["left", "right"],
         switch: "5s", lead_in: "3s"),
        (id: "bench_reps", name: "Reps", hold: "10s", reps: 3, rest: "5s", lead_in: "3s"),
        (id: "bench_plain", name: "Plain", hold: "30s", lead_in: "3s"),
    ],
    routines: [
        (id: "bench_minute", name: "Bench: one minute", steps: [(exercise: "bench_minute")]),
        (id: "bench_long", name: "Bench: long hold", steps: [(exercise: "bench_long")]),
        (id: "bench_steps", name: "Bench: many steps", steps: [$steps]),
    ],
)
RON
"$BIN" check "$WORK/bench.ron" >/dev/null

# run NAME HOME_DIR ARGS...: the binary in its own tmux server; prints the server name.
run() {
  local name="$1" home="$2"; shift 2
  local sock="bench-$name-$$"
  mkdir -p "$home"
  tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 -s m \
    "env HOME=$home BACKEASE_CONFIG_DIR=$home/c BACKEASE_DATA_DIR=$home/d \
     BACKEASE_TRACE=$home/trace TERM=xterm-256color $BIN --routines $WORK/bench.ron $* \
     2>$home/stderr; times >$home/times"
  echo "$sock"
}
# The app's pid: the pane runs `bash -c "env ... backease ... 2>FILE"`, and the redirect
# keeps bash from exec'ing, so the app is the pane's child.
pid_of() {
  local shell child deadline=$((SECONDS + 10))
  shell="$(tmux -L "$1" display-message -p -t m '#{pane_pid}')"
  until child="$(pgrep -P "$shell" -f backease)"; do
    (( SECONDS < deadline )) || { echo "no app under pane $shell" >&2; exit 1; }
    sleep 0.05
  done
  echo "$child"
}
wait_for() { # FILE PATTERN SECONDS
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
    sleep 0.05
  done
}

# ---- accuracy: start the long hold first; it runs in the background -----------------
run long "$WORK/long" start bench_long >/dev/null
run steps "$WORK/steps" start bench_steps >/dev/null

# ---- load -----------------------------------------------------------------------------
LOAD="$(cargo bench --quiet --bench load 2>/dev/null)"
# The bench prints one line per input: "<label> <KiB> KiB  median <ms> ms  worst <ms> ms ...".
timing() { awk -v n="$1" 'NR == n { for (i = 1; i <= NF; i++) { if ($i == "median") m = $(i+1); if ($i == "worst") w = $(i+1) }
  printf "%s ms median, %s ms worst", m, w }' <<<"$LOAD"; }
load_shipped="$(timing 1)"
load_large="$(timing 2)"

# ---- a hostile file: 4 MiB of two million tiny values, wrong from the first one --------
# Its error is located through the position index of every value: peak memory and time.
awk -v n=$((2 * 1024 * 1024 - 10)) 'BEGIN { printf "(exercises: ["; for (i = 0; i < n; i++) printf "1,"; printf "])" }' \
  > "$WORK/hostile.ron"
/usr/bin/time -o "$WORK/hostile.time" -f '%M %e' "$BIN" check "$WORK/hostile.ron" >/dev/null 2>&1 || true
hostile="$(awk 'END {printf "peak %.0f MB, %.2f s", $1 / 1024, $2}' "$WORK/hostile.time")"

# ---- launch to first frame (median of 9) ---------------------------------------------
frames=()
for i in 1 2 3 4 5 6 7 8 9; do
  s="$(run "frame$i" "$WORK/frame$i" start bench_minute --mute)"
  wait_for "$WORK/frame$i/trace" first_frame_ms 10
  frames+=("$(awk '/first_frame_ms/ {print $2; exit}' "$WORK/frame$i/trace")")
  tmux -L "$s" kill-server 2>/dev/null || true
done
first_frame="$(printf '%s\n' "${frames[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " ms (median of " NR "; max " a[NR] " ms)"}')"

# ---- history's size: launch and `backease history` with 0 to 10,000 records ----------
history_rows="$(RUNS=9 scripts/bench_history.sh)"

# ---- a 60-second hold, sound off and on -----------------------------------------------
# CPU time on this (virtual) machine varies by about a fifth from one run to the next, so
# each is run HOLD_RUNS times, off and on in turn, and the median is the figure (with the
# range beside it). They run while the two background sessions do, which they outlast.
HOLD_RUNS=5
if [[ "${QUICK:-}" == 1 ]]; then HOLD_RUNS=1; fi
# measure NAME HOME: from launch to 1 s after the session ends (~67 s). Prints one line:
# "<CPU s> <wall s> <peak KiB> <stderr bytes> <status shown>".
measure() {
  local name="$1" home="$2"
  local s pid n0 n1
  s="$(run "$name" "$home" start bench_minute)"
  pid="$(pid_of "$s")"
  n0="$(date +%s%N)"
  local deadline=$((SECONDS + 30))
  until tmux -L "$s" capture-pane -p -t m | grep -q '^ Hold'; do
    (( SECONDS < deadline )) || { echo "the hold did not start" >&2; exit 1; }
    sleep 0.1
  done
  local status; status="$(tmux -L "$s" capture-pane -p -t m | grep -o 'sound off: [a-z ]*\|vol [0-9]*%' | head -1)"
  wait_for "$home/trace" "session_over" 90
  sleep 1
  local hwm; hwm="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  local err; err="$(wc -c <"$home/stderr")"
  # Quit from the summary; the pane's shell then writes its children's CPU time (`times`:
  # getrusage, all threads, ones that ended included, to the millisecond; /proc's tick
  # counts are only good to 10 ms, a sixth of the whole figure here).
  tmux -L "$s" send-keys -t m q
  wait_for "$home/times" "s" 10
  n1="$(date +%s%N)"
  tmux -L "$s" kill-server 2>/dev/null || true # gone already if the app quit
  awk -v n0="$n0" -v n1="$n1" -v hwm="$hwm" -v err="$err" -v st="$status" '
    NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } }
    END { printf "%.3f %.3f %d %d %s\n", t, (n1 - n0) / 1e9, hwm, err, st }' "$home/times"
}
# summarize LINES: the median run's CPU share, the range, the largest peak and stderr.
summarize() {
  sort -n | awk '{ cpu[NR] = $1; pct[NR] = 100 * $1 / $2; if ($3 > hwm) hwm = $3; err += $4
      st = $5; for (i = 6; i <= NF; i++) st = st " " $i }
    END { m = int((NR + 1) / 2)
      printf "%.3f%% of a core (%.1f ms CPU in %.0f s; median of %d, %.1f–%.1f ms), peak %.1f MB, stderr %d bytes [%s]",
        pct[m], 1000 * cpu[m], cpu[m] / pct[m] * 100, NR, 1000 * cpu[1], 1000 * cpu[NR], hwm / 1024, err, st }'
}
printf 'pcm.!default { type null }\nctl.!default { type hw card 0 }\n' > "$WORK/on.asoundrc"
: > "$WORK/off.runs"; : > "$WORK/on.runs"
for i in $(seq "$HOLD_RUNS"); do
  measure "off$i" "$WORK/off$i" >> "$WORK/off.runs"
  mkdir -p "$WORK/on$i"; cp "$WORK/on.asoundrc" "$WORK/on$i/.asoundrc"
  measure "on$i" "$WORK/on$i" >> "$WORK/on.runs"
done
hold_off="$(summarize < "$WORK/off.runs")"
hold_on="$(summarize < "$WORK/on.runs")"

# ---- start-up: size, --version, list, the menu's first frame --------------------------
startup_rows="$(NO_BUILD=1 scripts/startup.sh)"

# ---- a displayed second beside tty-clock and timr-tui (while the background sessions
# run: the three are measured over the same window, so the load falls on all alike) ----
frame_rows="$(NO_BUILD=1 scripts/frame_cost.sh | grep '^|')"

# ---- accuracy: wait for the two background sessions ----------------------------------
echo "waiting for the $LONG_HOLD sessions to end (started in the background)..." >&2
wait_for "$WORK/long/trace" "step_end" $(( ${LONG_HOLD%m} * 60 + 120 ))
wait_for "$WORK/steps/trace" "session_over" $(( ${LONG_HOLD%m} * 60 + 600 ))
sleep 1
# stats FIELD FILES...: "median X ms, max Y ms over N" of one trace field.
stats() {
  local field="$1"; shift
  awk -F"$field=" -v f="$field" '$2 != "" {print $2}' "$@" | sort -n | awk '{a[NR]=$1}
    END {if (NR) printf "median %.1f ms, max %.1f ms over %d", a[int((NR+1)/2)], a[NR], NR; else print "none"}'
}
long_end="$(awk -F'late_ms=' '/^step_end/ {print $2 " ms late"; exit}' "$WORK/long/trace")"
step_ends="$(stats late_ms "$WORK/steps/trace") step ends"
cues="$(stats delay_ms "$WORK/long/trace" "$WORK/steps/trace") cues"

cat <<TABLE

| what ($(date +%F), $(nproc) cores, release build) | measured | target |
|---|---|---|
| load + validate the shipped library | $load_shipped | < 5 ms |
| load + validate 10,000 exercises / 1,000 routines | $load_large | < 200 ms |
| check a hostile 4 MiB file of 2 million values (error at the first) | $hostile | bounded |
| launch to first frame | $first_frame | < 50 ms |
| 60-second hold, sound off (no device) | $hold_off | < 0.1 %, < 10 MB |
| 60-second hold, sound on (ALSA null device) | $hold_on | < 0.1 %, < 10 MB |
| step end after its deadline: one $LONG_HOLD hold at --speed 1 | ${long_end:-?} | < 5 ms |
| step ends after their deadlines: a $LONG_HOLD routine of $((ROUNDS * 3)) steps | $step_ends | < 5 ms |
| cue moment to play() (bell: no device), both sessions | $cues | < 50 ms |

| history ($(date +%F), release build) | launch to first frame | \`h\` to the progress screen | \`backease history\`, warm | \`history --json\`, warm |
|---|---|---|---|---|
$history_rows

$startup_rows

A displayed second (a 10-15 min hold at 100x30; tty-clock redraws once a second; target
backease / tty-clock <= 1.5, backease / timr-tui < 0.1):

$frame_rows
TABLE
