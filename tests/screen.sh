#!/bin/sh
# SPDX-License-Identifier: ISC
# screen.sh - the interactive screen, black box: run the real binary in a
# tmux pane (its own server socket, never the user's), send keys, read the
# pane back, and check what a user would see.  One line per check, then
# "N passed, M failed".  Exit 77 (SKIP) when tmux is missing.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
. "${KT_SRCDIR:-.}/tests/lib.sh"
if [ ! -x "$KT_BIN" ]; then
	echo "FAIL: $KT_BIN is not built"
	exit 1
fi
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA
tmux_init screen
tmpd=$kt_tmp

clock() { pane | sed -n 's/^ *\([0-9][0-9]*:[0-9][0-9]\) of .*/\1/p' | head -n 1; }
events() { pane | sed -n 's/.* event \([0-9][0-9]*\).*/\1/p' | head -n 1; }
menu() { pane | sed -n 's/^ kitchen-tui  \([^ ]*\) .*/\1/p'; }
# Conditions for wait_until: the clock shows a time other than $1; the
# header names a menu other than $1.
clock_past() { kt_c=$(clock); [ -n "$kt_c" ] && [ "$kt_c" != "$1" ]; }
menu_is_not() { kt_m=$(menu); [ -n "$kt_m" ] && [ "$kt_m" != "$1" ]; }
HEAD='(running|PAUSED|done) +event [0-9]+'
K=\"$KT_BIN\"

# --- stdout not a terminal: one line that suggests --batch, exit 2 -------
"$KT_BIN" >"$tmpd/out" 2>"$tmpd/err" </dev/null
rc=$?
if [ "$rc" = 2 ] && [ ! -s "$tmpd/out" ] && [ "$(wc -l <"$tmpd/err")" = 1 ] &&
   grep -q -- '--batch' "$tmpd/err"; then
	ok "stdout to a file: one line suggesting --batch, exit 2, nothing written"
else
	fail "stdout to a file: rc=$rc" "$(cat "$tmpd/err" "$tmpd/out")"
fi

# --- the screen appears, q exits 0 with the terminal as it was -----------
start q
run "stty -a >$tmpd/q.before; $K --paused; echo \$? >$tmpd/q.rc; stty -a >$tmpd/q.after"
if wait_pane "$HEAD" && wait_pane 'cook 1' && wait_pane 'oven' &&
   wait_pane 'coroutines' && wait_pane 'minutes'; then
	ok "header, time axis and lanes appear at 80x24"
else
	fail "header and lanes" "$(pane)"
fi
keys q
if wait_file "$tmpd/q.rc" && wait_file "$tmpd/q.after" &&
   [ "$(cat "$tmpd/q.rc")" = 0 ] && cmp -s "$tmpd/q.before" "$tmpd/q.after"; then
	ok "q exits 0 and stty -a is identical before and after"
else
	fail "q: rc=$(cat "$tmpd/q.rc" 2>/dev/null)" "$(diff "$tmpd/q.before" "$tmpd/q.after" 2>&1)"
fi

# --- space, n, b ---------------------------------------------------------
start keys
run "$K --paused"
wait_pane "$HEAD"
keys ' '
wait_pane 'running'
wait_until clock_past 00:00
keys ' '
wait_pane 'PAUSED'
c1=$(clock)
# Not a wait for a condition: the claim is that nothing changes, so the
# clock is read again after a while.  Running at the default speed it
# would move in far less than this.
sleep 1
c2=$(clock)
if [ -n "$c1" ] && [ "$c1" != 00:00 ] && [ "$c1" = "$c2" ]; then
	ok "space runs the clock and stops it ($c1, still $c2)"
else
	fail "space: clock '$c1' then '$c2'" "$(pane)"
fi
e1=$(events)
keys n
# Paused, the screen changes only on a key: once it shows one event
# more, that is what n did (a step of two would never show e1 + 1).
wait_pane "event $((e1 + 1))\\b"
e2=$(events)
if [ -n "$e1" ] && [ "$e2" = $((e1 + 1)) ]; then
	ok "n advances exactly one event ($e1 -> $e2)"
else
	fail "n: event '$e1' then '$e2'" "$(pane)"
fi
keys n n
wait_pane "event $((e2 + 2))\\b"
keys b
wait_pane "event $((e2 + 1))\\b"
e3=$(events)
if [ "$e3" = $((e2 + 1)) ] && wait_pane 'back to event'; then
	ok "b goes back one event ($((e2 + 2)) -> $e3)"
else
	fail "b: event '$e3', expected $((e2 + 1))" "$(pane)"
fi
keys Tab
if wait_pane '^C: coroutines'; then
	ok "Tab shows the code in C"
else
	fail "Tab" "$(pane)"
fi
keys '?'
if wait_pane 'Concurrency:' && wait_pane 'Parallelism:' && wait_pane 'processes '; then
	ok "? shows the help: keys, models, concurrency and parallelism"
else
	fail "help" "$(pane)"
fi
keys ' '
wait_pane "$HEAD"
keys c
if wait_pane '\[1\] sequential' && wait_pane '\[5\] processes' && wait_pane 'memory'; then
	ok "c stacks all five models with memory"
else
	fail "compare" "$(pane)"
fi
keys c
wait_pane "$HEAD"
keys x
if wait_pane "does nothing"; then
	ok "a key that does not apply says so in the log"
else
	fail "unknown key" "$(pane)"
fi
keys g
if wait_pane "g: the GIL only"; then
	ok "g under coroutines says the GIL only applies to threads"
else
	fail "g under coroutines" "$(pane)"
fi
keys ']'
if wait_pane "2 cooks"; then
	ok "] adds a cook (header: 2 cooks)"
else
	fail "]" "$(pane)"
fi
menu1=$(menu)
keys m
wait_until menu_is_not "$menu1"
menu2=$(menu)
if [ -n "$menu1" ] && [ -n "$menu2" ] && [ "$menu1" != "$menu2" ]; then
	ok "m goes to the next menu ($menu1 -> $menu2)"
else
	fail "m: menu '$menu1' then '$menu2'" "$(pane)"
fi
keys q

# --- every model key: a new header, then a total ----------------------------
start models
run "$K --speed=100000"
wait_pane "$HEAD"
names="sequential callbacks coroutines threads processes"
i=0
good=0
totals=
# The totals row keeps each model's last total: "totals: seq 74:12 cb ...".
for m in $names; do
	i=$((i + 1))
	case $m in
	sequential) s=seq ;; callbacks) s=cb ;; coroutines) s=co ;;
	threads) s=thr ;; processes) s=proc ;;
	esac
	keys "$i"
	if wait_pane "\\[$i\\] $m .*" && wait_pane " done " &&
	   wait_pane "totals:.* $s [0-9]+:[0-9]+"; then
		good=$((good + 1))
		totals="$totals $m=$(pane | sed -n "s/.*totals:.* $s \\([0-9]*:[0-9]*\\).*/\\1/p" | head -n 1)"
	fi
done
if [ "$good" = 5 ]; then
	ok "keys 1-5 change the model in the header and end with a total:$totals"
else
	fail "model keys: $good of 5 ($totals)" "$(pane)"
fi
seq_t=$(printf '%s\n' $totals | sed -n 's/^sequential=//p' | tr -d :)
cor_t=$(printf '%s\n' $totals | sed -n 's/^coroutines=//p' | tr -d :)
if [ -n "$seq_t" ] && [ -n "$cor_t" ] && [ "$seq_t" -gt "$cor_t" ]; then
	ok "sequential takes longer than coroutines on the same dinner"
else
	fail "totals: sequential $seq_t, coroutines $cor_t"
fi
keys q

# --- resizes down to 1x1 and back -------------------------------------------
start resize
run "sh -c 'echo \$\$ >$tmpd/r.pid; exec $K'"
wait_pane "$HEAD"
wait_file "$tmpd/r.pid"
rpid=$(cat "$tmpd/r.pid")
okr=1
for size in 20x5 1x1 3x2 200x50 80x24; do
	tm resize-window -t "$W" -x "${size%x*}" -y "${size#*x}"
	case $size in
	20x5) wait_pane 'too small' || okr=0 ;;
	200x50|80x24) wait_pane "$HEAD" || okr=0 ;;
	# Too small for any word: the program must draw something and live.
	*) { wait_pane '[^ ]' && kill -0 "$rpid"; } || okr=0 ;;
	esac
done
c1=$(clock)
if [ "$okr" = 1 ] && [ -n "$c1" ] && wait_until clock_past "$c1"; then
	ok "resize 80x24 20x5 1x1 3x2 200x50 80x24: still running and drawing"
else
	fail "resize (ok=$okr, clock $c1 then $(clock))" "$(pane)"
fi
keys q

# --- signals restore the terminal: quit ones exit 0, a crash dies of it -----
sig_test() {            # SIGNAL EXPECTED-RC WHAT
	start "sig$1"
	run "stty -a >$tmpd/$1.before; sh -c 'echo \$\$ >$tmpd/$1.pid; exec $K'; echo \$? >$tmpd/$1.rc; stty -a >$tmpd/$1.after"
	wait_pane "$HEAD"
	wait_file "$tmpd/$1.pid" && kill -"$1" "$(cat "$tmpd/$1.pid")"
	if wait_file "$tmpd/$1.after" && [ "$(cat "$tmpd/$1.rc")" = "$2" ] &&
	   cmp -s "$tmpd/$1.before" "$tmpd/$1.after"; then
		ok "SIG$1: $3, stty -a identical before and after"
	else
		fail "SIG$1: rc=$(cat "$tmpd/$1.rc" 2>/dev/null)" "$(diff "$tmpd/$1.before" "$tmpd/$1.after" 2>&1)"
	fi
}
sig_test TERM 0 "exit 0"
sig_test INT 0 "exit 0"
sig_test HUP 0 "exit 0"
sig_test SEGV 139 "the crash handler restores, then dies of the signal"

# --- Ctrl-Z, then fg --------------------------------------------------------
start tstp
# The program is the job itself (no wrapper whose stop races ours), and
# $? is read after it has exited for good.
run "stty -a >$tmpd/z.before"
run "$K --paused"
wait_pane "$HEAD"
keys n n n
wait_pane 'event 3\b'
keys C-z
if wait_pane 'ktsh\$ *$' && ! pane | grep -Eq "$HEAD"; then
	run "stty -a >$tmpd/z.stopped"
	wait_file "$tmpd/z.stopped"
	run fg
	if wait_pane 'event 3\b' && wait_pane 'cook 1'; then
		ok "Ctrl-Z gives the shell back, fg redraws the screen where it was"
	else
		fail "fg did not redraw" "$(pane)"
	fi
else
	fail "Ctrl-Z did not give the shell back" "$(pane)"
fi
if cmp -s "$tmpd/z.before" "$tmpd/z.stopped" 2>/dev/null; then
	ok "while stopped the terminal settings are the shell's"
else
	fail "stty while stopped differs" "$(diff "$tmpd/z.before" "$tmpd/z.stopped" 2>&1)"
fi
keys q
wait_pane_gone "$HEAD"
run "echo \$? >$tmpd/z.rc; stty -a >$tmpd/z.after"
wait_file "$tmpd/z.after"
if [ "$(cat "$tmpd/z.rc" 2>/dev/null)" = 0 ] && cmp -s "$tmpd/z.before" "$tmpd/z.after"; then
	ok "after Ctrl-Z and fg, q still exits 0 with stty identical"
else
	fail "after fg: rc=$(cat "$tmpd/z.rc" 2>/dev/null)" "$(diff "$tmpd/z.before" "$tmpd/z.after" 2>&1)"
fi

# --- Ctrl-Z, then the terminal goes away: nothing may stay stopped ---------
# Under a wrapper shell (same process group) the shell takes the terminal
# back while we are still restoring it; when the window then closes, the
# kernel's SIGHUP and SIGCONT must end the program, not leave it stopped.
cat >"$tmpd/wrap.sh" <<'SH'
#!/bin/sh
sh -c 'echo $$ >"$1"; exec "$2" --paused' sh "$1" "$2"
echo wrapped
SH
is_stopped() { grep -q '^State:[[:space:]]*T' "/proc/$1/status" 2>/dev/null; }
start orphan
run "sh $tmpd/wrap.sh $tmpd/o.pid \"$KT_BIN\""
wait_pane "$HEAD"
wait_file "$tmpd/o.pid"
opid=$(cat "$tmpd/o.pid" 2>/dev/null)
keys C-z
# The shell's prompt may or may not be back by now; what matters is that
# the program has stopped before its window goes.
if [ -n "$opid" ] && wait_until is_stopped "$opid"; then
	ok "Ctrl-Z under a wrapper shell stops the program"
else
	fail "Ctrl-Z under a wrapper shell: pid '$opid' did not stop" \
		"$(grep State "/proc/$opid/status" 2>/dev/null)"
fi
tm kill-window -t "$W"
if [ -n "$opid" ] && wait_gone "$opid"; then
	ok "Ctrl-Z, then the window closes: the program ends, nothing left stopped"
else
	fail "pid '$opid' still there after its window closed" \
		"$(grep State "/proc/$opid/status" 2>/dev/null)"
	[ -n "$opid" ] && kill -KILL "$opid" 2>/dev/null
fi

# --- colour, NO_COLOR, ASCII ------------------------------------------------
esc=$(printf '\033')
colour_sgr="${esc}\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
start colour
run "$K --paused"
wait_pane "$HEAD"
if pane -e | grep -Eq "$colour_sgr"; then have_colour=1; else have_colour=0; fi
keys q
start nocolour
run "NO_COLOR=1 $K --paused"
wait_pane "$HEAD"
if [ "$have_colour" = 1 ] && ! pane -e | grep -Eq "$colour_sgr"; then
	ok "NO_COLOR=1: no colour in the pane (and there is colour without it)"
else
	fail "NO_COLOR (colour without it: $have_colour)" "$(pane -e | grep -E "$colour_sgr" | head -n 3 | od -c | head -n 5)"
fi
keys q

start ascii
run "LANG=C LC_ALL=C $K --paused"
wait_pane "$HEAD"
if pane | LC_ALL=C grep -q '[^ -~]'; then
	fail "LANG=C: non-ASCII bytes in the pane" "$(pane | LC_ALL=C grep '[^ -~]' | head -n 3)"
else
	ok "LANG=C: ASCII only"
fi
keys q

# --- text from data files is escaped: an ESC in a step cannot reach the tty -
if [ -n "${KITCHEN_TUI_DATA:-}" ]; then
	mkdir "$tmpd/evil"
	cp "$KITCHEN_TUI_DATA"/*.recipe "$KITCHEN_TUI_DATA"/*.menu "$tmpd/evil/"
	rm -f "$tmpd/evil/beans.recipe"         # read-only under distcheck
	printf 'recipe beans "Beans"\n\nstep "Pierce \033[2J\033[31m the bag"  work 1m\nstep "Microwave the bag"  use microwave 5m\n' \
		>"$tmpd/evil/beans.recipe"
	start evil
	tm resize-window -t "$W" -x 160 -y 60
	run "NO_COLOR=1 $K --data-dir=$tmpd/evil --paused"
	if wait_pane 'Pierce \\x1b\[2J\\x1b\[31m the bag' &&
	   ! pane -e | grep -Eq "$colour_sgr"; then
		ok "an escape sequence in a recipe file is shown as \\x1b, never sent"
	else
		fail "escaped data" "$(pane | grep Pierce)"
	fi
	keys q
fi

# --- TERM unset, and --exit-after ------------------------------------------
start noterm
run "env -u TERM $K >$tmpd/n.out 2>$tmpd/n.err; echo \$? >$tmpd/n.rc"
if wait_file "$tmpd/n.rc" && [ "$(cat "$tmpd/n.rc")" = 2 ] && [ ! -s "$tmpd/n.out" ] &&
   grep -q -- '--batch' "$tmpd/n.err"; then
	ok "TERM unset: a message suggesting --batch, exit 2, nothing on stdout"
else
	fail "TERM unset: rc=$(cat "$tmpd/n.rc" 2>/dev/null)" "$(cat "$tmpd/n.err" 2>/dev/null)"
fi

start exitafter
run "$K --speed=2000 --exit-after=10m; echo rc=\$? >$tmpd/e.rc"
if wait_file "$tmpd/e.rc" && [ "$(cat "$tmpd/e.rc")" = rc=0 ]; then
	ok "--exit-after=10m quits by itself with exit 0"
else
	fail "--exit-after: $(cat "$tmpd/e.rc" 2>/dev/null)" "$(pane)"
fi

# --- B: the bench runs in a child; the screen stays alive; q reaps it ------
start bench
run "KITCHEN_TUI_BENCH_ENGINE=no $K --paused; echo \$? >$tmpd/b.rc"
wait_pane "$HEAD" >/dev/null
keys B
if wait_pane 'running the bench'; then
	keys Escape
	if wait_pane "$HEAD"; then
		ok "B: the bench runs while the screen stays alive (Esc goes back)"
	else
		fail "B: the screen did not come back while the bench ran" "$(pane)"
	fi
	if wait_pane 'the bench is done' 120; then
		keys B
		if wait_pane 'Memory per task' && wait_pane 'CPU time per wait'; then
			ok "B: the bars show memory per task and CPU per wait"
		else
			fail "B: no bars" "$(pane)"
		fi
	else
		fail "B: the bench did not finish" "$(pane)"
	fi
else
	fail "B: no 'running the bench'" "$(pane)"
fi
keys q
wait_file "$tmpd/b.rc" >/dev/null
# Now B, then q while the bench's processes are alive: every process below
# kitchen-tui at that moment must be gone afterwards.  The bench alone may
# end before a slow test looks, so KITCHEN_TUI_TEST_HOLD=protothreads
# (test-only, see kitchen-tui(1)) makes the measuring process of the first
# model wait, once its tasks are alive, until it is told to stop: the bench
# child and that process stay alive.
run "KITCHEN_TUI_BENCH_ENGINE=no KITCHEN_TUI_TEST_HOLD=protothreads $K --paused & echo \$! >$tmpd/b2.pid; fg; echo \$? >$tmpd/b2.rc"
wait_pane "$HEAD" >/dev/null
wait_file "$tmpd/b2.pid"
b2pid=$(cat "$tmpd/b2.pid")
keys B
wait_pane 'running the bench' >/dev/null
two_below() { descendants "$b2pid" >"$tmpd/below"; [ "$(wc -l <"$tmpd/below")" -ge 2 ]; }
wait_until two_below
keys q
if wait_file "$tmpd/b2.rc" && [ "$(cat "$tmpd/b2.rc")" = 0 ]; then
	left=0
	while read -r p; do
		# a zombie still in the table is not "alive", but there should be none
		kill -0 "$p" 2>/dev/null && left=$((left + 1))
	done <"$tmpd/below"
	if [ ! -s "$tmpd/below" ]; then
		fail "B then q: no process of the bench found below kitchen-tui"
	elif [ "$left" = 0 ]; then
		ok "B then q: exit 0, the bench and its $(wc -l <"$tmpd/below") processes reaped"
	else
		fail "B then q: $left of $(wc -l <"$tmpd/below") processes left behind"
	fi
else
	fail "B then q: rc=$(cat "$tmpd/b2.rc" 2>/dev/null)" "$(pane)"
fi

finish
