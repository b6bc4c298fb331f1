#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-play.sh - the quiz (and play) screens, black box in tmux: the
# real binary in a pane of its own tmux server, keys sent, the pane read
# back.  Every wait polls for a condition with a generous timeout; no
# fixed sleep stands in for one.  Exit 77 (SKIP) when tmux is missing.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA
. "${KT_SRCDIR:-.}/tests/lib.sh"
tmux_own play
TIMEOUT=${KT_SCREEN_TIMEOUT:-30}

tm new-session -d -s kt -n idle -x 80 -y 24 "sleep 100000" || {
	echo "FAIL: tmux cannot start a session"; exit 1; }

W=
# start NAME CMD...: a window running CMD; "[exit N]" is printed when it
# ends, and the window stays for reading.
start() {
	W=kt:$1
	shift
	printf '%s\n' "$@" >"$kt_tmp/cmd"
	tm new-window -d -t kt -n "${W#kt:}" \
		"env LANG=C.UTF-8 TERM=xterm-256color sh -c '\"\$@\"; echo \"[exit \$?]\"; sleep 100000' sh $(for a in "$@"; do printf "'%s' " "$a"; done)"
	tm resize-window -t "$W" -x 80 -y 24 >/dev/null 2>&1
}
keys() { tm send-keys -t "$W" "$@"; }
pane() { tm capture-pane -p -t "$W"; }
wait_for() {
	n=$(( ${2:-$TIMEOUT} * 10 ))
	while [ "$n" -gt 0 ]; do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
check() {       # check NAME PATTERN: wait for PATTERN on the pane
	if wait_for "$2"; then ok "$1"; else fail "$1" "$(pane)"; fi
}

# ---- the quiz: one question answered right, the next wrong ----------------
"$KT_BIN" --batch --quiz --seed=3 --count=2 --answers --format=json >"$kt_tmp/key.json"
a1=$(sed -n 's/.*"choices": \[\(.*\)\], "answer": "\([^"]*\)".*/\1|\2/p' "$kt_tmp/key.json" | sed -n 1p)
a2=$(sed -n 's/.*"choices": \[\(.*\)\], "answer": "\([^"]*\)".*/\1|\2/p' "$kt_tmp/key.json" | sed -n 2p)
# The letter of the answer, and of a wrong choice, from "c1", "c2"|ans.
letter_of() {   # letter_of LINE right|wrong
	echo "$1" | awk -F'|' -v want="$2" '{
		n = split($1, c, ", "); for (i = 1; i <= n; i++) {
			gsub(/"/, "", c[i]);
			if ((want == "right") == (c[i] == $2)) {
				printf "%c", 96 + i; exit } } }'
}
r1=$(letter_of "$a1" right)
w2=$(letter_of "$a2" wrong)
start quiz "$KT_BIN" --quiz --seed=3 --count=2
check "quiz: the first question is asked" "question 1 of 2"
check "quiz: the choices are listed with letters" "a\) "
keys "$r1"
check "quiz: a right answer is called right" "Right: $r1\)"
check "quiz: the reveal shows the deciding log line" "The log line that decides it"
check "quiz: the reveal shows the run's timeline" "cook 1"
keys Enter
check "quiz: Enter goes on to question 2" "question 2 of 2, 1 right so far"
keys "$w2"
check "quiz: a wrong answer is called wrong and the answer named" "Not quite: the answer is"
keys Enter
check "quiz: the end counts 1 of 2 right" "You got 1 of 2 right"
keys q
check "quiz: q quits with status 0" "\[exit 0\]"

# ---- play: the student is the event loop -----------------------------------
ST=$kt_tmp/state
mkdir -p "$ST/kitchen-tui"
printf 'this is \001 not a scores file\n' >"$ST/kitchen-tui/scores"
PLAY="env XDG_STATE_HOME=$ST $KT_BIN --speed=100000"

start opt $PLAY --play=04-beat-the-fifo-loop
check "play: the intro is shown" "Can you beat first-in-first-out"
keys h
check "play: h shows the hint" "Start the recipe whose long wait"
keys Enter
check "play: the clock stops at the first decision" "Decision 1 at 0:00"
check "play: the choices say what each step is" "potatoes: work 1:00, then waits for the pot to boil"
keys 2
check "play: the optimum scores 100" "Score 100 .*3 of 3 stars"
check "play: the end shows the optimal total, proved" "optimal 22:00 \(proved\)"
check "play: the end shows the FIFO loop" "FIFO loop 30:00"
check "play: the student's timeline over the optimal one" "^ Optimal:"
keys q
check "play: q quits with status 0" "\[exit 0\]"
if grep -q '^04-beat-the-fifo-loop 100 3$' "$ST/kitchen-tui/scores"; then
	ok "play: a corrupt scores file is started afresh with the new score"
else
	fail "play: the scores file" "$(cat "$ST/kitchen-tui/scores")"
fi

start poor $PLAY --play=04-beat-the-fifo-loop
check "play: intro again" "Enter start"
keys Enter
check "play: decision 1" "Decision 1 at 0:00"
keys 1
check "play: a poor schedule scores less" "Score 73 "
check "play: and names the first loss" "First loss: at 0:00 \(decision 1\) you gave the cook to"
keys u
check "play: u takes the choice back" "Decision 1 at 0:00"
keys 2
check "play: after u, the better choice scores 100" "Score 100 "
keys q
check "play: quits" "\[exit 0\]"
if grep -q '^04-beat-the-fifo-loop 100 3$' "$ST/kitchen-tui/scores"; then
	ok "play: the best score is kept"
else
	fail "play: the best score is kept" "$(cat "$ST/kitchen-tui/scores")"
fi

# --play without a level: the first level without three stars.
start next $PLAY --play
check "play: without LEVEL, the first level not yet won" "One recipe"
keys q
check "play: quits from the intro" "\[exit 0\]"

# A break-it level won by a schedule nobody wrote down: at each decision
# take the last choice, then the first, in turn, until the end screen.
start brk $PLAY --play=09-lose-an-update
check "break-it: intro" "Enter start"
keys Enter
i=0 won=
while [ $i -lt 300 ]; do
	if pane | grep -q "the end"; then won=1; break; fi
	if pane | grep -q "your move"; then
		if [ $((i % 3)) -eq 0 ]; then keys 1; else keys 2; fi
		i=$((i + 1))
		# Wait for the decision to be taken (the count moves on).
		n=$((TIMEOUT * 10))
		while [ $n -gt 0 ] && pane | grep -q "choices made $((i - 1))\$\|choices made $((i - 1)) "; do
			sleep 0.1; n=$((n - 1)); done
	else
		sleep 0.1
	fi
done
[ -n "$won" ] && ok "break-it: the game reaches its end ($i choices)" || fail "break-it: no end" "$(pane)"
check "break-it: the goal is met by the run's outcome" "Goal met"
check "break-it: the student's schedule beside the shortest" "Fewest preemptions: [0-9]"
check "break-it: the end compares preemptions" "Preemptions: yours [0-9]+, fewest 1\\."
keys q
check "break-it: quits" "\[exit 0\]"

finish
