#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-real.sh - R on the screen: the dinner cooked for real in a child
# while the screen stays alive, its lanes drawn under the model's with the
# agreement in words; q stops the real run and reaps everything it made.
# Black box, in a tmux pane of our own server; every wait is for a
# condition, with a generous timeout.  Exit 77 (SKIP) without tmux.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
. "${KT_SRCDIR:-.}/tests/lib.sh"
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA
tmux_init real

# Processes started with our tag in their environment, still alive.
tag="KT_REAL_TAG=kt-screen-real-$$"
tagged() { grep -l "$tag" /proc/[0-9]*/environ 2>/dev/null | wc -l; }
tagged_at_least() { [ "$(tagged)" -ge "$1" ]; }
K="env $tag \"$KT_BIN\""
HEAD='(running|PAUSED|done) +event [0-9]+'

# --- R cooks it for real; the real lanes come under the model's ----------
start real
run "$K --paused --scale=1 salmon-dinner; echo rc=\$? >$kt_tmp/r1.rc"
wait_pane "$HEAD" 20 >/dev/null
keys R
if wait_pane 'real coroutines finished' 30; then
	ok "R: the agreement in words"
	n=$(pane | grep -c '^cook 1 ')
	[ "$n" -eq 2 ] && ok "R: the real cook lane under the model's" ||
	    fail "R: $n 'cook 1' lanes, wanted 2" "$(pane)"
	pane | grep -q '^for real (below): real coroutines' &&
	    ok "R: says which lanes are real" ||
	    fail "R: no 'for real (below)' line" "$(pane)"
else
	fail "R: no result" "$(pane)"
fi
keys q
if wait_file "$kt_tmp/r1.rc" 20 && grep -q 'rc=0' "$kt_tmp/r1.rc"; then
	ok "R then q: exit 0"
else
	fail "R then q: $(cat "$kt_tmp/r1.rc" 2>/dev/null)" "$(pane)"
fi

# --- the screen stays alive during a long real run; q reaps it all ---------
start long
run "$K --paused --scale=300 --model=processes salmon-dinner; echo rc=\$? >$kt_tmp/r2.rc"
wait_pane "$HEAD" 20 >/dev/null
keys R
wait_pane 'cooking it for real' 10 >/dev/null
# The screen, the real run's child and its three recipe processes.
if wait_until -t 30 tagged_at_least 5; then
	ok "R: the recipe processes run"
else
	fail "R: only $(tagged) tagged processes" "$(pane)"
fi
keys '?'
if wait_pane 'kitchen-tui help' 10; then
	ok "R: the screen answers keys while the real run goes on"
else
	fail "R: no help while the real run goes on" "$(pane)"
fi
keys Escape
wait_pane "$HEAD" 10 >/dev/null
keys q
if wait_file "$kt_tmp/r2.rc" 30 && grep -q 'rc=0' "$kt_tmp/r2.rc"; then
	ok "R then q at once: exit 0"
else
	fail "R then q at once: $(cat "$kt_tmp/r2.rc" 2>/dev/null)" "$(pane)"
fi
[ "$(tagged)" -eq 0 ] && ok "R then q: every process reaped" ||
    fail "R then q: $(tagged) processes left behind"

# --- another menu (m) while it runs: the run is stopped, nothing breaks --
start menu
run "$K --paused --scale=300 --model=threads salmon-dinner; echo rc=\$? >$kt_tmp/r4.rc"
wait_pane "$HEAD" 20 >/dev/null
keys R
wait_pane 'cooking it for real' 10 >/dev/null
keys m
if wait_pane 'R: real run stopped' 20; then
	ok "m during R: the real run is stopped, and the log says so"
else
	fail "m during R: no message" "$(pane)"
fi
keys q
if wait_file "$kt_tmp/r4.rc" 30 && grep -q 'rc=0' "$kt_tmp/r4.rc"; then
	ok "m during R, then q: exit 0"
else
	fail "m during R, then q: $(cat "$kt_tmp/r4.rc" 2>/dev/null)" "$(pane)"
fi
[ "$(tagged)" -eq 0 ] && ok "m during R: every process reaped" ||
    fail "m during R: $(tagged) processes left behind"

# --- SIGTERM to the screen while a real run goes on: all reaped, and the
# terminal is the shell's again ---------------------------------------------
start term
run "$K --paused --scale=300 --model=processes salmon-dinner & echo \$! >$kt_tmp/r5.pid; fg; echo rc=\$? >$kt_tmp/r5.rc"
wait_pane "$HEAD" 20 >/dev/null
keys R
if wait_until -t 30 tagged_at_least 5; then
	kill -TERM "$(cat "$kt_tmp/r5.pid")"
	if wait_file "$kt_tmp/r5.rc" 30; then
		ok "SIGTERM during R: the screen ends ($(cat "$kt_tmp/r5.rc"))"
	else
		fail "SIGTERM during R: the screen did not end" "$(pane)"
	fi
	[ "$(tagged)" -eq 0 ] && ok "SIGTERM during R: every process reaped" ||
	    fail "SIGTERM during R: $(tagged) processes left behind"
	run "stty -a | grep -o ' icanon' >$kt_tmp/r5.stty"
	if wait_file "$kt_tmp/r5.stty" 20; then
		ok "SIGTERM during R: the terminal is restored (icanon)"
	else
		fail "SIGTERM during R: the terminal is not restored" "$(pane)"
	fi
else
	fail "SIGTERM during R: only $(tagged) tagged processes" "$(pane)"
fi

# --- a run longer than the limit is refused, in words ----------------------
start limit
run "$K --paused --scale=1000 --real-limit=5 salmon-dinner; echo rc=\$? >$kt_tmp/r3.rc"
wait_pane "$HEAD" 20 >/dev/null
keys R
if wait_pane 'R: the real run would take' 10; then
	ok "R past the limit: refused, and the log says why"
else
	fail "R past the limit: no message" "$(pane)"
fi
keys q
wait_file "$kt_tmp/r3.rc" 20 >/dev/null

finish
