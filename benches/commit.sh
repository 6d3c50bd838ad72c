#!/usr/bin/env bash
# Benchmark: one `factdesk set CASE/CLAIM --note …` (lock, journal, hooks
# check, commit, index) against `git add` + `git commit` of a one-line change,
# in one repository of 2,000 cases and 50,000 commits, run side by side.
#
# Usage: benches/commit.sh [CASES] [COMMITS] [FACTDESK_BINARY]
#   CASES            default 2000 (copies of the bundled case)
#   COMMITS          default 50000 (history, made with git fast-import)
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# Everything happens in a temporary folder that is removed afterwards.
set -euo pipefail

CASES=${1:-2000}
N=${2:-50000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${3:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
SEED=2023-11-05-kyiv-moscow-talks

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home
mkdir -p "$HOME"
REPO=$TMP/repo
git init -q -b main "$REPO"
git -C "$REPO" config user.name Bench
git -C "$REPO" config user.email bench@example.org

gen_start=$(date +%s.%N)
"$BIN" -C "$REPO" init >/dev/null
# 2,000 cases: the bundled case under other ids, in one commit.
for i in $(seq -f '%05g' 1 "$CASES"); do
  d=$REPO/cases/$SEED-$i
  mkdir -p "$d"
  cp -r "$ROOT/cases/$SEED/claims" "$ROOT/cases/$SEED/article.txt" "$d/"
  sed "s/^id: $SEED\$/id: $SEED-$i/" "$ROOT/cases/$SEED/case.yaml" >"$d/case.yaml"
done
git -C "$REPO" add -A
git -C "$REPO" commit -q -m "2,000 cases"
# 50,000 commits of history on top.
awk -v n="$N" 'BEGIN {
  t = 1699000000
  for (i = 1; i <= n; i++) {
    body = sprintf("revision %d\n", i)
    printf "commit refs/heads/main\nmark :%d\n", i
    printf "committer Bench <bench@example.org> %d +0700\n", t + i * 60
    msg = sprintf("history %d\n", i)
    printf "data %d\n%s\n", length(msg), msg
    if (i == 1) printf "from refs/heads/main^0\n"
    printf "M 100644 inline history.txt\ndata %d\n%s\n", length(body), body
  }
}' | git -C "$REPO" fast-import --quiet
git -C "$REPO" reset -q --hard main
gen_end=$(date +%s.%N)

runs=7
# Median wall time of $runs runs of "$@", in seconds.
median() {
  local ts=() s e
  for r in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" "$r" >/dev/null 2>&1; e=$(date +%s.%N)
    ts+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}
fd_set() { "$BIN" -C "$REPO" set "$SEED-00042/c03" --note "bench note $1"; }
git_commit() {
  echo "line $1" >>"$REPO/notes.txt"
  git -C "$REPO" add notes.txt
  git -C "$REPO" commit -q -m "note $1"
}
fd_set 0 >/dev/null # warm the page cache for both
git_commit 0
t_fd=$(median fd_set)
t_git=$(median git_commit)
rss=$( { /usr/bin/time -f '%M' "$BIN" -C "$REPO" set "$SEED-00042/c03" --note "rss" >/dev/null; } 2>&1 | tail -1)
commits=$(git -C "$REPO" rev-list --count HEAD)
clean=$(git -C "$REPO" status --porcelain -- cases | wc -l)

printf 'repository: %d cases, %d commits, generated in %.1fs\n' "$CASES" "$commits" "$(echo "$gen_end - $gen_start" | bc -l)"
printf 'factdesk set --note   : %.3fs (median of %d), peak RSS %d KB\n' "$t_fd" "$runs" "$rss"
printf 'git add + git commit  : %.3fs (median of %d)\n' "$t_git" "$runs"
printf 'ratio factdesk / git  : %.2fx\n' "$(echo "$t_fd / $t_git" | bc -l)"
if [ "$clean" != 0 ]; then
  echo "work tree or index of cases/ differs from HEAD after the runs" >&2
  exit 1
fi
