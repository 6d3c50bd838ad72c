#!/usr/bin/env bash
# Benchmark: seen before at scale. On a COPY of an existing archive
# workspace (e.g. the 20,000-case one `benches/archive.sh DIR 20000 0
# fresh` builds: ~250,000 claims), it measures
#   - the claim index built cold (`similar` with no .git/factdesk-claims-v1),
#   - `similar` and `search` warm (median of 5), end to end,
#   - `propose` of the bundled article in the archive (warm index: every
#     proposal matched) against `propose` outside any workspace (the same
#     analysis, no matching): the difference is what matching costs end
#     to end,
#   - `new` of the bundled article in the archive (index loaded while the
#     case is made),
#   - in process (`cargo bench --bench seen`): the warm load (stats, read,
#     decode, matcher build) and the matching of the article's proposals
#     alone, against the target of 200 ms,
#   - after one factdesk commit: the incremental reload (one case re-read).
# The archive given is never modified: it is copied first (cp -a).
#
# Usage: benches/seen.sh ARCHIVE [FACTDESK_BINARY]
#   ARCHIVE          a factdesk workspace (a git repository), e.g. /work/arch20k
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
# KEEP=1 keeps the copy and prints where. BASE_BIN=a factdesk without seen
# before (e.g. main's before issue 13) also times its `new` in the same
# archive, for the cost matching adds to `new`.
set -euo pipefail

ARCHIVE=${1:?usage: benches/seen.sh ARCHIVE [FACTDESK_BINARY]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${2:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
ARTICLE=$ROOT/cases/2023-11-05-kyiv-moscow-talks/article.txt

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seen-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "copy kept in $TMP/repo"
else
  trap 'rm -rf "$TMP"' EXIT
fi
REAL_HOME=$HOME
export RUSTUP_HOME=${RUSTUP_HOME:-$REAL_HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$REAL_HOME/.cargo}
export HOME=$TMP/home
mkdir -p "$HOME"
REPO=$TMP/repo
cp -a "$ARCHIVE" "$REPO"
git -C "$REPO" config user.name Bench
git -C "$REPO" config user.email bench@example.org
INDEX=$(git -C "$REPO" rev-parse --absolute-git-dir)/factdesk-claims-v1
rm -f "$INDEX"
FIRST=$(ls "$REPO/cases" | sed -n 1p)
# Files settle: a file changed within 2 s of being read is re-read later.
sleep 2

# t (wall time) and median (of 5 runs).
source "$ROOT/benches/timing.sh"
similar() { "$BIN" -C "$REPO" similar "$FIRST/c03" -n 10; }
search() { "$BIN" -C "$REPO" search "pembicaraan damai Ukraina Rusia" -n 10; }
propose_in() { "$BIN" -C "$REPO" propose "$ARTICLE"; }
propose_out() { (cd "$TMP" && "$BIN" propose "$ARTICLE"); }

t_cold=$(t similar)
size=$(du -k "$INDEX" | cut -f1)
t_similar=$(median similar)
t_search=$(median search)
t_propose_in=$(median propose_in)
t_propose_out=$(median propose_out)
matched=$(propose_in | grep -c ' ≈ ' || true)
# SEEN_BENCH: an already built `benches/seen.rs` binary (else cargo builds it).
if [ -n "${SEEN_BENCH:-}" ]; then
  inproc=$("$SEEN_BENCH" "$REPO" "$ARTICLE")
else
  inproc=$(cd "$ROOT" && cargo bench --quiet --bench seen -- "$REPO" "$ARTICLE" 2>/dev/null)
fi
t_new=$(t "$BIN" -C "$REPO" new "$ARTICLE" --id bench-new-case)
t_new_base=-1
if [ -n "${BASE_BIN:-}" ]; then
  t_new_base=$(t "$BASE_BIN" -C "$REPO" new "$ARTICLE" --id bench-new-base)
fi
# One factdesk commit: the next load re-reads that case only.
"$BIN" -C "$REPO" set "$FIRST/c03" --note "bench note" >/dev/null
sleep 2
t_after=$(t similar)

printf 'archive: %s cases; claim index %s KB\n' "$(ls "$REPO/cases" | wc -l)" "$size"
printf '%-52s %8.3f s\n' \
  "similar, cold (index built)" "$t_cold" \
  "similar, warm (median of 5)" "$t_similar" \
  "search, warm (median of 5)" "$t_search" \
  "propose bundled article in the archive (warm)" "$t_propose_in" \
  "propose bundled article outside a workspace" "$t_propose_out" \
  "new bundled article in the archive (warm)" "$t_new" \
  "new, BASE_BIN (no matching; -1: not given)" "$t_new_base" \
  "similar after one commit (one case re-read)" "$t_after"
printf 'propose listed %s seen-before lines\n' "$matched"
printf '%s\n' "$inproc"
printf 'target: matching an article'"'"'s proposals < 200 ms once the index exists\n'
