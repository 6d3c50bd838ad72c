#!/usr/bin/env bash
# Benchmark: `factdesk new` end to end (proposals, claim files, checks,
# commit) on generated articles of 1, 2, 4, 8 and 10 MiB (the article
# limit), printing wall time, peak RSS and what was written per size, so
# linearity shows as a flat time per MiB. Target: the 10 MiB article in a
# few seconds with peak RSS a small multiple of the article. The proposals
# take ~0.3 s/MiB (`cargo bench --bench propose`); the rest is making,
# checking and writing the claim files (~5,700 per MiB), on every core: the
# files are made durable in one batch (two `syncfs`, see
# `store::atomic::write_many`) instead of an fsync per file and folder,
# which cost about 8 ms per claim file on ext4, and their blobs go into
# packs (`git::txn::BlobPacker`) instead of a loose object file each.
# Memory: no claim file is held. Each block of claims (2,048) becomes blobs
# in packs as soon as it is checked, and only each file's path and blob id
# (under 200 bytes) are kept until the commit, which reads each file back
# from the repository as it writes it; the article and the listing's one
# row per claim are held throughout. Before this, the 51 MB of YAML of a
# 10 MiB article were all held: peak RSS 185 MiB; now about 150 MiB, still
# well above the target: RSS is already ~90 MiB when the first claim is
# made (the article and its proposals), and the commit adds a few hundred
# bytes per file (plan, journal, index entries, trees). The last column times `factdesk check` of
# the new case (one line index for all its claims).
#
# The articles are built from the project's own texts (the bundled case's
# article and tests/fixtures/*.txt) by `cargo bench --bench propose --
# --write-article BYTES PATH`.
#
# Each size runs twice: as a user runs it (`max_claims`, default 1000:
# the most check-worthy proposals are kept) and with `--max-claims 0`
# (every proposal a file: the worst case of the transaction).
#
# Usage: benches/new.sh [SIZES_MIB] [FACTDESK_BINARY]
#   SIZES_MIB        default "1 2 4 8 10"
#   FACTDESK_BINARY  default $CARGO_TARGET_DIR/release/factdesk (built if absent)
#
# Everything happens in a temporary folder that is removed afterwards.
set -euo pipefail

SIZES=${1:-1 2 4 8 10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${2:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# cargo (for the article generator) still finds its toolchain.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export HOME=$TMP/home
mkdir -p "$HOME"

printf '%8s %6s %10s %9s %10s %8s %12s %12s %9s\n' size max bytes seconds s/MiB 'RSS MiB' claims 'YAML bytes' 'check s'
for mib in $SIZES; do
  bytes=$((mib << 20))
  article=$TMP/article-$mib.txt
  (cd "$ROOT" && cargo bench --quiet --bench propose -- --write-article "$bytes" "$article" >/dev/null)
for max in default 0; do
  repo=$TMP/repo-$mib
  git init -q -b main "$repo"
  git -C "$repo" config user.name Bench
  git -C "$repo" config user.email bench@example.org
  "$BIN" -C "$repo" init >/dev/null
  cap=()
  [ "$max" = default ] || cap=(--max-claims "$max")
  stats=$( { /usr/bin/time -f '%e %M' "$BIN" -C "$repo" new "$article" --id "bench-$mib" "${cap[@]}" >/dev/null; } 2>&1 | tail -1)
  secs=${stats% *}
  rss_kib=${stats#* }
  claims=$(find "$repo/cases/bench-$mib/claims" -name '*.yaml' | wc -l)
  yaml=$(find "$repo/cases/bench-$mib" -name '*.yaml' -print0 | xargs -0 cat | wc -c)
  # `check` of the new case: one line index serves all its claims.
  check=$( { /usr/bin/time -f '%e' "$BIN" -C "$repo" check "cases/bench-$mib" >/dev/null; } 2>&1 | tail -1)
  printf '%6d MiB %6s %10d %9.2f %10.3f %8d %12d %12d %9.2f\n' "$mib" "$max" "$(wc -c <"$article")" "$secs" \
    "$(echo "$secs / $mib" | bc -l)" "$((rss_kib / 1024))" "$claims" "$yaml" "$check"
  rm -rf "$repo"
done
done
