#!/usr/bin/env bash
# The voice on every shipped routine's timeline (issue 23): each routine run through the
# app with the voice on, each phrase rendered by espeak-ng at the app's rate (its
# default, 175 words a minute) and laid where it is said; counts the phrases still
# speaking at a hold's bell, a switch, a rep's or a step's end, the knocks played under
# speech, and the knocks that gave way to it. Three times: with the app's fitting off (every
# phrase said whole, the get-ready as set, the 3-2-1 playing under speech) and on, and
# on as plain mode speaks (the safety notes after each step's start).
# Target with fitting on: speaking_at_cue=0 and knocks_under_speech=0 on every routine.
#
# Usage: scripts/measure_speech_overlaps.sh [--list]   (needs espeak-ng)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null || { echo "espeak-ng is not installed" >&2; exit 2; }
cargo build -q --example speech_timeline
bin=target/debug/examples/speech_timeline
espeak-ng --version | head -1
"$bin" --unfitted "$@"
echo
"$bin" "$@"
echo
"$bin" --plain "$@"
