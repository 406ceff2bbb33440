#!/usr/bin/env bash
# A whole session heard on a real sound server, repeated: runs tests/it/audio_session.rs
# N times (default 10), one recording each (no retry). Each run starts its own PulseAudio
# with a null sink, records its monitor while the real binary runs a 47-cue routine in
# plain mode with BACKEASE_TRACE on, and lines the recording up with the trace. Prints a
# line per run: the time and the machine's load (uptime's 1-minute average, before and
# after: a busy two-core machine can make cues late), cues lost (never heard, or reported
# missed by the player), sounds no cue asked for, the worst distance of a cue from its due
# moment after the steady offset, the mean of the first cues after a quiet stretch against
# the rest, and the worst loudness deviation per sound (recording against the sound's file
# at the player's gain). Then a line over all runs.
# Needs pulseaudio and pulseaudio-utils (.ci/packages installs them).
#
# Usage: scripts/measure_sound_session.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
bin=$(cargo test --test it --no-run 2>&1 | grep -o 'target/[^ )]*/deps/it-[0-9a-f]*' | tail -1)
[ -x "$bin" ] || { echo "could not build the test binary" >&2; exit 1; }
load() { cut -d' ' -f1 /proc/loadavg; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(pulseaudio --version), debug build; $bin"
fails=0 lost=0 runs_late=0 worst=0 quiet_min= quiet_max= lu=0
for i in $(seq 1 "$n"); do
    before=$(load)
    start=$(date -u +%T)
    out=$(BACKEASE_SOUND_SESSION_ONCE=1 "$bin" --exact \
        audio_session::every_cue_of_a_session_is_heard_on_time_at_its_loudness_on_a_real_sound_server \
        --nocapture 2>&1) || fails=$((fails + 1))
    after=$(load)
    line=$(grep -m1 '^sound session:' <<<"$out" || true)
    if [ -z "$line" ]; then
        echo "run $i $start load $before→$after: no summary: $(grep -m1 -E 'panicked|NOT RUN' -A1 <<<"$out" | tr '\n' ' ')"
        continue
    fi
    # key=value fields of the summary
    get() { sed -E "s/.* $1=([^ ]*).*/\1/" <<<"$line"; }
    cues=$(get cues) l=$(get lost) m=$(get missed) x=$(get extra) w=$(get worst_ms)
    q=$(get quiet_ms) r=$(get rest_ms) nq=$(get after_quiet)
    levels=$(sed -E 's/.*levels_lu=\[(.*)\].*/\1/' <<<"$line")
    d=$(awk -v q="$q" -v r="$r" 'BEGIN { printf "%+.1f", q - r }')
    maxlu=$(tr ',' '\n' <<<"$levels" | awk '{ v = $2 < 0 ? -$2 : $2; if (v > m) m = v } END { printf "%.2f", m }')
    echo "run $i $start load $before→$after: cues=$cues lost=$((l + m)) extra=$x worst=${w} ms; first after quiet (${nq}) $q ms vs rest $r ms ($d); loudness: $levels LU"
    lost=$((lost + l + m))
    worst=$(awk -v a="$worst" -v b="$w" 'BEGIN { print (b > a ? b : a) }')
    lu=$(awk -v a="$lu" -v b="$maxlu" 'BEGIN { print (b > a ? b : a) }')
    quiet_min=$(awk -v a="${quiet_min:-$d}" -v b="$d" 'BEGIN { print (b < a ? b : a) }')
    quiet_max=$(awk -v a="${quiet_max:-$d}" -v b="$d" 'BEGIN { print (b > a ? b : a) }')
    awk -v w="$w" 'BEGIN { exit !(w > 30) }' && runs_late=$((runs_late + 1))
done
echo "runs=$n failed=$fails lost=$lost late_runs=$runs_late worst=${worst} ms first-after-quiet minus rest ${quiet_min}..${quiet_max} ms loudness within ±${lu} LU"
