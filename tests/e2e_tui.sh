#!/usr/bin/env bash
# End-to-end test of the terminal UI: drives the real binary inside tmux.
#
#   bash tests/e2e_tui.sh path/to/factdesk
#
# 1. opens the seed case in a temporary workspace, 2. walks the first claim
# through every checklist step, 3. adds evidence and sets a verdict, 4.
# quits, 5. checks the YAML, the git log trailers and `factdesk check`, 6.
# has a second identity request changes with a note (CLI), reopens the TUI
# and checks the editor sees the request first, then answers it with W.
# It waits by polling `tmux capture-pane` for expected text, never by fixed
# sleeps. Needs tmux and git.
set -euo pipefail

BIN=${1:?usage: bash tests/e2e_tui.sh path/to/factdesk}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CASE=2023-11-05-kyiv-moscow-talks
TIMEOUT=${E2E_TIMEOUT:-20}

ARTICLE="$ROOT/cases/$CASE/article.txt"
[ -f "$ARTICLE" ] || { echo "e2e: seed article not found" >&2; exit 2; }
command -v tmux >/dev/null || { echo "e2e: tmux is not installed" >&2; exit 2; }

TMP=$(mktemp -d)
SOCK="factdesk-e2e-$$"
cleanup() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# Isolated git: no user or system config.
export HOME="$TMP/home" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export TERM=xterm-256color
unset NO_COLOR
mkdir -p "$HOME" "$TMP/ws"
cd "$TMP/ws"
git init -q
git config user.name "E2E Editor"
git config user.email e2e@example.org
"$BIN" init >/dev/null
"$BIN" new --id "$CASE" --outlet Antara "$ARTICLE" >/dev/null
if [ -z "$(ls "cases/$CASE/claims" 2>/dev/null)" ]; then
  # No proposals (proposer not merged yet): add the NBC claim by hand.
  "$BIN" claim add "$CASE" --text "Para pejabat AS dan Eropa telah berbicara dengan pemerintah Ukraina tentang kemungkinan perundingan perdamaian dengan Rusia untuk mengakhiri perang, NBC mengutip seorang pejabat senior AS yang tidak disebutkan namanya dan seorang mantan pejabat AS." >/dev/null
fi
# The first claim in article order.
FIRST=$("$BIN" claims "$CASE" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' 2>/dev/null || true)
[ -n "$FIRST" ] || FIRST=c01
YAML="cases/$CASE/claims/$FIRST.yaml"
STEPS=$(grep -c "state: pending" "$YAML")
LIST=$(awk '/^checklist:/{f=1} f && /^  id:/{print $2; exit}' "$YAML")
echo "e2e: $CASE/$FIRST follows $LIST with $STEPS steps"

screen() { tmux -L "$SOCK" capture-pane -p -t e2e 2>/dev/null || true; }
wait_for() { # wait_for REGEX [what]
  local deadline=$((SECONDS + TIMEOUT))
  while ! screen | grep -Eq -- "$1"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "e2e: timed out waiting for /$1/ ${2:-}" >&2
      echo "----- screen -----" >&2
      screen >&2
      exit 1
    fi
    sleep 0.05
  done
}
keys() { tmux -L "$SOCK" send-keys -t e2e "$@"; }
type_text() { tmux -L "$SOCK" send-keys -t e2e -l -- "$1"; }

# 1. Open the seed case.
tmux -L "$SOCK" new-session -d -s e2e -x 120 -y 40 -c "$TMP/ws" "$BIN"
wait_for "Claims 0/[0-9]+ decided" "case view of the seed case"
keys n
wait_for "› $FIRST" "claim view"
wait_for "Checklist $LIST 0/$STEPS" "checklist"

# 2. Every step: the second is skipped with a note, the rest done.
for ((k = 1; k <= STEPS; k++)); do
  if [ $k -eq 2 ]; then
    keys s
    wait_for "Skip step: why" "skip form"
    type_text "NBC report is paywalled; second source pending (e2e)"
    keys C-s
  else
    keys d
  fi
  wait_for "Checklist $LIST $k/$STEPS" "step $k"
done

# 3. Evidence, then the verdict (and the attribution, separately).
keys a
wait_for "Add evidence" "evidence form"
type_text "https://www.nbcnews.com/news/ukraine-peace-talks-officials"
keys Tab
type_text "https://web.archive.org/web/2023/https://www.nbcnews.com/news/ukraine-peace-talks-officials"
keys Tab Tab
type_text "officials discussed what a deal might look like"
keys C-s
wait_for "Evidence \(1\)" "evidence added"

keys v
wait_for "Substance verdict" "verdict picker"
for _ in 1 2 3 4 5 6 7; do
  if screen | grep -q "▸ ? Unverifiable"; then break; fi
  keys j
  sleep 0.05
done
wait_for "▸ \? Unverifiable" "unverifiable selected"
keys Enter
wait_for "Substance: +\? unverifiable" "verdict set"

keys t
wait_for "Attribution: did the cited source" "attribution picker"
for _ in 1 2 3 4 5; do
  if screen | grep -q "▸ ✓ confirmed"; then break; fi
  keys j
  sleep 0.05
done
wait_for "▸ ✓ confirmed" "confirmed selected"
keys Enter
wait_for "Attribution: ✓ confirmed" "attribution set"

# 4. Quit, and wait for the process to end.
keys q
deadline=$((SECONDS + TIMEOUT))
while tmux -L "$SOCK" has-session -t e2e 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || { echo "e2e: did not quit" >&2; screen >&2; exit 1; }
  sleep 0.05
done

# 5. Files, history, check.
fail() { echo "e2e: $*" >&2; echo "----- $YAML -----" >&2; cat "$YAML" >&2; exit 1; }
grep -q "^status: unverifiable" "$YAML" || fail "status is not unverifiable"
grep -q "status: confirmed" "$YAML" || fail "attribution is not confirmed"
! grep -q "state: pending" "$YAML" || fail "a step is still pending"
grep -q "state: skipped" "$YAML" || fail "no skipped step"
grep -q "NBC report is paywalled" "$YAML" || fail "skip note missing"
grep -q "url: https://www.nbcnews.com/news/ukraine-peace-talks-officials" "$YAML" || fail "evidence missing"

LOG=$(git log --format='%s%n%b')
steps_logged=$(grep -c "^Factdesk-Step: $LIST/" <<<"$LOG" || true)
[ "$steps_logged" -eq "$STEPS" ] || { echo "$LOG" >&2; echo "e2e: $steps_logged step commits, expected $STEPS" >&2; exit 1; }
grep -q "^Factdesk-Action: evidence" <<<"$LOG" || { echo "$LOG" >&2; echo "e2e: no evidence commit" >&2; exit 1; }
grep -q "^Factdesk-Status: unverifiable" <<<"$LOG" || { echo "$LOG" >&2; echo "e2e: no verdict commit" >&2; exit 1; }
grep -q "^Factdesk-Claim: $FIRST" <<<"$LOG" || { echo "e2e: no claim trailer" >&2; exit 1; }
[ -z "$(git status --porcelain)" ] || { git status >&2; echo "e2e: uncommitted changes left" >&2; exit 1; }

"$BIN" check || { echo "e2e: factdesk check failed" >&2; exit 1; }

# 6. A second editor (another git identity) asks for changes with a note,
# from the command line; the editor opens the TUI again and, on that claim,
# sees the request and the note first.
NOTE="Name the NBC piece and link it, e2e review"
GIT_AUTHOR_NAME="Rui Reviewer" GIT_AUTHOR_EMAIL=rui@example.org \
GIT_COMMITTER_NAME="Rui Reviewer" GIT_COMMITTER_EMAIL=rui@example.org \
  "$BIN" review "$CASE/$FIRST" --request-changes --note "$NOTE" >/dev/null \
  || { echo "e2e: review --request-changes failed" >&2; exit 1; }
tmux -L "$SOCK" new-session -d -s e2e -x 120 -y 40 -c "$TMP/ws" "$BIN"
wait_for "$FIRST [^ ]+ [a-z-]+ ⚑changes" "changes marker in the claim list"
keys n
wait_for "› $FIRST" "n goes to the claim with changes requested"
wait_for "⚑ Changes requested by Rui Reviewer" "review banner"
wait_for "$NOTE" "the reviewer's note"
# The banner is the first line under the header.
screen | sed -n 2p | grep -q "⚑ Changes requested by Rui Reviewer" \
  || { echo "e2e: the request is not the first thing on the claim" >&2; screen >&2; exit 1; }
# Answer: ask for review again with what was done.
keys W
wait_for "Ask for review again" "re-request form"
type_text "Linked the NBC piece in the evidence (e2e)"
keys C-s
wait_for "waiting for a second editor" "review requested again"
keys q
deadline=$((SECONDS + TIMEOUT))
while tmux -L "$SOCK" has-session -t e2e 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || { echo "e2e: did not quit" >&2; screen >&2; exit 1; }
  sleep 0.05
done
grep -q "voided: true" "$YAML" || fail "the request for changes was not voided"
grep -q "Linked the NBC piece in the evidence (e2e)" "$YAML" || fail "the answer is not in the notes"
"$BIN" check || { echo "e2e: factdesk check failed after the review" >&2; exit 1; }
echo "e2e: ok ($STEPS steps, evidence, verdict, attribution, review seen and answered; $(git rev-list --count HEAD) commits)"
