#!/usr/bin/env bash
# Benchmark: `factdesk status` and `factdesk cases --format json` on an
# archive of N copies of the bundled case, cold (no case index in .git/)
# and warm (the index valid), after one factdesk commit (one case
# re-read), against `cat` of every case file as the floor.
#
# Usage: benches/scale.sh [CASES] [FACTDESK_BINARY]
#   CASES            default 2000 (copies of the bundled case; try 20000)
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# Everything happens in a temporary folder that is removed afterwards
# (KEEP=1 keeps it and prints where).
set -euo pipefail

CASES=${1:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${2:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
SEED=2023-11-05-kyiv-moscow-talks

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
  echo "workspace kept in $TMP/repo"
else
  trap 'rm -rf "$TMP"' EXIT
fi
export HOME=$TMP/home
mkdir -p "$HOME"
REPO=$TMP/repo
git init -q -b main "$REPO"
git -C "$REPO" config user.name Bench
git -C "$REPO" config user.email bench@example.org

gen_start=$(date +%s.%N)
"$BIN" -C "$REPO" init >/dev/null
# N cases: the bundled case under other ids (one `cp` each), one commit.
case_yaml=$(cat "$ROOT/cases/$SEED/case.yaml")
mkdir -p "$REPO/cases"
for i in $(seq -f '%05g' 1 "$CASES"); do
  d=$REPO/cases/$SEED-$i
  cp -r "$ROOT/cases/$SEED" "$d"
  printf '%s\n' "${case_yaml/id: $SEED/id: $SEED-$i}" >"$d/case.yaml"
done
git -C "$REPO" add -A
git -C "$REPO" commit -q -m "$CASES cases"
gen_end=$(date +%s.%N)
INDEX=$(git -C "$REPO" rev-parse --absolute-git-dir)/factdesk-cases-v2
# Files settle: a file changed within 2 s of being read is re-read later.
sleep 2

# t (wall time) and median (of 5 runs).
source "$ROOT/benches/timing.sh"
floor() { (cd "$REPO" && find cases -type f -print0 | xargs -0 cat); }
status() { "$BIN" -C "$REPO" status; }
cases_json() { "$BIN" -C "$REPO" cases --format json; }

floor >/dev/null # warm the page cache
t_floor=$(median floor)
rm -f "$INDEX"
t_status_cold=$(t status)
t_status_warm=$(median status)
rm -f "$INDEX"
t_cases_cold=$(t cases_json)
t_cases_warm=$(median cases_json)
index_size=$(du -k "$INDEX" | cut -f1)
# One factdesk commit: the next run re-reads that one case only.
"$BIN" -C "$REPO" set "$SEED-00001/c03" --note "bench note" >/dev/null
sleep 2
t_status_after=$(t status)
t_cases_after=$(t cases_json)
# The outputs equal a cold rebuild's.
status >"$TMP/warm.txt"
rm -f "$INDEX"
status >"$TMP/cold.txt"
same=$(cmp -s "$TMP/warm.txt" "$TMP/cold.txt" && echo yes || echo NO)

printf 'archive: %s cases (%s files), built in %.1f s; index %s KB\n' \
  "$CASES" "$(cd "$REPO" && find cases -type f | wc -l)" \
  "$(echo "$gen_end - $gen_start" | bc -l)" "$index_size"
printf '%-34s %8.3f s\n' \
  "cat of every case file (floor)" "$t_floor" \
  "status, cold (no index)" "$t_status_cold" \
  "status, warm (median of 5)" "$t_status_warm" \
  "status, after one commit" "$t_status_after" \
  "cases --format json, cold" "$t_cases_cold" \
  "cases --format json, warm" "$t_cases_warm" \
  "cases --format json, after commit" "$t_cases_after"
printf 'warm output equals a cold rebuild: %s\n' "$same"
printf 'target at 20,000 cases: status and cases <= 0.5 s warm\n'
