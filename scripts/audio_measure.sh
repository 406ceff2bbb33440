#!/usr/bin/env bash
# Measures the audio player: latency (play() to the device pulling the first sample) and
# CPU, through ALSA's null device (a temporary HOME whose .asoundrc makes the default PCM
# `type null`) and with no device at all. Prints key=value lines; see the report in
# docs or the commit message for the numbers on the reference machine.
#
# Usage: scripts/audio_measure.sh [quick]   (quick: 10 s runs instead of 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=60
[[ "${1:-}" == quick ]] && secs=10
cargo build --release --example audio_probe >/dev/null 2>&1
probe=target/release/examples/audio_probe
null_home=$(mktemp -d)
trap 'rm -rf "$null_home"' EXIT
printf 'pcm.!default { type null }\n' >"$null_home/.asoundrc"

run() { # name, env-home, args...
  local name=$1 home=$2; shift 2
  local err; err=$(mktemp)
  echo "== $name"
  HOME=$home "$probe" "$@" 2>"$err" | grep -E '^(status|cold_ms|warm_ms|cpu_ms|cpu_percent|wall_s|cues|stream|max_latency)'
  if [[ -s $err ]]; then echo "stderr NOT empty:"; cat "$err"; else echo "stderr=empty"; fi
  rm -f "$err"
}

run "latency, null device" "$null_home" latency 10
run "one ${secs}-second hold, null device" "$null_home" hold "$secs"
run "${secs} s, a cue every 10 s, null device" "$null_home" cpu "$secs" 10
run "one ${secs}-second hold, no device" "$HOME" hold "$secs"
