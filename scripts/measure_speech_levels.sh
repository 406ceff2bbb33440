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
# With --server, on a real sound server instead of files: a private PulseAudio with a null
# sink (as tests/it/common/pulse.rs starts it), its monitor recorded while, at each
# volume, the real player plays the step-end chime (examples/audio_probe.rs `one`) and
# espeak-ng says the long phrases at the app's amplitude through the same server; the
# recording is cut at its silences (sox) and each piece measured.
#
# Usage: scripts/measure_speech_levels.sh [--server]
#        (needs espeak-ng and ffmpeg; --server also pulseaudio, pulseaudio-utils and sox)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
lufs() { ffmpeg -nostats -i "$1" -af "${2:-anull},ebur128" -f null - 2>&1 | awk '/^ +I:/ {v=$2} END {print v}'; }
amp_of() { awk -v v="$1" 'BEGIN { l = 104 * (v / 100) ^ 2; q = 1 - l / 20; if (q < 0) q = 0; a = int(l * (1 + 0.45 * q) + 0.5); if (v > 0 && a < 2) a = 2; printf "%d", a }'; }
long="Come onto your hands and knees. Cat-cow. Cat: round up. Ten seconds, five rounds. Change. Cow: arch down. Time's up. Next: child's pose. Press Enter to go on."
volumes=(10 20 30 40 50 60 70 80 90 100)

if [ "${1:-}" = "--server" ]; then
    cargo build -q --example audio_probe
    probe=target/debug/examples/audio_probe
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
        "$probe" one step_end "$v" >/dev/null
        sleep 1.5
        espeak-ng -a "$(amp_of "$v")" "$long"
        sleep 1.5
    done
    kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
    sox -t raw -r 44100 -e signed -b 16 -c 1 "$tmp/rec.raw" "$tmp/rec.wav"
    # Pieces at every silence of 1 s or more (espeak-ng's pauses are shorter).
    (cd "$tmp" && sox rec.wav piece.wav silence 1 0.02 0.1% 1 1.0 0.1% : newfile : restart)
    mapfile -t pieces < <(ls "$tmp"/piece*.wav | sort -V)
    n=0
    for f in "${pieces[@]}"; do
        # sox leaves an empty last piece; only those with sound count.
        l=$(lufs "$f")
        [ -n "$l" ] && [ "$l" != "-70.0" ] && { measured[n]=$l; n=$((n + 1)); }
    done
    if [ "$n" -ne $((2 * ${#volumes[@]})) ]; then
        echo "expected $((2 * ${#volumes[@]})) pieces (a chime and speech per volume), found $n" >&2
        exit 1
    fi
    for i in "${!volumes[@]}"; do
        awk -v v="${volumes[i]}" -v a="$(amp_of "${volumes[i]}")" -v ch="${measured[2 * i]}" -v sp="${measured[2 * i + 1]}" 'BEGIN {
            printf "recorded volume=%3d espeak_a=%3d step_end=%.1f speech=%.1f speech-chime=%+.1f LU\n", v, a, ch, sp, sp - ch }'
    done
    exit 0
fi
trap 'rm -rf "$tmp"' EXIT
short="Two. Three. Last one. Cow. Right foot. You may release."
for v in "${volumes[@]}"; do
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
