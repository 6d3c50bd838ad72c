#!/usr/bin/env bash
# Benchmark: `factdesk check` against yamllint and a bare read of the same
# files, one run each, in one workspace (an archive built by
# benches/archive.sh, e.g. 20,000 cases: `bash benches/archive.sh DIR 20000
# 0 fresh`). Prints wall and CPU time for each and the ratios (target:
# check ≥ 100× yamllint; within 1.5× of a bare read). yamllint is installed
# from PyPI into a venv under the target folder on first use. At 20,000
# cases yamllint runs for about 20 minutes.
#
# Usage: benches/yamllint.sh WORKSPACE [FACTDESK_BINARY]
set -euo pipefail

WS=${1:?usage: benches/yamllint.sh WORKSPACE [FACTDESK_BINARY]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${2:-$TARGET/release/factdesk}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
VENV=$TARGET/bench-venv
if [ ! -x "$VENV/bin/yamllint" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q yamllint
fi
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home
mkdir -p "$HOME"
cd "$WS"

# "$@" timed: prints "wall cpu" in seconds on stdout, its output discarded.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$TMP/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$TMP/time"
}

files=$(find cases checklists factdesk.yaml -name '*.yaml' | wc -l)
echo "workspace: $WS ($files YAML files; $("$VENV/bin/yamllint" --version))"
read -r cat_w cat_c < <(timed bash -c "find cases checklists factdesk.yaml -name '*.yaml' -print0 | xargs -0 cat")
read -r fd_w fd_c < <(timed "$BIN" check)
read -r yl_w yl_c < <(timed "$VENV/bin/yamllint" -c .yamllint -f parsable cases checklists factdesk.yaml)
printf '%-28s %9s %9s\n' '' 'wall s' 'CPU s'
printf '%-28s %9s %9s\n' 'cat (bare read)' "$cat_w" "$cat_c"
printf '%-28s %9s %9s\n' 'factdesk check' "$fd_w" "$fd_c"
printf '%-28s %9s %9s\n' 'yamllint' "$yl_w" "$yl_c"
echo "yamllint / check: $(echo "$yl_w / $fd_w" | bc -l | xargs printf '%.0f')× wall, $(echo "$yl_c / $fd_c" | bc -l | xargs printf '%.0f')× CPU (target ≥ 100×)"
echo "check / bare read: $(echo "$fd_w / $cat_w" | bc -l | xargs printf '%.2f')× wall (target ≤ 1.5×)"
