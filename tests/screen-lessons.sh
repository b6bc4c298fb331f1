#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-lessons.sh - issue 10 section 2 on the screen, black box: the
# header says GIL only under threads and a kitchen per recipe under
# processes; H turns the callbacks code pane into its nested form (marked
# as not valid Python) and back, with the current-line marker in both;
# the compare view shows each model's outcome beside its total.  Own tmux
# server socket; every wait polls the pane for a condition.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA

. "${KT_SRCDIR:-.}/tests/lib.sh"
tmux_own lessons

W=
pane() { tm capture-pane -p -t "$W"; }
# Poll the pane for a pattern (grep -E) for up to $2 seconds (default 30).
wait_for() {
	n=$(( ${2:-30} * 10 ))
	while [ "$n" -gt 0 ]; do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
keys() { tm send-keys -t "$W" "$@"; }
# A session with an idle window (cat waits on the tty), so that the
# server outlives every program that quits.
tm new-session -d -s kl -n idle -x 100 -y 30 cat || {
	fail "tmux cannot start a session"; finish; }
# start NAME ARGS...: the program in a fresh 100x30 window.
start() {
	W=kl:$1
	shift
	tm new-window -d -t kl -n "${W#kl:}" "$KT_BIN --ascii $*"
	tm resize-window -t "$W" -x 100 -y 30 >/dev/null 2>&1
}
check() {               # check NAME PATTERN [SECONDS]
	if wait_for "$2" "${3:-30}"; then ok "$1"; else fail "$1" "$(pane)"; fi
}
check_not() {           # check_not NAME PATTERN (the pane as it is now)
	if pane | grep -Eq -- "$2"; then fail "$1" "$(pane)"; else ok "$1"; fi
}

# The header: GIL under threads only; a kitchen per recipe under processes.
start hdr --paused --model=threads salmon-dinner
check "threads: the header says GIL" 'threads +1 cook +GIL on +locks off'
keys 3
check "coroutines: the header has no GIL" 'coroutines +1 cook +locks off'
check_not "coroutines: no GIL anywhere on the screen" 'GIL (on|off)'
keys 5
check "processes: a kitchen each" 'processes +1 cook +a kitchen each +locks off'
check "processes: every recipe's own oven" 'ovens salmon [0-9]+F.* rice [0-9]+F.* beans [0-9]+F'
keys q

# Callback hell: H under callbacks; the marker in both forms.
start hell --paused --model=callbacks salmon-dinner
check "callbacks: the pane offers H" 'H: nested'
keys n n n
check "flat form: a marker on a line of the chain" '> +(oven|stovetop|microwave|pour|pierce|lay)'
keys H
check "H: the nested form, marked not valid Python" 'callback hell, NOT valid Python'
check "nested form: a lambda inside the wait" 'callback=lambda: \('
check "nested form: the marker on a line" '> +[a-z_.]+\('
keys H
check "H again: back to the flat form" 'H: nested'
keys 3 H
check "H under coroutines says it is for callbacks" 'H: the nested form is for callbacks'
keys q

# The compare view: each model's outcome beside its total.
start cmp --speed=100000 chicken-dinner
keys c
check "compare: coroutines ruined, with why" '\[3\] coroutines +total [0-9:]+ +1 ruined: salmon, the oven'
check "compare: processes all ok" '\[5\] processes +total [0-9:]+ +3 ok'
check "compare: sequential all ok" '\[1\] sequential +total [0-9:]+ +3 ok'
keys q

start dl --speed=100000 --locks "${KT_SRCDIR:-.}/tests/deadlock/opposite.menu"
keys c
check "compare: the deadlock beside the total" '\[3\] coroutines +total [0-9:]+ +DEADLOCK at [0-9:]+'
keys q

start dress --speed=100000 dressing-race
keys c
check "compare dressing-race: threads short of dressing" '\[4\] threads +total [0-9:]+ +1 ruined: [a-z-]+, short of dressing'
check "compare dressing-race: coroutines ok" '\[3\] coroutines +total [0-9:]+ +2 ok'
keys q
finish
