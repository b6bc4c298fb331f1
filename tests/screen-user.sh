#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-user.sh - the screen as a new user meets it, black box through the
# real binary in tmux (its own server socket): the user's own recipes and
# live editing, keys and their ranges, help, monochrome marks, small
# terminals, the log of n, lane labels, the m cycle, the bench's scale, and
# the signals that must put the terminal back.  Every wait is for a
# condition on the pane or a file, never a fixed sleep.  Exit 77 (SKIP)
# when tmux is missing.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
if [ ! -x "$KT_BIN" ]; then
	echo "FAIL: $KT_BIN is not built"
	exit 1
fi
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
tmux_own user
tmpd=$kt_tmp
# The user's own directory, empty unless a test fills it.
XDG_DATA_HOME=$tmpd/xdg
export XDG_DATA_HOME
own=$XDG_DATA_HOME/kitchen-tui
mkdir -p "$own"


cat >"$tmpd/shell.sh" <<'SH'
#!/bin/sh
unset ENV
PS1='ktsh$ '
export PS1
exec /bin/sh -i
SH
chmod +x "$tmpd/shell.sh"
tm new-session -d -s kt -n idle -x 80 -y 24 "$tmpd/shell.sh" || {
	echo "FAIL: tmux cannot start a session"; exit 1; }

# Generous: a loaded machine may take seconds to draw.
T=25
W=
start() {               # a fresh window NAME [COLS ROWS] with a shell in it
	W=kt:$1
	tm new-window -d -t kt -n "$1" "$tmpd/shell.sh"
	tm resize-window -t "$W" -x "${2:-80}" -y "${3:-24}" >/dev/null 2>&1
	wait_for 'ktsh\$' >/dev/null
}
run() { tm send-keys -t "$W" -l "$1"; tm send-keys -t "$W" Enter; }
keys() { tm send-keys -t "$W" "$@"; }
pane() { tm capture-pane -p -t "$W" "$@"; }
# Poll the pane for a pattern (grep -E) for up to $2 seconds (default $T).
wait_for() {
	n=$(( ${2:-$T} * 20 ))
	while [ "$n" -gt 0 ]; do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
# The same until the pattern is gone.
wait_gone() {
	n=$(( ${2:-$T} * 20 ))
	while [ "$n" -gt 0 ]; do
		pane | grep -Eq -- "$1" || return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
wait_file() {
	n=$(( ${2:-$T} * 20 ))
	while [ "$n" -gt 0 ]; do
		[ -s "$1" ] && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
events() { pane | sed -n 's/.* event \([0-9][0-9]*\).*/\1/p' | head -n 1; }
total() { pane | sed -n 's/^ *[0-9]*:[0-9]* of \([0-9]*:[0-9]*\) .*/\1/p' | head -n 1; }
HEAD='(running|PAUSED|done) +event [0-9]+'
K=\"$KT_BIN\"
# The program quits; wait for the shell.
quit() { keys q; wait_for 'ktsh\$' >/dev/null; }

# --- the user's own recipes: a menu of its own and a shipped recipe -------
cp "$KITCHEN_TUI_DATA/rice.recipe" "$own/my-rice.recipe"
sed -i 's/^recipe rice /recipe my-rice /' "$own/my-rice.recipe"
printf 'menu mine "My own dinner"\nrecipe salmon\nrecipe my-rice\n' >"$own/mine.menu"

start live 200 50
run "$K --speed=100000 mine"
if wait_for 'kitchen-tui +mine' && wait_for ' done ' &&
   wait_for 'salmon' 1 && wait_for 'my-rice' 1; then
	ok "a menu of the user's own names a shipped recipe and one of its own"
else
	fail "the user's own menu" "$(pane)"
fi
before=$(total)
# Live editing: the rice now rests 30 minutes longer; the dinner is
# cooked again and its total changes.
sed -i 's/wait 5m/wait 35m/' "$own/my-rice.recipe"
if wait_for 'my-rice.recipe changed: the dinner is cooked again' &&
   wait_for ' done ' && [ "$(total)" != "$before" ]; then
	ok "saving a recipe cooks the dinner again (total $before -> $(total))"
else
	fail "live edit: total $before -> $(total)" "$(pane)"
fi
good=$(total)
# A file that no longer parses: the last good dinner stays, the error is
# in the log with file:line:col:.
printf 'step "Stir" stir 1m\n' >>"$own/my-rice.recipe"
if wait_for 'my-rice.recipe: edit not taken, the last good dinner stays' &&
   wait_for 'my-rice\.recipe:[0-9]+:[0-9]+: unknown' 5 &&
   [ "$(total)" = "$good" ]; then
	ok "a broken edit keeps the last good dinner and logs file:line:col:"
else
	fail "broken edit" "$(pane)"
fi
sed -i '$d' "$own/my-rice.recipe"
printf 'menu mine "My own dinner"\nrecipe salmon\nrecipe my-rice\nrecipe beans\n' >"$own/mine.menu"
if wait_for 'mine.menu changed' && wait_for 'beans' 5; then
	ok "an edit of the menu file itself (a recipe added) is taken too"
else
	fail "menu edit" "$(pane)"
fi
quit

# --- [ and ] reach every value --cooks accepts (1 to 16) -----------------
start cooks
run "$K --paused --model=processes stir-fry"
wait_for "$HEAD" >/dev/null
i=0; while [ $i -lt 20 ]; do keys ']'; i=$((i + 1)); done
if wait_for '16 cooks' && wait_for 'cooks: 16 is the most'; then
	ok "] goes up to 16 cooks, as --cooks and a menu allow"
else
	fail "] to 16" "$(pane)"
fi
i=0; while [ $i -lt 20 ]; do keys '['; i=$((i + 1)); done
if wait_for ' 1 cook ' && wait_for 'cooks: 1 is the fewest'; then
	ok "[ goes down to 1 cook"
else
	fail "[ to 1" "$(pane)"
fi
quit
start cooks16
run "$K --paused --cooks=16 --model=processes"
if wait_for '16 cooks' && keys '[' && wait_for '15 cooks'; then
	ok "--cooks=16 is taken and [ steps down from it"
else
	fail "--cooks=16" "$(pane)"
fi
quit

# --- + and - work from any --speed ----------------------------------------
start slow
run "$K --paused --speed=0.01"
wait_for 'x0.01 ' >/dev/null
keys +
if wait_for 'x0.02 '; then ok "+ works from --speed=0.01"; else fail "+ from 0.01" "$(pane | head -3)"; fi
keys - -
if wait_for 'x0.01 ' && wait_for 'speed stays x0.01'; then
	ok "- stops at 0.01, the least --speed takes"
else
	fail "- at 0.01" "$(pane)"
fi
quit
start fast
run "$K --paused --speed=70000"
wait_for 'x70000 ' >/dev/null
keys +
if wait_for 'x100000 '; then ok "+ from --speed=70000 stops at 100000"; else fail "+ from 70000" "$(pane | head -3)"; fi
keys - 
if wait_for 'x50000 '; then ok "- works from 100000"; else fail "- from 100000" "$(pane | head -3)"; fi
quit

# --- help: any key only goes back; F1 help, F10 quits, arrows step --------
start help
run "$K --paused; echo \$? >$tmpd/f10.rc"
wait_for "$HEAD" >/dev/null
keys F1
if wait_for 'kitchen-tui help' && wait_for 'oven lock' 1 && wait_for 'counter' 1 &&
   wait_for 'GIL' 1 && wait_for 'oven 2' 1 && wait_for 'F10' 1 && wait_for 'Q' 1; then
	ok "F1 opens help, which explains every lane and key"
else
	fail "F1 help" "$(pane)"
fi
keys n
if wait_for "$HEAD" && [ "$(events)" = 0 ]; then
	ok "n in help only goes back: no event stepped"
else
	fail "n from help stepped: event $(events)" "$(pane | head -3)"
fi
keys '?'
wait_for 'kitchen-tui help' >/dev/null
keys 2
if wait_for "$HEAD" && pane | head -1 | grep -q 'coroutines'; then
	ok "2 in help only goes back: the model stays"
else
	fail "2 from help switched the model" "$(pane | head -2)"
fi
keys Right
if wait_for ' event 1 '; then ok "Right steps one event forward"; else fail "Right" "$(pane | head -3)"; fi
keys Left
if wait_for ' event 0 ' && wait_for 'back to event 0'; then
	ok "Left steps one event back"
else
	fail "Left" "$(pane | head -3)"
fi
keys F10
if wait_file "$tmpd/f10.rc" && [ "$(cat "$tmpd/f10.rc")" = 0 ]; then
	ok "F10 quits with status 0"
else
	fail "F10: rc=$(cat "$tmpd/f10.rc" 2>/dev/null)"
fi
start bigq
run "$K --paused; echo \$? >$tmpd/Q.rc"
wait_for "$HEAD" >/dev/null
keys Q
if wait_file "$tmpd/Q.rc" && [ "$(cat "$tmpd/Q.rc")" = 0 ]; then
	ok "Q quits too (documented: caps lock on)"
else
	fail "Q: rc=$(cat "$tmpd/Q.rc" 2>/dev/null)"
fi

# --- n says what happened, naming the cook ----------------------------------
start nlog 200 40
run "$K --paused --model=processes stir-fry"
wait_for "$HEAD" >/dev/null
keys n
if wait_for 'n: event 1 at 00:00: cook 1 [a-z ]+ stir-veg'; then
	ok "n logs what the event did and names the cook"
else
	fail "n log" "$(pane)"
fi
keys n n n
if wait_for 'n: event 4 at' && pane | grep -q 'cook 2'; then
	ok "with two cooks the log names cook 2 as well"
else
	fail "n log, cook 2" "$(pane)"
fi
quit

# --- monochrome: recipes told apart by their marks on every lane ------------
for how in "NO_COLOR=1" "TERM=xterm-mono"; do
	start "mono${how%%=*}"
	run "$how $K --speed=100000 --model=threads stir-fry"
	if wait_for ' done ' && wait_for 'vstir-veg +cstir-chicken +sstir-sauce' 2; then
		ok "$how: the legend gives each recipe its own mark (v, c, s)"
	else
		fail "$how: legend marks" "$(pane)"
	fi
	gil=$(pane | sed -n 's/^GIL *//p')
	case $gil in
	*v*c*|*c*v*) ok "$how: the GIL lane shows distinct marks, not stir-fry's s for all" ;;
	*) fail "$how: GIL lane '$gil'" "$(pane)" ;;
	esac
	if pane | grep '^cook 1' | grep -q '[vcs]'; then
		ok "$how: a cook lane shows the recipes' marks"
	else
		fail "$how: cook lane has no marks" "$(pane)"
	fi
	quit
done

# --- the screen's legend has the batch legend's glyphs ----------------------
start legend
run "$K --paused"
wait_for "$HEAD" >/dev/null
for k in work wait heat use switch start blocked; do
	# The glyph's bytes (UTF-8: three) before the kind's name.
	s=$(pane | LC_ALL=C grep -o "[^ ]*$k" | head -n 1 | LC_ALL=C sed "s/$k\$//")
	b=$("$KT_BIN" --batch | LC_ALL=C grep -o "[^ ]* $k" | head -n 1 | LC_ALL=C sed "s/ $k\$//")
	if [ -n "$s" ] && [ "$s" = "$b" ]; then
		ok "legend: $k is '$s' on the screen and in --batch"
	else
		fail "legend: $k is '$s' on the screen, '$b' in --batch"
	fi
done
quit

# --- 40x12 still shows lanes; smaller, the message fits ---------------------
start small 40 12
run "$K --paused"
if wait_for "$HEAD" && wait_for '^cook 1' 1 && wait_for '^oven' 1; then
	ok "at 40x12 the lanes still show"
else
	fail "40x12" "$(pane)"
fi
tm resize-window -t "$W" -x 16 -y 6 >/dev/null 2>&1
if wait_for 'too small' && wait_for 'need 40x12' 1; then
	ok "below the minimum the message fits 16 columns"
else
	fail "16x6" "$(pane)"
fi
quit

# --- lane labels are not cut from 80 columns on -----------------------------
for cols in 80 120; do
	start "labels$cols" "$cols" 30
	run "$K --speed=100000 --model=processes stir-fry"
	if wait_for ' done ' && wait_for '^stir-chicken: counter' 2; then
		ok "at $cols columns a lane label reads whole (stir-chicken: counter)"
	else
		fail "labels at $cols" "$(pane)"
	fi
	quit
done

# --- m cycles through every menu, the user's own and one given by path -----
printf 'menu by-path "Given by its path"\nrecipe beans\n' >"$tmpd/by-path.menu"
start cycle 100 30
run "$K --paused $tmpd/by-path.menu"
wait_for 'kitchen-tui +by-path' >/dev/null
seen=
i=0
# Two rounds of the menus on the path (shipped, the user's own, by-path):
# the second holds the order the check looks for, whatever the first saw.
nm=$(( 2 * ($(ls "${KITCHEN_TUI_DATA:-${KT_SRCDIR:-.}/data}"/*.menu | wc -l) + 2) ))
header_menu() { pane | head -1 | awk '{ print $2 }'; }
header_menu_is_not() { kt_h=$(header_menu); [ -n "$kt_h" ] && [ "$kt_h" != "$1" ]; }
name=$(header_menu)
while [ $i -lt $nm ]; do
	keys m
	i=$((i + 1))
	# The next menu is on screen once the header names another one.
	wait_until header_menu_is_not "$name"
	name=$(header_menu)
	seen="$seen $name"
done
case $seen in
*chicken-dinner*mine*salmon-dinner*stir-fry*by-path*)
	ok "m goes through every menu on the search path and back to the one given by path:$seen" ;;
*) fail "m cycle:$seen" ;;
esac
quit

# --- the bench's bars show their scale ---------------------------------------
start bench
run "KITCHEN_TUI_BENCH_ENGINE=no $K --paused"
wait_for "$HEAD" >/dev/null
keys B
if wait_for 'log10 scale:' 60 && wait_for 'each tick x10' 1 && wait_for '[0-9]+ (B|kB|ns|us)' 1; then
	ok "the bench view draws a log10 axis with units under its bars"
else
	fail "bench axis" "$(pane)"
fi
quit

# --- SIGQUIT (Ctrl-\) and SIGPIPE restore the terminal ----------------------
sig_restores() {        # NAME HOW
	start "sig$1"
	run "stty -a >$tmpd/$1.before; sh -c 'echo \$\$ >$tmpd/$1.pid; exec $K'; echo \$? >$tmpd/$1.rc; stty -a >$tmpd/$1.after"
	wait_for "$HEAD" >/dev/null
	wait_file "$tmpd/$1.pid" >/dev/null
	case $2 in
	key) keys 'C-\' ;;
	*) kill -"$2" "$(cat "$tmpd/$1.pid")" ;;
	esac
	if wait_file "$tmpd/$1.after" && cmp -s "$tmpd/$1.before" "$tmpd/$1.after" &&
	   [ "$(tm display-message -p -t "$W" '#{alternate_on}#{cursor_flag}')" = 01 ]; then
		ok "$1: stty -a as before, alternate screen off, cursor shown (rc $(cat "$tmpd/$1.rc"))"
	else
		fail "$1: rc=$(cat "$tmpd/$1.rc" 2>/dev/null) $(tm display-message -p -t "$W" 'alt=#{alternate_on} cursor=#{cursor_flag}')" \
		     "$(diff "$tmpd/$1.before" "$tmpd/$1.after" 2>&1)"
	fi
}
sig_restores ctrl-backslash key
sig_restores PIPE PIPE
sig_restores USR1 USR1
sig_restores ALRM ALRM

finish
