#!/usr/bin/env bash
# End-to-end check that nothing from ALSA or rodio reaches the terminal: runs the real
# binary in tmux (on a machine without a sound card, or with HOME pointing ALSA at a device
# that cannot open), captures the screen and stderr, and fails on any "ALSA" text or any
# stderr output. Usage: scripts/audio_tmux_check.sh [args for backease...]
# (default args: none; pass e.g. `run <routine>` once the session screen is wired).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin backease
bin=$PWD/target/debug/backease
work=$(mktemp -d)
session="backease-audio-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
# A default PCM that cannot be opened on any machine: ALSA would complain loudly.
printf 'pcm.!default { type plug slave.pcm "backease_no_such_device" }\n' >"$work/.asoundrc"
tmux new-session -d -s "$session" -x 100 -y 30 \
  "HOME=$work $bin $* 2>$work/stderr; echo EXITED >>$work/exited; sleep 30"
# Poll with a deadline for the app's first screen (any non-empty pane), then look.
deadline=$((SECONDS + 10))
while (( SECONDS < deadline )); do
  pane=$(tmux capture-pane -p -t "$session")
  [[ -n ${pane//[[:space:]]/} ]] && break
  sleep 0.1
done
sleep 1 # let device probing finish (it happens at start-up, within PROBE_WAIT)
pane=$(tmux capture-pane -p -t "$session")
tmux send-keys -t "$session" q
status=0
if grep -qi "alsa" <<<"$pane"; then echo "FAIL: ALSA text on screen:"; echo "$pane"; status=1; fi
deadline=$((SECONDS + 5))
while (( SECONDS < deadline )) && [[ ! -e $work/exited ]]; do sleep 0.1; done
if [[ -s $work/stderr ]]; then echo "FAIL: stderr not empty:"; cat "$work/stderr"; status=1; fi
(( status == 0 )) && echo "ok: no ALSA text on screen, stderr empty"
exit $status
