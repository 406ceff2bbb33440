#!/usr/bin/env bash
# Speech against the chimes, by integrated loudness (ffmpeg's ebur128), at several
# volumes: espeak-ng renders the app's phrases at the amplitude the app gives it
# (src/speech/mod.rs, espeak_amplitude: about 104 x (volume/100)^2), and the chimes are
# scaled by the player's gain (0.8 x (volume/100)^2). Two sets of phrases: long ones (a
# step's start, a switch, a long step's end) and the short ones the timeline fitting
# leaves at busy moments (a rep's count, a side in a word). speech-dispatcher's espeak-ng
# module plays at amplitude `-i + 100` (spd_volume); the script renders that amplitude
# too, so its column is what spd-say's default module would play. Prints one line per
# volume (target: every speech figure within 2 LU of the step-end chime).
#
# Usage: scripts/measure_speech_levels.sh   (needs espeak-ng and ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lufs() { ffmpeg -nostats -i "$1" -af "${2:-anull},ebur128" -f null - 2>&1 | awk '/^ +I:/ {v=$2} END {print v}'; }
long="Come onto your hands and knees. Cat-cow. Cat: round up. Ten seconds, five rounds. Change. Cow: arch down. Time's up. Next: child's pose. Press Enter to go on."
short="Two. Three. Last one. Cow. Right foot. You may release."
amp_of() { awk -v v="$1" 'BEGIN { l = 104 * (v / 100) ^ 2; q = 1 - l / 20; if (q < 0) q = 0; a = int(l * (1 + 0.45 * q) + 0.5); if (v > 0 && a < 2) a = 2; printf "%d", a }'; }
for v in 10 20 30 40 50 60 70 80 90 100; do
    amp=$(amp_of "$v")
    spd_i=$((amp - 100)); ((spd_i < -100)) && spd_i=-100; ((spd_i > 100)) && spd_i=100
    spd_amp=$((spd_i + 100))
    gain=$(awk -v v="$v" 'BEGIN { printf "%.4f", 0.8 * (v / 100) ^ 2 }')
    espeak-ng -a "$amp" -w "$tmp/long.wav" "$long" 2>/dev/null
    espeak-ng -a "$amp" -w "$tmp/short.wav" "$short" 2>/dev/null
    espeak-ng -a "$spd_amp" -w "$tmp/spd.wav" "$long" 2>/dev/null
    sl=$(lufs "$tmp/long.wav"); ss=$(lufs "$tmp/short.wav"); sp=$(lufs "$tmp/spd.wav")
    ch=$(lufs assets/step_end.wav "volume=$gain")
    hs=$(lufs assets/hold_start.wav "volume=$gain")
    re=$(lufs assets/rep_end.wav "volume=$gain")
    awk -v v="$v" -v a="$amp" -v i="$spd_i" -v sl="$sl" -v ss="$ss" -v sp="$sp" -v ch="$ch" -v hs="$hs" -v re="$re" 'BEGIN {
        printf "volume=%3d espeak_a=%3d spd_i=%4d long=%.1f short=%.1f spd=%.1f step_end=%.1f hold_start=%.1f rep_end=%.1f long-chime=%+.1f short-chime=%+.1f spd-chime=%+.1f LU\n", v, a, i, sl, ss, sp, ch, hs, re, sl - ch, ss - ch, sp - ch }'
done
