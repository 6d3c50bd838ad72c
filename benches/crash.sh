#!/usr/bin/env bash
# The long crash test: SIGKILL factdesk mutations (set --note, step, evidence
# add --file, review by a second identity, claim add) at random instants, and
# after each kill check that the next mutation succeeds and recovers, that work
# tree == index == HEAD, and at the end that every successful change is in
# HEAD, `git fsck` is clean and `factdesk check` passes on HEAD's tree.
# It is `txn::crash::kill_at_random_instants_then_everything_is_whole` in
# tests/it/txn.rs, run with many more iterations on a release build.
#
# Usage: benches/crash.sh [ITERATIONS]
#   ITERATIONS            default 300 (or $FACTDESK_CRASH_ITERATIONS)
#   FACTDESK_CRASH_SEED   replay a failing run (the test prints its seed)
#   FACTDESK_CRASH_KEEP=1 keep the workspace of a failing run
#   FACTDESK_CRASH_MAX_DELAY_MS  kill 0..N ms after start (default 40)
#   CARGO_TARGET_DIR, CARGO_BUILD_JOBS are honoured as usual.
#
# Everything happens in temporary folders; nothing is written to this checkout.
set -euo pipefail

N=${1:-${FACTDESK_CRASH_ITERATIONS:-300}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

# Build first, so the wall time below is the crash run alone.
cargo test --release --test it --no-run --quiet

start=$(date +%s.%N)
set +e
FACTDESK_CRASH_ITERATIONS=$N cargo test --release --quiet --test it txn::crash -- --nocapture 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
end=$(date +%s.%N)

summary=$(grep '^crash: ' "$LOG" || true)
kills=$(sed -n 's/^crash: .*, \([0-9][0-9]*\) kills.*/\1/p' "$LOG")
echo
if [ -n "$summary" ]; then
  echo "$summary"
fi
wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
printf 'iterations: %s\nkills: %s\nwall time: %ss\n' "$N" "${kills:-unknown (the run failed)}" "$wall"
if [ "$rc" -ne 0 ]; then
  echo "FAILED (cargo test exit $rc); the seed to replay is printed above" >&2
fi
exit "$rc"
