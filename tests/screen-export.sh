#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-export.sh - --export on the screen: an asciicast of the session
# whose last frame, replayed by `asciinema cat` in a pane of the same
# size, equals what the screen showed; markers at each dinner and pause;
# the SVG and trace of what was cooked.  Own tmux server; every wait polls
# for a condition with a generous timeout.
set -u
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
for tool in tmux asciinema xmllint python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		fail "$tool is needed (.ci/run installs it)"
		finish
	fi
done

tmux_own export

c="$kt_tmp/s.cast"
tm new-session -d -s kt -x 80 -y 24 "env TERM=xterm-256color '$KT_BIN' --speed=3000 --paused \
	--export=cast:$c --export=svg:$kt_tmp/s.svg --export=trace:$kt_tmp/s.json \
	chicken-dinner; touch $kt_tmp/quit; sleep 600"
wait_until -t 30 pane_has kt "PAUSED" || fail "the screen starts paused" "$(tm capture-pane -p -t kt)"
tm send-keys -t kt ' '
if wait_until -t 30 pane_has kt "dinner is served"; then
	ok "the screen cooks the dinner with exports on"
else
	fail "the screen cooks the dinner" "$(tm capture-pane -p -t kt)"
fi
tm send-keys -t kt 1
wait_until -t 30 pane_has kt "\[1\] sequential" && wait_until -t 60 pane_has kt "x3000  done" &&
	ok "a second dinner (sequential) is cooked" || fail "a second dinner" "$(tm capture-pane -p -t kt)"
tm capture-pane -p -t kt >"$kt_tmp/screen.txt"
tm send-keys -t kt q
wait_until -t 30 test -e "$kt_tmp/quit" && ok "q quits" || fail "q quits"
[ -s "$c" ] && ok "the cast is written" || fail "the cast is written"

if python3 - "$c" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
head = json.loads(lines[0])
assert head["version"] == 2 and head["width"] == 80 and head["height"] == 24, head
ev = [json.loads(l) for l in lines[1:]]
assert all(e[1] in ("o", "m") for e in ev), "only output and markers"
t = [e[0] for e in ev]
assert t == sorted(t), "times never go back"
marks = [e[2] for e in ev if e[1] == "m"]
assert marks[0] == "chicken-dinner: coroutines", marks
assert any(m.startswith("chicken-dinner: sequential") for m in marks), marks
assert "paused" in marks, marks
PY
then
	ok "asciicast v2 header, ordered events, markers at each dinner and the pause"
else
	fail "the cast's structure"
fi

# Replay it in a pane of the same size: the last frame is the screen.
tm new-window -d -t kt -n replay2 "TERM=xterm-256color asciinema cat '$c'; \
	echo \$? >$kt_tmp/cat.rc; sleep 600"
tm resize-window -t kt:replay2 -x 80 -y 24 >/dev/null 2>&1
if wait_until -t 30 test -s "$kt_tmp/cat.rc" && [ "$(cat "$kt_tmp/cat.rc")" = 0 ]; then
	ok "asciinema cat reads the cast"
else
	fail "asciinema cat reads the cast"
fi
tm capture-pane -p -t kt:replay2 >"$kt_tmp/replay.txt"
if cmp -s "$kt_tmp/screen.txt" "$kt_tmp/replay.txt"; then
	ok "the cast's last frame equals what the screen showed"
else
	fail "the cast's last frame equals the screen" \
	     "$(diff "$kt_tmp/screen.txt" "$kt_tmp/replay.txt" | head -10)"
fi

xmllint --noout "$kt_tmp/s.svg" 2>/dev/null && grep -q ">sequential: " "$kt_tmp/s.svg" &&
	ok "the SVG of the screen's dinner (sequential, the last one)" ||
	fail "the SVG of the screen's dinner"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); x=[e for e in d["traceEvents"] if e["ph"]=="X"]; assert len(x) > 5' \
	"$kt_tmp/s.json" && ok "the trace of the screen's dinner loads" ||
	fail "the trace of the screen's dinner loads"
ls -A "$kt_tmp" | grep -q '^\.' && fail "a temporary export file was left" ||
	ok "no temporary export file left"

# A recording of every model on every shipped menu: m goes round the
# menus, 1 to 5 the models; each dinner is a marker, and the last frame
# is still the screen.
menus=$(cd "$KITCHEN_TUI_DATA" && ls *.menu | sed 's/\.menu$//' | sort)
nmenus=$(echo "$menus" | wc -l)
c2="$kt_tmp/all.cast"
tm new-window -d -t kt -n all "env TERM=xterm-256color '$KT_BIN' --speed=20000 \
	--export=cast:$c2 $(echo "$menus" | head -1); touch $kt_tmp/all.quit; sleep 600"
menu_of() { tm capture-pane -p -t kt:all | head -1 | sed 's/^ kitchen-tui  \([^ ]*\) .*/\1/'; }
seen=
k=0
while [ "$k" -lt "$nmenus" ]; do
	[ "$k" -gt 0 ] && tm send-keys -t kt:all m
	k=$((k + 1))
	for mo in 1 2 3 4 5; do
		tm send-keys -t kt:all $mo
		wait_until -t 30 pane_has kt:all "\[$mo\] " && wait_until -t 60 pane_has kt:all "  done  " ||
			fail "menu $k, model $mo is cooked" "$(tm capture-pane -p -t kt:all | head -2)"
	done
	seen="$seen $(menu_of)"
done
tm capture-pane -p -t kt:all >"$kt_tmp/all-screen.txt"
tm send-keys -t kt:all q
wait_until -t 30 test -e "$kt_tmp/all.quit" || fail "q quits the recording of every menu"
if python3 - "$c2" $menus <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
marks = [json.loads(l)[2] for l in lines[1:] if json.loads(l)[1] == "m"]
for menu in sys.argv[2:]:
    for model in ("sequential", "callbacks", "coroutines", "threads", "processes"):
        assert any(m.startswith("%s: %s" % (menu, model)) for m in marks), (menu, model, marks)
PY
then
	ok "the cast has a marker for every model on every menu ($nmenus menus:$seen)"
else
	fail "the cast has every model on every menu"
fi
tm new-window -d -t kt -n replay3 "TERM=xterm-256color asciinema cat '$c2'; \
	echo \$? >$kt_tmp/cat3.rc; sleep 600"
wait_until -t 30 test -s "$kt_tmp/cat3.rc" || fail "asciinema cat reads the long cast"
tm capture-pane -p -t kt:replay3 >"$kt_tmp/all-replay.txt"
cmp -s "$kt_tmp/all-screen.txt" "$kt_tmp/all-replay.txt" &&
	ok "its last frame equals the screen too" ||
	fail "the long cast's last frame" "$(diff "$kt_tmp/all-screen.txt" "$kt_tmp/all-replay.txt" | head)"

# An export path that cannot be written: exit 2 before the screen starts.
tm new-window -d -t kt -n bad "'$KT_BIN' --export=cast:$kt_tmp/nodir/x.cast 2>$kt_tmp/bad.err; \
	echo \$? >$kt_tmp/bad.rc; sleep 600"
wait_until -t 30 test -s "$kt_tmp/bad.rc" && [ "$(cat "$kt_tmp/bad.rc")" = 2 ] &&
	ok "an unwritable cast path exits 2" || fail "an unwritable cast path exits 2"
grep -q "nodir/x.cast: " "$kt_tmp/bad.err" && ok "and names the path" ||
	fail "and names the path" "$(cat "$kt_tmp/bad.err")"
finish
