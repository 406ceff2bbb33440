#!/usr/bin/env bash
# Makes a history of N sessions (default 10,000: twenty-seven years of daily sessions)
# in DATA_DIR/history, written by the app's own record writer, one a day back from today.
#
#   scripts/make_history.sh DATA_DIR [N]
#   BACKEASE_DATA_DIR=DATA_DIR backease history
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: $0 DATA_DIR [N]" >&2; exit 2; }
cargo run --release --quiet --example make_history -- "$1/history" "${2:-10000}"
