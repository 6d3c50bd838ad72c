# Timing helpers sourced by the bench scripts (benches/scale.sh,
# benches/seen.sh): one definition of a wall time and a median.

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
