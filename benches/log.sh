#!/usr/bin/env bash
# Benchmark: `factdesk log CASE/CLAIM` against `git log -- <claim file>` on a
# generated repository with 50,000 factdesk commits (issue 4 target: >= 5x).
#
# Usage: benches/log.sh [COMMITS] [FACTDESK_BINARY]
#   COMMITS          default 50000
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# The repository is generated with `git fast-import` in a temporary folder and
# removed afterwards; nothing is written to this checkout.
set -euo pipefail

N=${1:-50000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${2:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
REPO=$TMP/repo
git init -q -b main "$REPO"
git -C "$REPO" config user.name Bench
git -C "$REPO" config user.email bench@example.org

CASES=100 CLAIMS=10
gen_start=$(date +%s.%N)
awk -v n="$N" -v cases="$CASES" -v claims="$CLAIMS" 'BEGIN {
  t = 1699000000
  split("Ana Rui Ed Sari Budi", who, " ")
  for (i = 1; i <= n; i++) {
    c = (i * 7) % cases; k = (i * 13) % claims + 1
    case_id = sprintf("2023-11-%02d-case-%03d", c % 28 + 1, c)
    claim = sprintf("c%02d", k)
    name = who[i % 5 + 1]
    msg = sprintf("%s/%s: step general/stop done\n\nchange %d\n\nFactdesk-Case: %s\nFactdesk-Claim: %s\nFactdesk-Action: step\nFactdesk-Status: in-progress\nFactdesk-Step: general/stop=done\n", case_id, claim, i, case_id, claim)
    body = sprintf("id: %s\nkind: event\ntext: revision %d\nstatus: in-progress\n", claim, i)
    printf "commit refs/heads/main\nmark :%d\n", i
    printf "author %s <%s@example.org> %d +0700\n", name, tolower(name), t + i * 60
    printf "committer %s <%s@example.org> %d +0700\n", name, tolower(name), t + i * 60
    printf "data %d\n%s\n", length(msg), msg
    if (i == 1) {
      cfg = "format: 1\n"
      printf "M 100644 inline factdesk.yaml\ndata %d\n%s\n", length(cfg), cfg
    }
    printf "M 100644 inline cases/%s/claims/%s.yaml\ndata %d\n%s\n", case_id, claim, length(body), body
  }
}' | git -C "$REPO" fast-import --quiet
git -C "$REPO" reset -q --hard main
gen_end=$(date +%s.%N)

CASE=2023-11-08-case-007 CLAIM=c04
FILE=cases/$CASE/claims/$CLAIM.yaml
runs=5
best() { # best wall time of $runs runs, in seconds
  local best=999999 s e d
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    d=$(echo "$e - $s" | bc -l)
    if (( $(echo "$d < $best" | bc -l) )); then best=$d; fi
  done
  echo "$best"
}
fd_n=$(set +o pipefail; "$BIN" -C "$REPO" log "$CASE/$CLAIM" --format json | grep -c '"commit"')
git_n=$(git -C "$REPO" log --format='%H %an %ad %s' -- "$FILE" | wc -l)
if [ "$fd_n" != "$git_n" ]; then
  echo "MISMATCH: factdesk log found $fd_n commits, git log found $git_n" >&2
  exit 1
fi
cold() { rm -f "$REPO/.git/factdesk-history-v1.cache"; "$BIN" -C "$REPO" log "$CASE/$CLAIM"; }
t_cold=$(runs=1 best cold)
t_fd=$(best "$BIN" -C "$REPO" log "$CASE/$CLAIM")
t_git=$(best git -C "$REPO" log --format='%H %an %ad %s' -- "$FILE")
ratio=$(echo "$t_git / $t_fd" | bc -l)
printf 'repository: %d commits (%d cases x %d claims), generated in %.1fs\n' "$N" "$CASES" "$CLAIMS" "$(echo "$gen_end - $gen_start" | bc -l)"
printf 'claim %s/%s: %d commits found by both\n' "$CASE" "$CLAIM" "$fd_n"
printf 'factdesk log, cold      : %.3fs (no history cache yet; builds it)\n' "$t_cold"
printf 'factdesk log CASE/CLAIM : %.3fs (best of %d, cache warm)\n' "$t_fd" "$runs"
printf 'git log -- FILE         : %.3fs (best of %d)\n' "$t_git" "$runs"
printf 'ratio                   : %.1fx (target >= 5x); cold ratio %.1fx\n' "$ratio" "$(echo "$t_git / $t_cold" | bc -l)"
if (( $(echo "$ratio < 5" | bc -l) )); then exit 1; fi
