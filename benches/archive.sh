#!/usr/bin/env bash
# Builds a newsroom archive for the scale benchmarks (issue 14): a factdesk
# workspace of CASES copies of the bundled case, with COMMITS commits of
# history, written with `git fast-import` from the project's own files only.
#
# Usage: benches/archive.sh DIR [CASES] [COMMITS] [MODE]
#   DIR      an empty or absent folder; the repository is made there
#   CASES    default 20000 (copies of cases/2023-11-05-kyiv-moscow-talks)
#   COMMITS  default 100000 in `history` mode, 0 in `fresh` mode
#   MODE     `history` (default): an archive used for a while. The first
#            commit is `factdesk init`'s; cases arrive one `new-case` commit
#            at a time, spread evenly over the history, and every other
#            commit changes one claim file of a recent case, with the
#            trailers factdesk writes (Factdesk-Case/-Claim/-Action/-Status).
#            One commit in 500 is a hand edit (plain `git commit`, no
#            trailers) of a claim file.
#            `fresh`: a freshly built archive: the init commit, then all
#            cases in one plain commit, then COMMITS claim changes on top.
#   CHECKOUT=0 in the environment skips checking out the work tree (only
#            factdesk.yaml is written, enough for `factdesk log`); the
#            default checks everything out, as a clone would.
#
# Prints what it built and how long it took. Runs single-threaded
# (fast-import). Deltas are at most 50 deep, as after `git gc`.
set -euo pipefail

DIR=${1:?usage: benches/archive.sh DIR [CASES] [COMMITS] [history|fresh]}
CASES=${2:-20000}
MODE=${4:-history}
case $MODE in
history) COMMITS=${3:-100000} ;;
fresh) COMMITS=${3:-0} ;;
*) echo "MODE must be history or fresh" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SEED=2023-11-05-kyiv-moscow-talks
SRC=$ROOT/cases/$SEED

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
  echo "$DIR is not empty" >&2
  exit 2
fi
start=$(date +%s.%N)
git init -q -b main "$DIR"
git -C "$DIR" config user.name Bench
git -C "$DIR" config user.email bench@example.org

# The stream: blobs of the project's own files first (marks), then commits.
{
  mark=0
  blob() { # blob FILE: prints a blob with the next mark
    mark=$((mark + 1))
    printf 'blob\nmark :%d\ndata %d\n' "$mark" "$(wc -c <"$1")"
    cat "$1"
    printf '\n'
  }
  # :1 article, :2..:12 claims c01..c11, then the init files.
  blob "$SRC/article.txt"
  for f in "$SRC"/claims/c*.yaml; do blob "$f"; done
  init_files=(factdesk.yaml .yamllint checklists/*.yaml schemas/*.json)
  (cd "$ROOT" && ls "${init_files[@]}" 2>/dev/null || true) >"$DIR/.git/init-files"
  while read -r f; do blob "$ROOT/$f"; done <"$DIR/.git/init-files"
  # The commits, from awk: templates are read once, each commit is a few
  # lines, case.yaml gets each copy's own id.
  awk -v cases="$CASES" -v commits="$COMMITS" -v mode="$MODE" -v seed="$SEED" -v q="'" \
    -v casefile="$SRC/case.yaml" -v claimdir="$SRC/claims" -v initlist="$DIR/.git/init-files" '
  function slurp(path,   s, l) { s = ""; while ((getline l < path) > 0) s = s l "\n"; close(path); return s }
  function cid(k) { return sprintf("%s-%05d", seed, k) }
  function who(i) { return names[i % 5 + 1] }
  function header(i, msg,   n) {
    n = who(i)
    printf "commit refs/heads/main\n"
    printf "author %s <%s@example.org> %d +0700\n", n, tolower(n), t0 + i * 60
    printf "committer %s <%s@example.org> %d +0700\n", n, tolower(n), t0 + i * 60
    printf "data %d\n%s\n", length(msg), msg
  }
  function add_case(k,   c, j, body) {
    c = cid(k); body = casetpl; sub("\nid: [^\n]*\n", "\nid: " c "\n", body)
    if (substr(body, 1, 4) == "id: ") sub("^id: [^\n]*\n", "id: " c "\n", body)
    printf "M 100644 :1 cases/%s/article.txt\n", c
    for (j = 1; j <= 11; j++) printf "M 100644 :%d cases/%s/claims/c%02d.yaml\n", j + 1, c, j
    printf "M 100644 inline cases/%s/case.yaml\ndata %d\n%s\n", c, length(body), body
  }
  function new_case(i, k,   c, msg) {
    c = cid(k)
    msg = sprintf("%s: new case\n\n%s\n\n11 claims proposed.\n\nFactdesk-Case: %s\nFactdesk-Action: new-case\n", c, title, c)
    header(i, msg); add_case(k)
  }
  function edit(i, k, hand,   c, cl, body, msg) {
    c = cid(k); cl = sprintf("c%02d", int(rand() * 11) + 1)
    body = claims[cl]
    sub("\nstatus: unchecked\n", "\nstatus: in-progress\n", body)
    gsub("\nnotes: [^\n]*", "", body)
    body = body sprintf("notes: %s[2026-01-01 10:00 %s] revision %d%s\n", q, who(i), i, q)
    if (hand) msg = sprintf("fix typo in %s/%s\n", c, cl)
    else msg = sprintf("%s/%s: note\n\nrevision %d\n\nFactdesk-Case: %s\nFactdesk-Claim: %s\nFactdesk-Action: set\nFactdesk-Status: in-progress\n", c, cl, i, c, cl)
    header(i, msg)
    printf "M 100644 inline cases/%s/claims/%s.yaml\ndata %d\n%s\n", c, cl, length(body), body
  }
  BEGIN {
    srand(14); t0 = 1699000000
    split("Ana Rui Ed Sari Budi", names, " ")
    casetpl = slurp(casefile)
    title = casetpl; sub("^(.*\n)?title: ", "", title); sub("\n.*", "", title)
    for (j = 1; j <= 11; j++) { cl = sprintf("c%02d", j); claims[cl] = slurp(claimdir "/" cl ".yaml") }
    # 1: factdesk init
    header(0, "factdesk init\n\nFactdesk-Action: init\n")
    m = 12
    while ((getline f < initlist) > 0) { m++; printf "M 100644 :%d %s\n", m, f }
    i = 0; made = 0
    if (mode == "fresh") {
      header(++i, sprintf("import %d cases\n", cases))
      for (k = 1; k <= cases; k++) add_case(k)
      made = cases
    }
    for (n = 1; n <= commits; n++) {
      i++
      # Cases arrive evenly over the history; work goes to recent ones.
      if (made < cases && made < int(n * cases / commits + 0.999999)) { new_case(i, ++made); continue }
      if (rand() < 0.9) k = made - int(rand() * (made < 50 ? made : 50))
      else k = int(rand() * made) + 1
      edit(i, k, n % 500 == 250)
      if (n % 10000 == 0) printf "progress %d of %d commits\n", n, commits
    }
  }'
} | git -C "$DIR" fast-import --quiet | sed -u "s/^progress /  /" >&2
if [ "${CHECKOUT:-1}" = 0 ]; then
  git -C "$DIR" show main:factdesk.yaml >"$DIR/factdesk.yaml"
else
  git -C "$DIR" reset -q --hard main
fi
rm -f "$DIR/.git/init-files"
end=$(date +%s.%N)
printf 'archive %s: %s mode, %d cases, %d commits, pack %s, built in %.1fs\n' "$DIR" "$MODE" \
  "$CASES" "$(git -C "$DIR" rev-list --count main)" \
  "$(du -sh "$DIR/.git/objects" | cut -f1)" "$(echo "$end - $start" | bc -l)"
