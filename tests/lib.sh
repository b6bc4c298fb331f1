#!/bin/sh
# SPDX-License-Identifier: ISC
# lib.sh - shared helpers for the shell tests: one line per check and a
# closing "N passed, M failed" line.  Source it, call ok/fail/expect, end
# with finish.
#
# Waiting: a test never sleeps for a fixed time in place of a condition.
# It waits for the condition itself (wait_until, wait_file, wait_gone,
# wait_pane), polling every 0.1 s up to a generous timeout, so that it
# passes as soon as the condition holds on a fast idle machine and still
# passes on a slow loaded one.  The default timeout is $KT_WAIT seconds.
#
# Screen tests: tmux_init TOPIC starts a tmux server of the test's own
# (socket kt-PID-TOPIC, never the user's); start NAME opens a window with
# an interactive shell in it; run, keys and pane drive it and read it back.
kt_pass=0
kt_fail=0
: "${KT_BIN:=./src/kitchen-tui}"
: "${KT_WAIT:=20}"
kt_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kt-test.XXXXXX") || exit 99
kt_sock=
kt_sockpath=
kt_cleanup() {
	if [ -n "$kt_sock" ]; then
		[ -n "$kt_sockpath" ] ||
			kt_sockpath=$(tm display-message -p '#{socket_path}' 2>/dev/null)
		tm kill-server >/dev/null 2>&1
		# tmux leaves its socket file behind; it is ours, remove it.
		[ -n "$kt_sockpath" ] && rm -f "$kt_sockpath"
	fi
	rm -rf "$kt_tmp"
}
trap kt_cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() { kt_pass=$((kt_pass + 1)); echo "ok - $1"; }
# fail WHAT [DETAIL]: DETAIL (a pane, a diff) is shown indented below.
fail() {
	kt_fail=$((kt_fail + 1))
	echo "FAIL - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'
	return 0
}

# expect STATUS NAME CMD...: run CMD, stdout to $kt_tmp/out, stderr to
# $kt_tmp/err, and check its exit status.
expect() {
	kt_want=$1 kt_name=$2
	shift 2
	"$@" >"$kt_tmp/out" 2>"$kt_tmp/err" </dev/null
	kt_got=$?
	if [ "$kt_got" = "$kt_want" ]; then
		ok "$kt_name"
	else
		fail "$kt_name: exit $kt_got, wanted $kt_want" \
		     "$(head -5 "$kt_tmp/err")"
	fi
}

# Checks on the last expect's output.
out_has() { grep -q -- "$2" "$kt_tmp/out" && ok "$1" || fail "$1: stdout lacks '$2'"; }
err_has() { grep -q -- "$2" "$kt_tmp/err" && ok "$1" || fail "$1: stderr lacks '$2'"; }
err_lines() {
	n=$(wc -l <"$kt_tmp/err")
	[ "$n" -eq "$2" ] && ok "$1" || fail "$1: stderr has $n lines, wanted $2"
}
out_empty() { [ ! -s "$kt_tmp/out" ] && ok "$1" || fail "$1: stdout not empty"; }

# --- waiting for a condition ------------------------------------------------

# wait_until [-t SECONDS] CMD [ARG...]: run CMD every 0.1 s until it
# succeeds (0) or SECONDS (default $KT_WAIT) have gone (1).  The count is
# of polls, so on a loaded machine the real wait is longer, never shorter.
# A wait that runs out says so on stderr (in the test's log), so that a
# slow passing run can be told from a fast one.
wait_until() {
	kt_t=$KT_WAIT
	if [ "$1" = -t ]; then kt_t=$2; shift 2; fi
	kt_n=$((kt_t * 10))
	while [ "$kt_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		kt_n=$((kt_n - 1))
	done
	"$@" && return 0
	echo "# waited ${kt_t}s in vain for: $*" >&2
	return 1
}
# wait_file FILE [SECONDS]: until FILE exists and is not empty.
wait_file() { wait_until -t "${2:-$KT_WAIT}" test -s "$1"; }
# wait_gone PID [SECONDS]: until process PID has ended (gone, or a zombie
# nobody has reaped yet).
kt_gone() {
	[ ! -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
wait_gone() { wait_until -t "${2:-$KT_WAIT}" kt_gone "$1"; }
# descendants PID: the pids of every live process below PID, one a line.
# Read from /proc (a minimal Debian has no ps): "pid (comm) state ppid ...",
# where comm may hold spaces and parentheses, so ppid is counted from the
# last ")"; cat goes on past a process that ended meanwhile.
descendants() {
	cat /proc/[0-9]*/stat 2>/dev/null |
	awk '{ pid = $1; sub(/^.*\) /, ""); print pid, $2 }' | awk -v root="$1" '
	{ parent[$1] = $2 }
	END { for (p in parent) { q = p; while (q in parent && q != root) q = parent[q];
		if (q == root && p != root) print p } }'
}

# --- screen tests in tmux -----------------------------------------------------

# tmux_own TOPIC: the tmux server of our own (socket kt-PID-TOPIC) that tm
# talks to, killed at exit and its socket file removed; exit 77 (SKIP)
# when there is no tmux.  For tests that open their own sessions.
tm() { tmux -L "$kt_sock" -f /dev/null "$@"; }
tmux_own() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "SKIP: tmux not found; the screen tests need it"
		exit 77
	fi
	kt_sock=kt-$$-$1
}
# tmux_init TOPIC: tmux_own, with one idle window.  Every window runs an
# interactive shell with the prompt "ktsh$ ", so that stty, $? and fg work.
tmux_init() {
	tmux_own "$1"
	cat >"$kt_tmp/shell.sh" <<'SH'
#!/bin/sh
unset ENV
PS1='ktsh$ '
export PS1
exec /bin/sh -i
SH
	chmod +x "$kt_tmp/shell.sh"
	tm new-session -d -s kt -n idle -x 80 -y 24 "$kt_tmp/shell.sh" || {
		echo "FAIL: tmux cannot start a session"; exit 1; }
	kt_sockpath=$(tm display-message -p '#{socket_path}' 2>/dev/null)
}
W=
# start NAME [COLSxLINES]: a fresh window NAME (default 80x24) with a
# shell in it, ready for input; later calls act on it.
start() {
	W=kt:$1
	kt_size=${2:-80x24}
	tm new-window -d -t kt -n "$1" "$kt_tmp/shell.sh"
	tm resize-window -t "$W" -x "${kt_size%x*}" -y "${kt_size#*x}" >/dev/null 2>&1
	wait_pane 'ktsh\$' >/dev/null
}
# run CMD: type CMD and Enter into the window's shell.
run() { tm send-keys -t "$W" -l "$1"; tm send-keys -t "$W" Enter; }
# keys KEY...: tmux key names (q, Space, C-z, Escape, F1, Left).
keys() { tm send-keys -t "$W" "$@"; }
# pane [ARG...]: the window's text now (capture-pane -p; -e for colours).
pane() { tm capture-pane -p -t "$W" "$@"; }
kt_pane_has() { pane | grep -Eq -- "$1"; }
# pane_has TARGET PATTERN: tmux target TARGET's text now holds PATTERN
# (grep, basic), for tests that keep several windows of their own.
pane_has() { tm capture-pane -p -t "$1" | grep -q -- "$2"; }
kt_pane_lacks() { ! pane | grep -Eq -- "$1"; }
# wait_pane PATTERN [SECONDS]: until the pane shows PATTERN (grep -E).
wait_pane() { wait_until -t "${2:-$KT_WAIT}" kt_pane_has "$1"; }
# wait_pane_gone PATTERN [SECONDS]: until the pane no longer shows it.
wait_pane_gone() { wait_until -t "${2:-$KT_WAIT}" kt_pane_lacks "$1"; }

finish() {
	echo "$kt_pass passed, $kt_fail failed"
	[ "$kt_fail" -eq 0 ]
	exit $?
}
