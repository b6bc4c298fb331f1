#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-lesson.sh - the shipped lesson on the screen: Page Down steps
# through every scene (past its stops), each scene's captions appear, and
# at the moment the engine says (the log's time of a caption equals the
# time the batch run gives for its event); Page Up steps back through
# every scene, Home goes to the first, a key off the script and '.' back.
# The cast of the session has a marker at each scene and each stop.  Own
# tmux server; every wait polls for a condition with a generous timeout.
set -u
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
for tool in tmux python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		fail "$tool is needed (.ci/run installs it)"
		finish
	fi
done
lesson="$KITCHEN_TUI_DATA/cooking-with-concurrency.lesson"
tmux_own lesson
wait_until() {
	kt_n=$(( $1 * 10 )); shift
	while [ "$kt_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		kt_n=$((kt_n - 1))
	done
	return 1
}
# The pane, joined: a caption wrapped in the log reads as one line.
flat() { tm capture-pane -p -J -t kt:l | tr -s ' \n│' ' '; }
# The start of a caption: the log wraps it into its pane, the box shows
# it whole only until the next one, so its first words are what is sure
# to be on one line of the pane.
flat_has() { flat | grep -F -q -- "$(printf '%.40s' "$1")"; }
# Some caption of scene $cur is on the screen (the box keeps the newest
# one; a threads scene scrolls older ones out of the log at once).
scene_caption_shows() {
	grep "^\(caption\|stop\)	$cur	" "$kt_tmp/scenes" | cut -f4 >"$kt_tmp/cur"
	flat >"$kt_tmp/flat"
	while IFS= read -r c; do
		grep -F -q -- "$(printf '%.40s' "$c")" "$kt_tmp/flat" && return 0
	done <"$kt_tmp/cur"
	return 1
}
header_has() { tm capture-pane -p -t kt:l | head -1 | grep -q -- "$1"; }

# The scenes and their captions, read from the lesson file.
python3 - "$lesson" >"$kt_tmp/scenes" <<'PY'
import shlex, sys
scene = 0
for line in open(sys.argv[1]):
    f = shlex.split(line, comments=True)
    if not f:
        continue
    if f[0] == "scene":
        scene += 1
        print("scene\t%d\t%s" % (scene, f[1]))
    elif f[0] in ("caption", "stop") and len(f) > 2:
        print("%s\t%d\t%s\t%s" % (f[0], scene, " ".join(f[1:-1]), f[-1]))
    elif f[0] == "paused":
        print("paused\t%d" % scene)
PY
n=$(grep -c '^scene' "$kt_tmp/scenes")
[ "$n" -ge 10 ] && ok "the lesson has $n scenes" || fail "the lesson has about 12 scenes, not $n"

tm new-session -d -s kt -n l -x 200 -y 60 "'$KT_BIN' \
	--lesson --speed=20000 --export=cast:$kt_tmp/l.cast; touch $kt_tmp/quit; sleep 600"
wait_until 30 header_has "scene 1/$n" && ok "the lesson starts at scene 1" ||
	fail "the lesson starts at scene 1" "$(tm capture-pane -p -t kt:l)"
flat_has "Scene 1 of $n:" && flat_has "Page Down starts it" &&
	ok "scene 1 starts paused with its title in the box" ||
	fail "scene 1 starts paused with its title" "$(flat)"
tm send-keys -t kt:l o      # the log, for the captions' times

i=1
while [ "$i" -le "$n" ]; do
	[ "$i" -gt 1 ] && tm send-keys -t kt:l NPage
	if ! wait_until 30 header_has "scene $i/$n"; then
		fail "Page Down reaches scene $i" "$(tm capture-pane -p -t kt:l | head -3)"
		i=$((i + 1)); continue
	fi
	grep "^paused	$i\$" "$kt_tmp/scenes" >/dev/null && tm send-keys -t kt:l NPage
	# Each stop holds the clock until Page Down; the scene's last
	# caption stays in the box.  (Every caption is checked in the
	# recording below: the log of a threads scene scrolls faster than
	# a pane can be read.)
	grep "^\(caption\|stop\)	$i	" "$kt_tmp/scenes" >"$kt_tmp/cues"
	last=$(tail -1 "$kt_tmp/cues" | cut -f4)
	all=1
	while IFS='	' read -r kind _ when text; do
		[ "$kind" = stop ] || [ "$text" = "$last" ] || continue
		if ! wait_until 30 flat_has "$text"; then
			all=0
			fail "scene $i: the caption $when appears" "$text"
			continue
		fi
		if [ "$kind" = stop ]; then
			# The clock stands at the stop: what the screen shows
			# now is the moment it came.
			tm capture-pane -p -J -t kt:l >"$kt_tmp/stop-$i.txt"
			tm send-keys -t kt:l NPage
		fi
	done <"$kt_tmp/cues"
	[ "$all" = 1 ] && ok "scene $i: its stops hold and its last caption shows"
	# The captions at an event: logged at the event's own time, which
	# the engine gives for the scene's settings.
	if [ "$i" = 1 ]; then
		tm capture-pane -p -J -t kt:l -S - >"$kt_tmp/s1.txt"
		"$KT_BIN" --batch --format=json -m sequential salmon-dinner >"$kt_tmp/s1.json"
		if python3 - "$kt_tmp/s1.json" "$kt_tmp/s1.txt" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
pane = re.sub(r"[ │]+", " ", open(sys.argv[2]).read())
def mmss(s):
    s = int(s)
    return "%02d:%02d" % (s // 60, s % 60)
def start(recipe, step):
    return min(x["start"] for x in d["spans"]
               if x["recipe"] == recipe and x["step"] == step)
want = {
    "The salmon bakes for 18 minutes": mmss(start("salmon", 4)),
    "Twenty minutes of simmering": mmss(start("rice", 4)),
    "Over an hour for nine": mmss(d["total_seconds"]),
    "One cook, three recipes": "00:00",
}
for text, t in want.items():
    if not re.search(re.escape(t) + r" " + re.escape(text), pane):
        sys.exit("%r not logged at %s" % (text, t))
PY
		then
			ok "scene 1: each caption is logged at its moment (the engine's times)"
		else
			fail "scene 1: captions at their moments" "$(grep -E '[0-9]+:[0-9]+ ' "$kt_tmp/s1.txt" | tail -12)"
		fi
	fi
	if [ "$i" = 4 ]; then
		# A stop holds the clock at its event: the salmon's step 2.
		"$KT_BIN" --batch --format=json -m threads salmon-dinner >"$kt_tmp/s4.json"
		t=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=int(min(x["start"] for x in d["spans"] if x["recipe"]=="salmon" and x["step"]==2)); print("%02d:%02d" % (s//60, s%60))' "$kt_tmp/s4.json")
		grep -q "$t Watch the cook's lane" "$kt_tmp/stop-4.txt" &&
			head -1 "$kt_tmp/stop-4.txt" | grep -q " $t/" &&
			ok "scene 4: the stop came, and holds the clock, at the salmon's step 2 ($t)" ||
			fail "scene 4: the stop at $t" "$(head -1 "$kt_tmp/stop-4.txt"; grep -i "watch" "$kt_tmp/stop-4.txt")"
	fi
	i=$((i + 1))
done
tm send-keys -t kt:l NPage
wait_until 30 flat_has "the end of the lesson" && ok "Page Down after the last scene says it is the end" ||
	fail "the end of the lesson"

# Back through every scene with Page Up; each shows one of its captions.
i=$((n - 1))
while [ "$i" -ge 1 ]; do
	tm send-keys -t kt:l PPage
	title=$(grep "^scene	$i	" "$kt_tmp/scenes" | cut -f3)
	cur=$i
	if wait_until 30 header_has "scene $i/$n" &&
	   { grep -q "^paused	$i\$" "$kt_tmp/scenes" && wait_until 30 flat_has "$title" ||
	     wait_until 30 scene_caption_shows; }; then
		ok "Page Up reaches scene $i with its caption"
	else
		fail "Page Up reaches scene $i" "$(tm capture-pane -p -t kt:l | head -2)"
	fi
	i=$((i - 1))
done

# Off the script and back: a model key, then '.'.
tm send-keys -t kt:l NPage NPage
wait_until 30 header_has "scene 2/$n" || fail "back to scene 2"
wait_until 30 header_has "coroutines" || fail "scene 2 is coroutines"
tm send-keys -t kt:l 4
wait_until 30 header_has "threads" && flat_has "Off the script" &&
	ok "a model key works and takes the lesson off the script" ||
	fail "off the script" "$(tm capture-pane -p -t kt:l | head -1)"
tm send-keys -t kt:l .
wait_until 30 header_has "coroutines" && wait_until 30 flat_has "Scene 2 of $n" &&
	ok "'.' puts the scene back as written" || fail "'.' returns to the script"
tm send-keys -t kt:l Right
wait_until 30 header_has "scene 3/$n" && ok "Right goes on too" || fail "Right goes on"
tm send-keys -t kt:l Left
wait_until 30 header_has "scene 2/$n" && ok "Left goes back" || fail "Left goes back"
tm send-keys -t kt:l End Home
wait_until 30 header_has "scene 1/$n" && ok "Home goes to the first scene" || fail "Home"
tm send-keys -t kt:l q
wait_until 30 test -e "$kt_tmp/quit" && ok "q quits the lesson" || fail "q quits the lesson"

# At the deadlock: a lesson of one scene on a menu whose recipes take
# two things in opposite orders.  The deadlock cue fires, and the ruined
# cue does not (a deadlock's dishes are never served, not ruined).
cat >"$kt_tmp/dl.lesson" <<'L'
lesson dl "A deadlock"
scene "Opposite orders"
menu opposite
model coroutines
locks on
caption at 0s "Two recipes, two resources."
caption ruined "WRONG: nothing was ruined"
caption deadlock "There: each holds what the other waits for."
L
tm new-window -d -t kt -n dl "'$KT_BIN' --data-dir='${KT_SRCDIR:-.}/tests/deadlock' \
	--lesson='$kt_tmp/dl.lesson' --speed=20000; sleep 600"
tm_dl() { tm capture-pane -p -J -t kt:dl | tr -s ' \n│' ' ' | grep -F -q -- "$1"; }
if wait_until 30 tm_dl "There: each holds what the other waits for."; then
	ok "the deadlock cue fires at the deadlock"
else
	fail "the deadlock cue fires" "$(tm capture-pane -p -t kt:dl)"
fi
tm_dl "WRONG" && fail "a deadlock is not a ruined dish" || ok "a deadlock is not a ruined dish"
tm send-keys -t kt:dl q

if python3 - "$kt_tmp/l.cast" "$n" "$kt_tmp/scenes" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert json.loads(lines[0])["version"] == 2
marks = [json.loads(l)[2] for l in lines[1:] if json.loads(l)[1] == "m"]
n = int(sys.argv[2])
for i in range(1, n + 1):
    assert any(m.startswith("scene %d: " % i) for m in marks), (i, marks)
assert marks.count("stop") >= 2, marks
# Every caption of every scene, in the order of the file, within the
# scene's stretch of the recording (the first pass through the lesson).
cues = [l.rstrip("\n").split("\t") for l in open(sys.argv[3])]
pos = 0
for c in cues:
    if c[0] == "scene":
        pos = marks.index("scene %s: %s" % (c[1], c[2]), pos)
    elif c[0] in ("caption", "stop"):
        want = "caption: " + c[3]
        nxt = [i for i, m in enumerate(marks) if i > pos and m.startswith("scene ")]
        end = nxt[0] if nxt else len(marks)
        assert want in marks[pos:end], (c, marks[pos:end])
        pos = marks.index(want, pos)
PY
then
	ok "the cast has a marker at each scene, each stop and each caption, in order"
else
	fail "the cast's markers"
fi
finish
