#!/usr/bin/env bash
# Benchmark: `factdesk log` against `git log -- PATH` on a newsroom archive
# built by benches/archive.sh (issue 14 target: cold `log` >= 5x faster).
#
# Usage: benches/log.sh [CASES] [COMMITS] [FACTDESK_BINARY]
#   CASES            default 20000 (copies of the bundled case)
#   COMMITS          default 100000 (history; see benches/archive.sh)
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#   ARCHIVE=DIR      use an archive benches/archive.sh already built there
#                    (it is not modified, apart from factdesk's cache in .git)
#
# Measures, for one claim and for its case: `log` cold (a fresh clone, no
# history cache: it builds the cache), `log` warm, and `git log -- PATH`,
# and checks that both list the same commits. Everything else happens in a
# temporary folder that is removed afterwards.
set -euo pipefail

CASES=${1:-20000}
N=${2:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# bench_bin and bench_env.
source "$ROOT/benches/timing.sh"
bench_bin "${3:-}"
bench_env

if [ -n "${ARCHIVE:-}" ]; then
  SRC=$ARCHIVE
else
  SRC=$TMP/archive
  CHECKOUT=0 "$ROOT/benches/archive.sh" "$SRC" "$CASES" "$N"
fi
# A fresh clone, as CI or a new colleague has: no cache in .git.
REPO=$TMP/clone
git clone -q --no-checkout "$SRC" "$REPO"
git -C "$REPO" show HEAD:factdesk.yaml >"$REPO/factdesk.yaml"
CACHE=$REPO/.git/factdesk-history-v2.cache
commits=$(git -C "$REPO" rev-list --count HEAD)

# The claim a recent factdesk commit changed, and its case.
read -r CASE CLAIM < <(git -C "$REPO" log -1 --skip=3 --grep '^Factdesk-Claim' \
  --format='%(trailers:key=Factdesk-Case,valueonly,separator=)%x20%(trailers:key=Factdesk-Claim,valueonly,separator=)')
FILE=cases/$CASE/claims/$CLAIM.yaml

now() { date +%s.%N; }
# Best wall time of $1 runs of the rest, in seconds.
best() {
  local runs=$1 best=999999 s e d
  shift
  for _ in $(seq "$runs"); do
    s=$(now); "$@" >/dev/null; e=$(now)
    d=$(echo "$e - $s" | bc -l)
    if (( $(echo "$d < $best" | bc -l) )); then best=$d; fi
  done
  echo "$best"
}
fd_log() { "$BIN" -C "$REPO" log "$1" --format json; }
cold() { rm -f "$CACHE"; fd_log "$1"; }
git_log() { git -C "$REPO" log --format='%H %an %ad %s' -- "$1"; }

check() { # check TARGET PATH: both list the same commits
  local a b
  a=$(cold "$1" | grep -o '"commit": *"[0-9a-f]*"' | grep -o '[0-9a-f]\{40\}' | sort)
  b=$(git -C "$REPO" log --format=%H -- "$2" | sort)
  if [ "$a" != "$b" ]; then
    echo "MISMATCH for $1: factdesk log lists $(echo "$a" | grep -c .) commits, git log -- $2 lists $(echo "$b" | grep -c .)" >&2
    exit 1
  fi
  echo "$a" | grep -c .
}

printf 'archive: %d cases, %d commits%s\n' "$(git -C "$REPO" ls-tree HEAD cases/ | wc -l)" "$commits" \
  "$([ -n "${ARCHIVE:-}" ] && echo " ($ARCHIVE)")"
fail=0
row() { # row LABEL TARGET PATH
  local n t_cold t_warm t_git g_runs=3
  n=$(check "$2" "$3")
  t_git=$(best 1 git_log "$3")
  # A slow git log is timed once.
  if (( $(echo "$t_git < 5" | bc -l) )); then t_git=$(best "$g_runs" git_log "$3"); fi
  t_cold=$(best 3 cold "$2")
  t_warm=$(best 5 fd_log "$2")
  printf '%-6s %-44s %4d commits | git log -- PATH %7.3fs | log cold %6.3fs (%5.1fx) | log warm %6.3fs (%5.1fx)\n' \
    "$1" "$2" "$n" "$t_git" "$t_cold" "$(echo "$t_git / $t_cold" | bc -l)" \
    "$t_warm" "$(echo "$t_git / $t_warm" | bc -l)"
  if (( $(echo "$t_git / $t_cold < 5" | bc -l) )); then fail=1; fi
}
row claim "$CASE/$CLAIM" "$FILE"
row case "$CASE" "cases/$CASE"
rss=$( { rm -f "$CACHE"; /usr/bin/time -f '%M' "$BIN" -C "$REPO" log "$CASE/$CLAIM" >/dev/null; } 2>&1 | tail -1)
printf 'cold log peak RSS %d KB; cache %s for %d commits\n' "$rss" "$(du -h "$CACHE" | cut -f1)" "$commits"
printf 'target: cold log >= 5x git log -- PATH: %s\n' "$([ $fail = 0 ] && echo met || echo NOT met)"
exit $fail
