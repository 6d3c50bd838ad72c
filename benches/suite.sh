#!/usr/bin/env bash
# The scale benchmark of issue 14 in one run: a 20,000-case archive with
# 100,000 commits of history, then every figure the issue asks for, each
# beside its peer tool measured in the same run.
#
# Usage: benches/suite.sh DIR [CASES] [COMMITS]
#   DIR      the archive; built there by benches/archive.sh (history mode,
#            checked out) when absent, reused when it is already one
#   CASES    default 20000
#   COMMITS  default 100000
#   YAMLLINT=1 in the environment also runs `check` against yamllint at
#            CASES (about 20 minutes of yamllint at 20,000 cases); the
#            2,000-case comparison always runs
#
# Measures, in order (each script says more in its own header):
#   1. TUI first frame and first rows in tmux, cold and warm   (frame.sh)
#   2. `status` and `cases --format json`, cold and warm, with `git status`
#   3. `log` of a claim and a case, cold and warm, vs `git log -- PATH` (log.sh)
#   4. one `set`, warm and on fresh clones, vs `git add` + `git commit` (set.sh)
#   5. `check` vs yamllint vs a bare read, at 2,000 cases (and CASES)  (yamllint.sh)
# Targets at 20,000 cases: first frame <= 100 ms, first rows <= 300 ms;
# status and cases <= 0.5 s; set <= 100 ms and 50 MB warm, <= 150 ms on a
# fresh clone; cold log >= 5x git log -- FILE; check >= 100x yamllint.
# The archive gets factdesk's caches in .git/ and nothing else; the
# clones and the 2,000-case workspace live in temporary folders.
set -euo pipefail

DIR=${1:?usage: benches/suite.sh DIR [CASES] [COMMITS]}
CASES=${2:-20000}
COMMITS=${3:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# bench_bin, bench_env, t and median.
source "$ROOT/benches/timing.sh"
(cd "$ROOT" && cargo build --release --quiet)
bench_bin
bench_env

section() { printf '\n== %s (load %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

if [ ! -d "$DIR/.git" ]; then
  section "building the archive"
  bash "$ROOT/benches/archive.sh" "$DIR" "$CASES" "$COMMITS" history
fi
DIR=$(cd "$DIR" && pwd)
printf 'archive %s: %s cases, %s commits, %s files\n' "$DIR" \
  "$(find "$DIR/cases" -mindepth 1 -maxdepth 1 -type d | wc -l)" \
  "$(git -C "$DIR" rev-list --count HEAD)" "$(git -C "$DIR" ls-files | wc -l)"

section "1. TUI first frame and first rows"
bash "$ROOT/benches/frame.sh" "$DIR" 3 "$BIN"

section "2. status and cases"
# Seconds, user+sys CPU seconds and peak KB of one command, output dropped.
timed() {
  /usr/bin/time -o "$TMP/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.3f s wall, %.2f s CPU, %d KB", $1, $2 + $3, $4 }' "$TMP/time"
}
INDEX=$(git -C "$DIR" rev-parse --absolute-git-dir)/factdesk-cases-v2
for cmd in "status" "cases --format json"; do
  rm -f "$INDEX"
  # shellcheck disable=SC2086 # the command's words
  printf '%-22s cold  %s\n' "$cmd" "$(timed "$BIN" -C "$DIR" $cmd)"
  # shellcheck disable=SC2086
  printf '%-22s warm  %s; median of 5: %.3f s\n' "$cmd" "$(timed "$BIN" -C "$DIR" $cmd)" \
    "$(median "$BIN" -C "$DIR" $cmd)"
done
printf '%-22s       %s; median of 5: %.3f s\n' "git status --porcelain" \
  "$(timed git -C "$DIR" status --porcelain)" "$(median git -C "$DIR" status --porcelain)"

section "3. log, cold and warm, vs git log -- PATH"
ARCHIVE=$DIR bash "$ROOT/benches/log.sh" "$CASES" "$COMMITS" "$BIN" || true

section "4. set, warm and on fresh clones, vs git add + git commit"
bash "$ROOT/benches/set.sh" "$DIR" 7 3 "$BIN"

section "5. check vs yamllint at 2,000 cases"
bash "$ROOT/benches/archive.sh" "$TMP/a2k" 2000 0 fresh >/dev/null 2>&1
bash "$ROOT/benches/yamllint.sh" "$TMP/a2k" "$BIN"
rm -rf "$TMP/a2k"
if [ "${YAMLLINT:-0}" = 1 ]; then
  section "5b. check vs yamllint at $CASES cases"
  bash "$ROOT/benches/yamllint.sh" "$DIR" "$BIN"
fi
