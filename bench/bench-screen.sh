#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-screen.sh - what the interactive screen costs (make bench).
# Figures, never assertions.  The real binary runs in a tmux pane (own
# server socket); tmux pipe-pane counts the bytes it writes, the program
# counts the frames it really drew ($KITCHEN_TUI_FRAME_LOG, read at exit),
# /proc/PID/schedstat gives its CPU time in nanoseconds and
# /proc/PID/status its context switches (each wake-up is one).
#   ordinary frame bytes vs a full repaint (Ctrl-L), at 80x24 and 200x50
#   CPU while the dinner runs at the default speed and frame rate
#   write(2) calls per frame (a run under strace, less one that only
#   starts and quits: every write wakes the terminal, so a frame should
#   be one)
#   wake-ups per second while paused
# Targets (issue 5): a frame <= 40% of a full repaint; 0 wake-ups while
# paused; under 2% of one core; one write per frame.
set -u
KT_BIN=${KT_BIN:-./src/kitchen-tui}
RUN_SECONDS=${RUN_SECONDS:-8}
IDLE_SECONDS=${IDLE_SECONDS:-3}

if ! command -v tmux >/dev/null 2>&1; then
	echo "bench-screen: tmux not found, no screen figures"
	exit 0
fi
if [ -z "${KITCHEN_TUI_DATA:-}" ] && [ -d "$(dirname "$0")/../data" ]; then
	KITCHEN_TUI_DATA=$(cd "$(dirname "$0")/../data" && pwd)
	export KITCHEN_TUI_DATA
fi
SOCK=ktb$$
nsock=0
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/kt-bench.XXXXXX") || exit 1
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
# Each launch gets a server of its own: a new session on a server that is
# still exiting after kill-server fails ("server exited unexpectedly").
# tmux leaves its socket files behind: remove ours at the end.
fresh() {
	tm kill-server >/dev/null 2>&1
	nsock=$((nsock + 1))
	SOCK=ktb$$-$nsock
}
trap 'tm kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)"/ktb$$-*; rm -rf "$tmpd"' EXIT
trap 'exit 1' INT TERM HUP

size() { wc -c <"$1" | tr -d ' '; }
# CPU time in nanoseconds (the first field of schedstat).
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
frames() { awk '/^frames/ { n = $2 } END { print n + 0 }' "$1"; }
switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' \
		"/proc/$1/status"
}
wait_pane() {
	n=50
	while [ "$n" -gt 0 ]; do
		tm capture-pane -p -t kt | grep -Eq "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

one_size() {
	w=$1 h=$2 out=$tmpd/bytes.$1x$2
	fresh
	rm -f "$tmpd/pid"
	flog=$tmpd/frames.$1x$2
	rm -f "$flog"
	tm new-session -d -s kt -x "$w" -y "$h" \
		"sh -c 'echo \$\$ >$tmpd/pid; KITCHEN_TUI_FRAME_LOG=$flog exec \"$KT_BIN\" --paused'" || return
	wait_pane 'PAUSED' || { echo "  ${w}x${h}: the screen did not start"; return; }
	pid=$(cat "$tmpd/pid")
	: >"$out"
	tm pipe-pane -t kt -o "cat >>$out"
	sleep 0.3

	# Running at the default speed and frame rate.
	tm send-keys -t kt ' '
	sleep 0.3
	b0=$(size "$out")
	c0=$(cpu_ns "$pid")
	sleep "$RUN_SECONDS"
	c1=$(cpu_ns "$pid")
	run_bytes=$(( $(size "$out") - b0 ))
	tm send-keys -t kt ' '
	sleep 0.3

	# A full repaint of the same, paused screen: Ctrl-L clears and
	# redraws every cell.
	b0=$(size "$out")
	tm send-keys -t kt C-l
	sleep 0.5
	full=$(( $(size "$out") - b0 ))

	# Paused: nothing should wake the process.
	s0=$(switches "$pid")
	b0=$(size "$out")
	sleep "$IDLE_SECONDS"
	s1=$(switches "$pid")
	idle_bytes=$(( $(size "$out") - b0 ))
	wakeups=$(awk -v a="$s0" -v b="$s1" -v t="$IDLE_SECONDS" \
		'BEGIN { printf "%.2f", (b - a) / t }')
	# The frames of the running stretch: all frames drawn, less those of
	# the start, the pause toggles and the repaint (counted by a second
	# launch that only starts, repaints and quits).
	tm send-keys -t kt q
	n=50; while [ "$n" -gt 0 ] && [ ! -s "$flog" ]; do sleep 0.1; n=$((n - 1)); done
	all=$(frames "$flog")
	rm -f "$flog"
	fresh
	tm new-session -d -s kt -x "$w" -y "$h" \
		"sh -c 'KITCHEN_TUI_FRAME_LOG=$flog exec \"$KT_BIN\" --paused'"
	wait_pane 'PAUSED' && { tm send-keys -t kt ' '; tm send-keys -t kt ' '; tm send-keys -t kt C-l; tm send-keys -t kt q; }
	n=50; while [ "$n" -gt 0 ] && [ ! -s "$flog" ]; do sleep 0.1; n=$((n - 1)); done
	base=$(frames "$flog")
	nframes=$(( all - base ))
	[ "$nframes" -gt 0 ] || nframes=1
	# write(2) per frame: the same running stretch under strace, less a
	# launch that only starts and quits (the terminal's set-up and
	# restore are writes of their own, not frames).
	wpf="not measured (no strace)"
	if command -v strace >/dev/null 2>&1; then
		st=$tmpd/strace.$1x$2
		wr0= fr0=
		for run in base run; do
			rm -f "$flog" "$st"
			fresh
			tm new-session -d -s kt -x "$w" -y "$h" \
				"sh -c 'KITCHEN_TUI_FRAME_LOG=$flog exec strace -o $st -e trace=write \"$KT_BIN\" --paused'"
			wait_pane 'PAUSED' || break
			if [ "$run" = run ]; then
				tm send-keys -t kt ' '
				sleep 2
			fi
			tm send-keys -t kt q
			n=50; while [ "$n" -gt 0 ] && [ ! -s "$flog" ]; do sleep 0.1; n=$((n - 1)); done
			wr=$(grep -c '^write(1,' "$st")
			fr=$(frames "$flog")
			if [ "$run" = base ]; then
				wr0=$wr fr0=$fr
			fi
		done
		if [ -n "$wr0" ] && [ "$run" = run ]; then
			wpf=$(awk -v a="$wr" -v b="$fr" -v a0="$wr0" -v b0="$fr0" 'BEGIN {
				printf "%.2f (%d writes over %d frames running; start and exit alone: %d writes, %d frames)", (b > b0 ? (a - a0) / (b - b0) : 0), a - a0, b - b0, a0, b0 }')
		fi
	fi
	awk -v w="$w" -v h="$h" -v full="$full" -v rb="$run_bytes" \
	    -v nf="$nframes" -v t="$RUN_SECONDS" -v c="$(( c1 - c0 ))" \
	    -v wk="$wakeups" -v ib="$idle_bytes" -v wpf="$wpf" 'BEGIN {
		pf = rb / nf
		printf "  %dx%d\n", w, h
		printf "    full repaint:        %7d bytes\n", full
		printf "    ordinary frame:      %7.0f bytes = %.1f%% of a full repaint   (target <= 40%%)\n", pf, (full > 0 ? 100 * pf / full : 0)
		printf "    frames drawn:        %7d in %ds running = %.1f frames/s (counted by the program)\n", nf, t, nf / t
		printf "    CPU while running:   %7.2f%% of one core (schedstat ns)   (target < 2%%)\n", 100 * c / 1e9 / t
		printf "    write(2) per frame:  %s   (target 1)\n", wpf
		printf "    paused: %.2f wake-ups/s, %d bytes in %ds   (target 0 wake-ups)\n", wk, ib, '"$IDLE_SECONDS"'
	}'
}

echo "bench-screen: $KT_BIN, default speed, ${RUN_SECONDS}s running, ${IDLE_SECONDS}s paused"
one_size 80 24
one_size 200 50

# How long may a paused screen sleep?  A window of a few seconds cannot
# see a wake-up once a minute, so ask the kernel what timeout the loop
# blocks with (libev's default is 59.7 s; ours should be days).
if command -v strace >/dev/null 2>&1 && command -v tmux >/dev/null 2>&1; then
	st="${TMPDIR:-/tmp}/kt-bench-strace.$$"
	tmux -L "ktbs$$" -f /dev/null new-session -d -x 80 -y 24 \
		"strace -o '$st' -e trace=epoll_wait,epoll_pwait '$KT_BIN' --paused"
	sleep 2
	tmux -L "ktbs$$" send-keys q
	sleep 1
	tmux -L "ktbs$$" kill-server 2>/dev/null
	awk '/epoll_(p)?wait\(/ && match($0, /, -?[0-9]+\) +=/) {
		t = substr($0, RSTART + 2) + 0; if (t > m) m = t }
		END { printf "  paused: the loop blocks for up to %.0f s between wake-ups   (target: no periodic wake-up)\n", m / 1000 }' "$st"
	rm -f "$st"
else
	echo "  paused: strace not installed, the longest sleep was not measured"
fi
