#!/usr/bin/env bash
# What plans and the report cost with a long history (issue 28): the median (and range)
# of RUNS warm runs of the release binary for `backease plan`, `plan --json`,
# `status --format "{today}"`, `report` over 6 weeks and over every record, and
# `report --json`, with N sessions (default 10,000: one a day for 27 years, each with a
# check-in, every 40th with a "this hurts"; scripts/make_history.sh's writer with
# --full), a plan that started three weeks ago and 400 days of desk-mode breaks. Beside
# them, in the same run, `backease history` over the same records: a reference the
# person already waits for (absolute times swing with this machine's load; the ratio
# says more). The first run of each fills the page cache and history's index and is
# not counted.
#
#   scripts/measure_plan_report.sh              # N=10000 RUNS=9
#   N=2000 RUNS=5 scripts/measure_plan_report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --quiet --bin backease --example make_history
BIN="$TARGET/release/backease"
MAKE="$TARGET/release/examples/make_history"
N="${N:-10000}"
RUNS="${RUNS:-9}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

export BACKEASE_DATA_DIR="$WORK/data" BACKEASE_CONFIG_DIR="$WORK/config"
mkdir -p "$BACKEASE_DATA_DIR/history" "$BACKEASE_DATA_DIR/remind/days" "$BACKEASE_CONFIG_DIR"
"$MAKE" "$BACKEASE_DATA_DIR/history" "$N" --full
start="$(date -d '-21 days' +%F)"
cat > "$BACKEASE_CONFIG_DIR/plan.ron" <<PLAN
(name: "Measured plan", weeks: 8, start: "$start", routines: [
    (routine: "five_stretches", days: "every day"),
    (routine: "desk_break", days: "mon-fri"),
    (routine: "core", times_a_week: 3),
    (routine: "morning", times_a_week: 2, from_week: 2),
])
PLAN
for i in $(seq 0 399); do
  d="$(date -d "-$i days" +%F)"
  echo "(date: \"$d\", due: 7, taken: 5, snoozed: 1, skipped: 1)" > "$BACKEASE_DATA_DIR/remind/days/$d.ron"
done

median() { sort -n | awk '{a[NR]=$1} END {printf "%8.1f ms median  (%.1f–%.1f, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }

# Prints "LABEL  median" for RUNS runs of "$@" after one uncounted run.
measure() {
  local label="$1"; shift
  "$@" >/dev/null 2>&1 || true
  printf '%-40s ' "$label"
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0="$(date +%s%N)"
    "$@" >/dev/null 2>&1 || true
    t1="$(date +%s%N)"
    echo "scale=3; ($t1 - $t0) / 1000000" | bc
  done | median
  echo
}

echo "== $N sessions, $(ls "$BACKEASE_DATA_DIR/remind/days" | wc -l) desk-mode days, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
measure "history (reference)" "$BIN" history
measure "plan" "$BIN" plan
measure "plan --json" "$BIN" plan --json
measure "status --format {today}" "$BIN" status --format "{today}"
measure "report (6 weeks)" "$BIN" report --out "$WORK/r6.html"
measure "report --since 2000-01-01 (all)" "$BIN" report --since 2000-01-01 --out "$WORK/all.html"
measure "report --json (6 weeks)" "$BIN" report --json
echo "== page sizes: 6 weeks $(wc -c < "$WORK/r6.html") bytes, all $(wc -c < "$WORK/all.html") bytes"
