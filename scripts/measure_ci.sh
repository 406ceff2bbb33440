#!/usr/bin/env bash
# How long `.ci/run` takes on a clean clone, for two commits run one after the other on
# this machine (CPU figures on a shared VM swing with its state: only a pair measured in
# the same window says anything, and its ratio is what to publish, with the date).
#
# Usage: scripts/measure_ci.sh [BEFORE [AFTER]]
#   BEFORE  default f475f96 (the code when issue 22 was filed: 52 test binaries, a
#           separate cargo clippy, tests two at a time)
#   AFTER   default HEAD
# Each commit is cloned afresh (no target/), run with CI=true, and timed from the start
# of `.ci/run` to its end, packages check included. The clones are removed at the end,
# whatever happened; the logs stay in $OUT (default /tmp/measure_ci).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-f475f96}
after=${2:-HEAD}
out=${OUT:-/tmp/measure_ci}
mkdir -p "$out"
work=$(mktemp -d /tmp/measure_ci.XXXXXX)
trap 'rm -rf "$work"' EXIT
repo=$(pwd)

declare -A took
for which in before after; do
    commit=${!which}
    sha=$(git rev-parse --short "$commit")
    git clone -q "$repo" "$work/$which"
    git -C "$work/$which" checkout -q "$sha"
    start=$(date +%s.%N)
    rc=0
    (cd "$work/$which" && CI=true bash .ci/run) >"$out/$which.log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    took[$which]=$(echo "$end - $start" | bc)
    printf '%s %s (%s): %.0f s, exit %s, log %s\n' "$(date -u +%H:%M)" "$which" "$sha" \
        "${took[$which]}" "$rc" "$out/$which.log"
    rm -rf "$work/$which"
    [ "$rc" -eq 0 ] || { echo "$which failed: see $out/$which.log" >&2; exit 1; }
done
printf 'after / before = %.2f (%s, load %s)\n' \
    "$(echo "${took[after]} / ${took[before]}" | bc -l)" "$(date -u +%F)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
