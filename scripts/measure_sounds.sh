#!/usr/bin/env bash
# Measures every assets/*.wav with tools independent of ours, to cross-check
# tests/sound_levels.rs: integrated loudness and true peak (ffmpeg's ebur128 filter),
# length, sample peak, the tail (the loudest sample of the last 55 ms against the peak),
# sox `stats`, the alarm's share of energy at 2-4 kHz (and at 0.5-1 kHz), and a
# spectrogram of each sound under $out (default /tmp/backease-spectrograms).
#
# A clip shorter than 400 ms is padded with silence to 400 ms before ffmpeg measures it
# (ffmpeg reports -70 LUFS for anything shorter than one 400 ms block); the test does the
# same.
#
# Usage: scripts/measure_sounds.sh [--stats]   (--stats: also print sox `stats` in full)
# Needs: sox, ffmpeg (apt-get install sox ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SPECTROGRAMS:-/tmp/backease-spectrograms}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stat() { # file, sox stats field -> value
  sox "$1" -n stats 2>&1 | awk -v f="$2" 'index($0, f) == 1 { print $NF }'
}

printf '%-18s %7s %9s %10s %10s %8s %10s %5s\n' \
  asset length 'I (LUFS)' 'true peak' 'peak dBFS' 'tail dB' 'DC' 'flat'
for f in assets/*.wav; do
  name=$(basename "$f" .wav)
  len=$(soxi -D "$f")
  measured=$f
  if awk -v l="$len" 'BEGIN { exit !(l < 0.4) }'; then
    measured=$tmp/$name.wav
    sox "$f" "$measured" pad 0 "$(awk -v l="$len" 'BEGIN { printf "%.6f", 0.4 - l }')"
  fi
  summary=$(ffmpeg -hide_banner -nostats -i "$measured" -af ebur128=peak=true -f null - 2>&1 |
    sed -n '/Summary/,$p')
  lufs=$(awk '$1 == "I:" { print $2 }' <<<"$summary")
  true_peak=$(awk '$1 == "Peak:" { print $2 }' <<<"$summary")
  peak=$(stat "$f" 'Pk lev dB')
  tail_peak=$(sox "$f" -n trim -0.055 stats 2>&1 | awk 'index($0, "Pk lev dB") == 1 { print $NF }')
  tail=$(awk -v p="$peak" -v t="$tail_peak" 'BEGIN { printf "%.1f", p - t }')
  printf '%-18s %6.3fs %9s %10s %10s %8s %10s %5s\n' "$name" "$len" "$lufs" "$true_peak" \
    "$peak" "$tail" "$(stat "$f" 'DC offset')" "$(stat "$f" 'Flat factor')"
  sox "$f" -n spectrogram -x 800 -y 257 -z 100 -t "$name" -o "$out/$name.png"
done
echo "(tail: peak minus the loudest sample of the last 55 ms; flat: sox's flat factor, 0 = no clipped runs)"

band_share() { # file, low Hz, high Hz -> percent of the energy in that band (a sharp
  # band-pass, 20 Hz transitions: the alarm's C7 sits just above 2 kHz)
  local all band
  all=$(stat "$1" 'RMS lev dB')
  band=$(sox "$1" -p sinc -t 20 "$2-$3" | sox - -n stats 2>&1 | awk 'index($0, "RMS lev dB") == 1 { print $NF }')
  awk -v a="$all" -v b="$band" 'BEGIN { printf "%.0f%%", 100 * 10 ^ ((b - a) / 10) }'
}
echo
echo "alarm: energy at 2-4 kHz $(band_share assets/alarm.wav 2000 4000)," \
  "at 0.5-1 kHz $(band_share assets/alarm.wav 500 1000)"

if [[ ${1:-} == --stats ]]; then
  for f in assets/*.wav; do
    echo
    echo "== $f"
    sox "$f" -n stats 2>&1
  done
fi
echo
echo "spectrograms: $out/*.png"
