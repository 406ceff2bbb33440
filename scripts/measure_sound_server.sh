#!/usr/bin/env bash
# Cues on a real sound server, repeated: runs tests/sound_server.rs N times (default 10).
# Each run starts its own PulseAudio with a null sink, records its monitor while the
# player plays 20 holds' ends with quiet stretches between them (80 cues), and prints one
# line: cues lost, the worst distance from a cue's due moment (after the offset and the
# sink's clock drift), the first cue after a quiet stretch against the rest, the drift.
# Needs pulseaudio and pulseaudio-utils (.ci/packages installs them).
#
# Usage: scripts/measure_sound_server.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
bin=$(cargo test --no-run --test sound_server 2>&1 | grep -o 'target/[^ )]*/sound_server-[0-9a-f]*' | tail -1)
cargo build --quiet --example audio_probe
fails=0
for i in $(seq 1 "$n"); do
    out=$("$bin" --nocapture 2>&1) || fails=$((fails + 1))
    line=$(grep -E "cues, none lost|never reached|off its moment|off the rest|NOT RUN" <<<"$out" | head -1)
    echo "run $i: ${line:-$(tail -3 <<<"$out")}"
done
echo "runs=$n failed=$fails"
