#!/usr/bin/env bash
# Benchmark (issue 14): one `factdesk set CASE/CLAIM --note …` in a large
# archive, warm and as the first command on a fresh clone, against
# `git add` + `git commit` of a one-line change in the same clones, run
# side by side, with peak RSS (`/usr/bin/time -f %M`). Also prints the
# phases of one warm `set` (FACTDESK_TRACE).
#
# Usage: benches/set.sh ARCHIVE [RUNS] [FRESH] [FACTDESK_BINARY]
#   ARCHIVE          a repository made by benches/archive.sh, e.g.
#                    `benches/archive.sh /tmp/arch 20000 0 fresh`; it is
#                    cloned, never changed
#   RUNS             warm runs of each (median reported), default 7
#   FRESH            fresh clones for the first-run figures, default 3
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# PAUSE (seconds, default 2) passes before each timed command, as between
# an editor's changes, and each fresh clone is flushed (`sync`) and left
# SETTLE seconds (default 30) before its first command. Without them a
# command pays, in its first fsync, for the disk writes the previous one
# (or the clone's 260,000 files) left pending: 50 ms and more on a disk
# taking 400 MB/s. PAUSE=0 SETTLE=0 times them back to back.
#
# Targets at 20,000 cases: `set` ≤ 100 ms and ≤ 50 MB warm, ≤ 150 ms on
# a fresh clone. Everything happens in a temporary folder removed after.
set -euo pipefail

ARCHIVE=${1:?usage: benches/set.sh ARCHIVE [RUNS] [FRESH] [FACTDESK_BINARY]}
RUNS=${2:-7}
FRESH=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# bench_bin and bench_env.
source "$ROOT/benches/timing.sh"
bench_bin "${4:-}"
bench_env

# The claims to change: the third claim (or the last there is) of the
# 42nd case, and of the newest case (folders are named by date, so it sorts
# last): an editor mostly changes recent cases, and the index's checksum
# is resumed from the last megabyte before the change (git::sha1_marks),
# so where the claim sorts matters.
claim_of() {
  local case claim
  case=$(git -C "$ARCHIVE" ls-tree --name-only HEAD cases/ | sed -n "$1;\$p" | head -1)
  case=${case#cases/}
  claim=$(git -C "$ARCHIVE" ls-tree --name-only HEAD "cases/$case/claims/" | sed -n '3p;$p' | head -1)
  echo "$case/$(basename "$claim" .yaml)"
}
EARLY=$(claim_of 42p)
NEWEST=$(claim_of '$p')

PAUSE=${PAUSE:-2}
SETTLE=${SETTLE:-30}
clone() {
  git clone -q "$ARCHIVE" "$1"
  git -C "$1" config user.name Bench
  git -C "$1" config user.email bench@example.org
}
# Seconds and peak KB of one command, as "S KB".
measure() {
  sleep "$PAUSE"
  /usr/bin/time -o "$TMP/time" -f '%e %M' "$@" >/dev/null 2>"$TMP/stderr" || {
    cat "$TMP/stderr" >&2
    return 1
  }
  tail -1 "$TMP/time"
}
# fd_set CLONE N [CLAIM]: the early claim unless another is named.
fd_set() { measure "$BIN" -C "$1" set "${3:-$EARLY}" --note "bench note $2"; }
# `git add` then `git commit`: summed seconds, larger peak.
git_commit() {
  echo "line $2" >>"$1/notes.txt"
  local a c
  a=$(measure git -C "$1" add notes.txt)
  c=$(measure git -C "$1" commit -q -m "note $2")
  echo "$(echo "${a% *} + ${c% *}" | bc -l) $(( ${a#* } > ${c#* } ? ${a#* } : ${c#* } ))"
}
# "S KB" lines -> "median S, max KB"
summary() {
  local lines
  lines=$(cat)
  printf '%.3fs (median of %d), peak RSS %d KB' \
    "$(echo "$lines" | cut -d' ' -f1 | sort -n | sed -n "$((($(echo "$lines" | wc -l) + 1) / 2))p")" \
    "$(echo "$lines" | wc -l)" \
    "$(echo "$lines" | cut -d' ' -f2 | sort -n | tail -1)"
}

WARM=$TMP/warm
clone "$WARM"
entries=$(git -C "$WARM" ls-files | wc -l)
index_kb=$(( $(stat -c %s "$WARM/.git/index") / 1024 ))
fd_set "$WARM" 0 >/dev/null # warm the page cache for both
git_commit "$WARM" 0 >/dev/null
fd_warm=$(for r in $(seq "$RUNS"); do fd_set "$WARM" "$r"; done | summary)
fd_newest=$(for r in $(seq "$RUNS"); do fd_set "$WARM" "$r" "$NEWEST"; done | summary)
git_warm=$(for r in $(seq "$RUNS"); do git_commit "$WARM" "$r"; done | summary)
fd_set "$WARM" settle "$NEWEST" >/dev/null # after git's commit: marks again
trace=$(FACTDESK_TRACE=1 "$BIN" -C "$WARM" set "$NEWEST" --note "trace" 2>&1 >/dev/null)

fd_fresh=""
git_fresh=""
for k in $(seq "$FRESH"); do
  clone "$TMP/fresh-fd-$k"
  sync
  sleep "$SETTLE"
  fd_fresh+="$(fd_set "$TMP/fresh-fd-$k" "fresh $k")"$'\n'
  clone "$TMP/fresh-git-$k"
  sync
  sleep "$SETTLE"
  git_fresh+="$(git_commit "$TMP/fresh-git-$k" "fresh $k")"$'\n'
  bad=$(git -C "$TMP/fresh-fd-$k" status --porcelain | wc -l)
  rm -rf "$TMP/fresh-fd-$k" "$TMP/fresh-git-$k"
  if [ "$bad" != 0 ]; then
    echo "fresh clone $k: work tree or index differs from HEAD after set" >&2
    exit 1
  fi
done

printf 'archive: %s (%d index entries, index %d KB), claims %s and %s\n' "$ARCHIVE" "$entries" "$index_kb" "$EARLY" "$NEWEST"
printf 'warm   factdesk set --note : %s (42nd case)\n' "$fd_warm"
printf 'warm   factdesk set --note : %s (newest case)\n' "$fd_newest"
printf 'warm   git add + git commit: %s\n' "$git_warm"
printf 'fresh  factdesk set --note : %s\n' "$(printf '%s' "$fd_fresh" | summary)"
printf 'fresh  git add + git commit: %s\n' "$(printf '%s' "$git_fresh" | summary)"
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "phases of one warm set, newest case (ms since start):"
echo "$trace" | sed 's/^factdesk trace: */  /'
if [ "$(git -C "$WARM" status --porcelain | grep -v notes.txt | wc -l)" != 0 ] ||
  ! git -C "$WARM" diff --cached --quiet; then
  echo "work tree or index differs from HEAD after the runs" >&2
  exit 1
fi
