#!/usr/bin/env bash
# Speech against the chimes, by integrated loudness (ffmpeg's ebur128), at several
# volumes: espeak-ng renders a few of the app's phrases at the amplitude the app gives it
# (src/speech/mod.rs, espeak_amplitude: about 104 x (volume/100)^2), and the step-end and
# hold-start chimes are scaled by the player's gain (0.8 x (volume/100)^2). Prints one
# line per volume with both figures and their difference (target: within 2 LU).
#
# Usage: scripts/measure_speech_levels.sh   (needs espeak-ng and ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lufs() { ffmpeg -nostats -i "$1" -af "${2:-anull},ebur128" -f null - 2>&1 | awk '/^ +I:/ {v=$2} END {print v}'; }
text="Come onto your hands and knees. Cat-cow. Cat: round up. Ten seconds, five rounds. Change. Cow: arch down. Time's up. Next: child's pose. Press Enter to go on."
for v in 10 20 30 40 50 60 70 80 90 100; do
    amp=$(awk -v v="$v" 'BEGIN { l = 104 * (v / 100) ^ 2; q = 1 - l / 20; if (q < 0) q = 0; a = int(l * (1 + 0.45 * q) + 0.5); if (v > 0 && a < 2) a = 2; printf "%d", a }')
    gain=$(awk -v v="$v" 'BEGIN { printf "%.4f", 0.8 * (v / 100) ^ 2 }')
    espeak-ng -a "$amp" -w "$tmp/s.wav" "$text" 2>/dev/null
    sp=$(lufs "$tmp/s.wav")
    ch=$(lufs assets/step_end.wav "volume=$gain")
    hs=$(lufs assets/hold_start.wav "volume=$gain")
    awk -v v="$v" -v a="$amp" -v sp="$sp" -v ch="$ch" -v hs="$hs" 'BEGIN {
        printf "volume=%d espeak_a=%d speech=%.1f step_end=%.1f hold_start=%.1f speech_minus_chime=%+.1f LU\n", v, a, sp, ch, hs, sp - ch }'
done
