#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-projector.sh - the projector layout (--projector, key p) at 80x24
# and at 200x60: tall lanes with the recipe's name under the fill, the
# caption in a box, no dim text, monochrome readable, o brings the code
# and the log back, p goes back to the normal view.  Own tmux server;
# every wait polls for a condition.
set -u
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
if ! command -v tmux >/dev/null 2>&1; then
	fail "tmux is needed (.ci/run installs it)"
	finish
fi
tmux_own projector
# Start WINDOW COLSxLINES ENV ARGS...: the program in its own window.
start() {
	kt_w=$1 kt_x=$2 kt_y=$3 kt_env=$4
	shift 4
	tm new-window -d -t kt -n "$kt_w" "env TERM=xterm-256color $kt_env '$KT_BIN' $*; sleep 600"
	tm resize-window -t "kt:$kt_w" -x "$kt_x" -y "$kt_y" >/dev/null 2>&1
}
tm new-session -d -s kt -n idle -x 200 -y 60 "sleep 600"

for size in 80x24 200x60; do
	cols=${size%x*} lines=${size#*x}
	w=p$cols
	# Paused after the dinner is done: the picture no longer moves.
	start $w "$cols" "$lines" "" --projector --speed=5000 --exit-after=9h salmon-dinner
	if wait_until -t 30 pane_has kt:$w "dinner is served"; then
		ok "$size: the projector layout cooks the dinner"
	else
		fail "$size: the projector layout cooks the dinner" "$(tm capture-pane -p -t kt:$w)"
	fi
	tm capture-pane -p -t kt:$w >"$kt_tmp/$w.txt"
	tm capture-pane -p -e -t kt:$w >"$kt_tmp/$w.esc"
	[ "$(tm display -p -t kt:$w '#{window_width}x#{window_height}')" = "$size" ] &&
		ok "$size: the pane is $size" || fail "$size: the pane is $size"
	# Two rows per lane: the oven's fill, then the recipe's name under it.
	if grep -A1 '^oven ' "$kt_tmp/$w.txt" | tail -1 | grep -q '^ *salmon'; then
		ok "$size: lanes are two rows tall, the recipe named under its fill"
	else
		fail "$size: lanes are two rows tall" "$(cat "$kt_tmp/$w.txt")"
	fi
	grep -q '^┌─*┐$' "$kt_tmp/$w.txt" && grep -q '^└─*┘$' "$kt_tmp/$w.txt" &&
		ok "$size: the caption box spans the screen" ||
		fail "$size: the caption box" "$(cat "$kt_tmp/$w.txt")"
	grep -q '^│ [0-9][0-9]*:[0-9][0-9]  dinner is served' "$kt_tmp/$w.txt" &&
		ok "$size: the box holds the caption (the newest event)" ||
		fail "$size: the box holds the caption" "$(grep '^│' "$kt_tmp/$w.txt" | head -3)"
	tail -1 "$kt_tmp/$w.txt" | grep -q '^p normal' &&
		ok "$size: the keys on the last row" || fail "$size: the keys on the last row"
	[ "$(wc -l <"$kt_tmp/$w.txt")" -le "$lines" ] && ok "$size: nothing past the screen" ||
		fail "$size: nothing past the screen"
	# No dim text anywhere: SGR 2 never appears in the pane.
	if grep -q "$(printf '\033')\[\([0-9;]*;\)*2[;m]" "$kt_tmp/$w.esc"; then
		fail "$size: no dim text" "$(grep -c "$(printf '\033')\[2m" "$kt_tmp/$w.esc")"
	else
		ok "$size: no dim text"
	fi
	grep -q "Python:" "$kt_tmp/$w.txt" && fail "$size: the code pane is hidden" ||
		ok "$size: the code pane is hidden"
	tm send-keys -t kt:$w o
	if wait_until -t 30 pane_has kt:$w "What happens" && pane_has kt:$w "Python: "; then
		ok "$size: o brings the code pane and the log back"
	else
		fail "$size: o brings the code pane and the log back" "$(tm capture-pane -p -t kt:$w)"
	fi
	tm capture-pane -p -t kt:$w >"$kt_tmp/$w-o.txt"
	grep -q '^└─*┘$' "$kt_tmp/$w-o.txt" && ok "$size: with o the caption box stays" ||
		fail "$size: with o the caption box stays"
	tm send-keys -t kt:$w p
	if wait_until -t 30 pane_has kt:$w "^1-5 model"; then
		ok "$size: p goes back to the normal view"
	else
		fail "$size: p goes back to the normal view" "$(tm capture-pane -p -t kt:$w)"
	fi
	tm send-keys -t kt:$w p
	wait_until -t 30 pane_has kt:$w "^p normal" && ok "$size: p switches to the projector" ||
		fail "$size: p switches to the projector"
	tm send-keys -t kt:$w q
done

# Monochrome: no colour at all, and the recipes still read by name.
start mono 80 24 NO_COLOR=1 --projector --speed=5000 --exit-after=9h chicken-dinner
wait_until -t 30 pane_has kt:mono "/[0-9:]*  done" || fail "monochrome: the dinner"
tm capture-pane -p -e -t kt:mono >"$kt_tmp/mono.esc"
tm capture-pane -p -t kt:mono >"$kt_tmp/mono.txt"
if grep -q "$(printf '\033')\[\([0-9;]*;\)*\(3[0-7]\|4[0-7]\|38\|48\)[;m]" "$kt_tmp/mono.esc"; then
	fail "monochrome: no colour escapes"
else
	ok "monochrome: no colour escapes"
fi
grep -q '^ *chicken' "$kt_tmp/mono.txt" && grep -q 'salmon' "$kt_tmp/mono.txt" &&
	ok "monochrome: recipes read by name in the lanes" ||
	fail "monochrome: recipes read by name" "$(cat "$kt_tmp/mono.txt")"
tm send-keys -t kt:mono q
finish
