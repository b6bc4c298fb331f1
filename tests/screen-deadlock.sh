#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-deadlock.sh - a deadlock on the screen: knife-and-board under the
# default options stops with the slaw holding the knife and the salsa the
# board.  The header says DEADLOCK, the lanes of the cycle are marked
# ("!knife"), the log names the cycle, and q still quits with status 0.
# Exit 77 (SKIP) when tmux is missing.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA
. "${KT_SRCDIR:-.}/tests/lib.sh"

tmux_own deadlock

pane() { tm capture-pane -p -t kt:0; }
# Poll the pane for a pattern (grep -E) for up to $2 seconds.
wait_for() {
	n=$(( $2 * 10 ))
	while [ "$n" -gt 0 ]; do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
wait_file() {
	n=$(( $2 * 10 ))
	while [ "$n" -gt 0 ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# Three virtual minutes at 600x is well under a second; the waits allow
# a slow, loaded machine 30 s.
tm new-session -d -s kt -x 100 -y 30 \
	"\"$KT_BIN\" --speed=600 knife-and-board; echo \$? >\"$kt_tmp/rc\"; sleep 30" || {
	echo "FAIL: tmux cannot start a session"; exit 1; }

if wait_for 'DEADLOCK' 30; then
	ok "the header says DEADLOCK"
else
	fail "the header says DEADLOCK" "$(pane)"
fi
if wait_for '^!knife ' 30 && pane | grep -Eq '^!board '; then
	ok "the knife and board lanes are marked as the cycle's"
else
	fail "the knife and board lanes are marked as the cycle's" "$(pane)"
fi
if pane | grep -Eq '^cook 1 '; then
	ok "a cook lane is not marked"
else
	fail "a cook lane is not marked" "$(pane)"
fi
if pane | grep -q 'slaw holds the knife'; then
	ok "the log names the cycle"
else
	fail "the log names the cycle" "$(pane)"
fi
if pane | grep -Eq '[0-9]+ ok, [0-9]+ ruined'; then
	fail "no 'ok, ruined' count for a dinner never served" "$(pane)"
else
	ok "no 'ok, ruined' count for a dinner never served"
fi
tm send-keys -t kt:0 q
if wait_file "$kt_tmp/rc" 30 && [ "$(cat "$kt_tmp/rc")" = 0 ]; then
	ok "q quits with status 0 after a deadlock"
else
	fail "q quits with status 0 after a deadlock" "$(cat "$kt_tmp/rc" 2>/dev/null)"
fi
finish
