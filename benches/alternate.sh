#!/usr/bin/env bash
# Benchmark: two factdesk binaries (before and after a change) taking turns
# on fresh clones of one archive, so that both see the same machine load.
# Each binary gets its own clones (a binary's caches in .git/ are its own);
# every clone's first `set` is timed, then RUNS warm ones on each, the two
# binaries alternating throughout.
#
# Usage: benches/alternate.sh ARCHIVE BEFORE_BIN AFTER_BIN [CLONES] [RUNS]
#   ARCHIVE   a repository made by benches/archive.sh (cloned, never changed)
#   CLONES    fresh clones per binary, default 4
#   RUNS      warm runs per clone, default 3
# CLAIM (default: the newest case's third claim), PAUSE (seconds before
# each command, default 2) and SETTLE (seconds after the clones are
# flushed, default 60) can be set in the environment. An old binary can be
# built from a worktree: `git worktree add /tmp/old REV && cd /tmp/old &&
# CARGO_TARGET_DIR=/tmp/old-target cargo build --release`.
#
# Prints the median wall and CPU seconds and the peak RSS of each binary's
# first and warm runs, with every wall time.
set -euo pipefail

ARCHIVE=$(cd "${1:?usage: benches/alternate.sh ARCHIVE BEFORE_BIN AFTER_BIN [CLONES] [RUNS]}" && pwd)
BEFORE=${2:?before binary}
AFTER=${3:?after binary}
CLONES=${4:-4}
RUNS=${5:-3}
PAUSE=${PAUSE:-2}
SETTLE=${SETTLE:-60}
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home
mkdir -p "$HOME"
if [ -z "${CLAIM:-}" ]; then
  case=$(git -C "$ARCHIVE" ls-tree --name-only HEAD cases/ | tail -1)
  case=${case#cases/}
  claim=$(git -C "$ARCHIVE" ls-tree --name-only HEAD "cases/$case/claims/" | sed -n '3p;$p' | head -1)
  CLAIM=$case/$(basename "$claim" .yaml)
fi

for k in $(seq "$CLONES"); do
  for b in before after; do
    git clone -q "$ARCHIVE" "$TMP/$b$k"
    git -C "$TMP/$b$k" config user.name Bench
    git -C "$TMP/$b$k" config user.email bench@example.org
  done
done
sync
sleep "$SETTLE"

# run LABEL KIND CLONE N: one timed `set`, appended to $TMP/times.
run() {
  local bin=$BEFORE
  [ "$1" = after ] && bin=$AFTER
  sleep "$PAUSE"
  /usr/bin/time -f "$1 $2 %e %U %S %M" -a -o "$TMP/times" \
    "$bin" -C "$TMP/$1$3" set "$CLAIM" --note "$2 $4" >/dev/null
}
for k in $(seq "$CLONES"); do
  if [ $((k % 2)) = 1 ]; then
    run before first "$k" 0
    run after first "$k" 0
  else
    run after first "$k" 0
    run before first "$k" 0
  fi
done
for r in $(seq "$RUNS"); do
  for k in $(seq "$CLONES"); do
    run before warm "$k" "$r"
    run after warm "$k" "$r"
  done
done
for k in $(seq "$CLONES"); do
  for b in before after; do
    if [ -n "$(git -C "$TMP/$b$k" status --porcelain)" ]; then
      echo "$b, clone $k: work tree or index differs from HEAD" >&2
      exit 1
    fi
  done
done

echo "archive $ARCHIVE, claim $CLAIM, $CLONES clones each, load $(cut -d' ' -f1-3 /proc/loadavg)"
# median < numbers, one per line
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for kind in first warm; do
  for b in before after; do
    rows=$(awk -v b="$b" -v k="$kind" '$1 == b && $2 == k { print $3, $4 + $5, $6 }' "$TMP/times")
    printf '%-5s %-6s wall median %.3f s, CPU median %.3f s, peak %d KB; wall: %s\n' \
      "$kind" "$b" \
      "$(echo "$rows" | cut -d' ' -f1 | median)" \
      "$(echo "$rows" | cut -d' ' -f2 | median)" \
      "$(echo "$rows" | cut -d' ' -f3 | sort -n | tail -1)" \
      "$(echo "$rows" | cut -d' ' -f1 | sort -n | tr '\n' ' ')"
  done
done
