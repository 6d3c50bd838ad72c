# Helpers sourced by the bench scripts (scale.sh, seen.sh, log.sh, set.sh,
# suite.sh): one definition of the binary measured, of the isolated run
# environment, of a wall time and of a median. ROOT must be set.

# BIN: the factdesk binary to measure, $1 when given, else the release
# build (built when absent).
bench_bin() {
  BIN=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/factdesk}
  if [ ! -x "$BIN" ]; then
    (cd "$ROOT" && cargo build --release --quiet)
  fi
}

# git isolated from the user's configuration, no colours, and a TMP and
# HOME of the run's own, removed when the script exits.
bench_env() {
  export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  export HOME=$TMP/home
  mkdir -p "$HOME"
}

# Wall time of "$@" in seconds (output discarded).
t() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}

# Median of 5 runs of "$@", in seconds.
median() {
  local ts=()
  for _ in 1 2 3 4 5; do ts+=("$(t "$@")"); done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
}
