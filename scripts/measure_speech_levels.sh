#!/usr/bin/env bash
# Speech against the chimes, by integrated loudness (ffmpeg's ebur128), at volumes 10 to
# 100: espeak-ng renders the app's phrases at the amplitude the app gives it (asked of the
# app itself: `audio_probe speech-volume`, which reads src/speech/mod.rs's
# espeak_amplitude), and the chimes are scaled by the player's gain (0.8 x (volume/100)^2).
# Two sets of phrases: long ones (a step's start, a switch, a long step's end) and the
# short ones the timeline fitting leaves at busy moments (a rep's count, a side in a
# word). speech-dispatcher's espeak-ng module plays at amplitude `-i + 100` (spd_volume);
# the script renders that amplitude too, so its column is what spd-say's default module
# would play. Prints one line per volume with a verdict: ok when every speech figure is
# within 2 LU of the step-end chime, OUT otherwise; exits 1 if any volume is OUT.
#
# With --all, every volume from 10 to 100 instead of every tenth.
#
# With --server, on a real sound server instead of files: a private PulseAudio with a null
# sink (as tests/it/common/pulse.rs starts it), its monitor recorded while, at each
# volume, the real player plays the step-end chime (examples/audio_probe.rs `one`) and
# espeak-ng says the long phrases, then the short ones, at the app's amplitude through the
# same server; the recording is cut at its silences (sox: a second of digital silence, as
# a null sink gives between sounds, so a quiet chime keeps its tail) and each piece
# measured. Same verdicts.
#
# With --ladder, the calibration behind espeak_amplitude's table: both sets rendered at
# every amplitude from 1 to 160, then, per tenth volume, the amplitude that puts the
# chime midway between them (the smallest worst difference).
#
# Usage: scripts/measure_speech_levels.sh [--all | --server | --ladder]
#        (needs espeak-ng and ffmpeg; --server also pulseaudio, pulseaudio-utils and sox)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lufs() { ffmpeg -nostdin -nostats -i "$1" -af "${2:-anull},ebur128" -f null - 2>&1 | awk '/^ +I:/ {v=$2} END {print v}'; }
gain_of() { awk -v v="$1" 'BEGIN { printf "%.6f", 0.8 * (v / 100) ^ 2 }'; }
long="Come onto your hands and knees. Cat-cow. Cat: round up. Ten seconds, five rounds. Change. Cow: arch down. Time's up. Next: child's pose. Press Enter to go on."
short="Two. Three. Last one. Cow. Right foot. You may release."
volumes=(10 20 30 40 50 60 70 80 90 100)
limit=2
# Prints "ok" or "OUT" for differences (LU) all within the limit or not.
verdict() { awk -v lim="$limit" 'BEGIN { for (i = 1; i < ARGC; i++) { d = ARGV[i]; if (d < -lim || d > lim) { print "OUT"; exit } } print "ok" }' "$@"; }

if [ "${1:-}" = "--ladder" ]; then
    ch=$(lufs assets/step_end.wav)
    echo "step_end at full scale: $ch LUFS"
    for a in $(seq 1 160); do
        espeak-ng -a "$a" -w "$tmp/long.wav" "$long" 2>/dev/null
        espeak-ng -a "$a" -w "$tmp/short.wav" "$short" 2>/dev/null
        echo "$a $(lufs "$tmp/long.wav") $(lufs "$tmp/short.wav")"
    done | tee "$tmp/ladder" | awk '{ printf "amplitude=%3d long=%.1f short=%.1f\n", $1, $2, $3 }'
    for v in "${volumes[@]}"; do
        awk -v v="$v" -v ch="$ch" '
            function abs(x) { return x < 0 ? -x : x }
            { l[$1] = $2; s[$1] = $3 }
            END {
                c = ch + 20 * log(0.8 * (v / 100) ^ 2) / log(10)
                best = 0
                for (a = 2; a <= 160; a++) {
                    w = abs(l[a] - c); if (abs(s[a] - c) > w) w = abs(s[a] - c)
                    if (best == 0 || w < bw - 1e-9) { best = a; bw = w }
                }
                printf "volume=%3d chime=%.1f best_a=%3d long-chime=%+.1f short-chime=%+.1f LU\n", v, c, best, l[best] - c, s[best] - c
            }' "$tmp/ladder"
    done
    exit 0
fi

cargo build -q --example audio_probe
probe=target/debug/examples/audio_probe
amp_of() { "$probe" speech-volume "$1" | sed -n 's/^espeak_a=\([0-9]*\) .*/\1/p'; }
spd_of() { "$probe" speech-volume "$1" | sed -n 's/.* spd_i=\(-\?[0-9]*\)$/\1/p'; }
bad=0

if [ "${1:-}" = "--server" ]; then
    pids=()
    trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/run"
    XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/run" pulseaudio -n --daemonize=no \
        --exit-idle-time=-1 --disallow-exit --system=false --disable-shm \
        -L "module-null-sink sink_name=rec" \
        -L "module-native-protocol-unix auth-anonymous=1 socket=$tmp/run/native" \
        >"$tmp/pa.log" 2>&1 &
    pids+=($!)
    export PULSE_SERVER="unix:$tmp/run/native"
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
    parec -d rec.monitor --format=s16le --rate=44100 --channels=1 --raw >"$tmp/rec.raw" &
    pids+=($!)
    sleep 1
    for v in "${volumes[@]}"; do
        a=$(amp_of "$v")
        "$probe" one step_end "$v" >/dev/null
        sleep 1.5
        espeak-ng -a "$a" "$long"
        sleep 1.5
        espeak-ng -a "$a" "$short"
        sleep 1.5
    done
    kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
    sox -t raw -r 44100 -e signed -b 16 -c 1 "$tmp/rec.raw" "$tmp/rec.wav"
    # Pieces at every second of digital silence (below 1 LSB; espeak-ng's pauses are
    # shorter). A threshold above it cut a quiet chime's tail: at volume 10 its piece
    # measured 2.4 LU louder than the chime as played.
    (cd "$tmp" && sox rec.wav piece.wav silence 1 0.02 0.001% 1 1.0 0.001% : newfile : restart)
    mapfile -t pieces < <(ls "$tmp"/piece*.wav | sort -V)
    n=0
    for f in "${pieces[@]}"; do
        # sox leaves an empty last piece; only those with sound count.
        l=$(lufs "$f")
        [ -n "$l" ] && [ "$l" != "-70.0" ] && { measured[n]=$l; n=$((n + 1)); }
    done
    if [ "$n" -ne $((3 * ${#volumes[@]})) ]; then
        echo "expected $((3 * ${#volumes[@]})) pieces (a chime, long and short speech per volume), found $n" >&2
        exit 1
    fi
    for i in "${!volumes[@]}"; do
        ch=${measured[3 * i]} sl=${measured[3 * i + 1]} ss=${measured[3 * i + 2]}
        dl=$(awk -v a="$sl" -v b="$ch" 'BEGIN { printf "%+.1f", a - b }')
        ds=$(awk -v a="$ss" -v b="$ch" 'BEGIN { printf "%+.1f", a - b }')
        ok=$(verdict "$dl" "$ds")
        [ "$ok" = ok ] || bad=1
        printf "recorded volume=%3d espeak_a=%3d step_end=%.1f long=%.1f short=%.1f long-chime=%s short-chime=%s LU %s\n" \
            "${volumes[i]}" "$(amp_of "${volumes[i]}")" "$ch" "$sl" "$ss" "$dl" "$ds" "$ok"
    done
    exit "$bad"
fi

[ "${1:-}" = "--all" ] && mapfile -t volumes < <(seq 10 100)
for v in "${volumes[@]}"; do
    amp=$(amp_of "$v")
    spd_i=$(spd_of "$v")
    spd_amp=$((spd_i + 100))
    gain=$(gain_of "$v")
    espeak-ng -a "$amp" -w "$tmp/long.wav" "$long" 2>/dev/null
    espeak-ng -a "$amp" -w "$tmp/short.wav" "$short" 2>/dev/null
    espeak-ng -a "$spd_amp" -w "$tmp/spd.wav" "$long" 2>/dev/null
    sl=$(lufs "$tmp/long.wav"); ss=$(lufs "$tmp/short.wav"); sp=$(lufs "$tmp/spd.wav")
    ch=$(lufs assets/step_end.wav "volume=$gain")
    hs=$(lufs assets/hold_start.wav "volume=$gain")
    re=$(lufs assets/rep_end.wav "volume=$gain")
    read -r dl ds dp < <(awk -v sl="$sl" -v ss="$ss" -v sp="$sp" -v ch="$ch" 'BEGIN { printf "%+.1f %+.1f %+.1f\n", sl - ch, ss - ch, sp - ch }')
    ok=$(verdict "$dl" "$ds" "$dp")
    [ "$ok" = ok ] || bad=1
    printf "volume=%3d espeak_a=%3d spd_i=%4d long=%.1f short=%.1f spd=%.1f step_end=%.1f hold_start=%.1f rep_end=%.1f long-chime=%s short-chime=%s spd-chime=%s LU %s\n" \
        "$v" "$amp" "$spd_i" "$sl" "$ss" "$sp" "$ch" "$hs" "$re" "$dl" "$ds" "$dp" "$ok"
done
exit "$bad"
