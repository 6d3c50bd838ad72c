#!/usr/bin/env bash
# Benchmark: the TUI's first frame and first case rows, end to end in a
# terminal (tmux), on an existing workspace: the time from starting
# `factdesk` until the screen shows its footer ("? help") and until it shows
# the first case row, cold (no case index in .git/) and warm. A plain `ls` through
# the same harness is the floor (process start, pty and polling).
#
# Usage: benches/frame.sh WORKSPACE [RUNS] [FACTDESK_BINARY]
#   WORKSPACE        e.g. one made by `benches/archive.sh DIR 20000 0 fresh`
#   RUNS             default 3 warm runs (one cold run first)
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# Targets at 20,000 cases (issue 14): first frame <= 100 ms, first rows
# <= 300 ms. The screen is polled every few ms with `tmux capture-pane`, so
# figures carry a few ms of polling granularity.
set -euo pipefail

WS=${1:?usage: benches/frame.sh WORKSPACE [RUNS] [FACTDESK_BINARY]}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${3:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
command -v tmux >/dev/null || { echo "frame.sh needs tmux" >&2; exit 2; }
WS=$(cd "$WS" && pwd)
CASES=("$WS"/cases/*/)
FIRST_CASE=$(basename "${CASES[0]}")

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
TMP=$(mktemp -d)
SOCK=$TMP/tmux.sock
trap 'tmux -S "$SOCK" kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
export HOME=$TMP/home
mkdir -p "$HOME"

now_ms() { date +%s%3N; }

# Runs the shell command CMD in a fresh 120x40 tmux window and prints the
# ms until the pane shows FRAME, then until it shows ROW (the selected
# row's marker for the case list), or "-" if it never does in 60 s.
measure() {
  local frame=$1 row=$2; shift 2
  tmux -S "$SOCK" kill-server 2>/dev/null || true
  local start t_frame=- t_row=- screen
  start=$(now_ms)
  tmux -S "$SOCK" new-session -d -x 120 -y 40 -c "$WS" "$@"
  while :; do
    screen=$(tmux -S "$SOCK" capture-pane -p 2>/dev/null || true)
    local t=$(( $(now_ms) - start ))
    if [ "$t_frame" = - ] && grep -qF -- "$frame" <<<"$screen"; then t_frame=$t; fi
    if [ "$t_row" = - ] && grep -qF -- "$row" <<<"$screen"; then t_row=$t; fi
    if [ "$t_frame" != - ] && [ "$t_row" != - ]; then break; fi
    if [ "$t" -gt 60000 ]; then break; fi
    sleep 0.003
  done
  tmux -S "$SOCK" kill-server 2>/dev/null || true
  echo "$t_frame $t_row"
}

echo "workspace: $WS (${#CASES[@]} cases)"
printf '%-22s %12s %12s\n' run 'frame ms' 'rows ms'
# The floor: `ls` of the first case folder through the same harness.
read -r f r < <(measure "$FIRST_CASE" "$FIRST_CASE" "ls -d cases/$FIRST_CASE; sleep 5")
printf '%-22s %12s %12s\n' 'ls (floor)' "$f" "$r"
rm -f "$WS/.git/factdesk-cases-v2"
read -r f r < <(measure "? help" "▸" "$BIN")
printf '%-22s %12s %12s\n' 'factdesk cold' "$f" "$r"
# Warm: the case index exists (the cold TUI is stopped before it has
# written it, so `status` writes it here).
(cd "$WS" && "$BIN" status >/dev/null)
for i in $(seq 1 "$RUNS"); do
  read -r f r < <(measure "? help" "▸" "$BIN")
  printf '%-22s %12s %12s\n' "factdesk warm $i" "$f" "$r"
done
